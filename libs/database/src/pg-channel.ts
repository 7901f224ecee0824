import { EventEmitter } from 'node:events';
import { Client } from 'pg';

export interface PgChannelOptions<T> {
  /** The PostgreSQL server to LISTEN on; undefined on the embedded database (one process: no LISTEN there). */
  readonly url: string | undefined;
  /** The NOTIFY channel a trigger writes to (a plain identifier). */
  readonly channel: string;
  /** Shown in pg_stat_activity. */
  readonly applicationName: string;
  /** Reads a payload; null (or a throw) drops it. Payloads carry ids only, never content. */
  readonly parse: (payload: unknown) => T | null;
  /** Told when the connection is lost (it reconnects by itself while someone listens). */
  readonly onLost?: (error: unknown) => void;
  readonly reconnectMs?: number;
}

const IDENTIFIER = /^[a-z_][a-z0-9_]*$/;

/**
 * Rows announced by a database trigger, for the live subscriptions of this process. On a PostgreSQL server, one
 * dedicated connection LISTENs to the channel (opened at the first listener, re-opened when lost), so whichever
 * process wrote the row (worker, another API node), every process hears it. On the embedded database (one process,
 * no LISTEN) the writers hand their rows to `published` after commit. Used by notifications and the chat.
 */
export class PgChannel<T> {
  private readonly events = new EventEmitter();
  private client?: Client;
  private connecting?: Promise<void>;
  private stopped = false;

  constructor(private readonly options: PgChannelOptions<T>) {
    if (!IDENTIFIER.test(options.channel)) throw new Error(`PgChannel: invalid channel name ${options.channel}`);
    this.events.setMaxListeners(0);
  }

  /** Writers call this after their transaction committed; only the embedded database needs it. */
  published(events: readonly T[]): void {
    if (this.options.url) return;
    for (const event of events) this.events.emit('event', event);
  }

  /** Calls `listener` with every event from now on, until the returned function is called. */
  on(listener: (event: T) => void): () => void {
    this.events.on('event', listener);
    void this.listen();
    return () => { this.events.off('event', listener); };
  }

  /**
   * Every event that `accept` keeps, from now on, as an async iterator (what a GraphQL subscription returns); it
   * stops listening when its consumer returns.
   */
  follow<U>(accept: (event: T) => U | undefined): AsyncIterableIterator<U> {
    const queue: U[] = [];
    let wake: (() => void) | undefined;
    let done = false;
    const off = this.on((event) => {
      const kept = accept(event);
      if (kept === undefined) return;
      queue.push(kept);
      wake?.();
    });
    const finish = () => {
      done = true;
      off();
      wake?.();
    };
    return {
      async next(): Promise<IteratorResult<U>> {
        while (!done && queue.length === 0) await new Promise<void>((resolve) => { wake = resolve; });
        wake = undefined;
        if (done) return { done: true, value: undefined };
        return { done: false, value: queue.shift()! };
      },
      async return(): Promise<IteratorResult<U>> {
        finish();
        return { done: true, value: undefined };
      },
      async throw(error: unknown): Promise<IteratorResult<U>> {
        finish();
        throw error;
      },
      [Symbol.asyncIterator]() {
        return this;
      },
    };
  }

  /** How many listeners (live subscriptions) this process has on the channel now. */
  listenerCount(): number {
    return this.events.listenerCount('event');
  }

  /** Resolves once this process listens (immediately on the embedded database). */
  ready(): Promise<void> {
    return this.listen();
  }

  async close(): Promise<void> {
    this.stopped = true;
    await this.client?.end().catch(() => undefined);
  }

  private listen(): Promise<void> {
    if (!this.options.url || this.stopped) return Promise.resolve();
    if (this.client) return Promise.resolve();
    return (this.connecting ??= this.connect().finally(() => { this.connecting = undefined; }));
  }

  private async connect(): Promise<void> {
    const { url, channel, applicationName, parse, onLost, reconnectMs = 1_000 } = this.options;
    const client = new Client({ connectionString: url, application_name: applicationName });
    const retry = (error: unknown) => {
      if (this.client === client) this.client = undefined;
      if (this.stopped) return;
      onLost?.(error);
      setTimeout(() => { if (this.events.listenerCount('event') > 0) void this.listen(); }, reconnectMs).unref();
    };
    client.on('notification', (message) => {
      if (message.channel !== channel || !message.payload) return;
      let event: T | null;
      try {
        event = parse(JSON.parse(message.payload));
      } catch {
        event = null;
      }
      if (event !== null) this.events.emit('event', event);
    });
    client.on('error', retry);
    try {
      await client.connect();
      await client.query(`LISTEN ${channel}`);
      this.client = client;
      client.on('end', () => retry('connection ended'));
    } catch (error) {
      await client.end().catch(() => undefined);
      retry(error);
    }
  }
}
