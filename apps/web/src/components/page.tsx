import { ReactNode, useEffect, useRef } from 'react';

/**
 * Every screen is a Page: its <h1> (tabIndex -1) takes the focus after each navigation — not on the first load, where
 * focus stays at the top of the document — and the document title follows (« Titre — Passerelle »).
 */
let firstPage = true;

export function Page({ title, heading, children, className }: {
  /** The document title's first part. */
  title: string;
  /** The visible <h1>, when it differs from the title. */
  heading?: ReactNode;
  children?: ReactNode;
  className?: string;
}) {
  const h1 = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    document.title = `${title} — Passerelle`;
  }, [title]);
  useEffect(() => {
    if (firstPage) {
      firstPage = false;
      return;
    }
    h1.current?.focus();
  }, []);
  return (
    <div className={className ? `page ${className}` : 'page'}>
      <h1 ref={h1} tabIndex={-1}>{heading ?? title}</h1>
      {children}
    </div>
  );
}
