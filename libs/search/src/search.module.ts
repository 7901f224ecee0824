import { Module } from '@nestjs/common';
import { SpacesModule } from '@passerelle/spaces';
import { SearchRepository } from './search.repository.js';
import { SearchResolver } from './search.resolver.js';
import { SearchService } from './search.service.js';

/** French full-text search over the content of spaces (ADR 0013). Depends on spaces for access; spaces knows nothing of it. */
@Module({
  imports: [SpacesModule],
  providers: [SearchRepository, SearchService, SearchResolver],
  exports: [SearchService],
})
export class SearchModule {}
