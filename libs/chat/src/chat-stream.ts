import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { AppConfig } from '@passerelle/config';
import { PgChannel } from '@passerelle/database';
import { isUuid } from '@passerelle/graphql-kit';

/** What the `chat_message` trigger announces: ids only, never the text. */
export interface ChatMessageAnnounced {
  readonly id: string;
  readonly spaceId: string;
}

const CHANNEL = 'chat_message';

function parse(payload: unknown): ChatMessageAnnounced | null {
  const value = payload as Partial<ChatMessageAnnounced> | null;
  if (!value || typeof value.id !== 'string' || typeof value.spaceId !== 'string' || !isUuid(value.id) || !isUuid(value.spaceId)) return null;
  return { id: value.id.toLowerCase(), spaceId: value.spaceId.toLowerCase() };
}

/**
 * New and changed chat messages (a removal is a change), for the subscriptions of this process: on a PostgreSQL
 * server a trigger announces them on a channel this process LISTENs to (whichever API node wrote them); on the
 * embedded database the chat service hands them over after commit. The LISTEN machinery is libs/database's PgChannel.
 */
@Injectable()
export class ChatStream implements OnApplicationShutdown {
  private readonly logger = new Logger('ChatStream');
  private readonly channel: PgChannel<ChatMessageAnnounced>;
  private readonly following = new Map<string, number>();

  constructor(config: AppConfig) {
    this.channel = new PgChannel<ChatMessageAnnounced>({
      url: config.DATABASE_URL, channel: CHANNEL, applicationName: 'passerelle-chat', parse,
      onLost: (error) => this.logger.warn({ msg: 'chat channel lost, reconnecting', error: String(error) }),
    });
  }

  /** The chat service calls this after a message is written or removed (only the embedded database needs it). */
  published(events: readonly ChatMessageAnnounced[]): void {
    this.channel.published(events);
  }

  /** Ids of the messages of one space written or changed from now on, until the consumer returns. */
  follow(spaceId: string): AsyncIterableIterator<string> {
    const wanted = spaceId.toLowerCase();
    const ids = this.channel.follow((event) => (event.spaceId === wanted ? event.id : undefined));
    this.following.set(wanted, (this.following.get(wanted) ?? 0) + 1);
    let released = false;
    const release = () => {
      if (released) return;
      released = true;
      const left = (this.following.get(wanted) ?? 1) - 1;
      if (left > 0) this.following.set(wanted, left);
      else this.following.delete(wanted);
    };
    return {
      next: () => ids.next(),
      return: async () => { release(); return ids.return!(); },
      throw: async (error: unknown) => { release(); return ids.throw!(error); },
      [Symbol.asyncIterator]() { return this; },
    };
  }

  /** How many live feeds of this process follow a space's chat (tests wait for theirs to be in place). */
  followers(spaceId: string): number {
    return this.following.get(spaceId.toLowerCase()) ?? 0;
  }

  /** Resolves once this process listens (immediately on the embedded database). */
  ready(): Promise<void> {
    return this.channel.ready();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.channel.close();
  }
}
