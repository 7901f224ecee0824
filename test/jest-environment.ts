import NodeEnvironment from 'jest-environment-node';
import type { Circus } from '@jest/types';

/** What a test file registers to describe its state when one of its tests fails (the web tests: their browser pages). */
export const FAILURE_REPORT = '__passerelleFailureReport';

/**
 * Jest's node environment, plus one thing: when a test fails, the test file's failure report (if it registered one,
 * as `startWebHub` does) is printed under the test's name — for a browser test, the URL and the visible text of each
 * open page, so that a failure seen once in CI says what the person would have seen.
 */
export default class PasserelleEnvironment extends NodeEnvironment {
  async handleTestEvent(event: Circus.Event): Promise<void> {
    if (event.name !== 'test_fn_failure') return;
    const report = this.global[FAILURE_REPORT] as (() => Promise<string>) | undefined;
    if (!report) return;
    const text = await report().catch((error: unknown) => `(no report: ${String(error)})`);
    process.stderr.write(`\n[failure report] ${event.test.name}\n${text}\n`);
  }
}
