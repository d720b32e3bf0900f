/**
 * Reading postmortems is the costly part of an import, and its input is hostile: it runs in a
 * worker thread, so the language server keeps answering the editor while it reads, and a
 * cancelled import stops at once (the worker is ended, wherever it is). The worker runs this same
 * bundle (dist/server.js or dist/cli.js), which calls `runImportWorkerIfWorker()` first thing.
 */
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { readPostmortem, type PostmortemReading, type SourceText } from '../core/import';
import { compileIdPatterns } from '../core/references';

const FLAG = '--import-worker';

export interface ReadingContext {
  idPatterns: string[];
  severities: string[];
}

interface Request {
  sources: SourceText[];
  context: ReadingContext;
}

/** Thrown when the import was cancelled before its sources were read. */
export class ImportCancelledError extends Error {
  constructor() {
    super('The import was cancelled.');
  }
}

/** Every source read, in order: in a worker when this is a bundle, else (tests from sources) here. */
export function readPostmortems(sources: SourceText[], context: ReadingContext, signal?: AbortSignal): Promise<PostmortemReading[]> {
  if (signal?.aborted) return Promise.reject(new ImportCancelledError());
  if (sources.length === 0) return Promise.resolve([]);
  if (process.env.INCIDENT_LENS_NO_WORKERS === '1' || !__filename.endsWith('.js')) return Promise.resolve(readHere({ sources, context }));
  let worker: Worker;
  try {
    worker = new Worker(__filename, { argv: [FLAG], workerData: { sources, context } satisfies Request, stdout: false, stderr: false });
  } catch {
    // No thread to be had (a process at its limits): read here, as tests from sources do.
    return Promise.resolve(readHere({ sources, context }));
  }
  return new Promise((resolve, reject) => {
    const cancel = () => {
      void worker.terminate();
      reject(new ImportCancelledError());
    };
    signal?.addEventListener('abort', cancel, { once: true });
    const done = () => signal?.removeEventListener('abort', cancel);
    worker.once('message', (readings: PostmortemReading[]) => {
      done();
      resolve(readings);
      void worker.terminate();
    });
    worker.once('error', (error) => {
      done();
      reject(error);
    });
    worker.once('exit', (code) => {
      done();
      // After an answer or a cancel this changes nothing; otherwise the worker died without one.
      reject(new Error(`the import worker stopped (exit code ${code}) before reading every source`));
    });
  });
}

function readHere({ sources, context }: Request): PostmortemReading[] {
  const { matcher } = compileIdPatterns(context.idPatterns);
  return sources.map((source) => readPostmortem(source, { matcher, severities: context.severities }));
}

/** In a worker started by `readPostmortems`: read, answer once, and say so. */
export function runImportWorkerIfWorker(): boolean {
  if (isMainThread || !parentPort || !process.argv.includes(FLAG)) return false;
  parentPort.postMessage(readHere(workerData as Request));
  return true;
}
