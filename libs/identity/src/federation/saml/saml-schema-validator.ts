import { Worker } from 'node:worker_threads';
import { SAML_SCHEMA_FILES } from './saml-schemas.js';

/**
 * SAML schema validation (samlify's second opinion, ADR 0010) in a small pool of long-lived worker threads, with
 * libxml2's xmllint compiled to WebAssembly (`xmllint-wasm`). ADR 0020: the former validator (`node-xmllint` 1.0.0)
 * built a new 16 MiB module and added a process listener on every call and never let them go (~1.5 MiB RSS per SAML
 * sign-in). Here each worker compiles the WebAssembly once; every validation instantiates it with a fresh, bounded
 * memory (16 to 32 MiB) that nothing keeps once the run exits, so the process holds its memory flat. A validation
 * takes a few ms off the main thread; a run that aborts (memory), crashes or overruns its time is a refusal, and its
 * worker is replaced.
 */

/** xmllint's verdict on one document: `valid`, or not with xmllint's messages (never logged: they quote the message). */
export interface SchemaVerdict {
  readonly valid: boolean;
  readonly errors: string;
}

const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { readFileSync } = require('node:fs');
// xmllint-wasm's emscripten factory; the file also registers its own message handler, which ignores our messages.
const factory = require(workerData.modulePath);
const compiled = new WebAssembly.Module(readFileSync(workerData.wasmPath));
const args = ['--schema', workerData.rootSchema, '--noout', '--nonet', 'message.xml'];
parentPort.on('message', (message) => {
  if (!message || message.passerelle !== true) return;
  let stderr = '';
  let answered = false;
  const answer = (exitCode) => {
    if (answered) return;
    answered = true;
    parentPort.postMessage({ passerelle: true, exitCode, errors: stderr.slice(0, 2000) });
  };
  Promise.resolve().then(() => factory({
    inputFiles: [{ fileName: 'message.xml', contents: message.xml }, ...workerData.schemas],
    arguments: [...args], // emscripten's callMain adds the program name to the array it is given
    instantiateWasm(imports, ready) {
      WebAssembly.instantiate(compiled, imports).then((instance) => ready(instance, compiled), () => answer(-2));
      return {};
    },
    wasmMemory: new WebAssembly.Memory({ initial: workerData.initialPages, maximum: workerData.maximumPages }),
    print() {},
    printErr(text) { if (stderr.length < 4000) stderr += text + '\\n'; },
    onExit: answer,
    onAbort() { answer(-1); },
  })).then(() => undefined, () => answer(-3));
});
`;

interface Job {
  readonly xml: string;
  readonly resolve: (verdict: SchemaVerdict) => void;
  readonly reject: (error: Error) => void;
}

interface PoolWorker {
  readonly thread: Worker;
  job?: Job;
  timer?: NodeJS.Timeout;
}

/** The pool's queue is full: the validation was not queued (the caller answers 503 with Retry-After). */
export class SchemaValidatorBusyError extends Error {
  constructor() {
    super('ERR_SCHEMA_VALIDATOR_BUSY');
    this.name = 'SchemaValidatorBusyError';
  }
}

export interface SchemaValidatorOptions {
  /** Worker threads at most (started as the load needs them). */
  readonly size?: number;
  /** Validations waiting for a worker at most; past it a validation is refused at once (SchemaValidatorBusyError). */
  readonly maxWaiting?: number;
  /** A validation running longer than this is refused and its worker replaced. */
  readonly timeoutMs?: number;
}

export class SchemaValidatorPool {
  private readonly size: number;
  private readonly timeoutMs: number;
  private readonly workers = new Set<PoolWorker>();
  private readonly queue: Job[] = [];
  private workerData?: Record<string, unknown>;
  /**
   * Validations waiting for a worker at most (the running ones not counted). Bounded so that many concurrent large
   * SAML bodies cannot pile up in memory: past it, validate() is refused at once with SchemaValidatorBusyError.
   */
  maxWaiting: number;

  constructor(options: SchemaValidatorOptions = {}) {
    this.size = Math.max(1, options.size ?? 2);
    this.timeoutMs = options.timeoutMs ?? 10_000;
    this.maxWaiting = Math.max(0, options.maxWaiting ?? 64);
  }

  /** Validates one SAML message against the SAML 2.0 protocol schema (and the schemas it imports). */
  validate(xml: string): Promise<SchemaVerdict> {
    return new Promise((resolve, reject) => {
      const job = { xml, resolve, reject };
      this.queue.push(job);
      this.dispatch();
      if (this.queue.length > this.maxWaiting && this.queue.at(-1) === job) {
        this.queue.pop();
        reject(new SchemaValidatorBusyError());
      }
    });
  }

  /** Validations waiting for a worker (for tests and logs). */
  get waiting(): number {
    return this.queue.length;
  }

  /** Live worker threads (for tests). */
  get threads(): number {
    return this.workers.size;
  }

  /** Ends every worker; waiting and running validations are rejected. The pool starts again on the next call. */
  async close(): Promise<void> {
    for (const job of this.queue.splice(0)) job.reject(new Error('schema validator closed'));
    await Promise.all([...this.workers].map((worker) => this.retire(worker, new Error('schema validator closed'))));
  }

  private dispatch(): void {
    while (this.queue.length > 0) {
      let worker = [...this.workers].find((w) => !w.job);
      if (!worker) {
        if (this.workers.size >= this.size) return;
        worker = this.start();
      }
      this.run(worker, this.queue.shift()!);
    }
  }

  private start(): PoolWorker {
    this.workerData ??= {
      modulePath: require.resolve('xmllint-wasm/xmllint-node.js'),
      wasmPath: require.resolve('xmllint-wasm/xmllint.wasm'),
      rootSchema: SAML_SCHEMA_FILES[0].fileName,
      schemas: SAML_SCHEMA_FILES.map(({ fileName, contents }) => ({ fileName, contents })),
      initialPages: 256, // 16 MiB
      maximumPages: 512, // 32 MiB: a message bigger than the hub accepts (100 KB) still fits
    };
    const thread = new Worker(WORKER_SOURCE, {
      eval: true, workerData: this.workerData, resourceLimits: { maxOldGenerationSizeMb: 64 },
    });
    // Idle workers never keep the process alive (a worker's piped stdout would: xmllint's output goes to printErr).
    thread.unref();
    const worker: PoolWorker = { thread };
    thread.on('message', (message: { passerelle?: boolean; exitCode: number; errors: string }) => {
      if (message?.passerelle !== true || !worker.job) return;
      this.finish(worker, { valid: message.exitCode === 0, errors: message.errors });
    });
    thread.on('error', (error) => void this.retire(worker, error));
    thread.on('exit', () => void this.retire(worker, new Error('schema validator worker exited')));
    this.workers.add(worker);
    return worker;
  }

  private run(worker: PoolWorker, job: Job): void {
    worker.job = job;
    worker.thread.ref();
    worker.timer = setTimeout(() => void this.retire(worker, new Error('schema validation timed out')), this.timeoutMs);
    worker.thread.postMessage({ passerelle: true, xml: job.xml });
  }

  private finish(worker: PoolWorker, verdict: SchemaVerdict): void {
    const job = worker.job!;
    clearTimeout(worker.timer);
    worker.job = undefined;
    worker.timer = undefined;
    worker.thread.unref();
    job.resolve(verdict);
    this.dispatch();
  }

  /** Takes a worker out of the pool (crash, exit, time-out, close): its running validation is rejected. */
  private async retire(worker: PoolWorker, error: Error): Promise<void> {
    if (!this.workers.delete(worker)) return;
    clearTimeout(worker.timer);
    const job = worker.job;
    worker.job = undefined;
    job?.reject(error);
    await worker.thread.terminate().catch(() => undefined);
    this.dispatch();
  }
}
