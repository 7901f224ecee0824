import { toSpace } from '@passerelle/spaces';
import type { HighlightedPassage } from './highlight.js';
import type { SearchHit } from './search.service.js';
import { HighlightedText, SearchResult } from './search.type.js';

/* What the API shows of a hit: every exposed field is listed here. */
export function toSearchResult(hit: SearchHit): SearchResult {
  return {
    kind: hit.kind,
    id: hit.id,
    space: toSpace(hit.granted),
    postId: hit.postId,
    title: hit.title && toHighlightedText(hit.title),
    excerpt: hit.excerpt && toHighlightedText(hit.excerpt),
    rank: hit.rank,
    createdAt: hit.createdAt,
  };
}

function toHighlightedText(passage: HighlightedPassage): HighlightedText {
  return { text: passage.text, html: passage.html, highlights: passage.highlights.map((range) => ({ start: range.start, length: range.length })) };
}
