/**
 * The changed line ranges of the files `review` needs them for, from git's own diff: one `git
 * diff --no-index --unified=0` of the texts the review holds, written to a scratch folder of ours
 * (`old/<n>`, `new/<n>`; outside any repository, so no repository configuration, attributes or
 * filters apply). Its hunk headers are read as the output streams; the changed lines themselves
 * are never kept. Bounded per file: past MAX_HUNKS runs the whole file counts as changed.
 */
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as nodePath from 'node:path';
import type { ChangedFile, Hunk } from '../../core/features/review';
import type { Logger } from '../../core/ports';
import { GitRunner, SAFE_DIFF_ARGS } from './runner';

/** Changed runs kept per file; a file changed in more places than this counts as changed whole. */
export const MAX_HUNKS = 10_000;
/** Characters kept of each output line: what is read (a file header, a hunk's numbers) comes first. */
const HEAD_CHARS = 80;
const FILE_HEADER = /^diff --git a\/old\/(\d+) /;
const HUNK_HEADER = /^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@/;

/**
 * The files with `hunks` filled in for those `wanted` says need them (both texts known and
 * different); the others unchanged. Logs how many files were diffed. When git cannot diff them,
 * none gets `hunks` (each counts as changed whole).
 */
export async function addLineRanges(files: ChangedFile[], wanted: (file: ChangedFile) => boolean, log: Logger): Promise<ChangedFile[]> {
  const asked = files.filter((f) => f.oldText !== undefined && f.newText !== undefined && f.oldText !== f.newText && wanted(f));
  if (asked.length === 0) return files;
  log.info(`review: line ranges of ${asked.length} of ${files.length} changed file(s), the ones an incident is tied to`);
  let scratch: string | undefined;
  try {
    scratch = await fs.mkdtemp(nodePath.join(os.tmpdir(), 'incident-lens-lines-'));
    await fs.mkdir(nodePath.join(scratch, 'old'), { mode: 0o700 });
    await fs.mkdir(nodePath.join(scratch, 'new'), { mode: 0o700 });
    for (const [n, file] of asked.entries()) {
      await fs.writeFile(nodePath.join(scratch, 'old', String(n)), file.oldText!, { flag: 'wx', mode: 0o600 });
      await fs.writeFile(nodePath.join(scratch, 'new', String(n)), file.newText!, { flag: 'wx', mode: 0o600 });
    }
    const reader = new HunkReader();
    const git = new GitRunner(scratch, { scratch: true });
    // The prefixes and hunk merging are fixed whatever the user's own configuration says.
    const args = [
      'diff',
      '--no-index',
      '--no-renames',
      '--unified=0',
      '--inter-hunk-context=0',
      '--text',
      '--src-prefix=a/',
      '--dst-prefix=b/',
      ...SAFE_DIFF_ARGS,
    ];
    await git.stream([...args, '--', 'old', 'new'], (chunk) => reader.push(chunk), [0, 1]);
    reader.close();
    const ranged = new Map(asked.map((file, n) => [file, reader.hunksOf(n)]));
    return files.map((f) => {
      const hunks = ranged.get(f);
      return hunks ? { ...f, hunks } : f;
    });
  } catch (error) {
    log.warn(`review: no line ranges (${(error as Error).message}); the files count as changed whole`);
    return files;
  } finally {
    // A folder left behind is no reason to fail the review.
    if (scratch !== undefined) await fs.rm(scratch, { recursive: true, force: true }).catch(() => undefined);
  }
}

/** Reads `diff --git` and `@@ -a,b +c,d @@` headers from streamed diff output; every other line is skipped unkept. */
export class HunkReader {
  /** Per file number: its runs, or undefined once past MAX_HUNKS. */
  private readonly byFile = new Map<number, Hunk[] | undefined>();
  private file = -1;
  private head = '';

  /** The runs of file `n`; undefined when it has too many, or git did not print it (its texts differ). */
  hunksOf(n: number): Hunk[] | undefined {
    return this.byFile.get(n);
  }

  push(chunk: Buffer): void {
    // Headers are ASCII; latin1 decodes any byte without a replacement character.
    const text = chunk.toString('latin1');
    for (let from = 0; ;) {
      const newline = text.indexOf('\n', from);
      const end = newline < 0 ? text.length : newline;
      if (this.head.length < HEAD_CHARS) this.head += text.slice(from, Math.min(end, from + HEAD_CHARS - this.head.length));
      if (newline < 0) return;
      this.endLine();
      from = newline + 1;
    }
  }

  close(): void {
    this.endLine();
  }

  private endLine(): void {
    const line = this.head;
    this.head = '';
    const file = FILE_HEADER.exec(line);
    if (file) {
      this.file = Number(file[1]);
      this.byFile.set(this.file, []);
      return;
    }
    const match = HUNK_HEADER.exec(line);
    const hunks = this.byFile.get(this.file);
    if (!match || !hunks) return;
    if (hunks.length >= MAX_HUNKS) {
      this.byFile.set(this.file, undefined);
      return;
    }
    // A count of 0 (a pure addition or removal) puts the start after the named line.
    const side = (start: string, count: string | undefined) => {
      const n = count === undefined ? 1 : Number(count);
      const first = n === 0 ? Number(start) : Number(start) - 1;
      return [first, first + n];
    };
    const [oldStart, oldEnd] = side(match[1], match[2]);
    const [newStart, newEnd] = side(match[3], match[4]);
    hunks.push({ oldStart, oldEnd, newStart, newEnd });
  }
}
