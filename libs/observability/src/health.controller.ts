import { Controller, Get, HttpCode, Inject, Optional, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { DataSource } from 'typeorm';
import { Public } from '@passerelle/access';

/** A dependency /health/ready checks; provided by the libraries that own one (e.g. Redis). */
export interface ReadinessCheck {
  readonly name: string;
  check(): Promise<void>;
}
export const READINESS_CHECKS = Symbol('READINESS_CHECKS');

async function within<T>(ms: number, work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([work, new Promise<T>((_, reject) => { timer = setTimeout(() => reject(new Error('timeout')), ms); })]);
  } finally {
    clearTimeout(timer);
  }
}

@Controller('health')
export class HealthController {
  constructor(private readonly dataSource: DataSource,
    @Optional() @Inject(READINESS_CHECKS) private readonly checks: ReadinessCheck[] = []) {}

  /** The process is up. */
  @Public()
  @Get('live')
  @HttpCode(200)
  live(): { status: string } {
    return { status: 'ok' };
  }

  /** PostgreSQL (and Redis when configured) answer: the process can take traffic. */
  @Public()
  @Get('ready')
  async ready(@Res({ passthrough: true }) reply: FastifyReply): Promise<{ status: string; checks: Record<string, string> }> {
    const results: Record<string, string> = {};
    const all = [{ name: 'postgres', check: async () => { await this.dataSource.query('SELECT 1'); } }, ...(this.checks ?? [])];
    await Promise.all(all.map(async (c) => {
      try {
        await within(2_000, c.check());
        results[c.name] = 'up';
      } catch {
        results[c.name] = 'down';
      }
    }));
    const ok = Object.values(results).every((s) => s === 'up');
    reply.status(ok ? 200 : 503);
    return { status: ok ? 'ok' : 'unavailable', checks: results };
  }
}
