import { Injectable } from '@nestjs/common';

/**
 * The hub's notion of "now" for convention rules (windows, ends, retention). Injected, so that a test can move
 * time forward and watch a window end; the guests library uses the same one.
 */
export abstract class Clock {
  abstract now(): Date;
}

@Injectable()
export class SystemClock extends Clock {
  now(): Date {
    return new Date();
  }
}
