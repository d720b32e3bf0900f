import { availableParallelism } from 'node:os';
import { isMainThread, parentPort, Worker } from 'node:worker_threads';
import { analyseFile, type AnalysisContext, type FileAnalysis } from '../core/index/analyseFile';
import type { Logger, RecordParseJob, RecordParser } from '../core/ports';
import type { RecordContext } from '../core/records';
import { compileIdPatterns } from '../core/references';

interface Request {
  id: number;
  jobs: RecordParseJob[];
  /** The context less what cannot be sent: the worker compiles the same id patterns again. */
  context: RecordContext;
}
interface Reply {
  id: number;
  analyses?: FileAnalysis[];
  error?: string;
}
const BATCHES_PER_WORKER = 2;

interface Batch {
  jobs: RecordParseJob[];
  context: AnalysisContext;
  resolve: (analyses: FileAnalysis[]) => void;
}

/**
 * Parsing thousands of YAML records is most of a cold index. Worker threads analyse them whole
 * (`analyseFile`: the parse and the references) while the main thread reads and scans the other
 * files, which only stores what comes back; once it is done with those, the main thread takes
 * the batches still queued too. Batches go to whoever is free first. Each worker runs this same
 * bundle (dist/server.js or dist/cli.js), which calls `runRecordWorkerIfWorker()` first thing.
 */
export class RecordWorkerPool implements RecordParser {
  /** Batches each worker holds at once: a second one waits in its inbox, so the worker never idles
   * while the main thread is too busy to hand it the next. */
  private readonly inFlight = new Map<Worker, number>();
  private readonly all: Worker[] = [];
  private readonly queue: Batch[] = [];
  private readonly running = new Map<number, Batch>();
  private nextId = 0;
  private broken = false;

  /** One worker per core but one: the main thread is the last parser. */
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
      const batch = this.running.get(reply.id);
      if (!batch) return;
      this.running.delete(reply.id);
      batch.resolve(reply.analyses ?? analyseHere(batch));
      this.inFlight.set(worker, (this.inFlight.get(worker) ?? 1) - 1);
      this.pump();
    });
    worker.on('error', (error) => this.fail(`record parsing worker failed: ${error.message}`));
    this.all.push(worker);
    this.inFlight.set(worker, 0);
  }

  /** A worker that fails is not trusted again: everything it or the queue holds is parsed here. */
  private fail(message: string): void {
    if (!this.broken) this.log.warn(`${message}; parsing records on the main thread instead.`);
    this.broken = true;
    for (const batch of [...this.running.values(), ...this.queue.splice(0)]) batch.resolve(analyseHere(batch));
    this.running.clear();
  }

  analyse(jobs: RecordParseJob[], context: AnalysisContext): Promise<FileAnalysis[]> {
    if (this.broken || jobs.length === 0) return Promise.resolve(analyseHere({ jobs, context }));
    return new Promise((resolve) => {
      this.queue.push({ jobs, context, resolve });
      this.pump();
    });
  }

  private pump(): void {
    for (const worker of this.all) {
      while ((this.inFlight.get(worker) ?? 0) < BATCHES_PER_WORKER && this.queue.length > 0) {
        const batch = this.queue.shift()!;
        const id = this.nextId++;
        this.running.set(id, batch);
        this.inFlight.set(worker, (this.inFlight.get(worker) ?? 0) + 1);
        worker.postMessage({ id, jobs: batch.jobs, context: batch.context.record } satisfies Request);
      }
    }
  }

  async helpUntilDone(): Promise<void> {
    for (let batch = this.queue.pop(); batch; batch = this.queue.pop()) {
      // From the back of the queue: the workers take from the front, so nobody waits on anybody.
      batch.resolve(analyseHere(batch));
      // Let the workers' answers in between batches.
      await new Promise((resolve) => setTimeout(resolve, 0));
    }
  }

  async close(): Promise<void> {
    await Promise.all(this.all.map((w) => w.terminate()));
  }
}

function analyseHere(batch: Pick<Batch, 'jobs' | 'context'>): FileAnalysis[] {
  return batch.jobs.map((job) => analyseFile(job.path, job.text, batch.context));
}

/** In a worker started by the pool: answer requests forever, and say so. */
export function runRecordWorkerIfWorker(): boolean {
  if (isMainThread || !parentPort) return false;
  const port = parentPort;
  port.on('message', ({ id, jobs, context: record }: Request) => {
    try {
      // The same patterns the main thread accepted: compiling them is nothing next to a batch's parse.
      const context: AnalysisContext = { matcher: compileIdPatterns(record.idPatterns ?? []).matcher, record, isRecord: () => true, resultIsCopied: true };
      port.postMessage({ id, analyses: analyseHere({ jobs, context }) } satisfies Reply);
    } catch (error) {
      port.postMessage({ id, error: (error as Error).message } satisfies Reply);
    }
  });
  return true;
}

/**
 * Below this many records to parse, the main thread parses them alone: a worker first loads the
 * whole bundle (about as long as parsing a couple of hundred records), and a small folder's first
 * index must feel instant.
 */
export const MIN_RECORDS_FOR_WORKERS = 250;

/**
 * Runs one load with a pool of workers started only when the load asks for a parser of at least
 * `minRecords` records (the server: MIN_RECORDS_FOR_WORKERS), and closed afterwards: idle workers
 * would only hold memory (a re-index starts a new pool).
 */
export async function withRecordWorkers<T>(
  log: Logger,
  use: (parserFor: (records: number) => RecordParser | undefined) => Promise<T>,
  minRecords = MIN_RECORDS_FOR_WORKERS,
): Promise<T> {
  let pool: RecordWorkerPool | undefined;
  let asked = false;
  const parserFor = (records: number): RecordParser | undefined => {
    if (records < minRecords) return undefined;
    if (!asked) pool = createRecordWorkerPool(log);
    asked = true;
    return pool;
  };
  try {
    return await use(parserFor);
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
