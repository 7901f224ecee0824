import { Injectable } from '@nestjs/common';
import { TooManyRequestsError } from '@passerelle/errors';
import { RateLimitStore } from './session-store.js';

/** Fixed-window throttling over the rate-limit store (Redis or database). */
@Injectable()
export class ThrottleService {
  constructor(private readonly store: RateLimitStore) {}

  /** Counts one attempt; throws TOO_MANY_REQUESTS (with Retry-After) once `limit` is passed in the window. */
  async consume(key: string, limit: number, windowSeconds: number): Promise<void> {
    const { hits, resetInSeconds } = await this.store.hit(key, windowSeconds);
    if (hits > limit) throw new TooManyRequestsError(resetInSeconds);
  }

  reset(key: string): Promise<void> {
    return this.store.reset(key);
  }

  /** Marks `key` as seen for `windowSeconds` (e.g. an address a login signed in from). */
  async remember(key: string, windowSeconds: number): Promise<void> {
    await this.store.reset(key);
    await this.store.hit(key, windowSeconds);
  }

  /** Whether `key` was remembered and its window has not ended. */
  async remembered(key: string): Promise<boolean> {
    return (await this.store.count(key)) > 0;
  }
}
