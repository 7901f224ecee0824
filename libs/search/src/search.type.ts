import { Field, Float, GraphQLISODateTime, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { Connection, connectionType } from '@passerelle/graphql-kit';
import { Space } from '@passerelle/spaces';
import { SearchResultKind } from './search-request.js';

registerEnumType(SearchResultKind, {
  name: 'SearchResultKind',
  description: 'What a search result is.',
  valuesMap: {
    POST: { description: 'A message of a wall.' },
    COMMENT: { description: 'A comment on a message (postId says which).' },
    ANNOUNCEMENT: { description: 'An announcement (title and text).' },
    DOCUMENT: { description: 'A document of the space, found by its name.' },
    EVENT: { description: 'An agenda event (title and description).' },
    HOMEWORK: { description: 'A homework of the cahier de textes (title and instructions).' },
  },
});

@ObjectType('TextRange', { description: 'A range of a text, in UTF-16 code units (JavaScript string indices).' })
export class TextRange {
  @Field(() => Int)
  start: number;

  @Field(() => Int)
  length: number;
}

@ObjectType('HighlightedText', {
  description: 'A passage with the words that matched: plain text with their ranges, or the same as escaped HTML whose only tag is <mark>.',
})
export class HighlightedText {
  @Field({ description: 'Plain text (never HTML); long passages end with "…".' })
  text: string;

  @Field(() => [TextRange], { description: 'Where the matched words are in `text`.' })
  highlights: TextRange[];

  @Field({ description: '`text` escaped for HTML, each matched word inside <mark>…</mark>: safe to insert as HTML.' })
  html: string;
}

@ObjectType('SearchResult', { description: 'Something the caller may read that matches the search.' })
export class SearchResult {
  @Field(() => SearchResultKind)
  kind: SearchResultKind;

  @Field(() => ID, { description: 'The id of the post, comment, announcement, document, event or homework.' })
  id: string;

  @Field(() => Space, { description: 'The space it belongs to.' })
  space: Space;

  @Field(() => ID, { nullable: true, description: 'For a comment: its post.' })
  postId: string | null;

  @Field(() => HighlightedText, { nullable: true, description: 'Title (announcement, event, homework) or file name (document); null for posts and comments.' })
  title: HighlightedText | null;

  @Field(() => HighlightedText, { nullable: true, description: 'The passages of the text around the matched words; null when there is no text (documents).' })
  excerpt: HighlightedText | null;

  @Field(() => Float, { description: 'Relevance (ts_rank): results come best first, then newest first.' })
  rank: number;

  @Field(() => GraphQLISODateTime)
  createdAt: Date;
}

export const SearchResultConnection = connectionType(SearchResult);
export type SearchResultConnection = Connection<SearchResult>;
