import { ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import { Redis } from 'ioredis';

export const ROOT = resolve(__dirname, '..');

export async function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => done(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

export async function waitFor<T>(what: string | (() => string), probe: () => Promise<T | undefined | null | false>, timeoutMs = 30_000,
  everyMs = 100): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await probe();
      if (value) return value;
    } catch (error) {
      lastError = error;
    }
    await new Promise((r) => setTimeout(r, everyMs));
  }
  throw new Error(`timed out waiting for ${typeof what === 'string' ? what : what()}${lastError ? `: ${String(lastError)}` : ''}`);
}

/** A private redis-server on its own port, that a test may stop and start again (the shared one is never touched). */
export class PrivateRedis {
  private child?: ChildProcess;
  constructor(readonly port: number) {}

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  static async start(): Promise<PrivateRedis> {
    const redis = new PrivateRedis(await freePort());
    await redis.start();
    return redis;
  }

  async start(): Promise<void> {
    this.child = spawn('redis-server', ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
      { stdio: 'ignore' });
    await waitFor('redis-server', async () => {
      const client = new Redis(this.url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
      try {
        await client.connect();
        return (await client.ping()) === 'PONG';
      } finally {
        client.disconnect();
      }
    });
  }

  async stop(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    await new Promise<void>((done) => {
      child.once('exit', () => done());
      child.kill('SIGKILL');
    });
    this.child = undefined;
  }
}

/** A compiled entry point of the hub (`npm test` compiles dist/ first) run as a real child process. */
export class HubProcess {
  readonly output: string[] = [];
  private constructor(readonly child: ChildProcess) {
    child.stdout?.on('data', (d: Buffer) => this.output.push(d.toString()));
    child.stderr?.on('data', (d: Buffer) => this.output.push(d.toString()));
  }

  static start(entry: 'api' | 'worker', env: Record<string, string | undefined>): HubProcess {
    const script = resolve(ROOT, `dist/apps/${entry}/src/main.js`);
    const clean = Object.fromEntries(Object.entries({ PATH: process.env.PATH, HOME: process.env.HOME, ...env })
      .filter(([, v]) => v !== undefined)) as Record<string, string>;
    return new HubProcess(spawn(process.execPath, [script], { cwd: ROOT, env: clean, stdio: ['ignore', 'pipe', 'pipe'] }));
  }

  get text(): string {
    return this.output.join('');
  }

  exited(): Promise<number | null> {
    if (this.child.exitCode !== null) return Promise.resolve(this.child.exitCode);
    return new Promise((done) => this.child.once('exit', (code) => done(code)));
  }

  async stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<number | null> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return this.child.exitCode;
    const exited = this.exited();
    this.child.kill(signal);
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 15_000);
    try {
      return await exited;
    } finally {
      clearTimeout(timer);
    }
  }
}
