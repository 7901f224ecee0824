import { EventEmitter } from 'node:events';
import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { Client } from 'pg';
import { AppConfig } from '@passerelle/config';
import { RecipientKind } from './notification.entity.js';

export interface NotificationAnnounced {
  readonly id: string;
  readonly recipientKind: RecipientKind;
  readonly recipientId: string;
}

const CHANNEL = 'notification_added';
const RECONNECT_MS = 1_000;

/**
 * New notifications, as they are written, for the subscriptions of this process. On a PostgreSQL server, a trigger
 * announces every insert of `notification` (whichever process wrote it: worker, API) on a channel this process
 * LISTENs to once it has a subscriber; on the embedded database (one process) the writers call `published`.
 */
@Injectable()
export class NotificationStream implements OnApplicationShutdown {
  private readonly logger = new Logger('NotificationStream');
  private readonly events = new EventEmitter();
  private client?: Client;
  private connecting?: Promise<void>;
  private stopped = false;

  constructor(private readonly config: AppConfig) {
    this.events.setMaxListeners(0);
  }

  /** Writers call this after their transaction committed; only the embedded database needs it (no LISTEN there). */
  published(rows: readonly NotificationAnnounced[]): void {
    if (this.config.DATABASE_URL) return;
    for (const row of rows) this.events.emit('notification', row);
  }

  /** The ids of the notifications written for one recipient from now on, until the consumer returns. */
  subscribe(recipientKind: RecipientKind, recipientId: string): AsyncIterableIterator<string> {
    const queue: string[] = [];
    let wake: (() => void) | undefined;
    let done = false;
    const listener = (event: NotificationAnnounced) => {
      if (event.recipientKind === recipientKind && event.recipientId === recipientId) {
        queue.push(event.id);
        wake?.();
      }
    };
    this.events.on('notification', listener);
    void this.listen();
    const finish = () => {
      done = true;
      this.events.off('notification', listener);
      wake?.();
    };
    return {
      async next(): Promise<IteratorResult<string>> {
        while (!done && queue.length === 0) await new Promise<void>((resolve) => { wake = resolve; });
        wake = undefined;
        if (done) return { done: true, value: undefined };
        return { done: false, value: queue.shift()! };
      },
      async return(): Promise<IteratorResult<string>> {
        finish();
        return { done: true, value: undefined };
      },
      async throw(error: unknown): Promise<IteratorResult<string>> {
        finish();
        throw error;
      },
      [Symbol.asyncIterator]() {
        return this;
      },
    };
  }

  /** Resolves once this process listens (immediately on the embedded database). */
  ready(): Promise<void> {
    return this.listen();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    await this.client?.end().catch(() => undefined);
  }

  private listen(): Promise<void> {
    if (!this.config.DATABASE_URL || this.stopped) return Promise.resolve();
    if (this.client) return Promise.resolve();
    return (this.connecting ??= this.connect().finally(() => { this.connecting = undefined; }));
  }

  private async connect(): Promise<void> {
    const client = new Client({ connectionString: this.config.DATABASE_URL, application_name: 'passerelle-notifications' });
    const retry = (error: unknown) => {
      if (this.client === client) this.client = undefined;
      if (this.stopped) return;
      this.logger.warn({ msg: 'notification channel lost, reconnecting', error: String(error) });
      setTimeout(() => { if (this.events.listenerCount('notification') > 0) void this.listen(); }, RECONNECT_MS).unref();
    };
    client.on('notification', (message) => {
      if (message.channel !== CHANNEL || !message.payload) return;
      try {
        this.events.emit('notification', JSON.parse(message.payload) as NotificationAnnounced);
      } catch {
        // Not ours: ignore.
      }
    });
    client.on('error', retry);
    try {
      await client.connect();
      await client.query(`LISTEN ${CHANNEL}`);
      this.client = client;
      client.on('end', () => retry('connection ended'));
    } catch (error) {
      await client.end().catch(() => undefined);
      retry(error);
    }
  }
}
