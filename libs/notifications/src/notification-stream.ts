import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { AppConfig } from '@passerelle/config';
import { PgChannel } from '@passerelle/database';
import { RecipientKind } from './notification.entity.js';

export interface NotificationAnnounced {
  readonly id: string;
  readonly recipientKind: RecipientKind;
  readonly recipientId: string;
}

const CHANNEL = 'notification_added';

/**
 * New notifications, as they are written, for the subscriptions of this process. On a PostgreSQL server, a trigger
 * announces every insert of `notification` (whichever process wrote it: worker, API) on a channel this process
 * LISTENs to once it has a subscriber; on the embedded database (one process) the writers call `published`.
 * The LISTEN machinery is libs/database's PgChannel (shared with the chat).
 */
@Injectable()
export class NotificationStream implements OnApplicationShutdown {
  private readonly logger = new Logger('NotificationStream');
  private readonly channel: PgChannel<NotificationAnnounced>;

  constructor(config: AppConfig) {
    this.channel = new PgChannel<NotificationAnnounced>({
      url: config.DATABASE_URL, channel: CHANNEL, applicationName: 'passerelle-notifications',
      parse: (payload) => payload as NotificationAnnounced,
      onLost: (error) => this.logger.warn({ msg: 'notification channel lost, reconnecting', error: String(error) }),
    });
  }

  /** Writers call this after their transaction committed; only the embedded database needs it (no LISTEN there). */
  published(rows: readonly NotificationAnnounced[]): void {
    this.channel.published(rows);
  }

  /** The ids of the notifications written for one recipient from now on, until the consumer returns. */
  subscribe(recipientKind: RecipientKind, recipientId: string): AsyncIterableIterator<string> {
    return this.channel.follow((event) =>
      (event.recipientKind === recipientKind && event.recipientId === recipientId ? event.id : undefined));
  }

  /** Live subscriptions of this process (each one a listener until its client leaves). */
  subscriberCount(): number {
    return this.channel.listenerCount();
  }

  /** Resolves once this process listens (immediately on the embedded database). */
  ready(): Promise<void> {
    return this.channel.ready();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.channel.close();
  }
}
