import { ArgsType, Field, ID, Int } from '@nestjs/graphql';
import { IsArray, IsInt, IsOptional, IsString } from 'class-validator';
import { MAX_QUERY_CHARACTERS, MAX_SEARCH_PAGE, SearchResultKind } from './search-request.js';

const NOT_TEXT = 'La recherche doit être un texte.';

/** The arguments of `search`; the rules (lengths, page size, cursor) are checked by parseSearchRequest with French messages. */
@ArgsType()
export class SearchArgs {
  @Field({ description: `Words to find (2 to ${MAX_QUERY_CHARACTERS} characters), accents optional; "a phrase", or, -word are understood.` })
  @IsString({ message: NOT_TEXT })
  query: string;

  @Field(() => ID, { nullable: true, description: 'Only in this space (NOT_FOUND when the caller may not read it).' })
  @IsOptional() @IsString({ message: "Cet espace n'existe pas ou vous n'y avez pas accès." })
  spaceId?: string | null;

  @Field(() => [SearchResultKind], { nullable: true, description: 'Only these kinds (default: all).' })
  @IsOptional() @IsArray({ message: 'Les types de résultat doivent être une liste.' })
  kinds?: SearchResultKind[] | null;

  @Field(() => Int, { nullable: true, description: `How many results, 0 to ${MAX_SEARCH_PAGE} (default 20).` })
  @IsOptional() @IsInt({ message: 'Le nombre de résultats demandés doit être un entier.' })
  first?: number | null;

  @Field(() => String, { nullable: true, description: 'The `endCursor` of the previous page of the same search.' })
  @IsOptional() @IsString({ message: 'Curseur invalide.' })
  after?: string | null;
}
