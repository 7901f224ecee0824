import DataLoader from 'dataloader';
import { NotFoundError } from '@passerelle/errors';
import { toStructure } from './directory.mapper.js';
import { Structure } from './structure.type.js';
import { STRUCTURE_NOT_FOUND, StructuresService } from './structures.service.js';

/** The GraphQL context object (one per request): loaders are cached on it under `loaders`. */
export interface LoaderContext {
  loaders?: Record<string, unknown>;
}

/**
 * The request's structure loader: every `structure` field of one operation is fetched in one query.
 * Created on first use and cached on the context under `loaders.structureById`, so it lives as long as
 * the request and never shares data between callers.
 */
export function structureByIdLoader(context: LoaderContext, structures: StructuresService): DataLoader<string, Structure> {
  const loaders = (context.loaders ??= {});
  let loader = loaders.structureById as DataLoader<string, Structure> | undefined;
  if (!loader) {
    loader = new DataLoader<string, Structure>(async (ids) =>
      (await structures.findStructuresByIds(ids)).map((entity) => entity ? toStructure(entity) : new NotFoundError(STRUCTURE_NOT_FOUND)),
    { maxBatchSize: 500 });
    loaders.structureById = loader;
  }
  return loader;
}
