import { useSyncExternalStore } from 'react';

/**
 * Whether the hub answers: the Apollo links report each network failure and each answer; the shell shows a banner
 * while it is lost and refetches what is on screen when it comes back.
 */
type Listener = () => void;

let online = true;
const listeners = new Set<Listener>();
const recoveries = new Set<Listener>();

function set(next: boolean): void {
  if (next === online) return;
  online = next;
  for (const listener of listeners) listener();
  if (next) for (const recover of recoveries) recover();
}

export const connection = {
  lost(): void {
    set(false);
  },
  answered(): void {
    set(true);
  },
  isOnline(): boolean {
    return online;
  },
  subscribe(listener: Listener): () => void {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
  /** Called each time the connection comes back (refetch what may have changed meanwhile). */
  onRecovered(listener: Listener): () => void {
    recoveries.add(listener);
    return () => recoveries.delete(listener);
  },
};

export function useOnline(): boolean {
  return useSyncExternalStore(connection.subscribe, connection.isOnline);
}
