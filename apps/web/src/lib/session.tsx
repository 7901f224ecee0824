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
