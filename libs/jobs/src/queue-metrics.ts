import { Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { getQueueToken } from '@nestjs/bullmq';
import { Queue } from 'bullmq';
import { gauge } from '@passerelle/observability';
import { QUEUE_NAMES } from './job-catalog.js';

const STATES = ['waiting', 'active', 'delayed', 'completed', 'failed'] as const;
const sources = new Set<QueueMetrics>();

/**
 * Queue depth and job outcomes as BullMQ keeps them in Redis, read at scrape time by whichever API process is
 * scraped: the worker has no HTTP server, and every process sees the same queues.
 */
gauge({
  name: 'passerelle_queue_jobs', help: 'Jobs per BullMQ queue and state (completed and failed are those still retained)',
  labelNames: ['queue', 'state'],
  async collect() {
    const source = [...sources][0];
    if (!source) return;
    for (const [queue, counts] of await source.counts()) {
      for (const state of STATES) this.set({ queue, state }, counts[state] ?? 0);
    }
  },
});

@Injectable()
export class QueueMetrics implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(private readonly moduleRef: ModuleRef) {}

  onApplicationBootstrap(): void {
    sources.add(this);
  }

  onApplicationShutdown(): void {
    sources.delete(this);
  }

  async counts(): Promise<[string, Record<string, number>][]> {
    return Promise.all(QUEUE_NAMES.map(async (name) => {
      const queue = this.moduleRef.get<Queue>(getQueueToken(name), { strict: false });
      const counts = await queue.getJobCounts(...STATES).catch(() => ({} as Record<string, number>));
      return [name, counts] as [string, Record<string, number>];
    }));
  }
}
