import { Args, Context, Query, Resolver } from '@nestjs/graphql';
import { Authenticated, CurrentPrincipal, Principal } from '@passerelle/access';
import { mapConnection } from '@passerelle/graphql-kit';
import { SpaceViewers, ViewerContext } from '@passerelle/spaces';
import { SearchArgs } from './search.inputs.js';
import { toSearchResult } from './search.mapper.js';
import { SearchService } from './search.service.js';
import { SearchResultConnection } from './search.type.js';

/** Search. Any signed-in caller: what they find is limited to what they may read. */
@Resolver()
@Authenticated()
export class SearchResolver {
  constructor(private readonly viewers: SpaceViewers, private readonly useCases: SearchService) {}

  @Query(() => SearchResultConnection, {
    description: 'French full-text search (accents optional, word forms) over posts, comments, announcements, document names, '
      + 'events and homework of the spaces the caller may read; best results first, then newest.',
  })
  async search(@CurrentPrincipal() principal: Principal, @Context() context: ViewerContext, @Args() args: SearchArgs)
    : Promise<SearchResultConnection> {
    return mapConnection(await this.useCases.search(this.viewers.of(principal, context), args), toSearchResult);
  }
}
