import { ReactNode } from 'react';
import type { HighlightedFragment } from '../../gql/graphql';

/**
 * A passage with its matched words in <mark>. Built from the API's plain `text` and `highlights` ranges as React text
 * nodes: nothing is ever inserted as HTML (the API's `html` field is escaped server-side, libs/search/src/highlight.ts,
 * but the app does not need it, so what a member wrote can never be interpreted here).
 */
export function Highlighted({ passage }: { passage: HighlightedFragment }) {
  const { text } = passage;
  const parts: ReactNode[] = [];
  let at = 0;
  const ranges = [...passage.highlights].sort((a, b) => a.start - b.start);
  for (const range of ranges) {
    if (range.start < at || range.start >= text.length) continue;
    const end = Math.min(text.length, range.start + range.length);
    if (range.start > at) parts.push(text.slice(at, range.start));
    parts.push(<mark key={range.start}>{text.slice(range.start, end)}</mark>);
    at = end;
  }
  if (at < text.length) parts.push(text.slice(at));
  return <>{parts}</>;
}
