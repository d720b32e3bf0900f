import { availableParallelism } from 'node:os';
import { isMainThread, parentPort, Worker } from 'node:worker_threads';
import type { Logger, ParseRecordsInParallel, RecordParseJob } from '../core/ports';
import { parseRecordFile, type ParsedRecordFile, type RecordContext } from '../core/records';

interface Request {
  id: number;
  jobs: RecordParseJob[];
  context: RecordContext;
}
interface Reply {
  id: number;
  parsed?: ParsedRecordFile[];
  error?: string;
}

/**
 * Parsing thousands of YAML records is most of a cold index. These worker threads parse them in
 * parallel while the main thread reads and scans the other files. Each worker runs this same
 * bundle (dist/server.js or dist/cli.js), which calls `runRecordWorkerIfWorker()` first thing.
 */
export class RecordWorkerPool {
  private readonly workers: Worker[] = [];
  private readonly pending = new Map<number, { resolve: (parsed: ParsedRecordFile[]) => void; jobs: RecordParseJob[]; context: RecordContext }>();
  private nextId = 0;
  private broken = false;

  /**
   * One worker fewer than cores: the calling thread takes its share of the batches too (it is
   * otherwise idle, waiting), which uses every core for the memory of one worker less.
   */
  constructor(
    private readonly script: string,
    private readonly log: Logger,
    size = Math.max(1, Math.min(3, availableParallelism() - 1)),
  ) {
    for (let i = 0; i < size; i++) this.spawn();
  }

  private spawn(): void {
    const worker = new Worker(this.script, {
      argv: ['--record-worker'],
      stdout: false,
      stderr: false,
      // Parsing makes short-lived garbage only: a small young generation keeps the worker's memory low.
      resourceLimits: { maxYoungGenerationSizeMb: 8 },
    });
    worker.on('message', (reply: Reply) => {
      const waiting = this.pending.get(reply.id);
      if (!waiting) return;
      this.pending.delete(reply.id);
      waiting.resolve(reply.parsed ?? parseHere(waiting.jobs, waiting.context));
    });
    worker.on('error', (error) => this.fail(`record parsing worker failed: ${error.message}`));
    this.workers.push(worker);
  }

  /** A worker that fails is not trusted again: everything still waiting is parsed on this thread. */
  private fail(message: string): void {
    if (!this.broken) this.log.warn(`${message}; parsing records on the main thread instead.`);
    this.broken = true;
    for (const [id, waiting] of this.pending) {
      this.pending.delete(id);
      waiting.resolve(parseHere(waiting.jobs, waiting.context));
    }
  }

  readonly parse: ParseRecordsInParallel = (jobs, context) => {
    if (this.broken || jobs.length === 0) return Promise.resolve(parseHere(jobs, context));
    const id = this.nextId++;
    const slot = id % (this.workers.length + 1);
    if (slot === this.workers.length) {
      // This thread's turn: parse after the current turn of the event loop, so the caller can go
      // on reading (and requests are answered) in between.
      return new Promise((resolve) => setTimeout(() => resolve(parseHere(jobs, context)), 0));
    }
    const worker = this.workers[slot];
    return new Promise((resolve) => {
      this.pending.set(id, { resolve, jobs, context });
      worker.postMessage({ id, jobs, context } satisfies Request);
    });
  };

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}

function parseHere(jobs: RecordParseJob[], context: RecordContext): ParsedRecordFile[] {
  return jobs.map((job) => parseRecordFile(job.path, job.text, context));
}

/** In a worker started by the pool: answer parse requests forever, and say so. */
export function runRecordWorkerIfWorker(): boolean {
  if (isMainThread || !parentPort) return false;
  const port = parentPort;
  port.on('message', (request: Request) => {
    try {
      port.postMessage({ id: request.id, parsed: parseHere(request.jobs, request.context) } satisfies Reply);
    } catch (error) {
      port.postMessage({ id: request.id, error: (error as Error).message } satisfies Reply);
    }
  });
  return true;
}

/**
 * Runs one load with a pool of workers, closed afterwards: idle workers would only hold memory
 * (a re-index starts a new pool).
 */
export async function withRecordWorkers<T>(log: Logger, use: (parse: ParseRecordsInParallel | undefined) => Promise<T>): Promise<T> {
  const pool = createRecordWorkerPool(log);
  try {
    return await use(pool?.parse);
  } finally {
    await pool?.close();
  }
}

/** A pool for the running bundle, or none when this is not a bundle (tests run from sources). */
export function createRecordWorkerPool(log: Logger): RecordWorkerPool | undefined {
  if (process.env.INCIDENT_LENS_NO_WORKERS === '1' || !__filename.endsWith('.js')) return undefined;
  try {
    return new RecordWorkerPool(__filename, log);
  } catch (error) {
    log.warn(`Cannot start record parsing workers: ${(error as Error).message}`);
    return undefined;
  }
}
