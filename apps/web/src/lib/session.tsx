import { createContext, useContext } from 'react';
import { Address, addressOf } from './address';

/** The signed-in person as the shell read it (`me`): every screen reads it through `useSession()`. */
export interface Session {
  readonly id: string;
  readonly displayName: string;
  readonly kind: string;
  readonly roles: readonly string[];
}

export const SessionContext = createContext<Session | null>(null);

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession() outside the signed-in shell');
  return session;
}

/** « tu » for a pupil, « vous » for an adult (and before the session is known). */
export function useAddress(): Address {
  return addressOf(useContext(SessionContext)?.roles);
}

export function isTeacher(session: Session): boolean {
  return session.roles.includes('TEACHER');
}

/** Teachers and directors of the home ENT create spaces for their school; guests (the partner's teachers) do not. */
export function mayCreateSpaces(session: Session): boolean {
  return session.kind === 'PERSON' && (session.roles.includes('TEACHER') || session.roles.includes('DIRECTOR'));
}
