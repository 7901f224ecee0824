import { createContext, ReactNode, useCallback, useContext, useMemo, useRef, useState } from 'react';

/**
 * One polite live region for the whole app: live updates (a new notification, a new message) are read out by screen
 * readers without moving focus. `useAnnounce()(text)` replaces what it says; the same text twice is said twice.
 */
type Announce = (text: string) => void;

const AnnounceContext = createContext<Announce>(() => undefined);

export function LiveRegionProvider({ children }: { children: ReactNode }) {
  const [message, setMessage] = useState('');
  const toggle = useRef(false);
  const announce = useCallback<Announce>((text) => {
    // A non-breaking space alternated at the end makes a repeated message a new one for assistive technologies.
    toggle.current = !toggle.current;
    setMessage(toggle.current ? text : `${text}\u00a0`);
  }, []);
  const value = useMemo(() => announce, [announce]);
  return (
    <AnnounceContext.Provider value={value}>
      {children}
      <div className="visually-hidden" role="status" aria-live="polite" aria-atomic="true" data-testid="annonces">{message}</div>
    </AnnounceContext.Provider>
  );
}

export function useAnnounce(): Announce {
  return useContext(AnnounceContext);
}
