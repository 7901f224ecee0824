// Child processes of a bench run: the hub and the baselines, each in its own event loop, always stopped at the end.
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';

/** A port nobody listens on right now, on 127.0.0.1. */
/** The node flags the hub's processes run with in production (Dockerfile NODE_OPTIONS, npm start, start:prod; ADR 0016). */
export const HUB_NODE_FLAGS = ['--max-semi-space-size=64'];

export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Polls `probe` until it returns something truthy; fails after `timeoutMs` or as soon as `abort()` says why. */
export async function waitFor(what, probe, { timeoutMs = 60_000, everyMs = 200, abort = () => undefined } = {}) {
  const deadline = Date.now() + timeoutMs;
  let lastError;
  while (Date.now() < deadline) {
    const reason = abort();
    if (reason) throw new Error(`${what}: ${reason}`);
    try {
      const value = await probe();
      if (value) return value;
    } catch (error) {
      lastError = error;
    }
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
  throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}${lastError ? ` (${lastError.message})` : ''}`);
}

const OUTPUT_TAIL = 16_384;

/**
 * A node script run as a child with exactly `env` (plus PATH and HOME): nothing of the caller's environment
 * (a stray DATABASE_URL) leaks in. Keeps the tail of its output to explain a failure. `execArgv` are node flags put
 * before the script (e.g. `--cpu-prof`, which NODE_OPTIONS does not accept).
 */
export class Child {
  constructor(label, script, args, env, cwd, { execArgv = [] } = {}) {
    this.label = label;
    this.output = '';
    this.stopping = false;
    const clean = Object.fromEntries(Object.entries({ PATH: process.env.PATH, HOME: process.env.HOME, ...env })
      .filter(([, value]) => value !== undefined));
    this.process = spawn(process.execPath, [...execArgv, script, ...args], { cwd, env: clean, stdio: ['ignore', 'pipe', 'pipe'] });
    const keep = (chunk) => {
      this.output = (this.output + chunk.toString()).slice(-OUTPUT_TAIL);
    };
    this.process.stdout.on('data', keep);
    this.process.stderr.on('data', keep);
    this.exit = new Promise((resolve) => this.process.once('exit', (code, signal) => resolve({ code, signal })));
  }

  get pid() { return this.process.pid; }

  /** Why it is no longer running, or undefined while it runs. */
  get exitReason() {
    const { exitCode, signalCode } = this.process;
    if (exitCode === null && signalCode === null) return undefined;
    const how = signalCode
      ? `killed by ${signalCode}${this.stopping ? '' : ', a signal the bench did not send'}` : `exited with code ${exitCode}`;
    return `${this.label} ${how}\n${this.output.trim()}`;
  }

  /** SIGTERM (the hub closes its pools and Redis connections), SIGKILL after `graceMs`. */
  async stop(graceMs = 10_000) {
    if (this.exitReason) return;
    this.stopping = true;
    this.process.kill('SIGTERM');
    const timer = setTimeout(() => this.process.kill('SIGKILL'), graceMs);
    try {
      await this.exit;
    } finally {
      clearTimeout(timer);
    }
  }
}
