/**
 * Each item of `source` that `decide` keeps, until it says END. Written by hand rather than as an async generator: a
 * generator waiting for the next event would only see its consumer leave at that next event, while here `return`
 * reaches the source at once (the subscriber's listener is gone as soon as the client unsubscribes).
 */
export function filterFeed<T, U>(source: AsyncIterableIterator<T>, decide: (item: T) => Promise<U | 'SKIP' | 'END'>): AsyncIterableIterator<U> {
  const end = async (): Promise<IteratorResult<U>> => {
    await source.return?.();
    return { done: true, value: undefined };
  };
  return {
    async next(): Promise<IteratorResult<U>> {
      for (;;) {
        const step = await source.next();
        if (step.done) return { done: true, value: undefined };
        const decided = await decide(step.value);
        if (decided === 'END') return end();
        if (decided !== 'SKIP') return { done: false, value: decided };
      }
    },
    return: end,
    async throw(error: unknown): Promise<IteratorResult<U>> {
      await source.return?.();
      throw error;
    },
    [Symbol.asyncIterator]() {
      return this;
    },
  };
}
