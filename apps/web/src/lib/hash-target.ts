import { useEffect } from 'react';
import { useLocation } from 'react-router';

/**
 * A link to `#<kind>-<id>` (a notification's: `#post-…` on the wall, `#document-…`, `#event-…`, `#homework-…` on their
 * screens) lands on that item once the screen has drawn it (`ready`): scrolled into view, focused (the item is
 * focusable, tabIndex -1, so the screen reader reads it) and highlighted (`link-target`, until it loses the focus).
 * An item the reader may no longer see (hidden, deleted) or not on the first page is not there: the screen stays at its top.
 */
export function useHashTarget(ready: boolean) {
  const { hash } = useLocation();
  useEffect(() => {
    if (!ready || hash.length < 2) return;
    const target = document.getElementById(decodeURIComponent(hash.slice(1)));
    if (!target || !target.hasAttribute('tabindex')) return;
    target.classList.add('link-target');
    target.scrollIntoView({ block: 'start' });
    target.focus({ preventScroll: true });
    target.addEventListener('blur', () => target.classList.remove('link-target'), { once: true });
  }, [ready, hash]);
}
