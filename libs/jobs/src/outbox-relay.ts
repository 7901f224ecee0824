import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AppConfig } from '@passerelle/config';
import { counter, gauge } from '@passerelle/observability';
import { JobDispatcher, PendingJob } from './job-dispatcher.js';

const BATCH = 50;
const LEASE_SECONDS = 300;
const CLEANUP_EVERY_MS = 3_600_000;
const relayed = counter({ name: 'passerelle_outbox_relayed_total', help: 'Outbox jobs handed over', labelNames: ['outcome'] });
const relays = new Set<OutboxRelay>();
gauge({
  name: 'passerelle_outbox_pending', help: 'Jobs due and not yet handed over (jobs scheduled for later are not counted)',
  async collect() {
    const relay = [...relays][0];
    if (relay) this.set(await relay.pendingCount().catch(() => -1));
  },
});
gauge({
  name: 'passerelle_outbox_lag_seconds', help: 'How long the oldest due job has been waiting in the outbox (0 when none)',
  async collect() {
    const relay = [...relays][0];
    if (relay) this.set(await relay.oldestDueSeconds().catch(() => -1));
  },
});

/**
 * Moves jobs from the outbox table to the dispatcher. Rows are leased with SKIP LOCKED, so several processes
 * can relay at once; a row is marked dispatched only after the hand-over succeeded, so a Redis outage loses
 * nothing (the row waits, with a growing back-off) and a repeated hand-over collapses on the job id.
 */
@Injectable()
export class OutboxRelay implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('OutboxRelay');
  private timer?: NodeJS.Timeout;
  private draining?: Promise<void>;
  private again = false;
  private resuming?: Promise<void>;
  private stopped = true;
  private lastCleanup = 0;

  constructor(private readonly dataSource: DataSource, private readonly dispatcher: JobDispatcher,
    private readonly config: AppConfig) {}

  onApplicationBootstrap(): void {
    this.stopped = false;
    relays.add(this);
    this.dispatcher.onAvailable(() => this.resume());
    this.schedule(0);
  }

  /**
   * The dispatcher is back (Redis reconnected): the jobs waiting out their back-off because it was away are due
   * again at once, rather than up to minutes later. A job another relay holds may be handed over twice: the second
   * hand-over collapses on the job id.
   */
  private resume(): void {
    if (this.stopped || this.resuming) return;
    this.resuming = this.dataSource.query(
      `UPDATE outbox_job SET locked_until = NULL WHERE dispatched_at IS NULL AND last_error IS NOT NULL AND locked_until > now()`)
      .then(() => this.kick(), (error) => this.logger.warn({ msg: 'outbox relay could not resume', error: String(error) }))
      .finally(() => {
        this.resuming = undefined;
      });
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    relays.delete(this);
    clearTimeout(this.timer);
    await this.draining;
  }

  /** A transaction that wrote jobs has committed: relay now rather than at the next poll. */
  kick(): void {
    if (this.stopped) return;
    if (this.draining) this.again = true;
    else this.schedule(0);
  }

  /** Relays everything that is due now; resolves when done (tests and shutdown use it). */
  async drain(): Promise<void> {
    if (this.draining) {
      this.again = true;
      return this.draining;
    }
    this.draining = this.drainLoop().finally(() => {
      this.draining = undefined;
    });
    return this.draining;
  }

  /** Jobs due now and not handed over yet (a reminder due next week is not "pending"). */
  async pendingCount(): Promise<number> {
    const [row] = await this.dataSource.query('SELECT count(*)::int AS n FROM outbox_job WHERE dispatched_at IS NULL AND run_at <= now()');
    return row.n;
  }

  /** Seconds since the oldest due, undispatched job became due: the relay's lag. */
  async oldestDueSeconds(): Promise<number> {
    const [row] = await this.dataSource.query(
      `SELECT coalesce(extract(epoch FROM now() - min(run_at)), 0)::float AS s FROM outbox_job WHERE dispatched_at IS NULL AND run_at <= now()`);
    return Math.max(0, Number(row.s));
  }

  private schedule(ms: number): void {
    clearTimeout(this.timer);
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      void this.drain().catch((error) => this.logger.warn({ msg: 'outbox relay failed', error: String(error) }))
        .finally(() => this.schedule(this.config.OUTBOX_POLL_MS));
    }, ms);
    this.timer.unref();
  }

  private async drainLoop(): Promise<void> {
    do {
      this.again = false;
      let batch: PendingJob[];
      do {
        batch = await this.lease();
        for (const job of batch) {
          if (this.stopped && !this.dispatcher.acceptsDelayedJobs) {
            await this.release(job);
            continue;
          }
          await this.handOver(job);
        }
      } while (batch.length === BATCH && !this.stopped);
    } while (this.again && !this.stopped);
    if (Date.now() - this.lastCleanup > CLEANUP_EVERY_MS) {
      this.lastCleanup = Date.now();
      await this.dataSource.query(`DELETE FROM outbox_job WHERE dispatched_at < now() - interval '7 days'`);
    }
  }

  private async lease(): Promise<PendingJob[]> {
    const horizon = this.dispatcher.acceptsDelayedJobs ? `interval '100 years'` : `interval '0 seconds'`;
    const rows: { id: string; queue: string; name: string; job_id: string; payload: unknown; run_at: Date; attempts: number }[] =
      await this.dataSource.query(
        `WITH leased AS (UPDATE outbox_job SET locked_until = now() + ($1::int * interval '1 second'), attempts = attempts + 1
         WHERE id IN (
           SELECT id FROM outbox_job
           WHERE dispatched_at IS NULL AND (locked_until IS NULL OR locked_until < now()) AND run_at <= now() + ${horizon}
           ORDER BY run_at, created_at LIMIT $2 FOR UPDATE SKIP LOCKED)
         RETURNING id, queue, name, job_id, payload, run_at, attempts)
         SELECT * FROM leased`, [LEASE_SECONDS, BATCH]); // a SELECT, so that TypeORM returns plain rows
    return rows.map((r) => ({ id: r.id, queue: r.queue, name: r.name, jobId: r.job_id, payload: r.payload,
      runAt: r.run_at, attempts: r.attempts })).sort((a, b) => +a.runAt - +b.runAt);
  }

  private async handOver(job: PendingJob): Promise<void> {
    try {
      await this.dispatcher.dispatch(job);
    } catch (error) {
      relayed.inc({ outcome: 'retry' });
      const backoff = Math.min(2 ** Math.min(job.attempts, 10), 300);
      const message = error instanceof Error ? error.message : String(error);
      await this.dataSource.query(
        `UPDATE outbox_job SET locked_until = now() + ($2::int * interval '1 second'), last_error = $3 WHERE id = $1`,
        [job.id, backoff, message.slice(0, 500)]);
      return;
    }
    relayed.inc({ outcome: 'dispatched' });
    await this.dataSource.query(
      `UPDATE outbox_job SET dispatched_at = now(), locked_until = NULL, last_error = NULL WHERE id = $1`, [job.id]);
  }

  private async release(job: PendingJob): Promise<void> {
    await this.dataSource.query(`UPDATE outbox_job SET locked_until = NULL, attempts = attempts - 1 WHERE id = $1`, [job.id]);
  }
}
