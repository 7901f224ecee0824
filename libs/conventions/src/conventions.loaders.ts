import DataLoader from 'dataloader';
import { LoaderContext } from '@passerelle/directory';

/**
 * A request-scoped DataLoader cached on the GraphQL context under `loaders.<key>`: every field of one operation that
 * needs the same kind of rows is fetched in one query, and nothing is shared between requests.
 */
export function requestLoader<K, V>(context: LoaderContext, key: string, batch: (keys: readonly K[]) => Promise<(V | Error)[]>): DataLoader<K, V> {
  const loaders = (context.loaders ??= {});
  let loader = loaders[key] as DataLoader<K, V> | undefined;
  if (!loader) {
    loader = new DataLoader<K, V>(batch, { maxBatchSize: 500 });
    loaders[key] = loader;
  }
  return loader;
}
