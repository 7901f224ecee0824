/**
 * Highlighted passages, made safe. PostgreSQL's ts_headline runs on plain text (never on stored HTML) and marks the
 * matched words with two control characters that the text itself cannot hold (the query strips them first). This
 * module turns that into plain text, the ranges of the matched words, and an HTML version where everything is
 * escaped and the only markup is <mark>: a client may show either without ever interpreting what a member wrote.
 */

export const HEADLINE_START = '\u0002';
export const HEADLINE_STOP = '\u0003';
export const MAX_EXCERPT_LENGTH = 300;
const ELLIPSIS = '…';

export interface MatchRange {
  /** Offset in the text, in UTF-16 code units (JavaScript string indices). */
  readonly start: number;
  readonly length: number;
}

export interface HighlightedPassage {
  readonly text: string;
  readonly highlights: readonly MatchRange[];
  /** The text with every character escaped for HTML, matched words inside <mark>…</mark>. */
  readonly html: string;
}

/**
 * Reads a ts_headline result: blanks collapse to one space, the text is cut (with "…") past `maxLength` code units
 * without splitting a character, unbalanced markers are ignored.
 */
export function parseHeadline(raw: string, maxLength: number = MAX_EXCERPT_LENGTH): HighlightedPassage {
  let text = '';
  const highlights: MatchRange[] = [];
  let open: number | null = null;
  let truncated = false;
  const close = () => {
    if (open !== null && text.length > open) highlights.push({ start: open, length: text.length - open });
    open = null;
  };
  for (const character of raw) {
    if (character === HEADLINE_START) {
      if (open === null) open = text.length;
      continue;
    }
    if (character === HEADLINE_STOP) {
      close();
      continue;
    }
    const isBlank = /\s/u.test(character);
    if (isBlank && (text === '' || text.endsWith(' '))) continue;
    const piece = isBlank ? ' ' : character;
    if (text.length + piece.length > maxLength) {
      truncated = true;
      break;
    }
    text += piece;
  }
  close();
  const trimmed = text.replace(/ +$/u, '');
  const kept = highlights
    .map((range) => ({ start: range.start, length: Math.min(range.length, trimmed.length - range.start) }))
    .filter((range) => range.length > 0);
  const final = truncated ? `${trimmed}${ELLIPSIS}` : trimmed;
  return { text: final, highlights: kept, html: toHtml(final, kept) };
}

/**
 * The marks of a headline computed on a same-length variant of `original` (a file name with its separators made
 * spaces, so that PostgreSQL sees its words), put back onto `original`. Without marks when the lengths differ.
 */
export function highlightOnto(original: string, headline: string, maxLength: number = MAX_EXCERPT_LENGTH): HighlightedPassage {
  const source = original.replace(/[\u0002\u0003]/g, '');
  let plain = '';
  const ranges: MatchRange[] = [];
  let open: number | null = null;
  for (const character of headline) {
    if (character === HEADLINE_START) open ??= plain.length;
    else if (character === HEADLINE_STOP) {
      if (open !== null && plain.length > open) ranges.push({ start: open, length: plain.length - open });
      open = null;
    } else plain += character;
  }
  if (plain.length !== source.length) return parseHeadline(source, maxLength);
  let marked = '';
  let at = 0;
  for (const range of ranges) {
    marked += `${source.slice(at, range.start)}${HEADLINE_START}${source.slice(range.start, range.start + range.length)}${HEADLINE_STOP}`;
    at = range.start + range.length;
  }
  return parseHeadline(marked + source.slice(at), maxLength);
}

/** The text escaped for HTML with <mark> around each range (ranges sorted, not overlapping). */
export function toHtml(text: string, ranges: readonly MatchRange[]): string {
  let html = '';
  let at = 0;
  for (const range of [...ranges].sort((a, b) => a.start - b.start)) {
    if (range.start < at) continue;
    html += escapeHtml(text.slice(at, range.start));
    html += `<mark>${escapeHtml(text.slice(range.start, range.start + range.length))}</mark>`;
    at = range.start + range.length;
  }
  return html + escapeHtml(text.slice(at));
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[character]!);
}
