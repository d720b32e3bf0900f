import { type ChildProcess, spawn } from 'node:child_process';
import { tmpdir } from 'node:os';

/**
 * Reads what `rg --count --include-zero --null` prints as it prints it: for every file it
 * searched, the file's path, a NUL, the number of matching lines, and a line break. A path may hold
 * any byte but NUL (line breaks, colons, bytes that are not UTF-8), so it is taken up to the NUL as
 * bytes; the count runs to the line break. Output arrives in chunks cut anywhere.
 */
export class RipgrepCountParser {
  private pending: Buffer = Buffer.alloc(0);

  constructor(private readonly onFile: (path: Buffer, count: number) => void) {}

  push(chunk: Buffer): void {
    let data = this.pending.length > 0 ? Buffer.concat([this.pending, chunk]) : chunk;
    let at = 0;
    for (;;) {
      const nul = data.indexOf(0, at);
      if (nul < 0) break;
      const newline = data.indexOf(10, nul + 1);
      if (newline < 0) break;
      const count = Number(data.toString('latin1', nul + 1, newline));
      // Copied: the chunk is let go once read, and a path kept as a view would keep all of it.
      // A count that does not read as one says nothing: the file is taken as one that may match.
      this.onFile(Buffer.from(data.subarray(at, nul)), Number.isInteger(count) ? count : 1);
      at = newline + 1;
    }
    data = data.subarray(at);
    this.pending = data.length > 0 ? Buffer.from(data) : Buffer.alloc(0);
  }

  /** Whether the output ended in the middle of an entry (ripgrep was cut off). */
  get incomplete(): boolean {
    return this.pending.length > 0;
  }
}

/** One file ripgrep searched: its absolute path as printed (bytes), and how many lines matched. */
export interface RipgrepCount {
  path: Buffer;
  count: number;
}

/**
 * One `rg --count --null` run (with `--include-zero` or not), read as it goes: `batches()` gives
 * what it printed, waiting for more while it runs. Once it has ended, `failure` says why its
 * listing may be incomplete (it could not start, exited with an error, was cut off or timed out),
 * or is undefined when it finished (0: matches, 1: none).
 */
export class RipgrepRun {
  ended = false;
  failure: string | undefined;
  private printed: RipgrepCount[] = [];
  private wake: (() => void) | undefined;
  private child: ChildProcess | undefined;
  private timer: NodeJS.Timeout | undefined;

  constructor(program: string, args: string[], timeoutMs: number) {
    const parser = new RipgrepCountParser((path, count) => this.printed.push({ path, count }));
    try {
      // No configuration from the environment (RIPGREP_CONFIG_PATH and the like): only PATH.
      this.child = spawn(program, args, { cwd: tmpdir(), stdio: ['ignore', 'pipe', 'ignore'], env: { PATH: process.env.PATH ?? '' } });
    } catch (error) {
      this.end(`could not be started (${(error as Error).message})`);
      return;
    }
    let timedOut = false;
    this.timer = setTimeout(() => {
      timedOut = true;
      this.child?.kill('SIGKILL');
    }, timeoutMs);
    this.child.stdout!.on('data', (chunk: Buffer) => {
      parser.push(chunk);
      this.wakeUp();
    });
    this.child.on('error', (error) => this.end(`could not be run (${error.message})`));
    this.child.on('close', (code, signal) => {
      if (timedOut) this.end(`took longer than ${Math.round(timeoutMs / 1000)} s`);
      else if (code !== 0 && code !== 1) this.end(`exited with ${code ?? signal}`);
      else this.end(parser.incomplete ? 'ended in the middle of a line' : undefined);
    });
  }

  /** What it prints, in batches as they come, until it ends (then see `failure`). */
  async *batches(): AsyncGenerator<RipgrepCount[], void, undefined> {
    for (;;) {
      if (this.printed.length === 0 && !this.ended) await new Promise<void>((resolve) => (this.wake = resolve));
      const printed = this.printed;
      this.printed = [];
      if (printed.length > 0) yield printed;
      else if (this.ended) return;
    }
  }

  /** Ends the run now if it still goes on (the caller needs no more). */
  stop(): void {
    if (!this.ended) {
      this.child?.kill('SIGKILL');
      this.end('was stopped');
    }
  }

  private end(failure: string | undefined): void {
    if (this.ended) return;
    this.ended = true;
    this.failure = failure;
    clearTimeout(this.timer);
    this.wakeUp();
  }

  private wakeUp(): void {
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }
}
