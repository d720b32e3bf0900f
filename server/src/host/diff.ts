/**
 * The change `review` and the MCP server look at: the working tree against the merge base of
 * HEAD with a base revision (default: the default branch), read through git with the lockdown of
 * ./gitSafety.ts. What counts as changed:
 * - committed and staged changes: `git diff-index --cached -M` from the merge base to the index
 *   (tree against index: git reads no working-tree file, so no clean filter runs), renames paired;
 * - unstaged edits: tracked files whose size or modification time differ from the index's
 *   record of them (told by stat in Node, as ./git.ts does for `--changed`);
 * - untracked files that are not ignored (`git ls-files --others --exclude-standard`): a change
 *   an agent is writing is rarely staged yet.
 * Old texts come from `git cat-file blob` (no filters, no textconv); new texts are read from disk
 * by the workspace reader (regular files only, size-capped, binaries left unread).
 */
import { promises as fs } from 'node:fs';
import * as nodePath from 'node:path';
import type { ChangedFile } from '../core/features/review';
import type { WorkspaceFiles } from '../core/ports';
import { SAFE_DIFF_ARGS, lockedSimpleGit } from './gitSafety';

/** Why the change could not be read, each with what to do about it. */
export type ChangeErrorKind = 'no-git' | 'not-a-repo' | 'no-commits' | 'no-default-branch' | 'unknown-base' | 'no-merge-base' | 'failed';

export class ChangeError extends Error {
  constructor(
    readonly kind: ChangeErrorKind,
    message: string,
  ) {
    super(message);
  }
}

export interface WorkingTreeChange {
  /** The base as asked (or the default branch found), e.g. `origin/main`. */
  base: string;
  mergeBase: string;
  head: string;
  files: ChangedFile[];
}

export interface ChangeOptions {
  /** Revision to compare with; undefined: origin/HEAD, else main, else master. */
  base?: string;
  /** Files larger than this are not read (their change counts as a whole). */
  maxFileSize: number;
  timeoutMs?: number;
}

const DEFAULT_TIMEOUT_MS = 30_000;
/** Paths per `ls-tree` call: keeps command lines short on every platform. */
const PATHS_PER_CALL = 200;
const HASH = /^[0-9a-f]{40,64}$/;

/** Reads what changed in `root` (a folder inside a git work tree) since the merge base. */
export async function readWorkingTreeChange(root: string, files: WorkspaceFiles, options: ChangeOptions): Promise<WorkingTreeChange> {
  const git = new LockedGit(root, options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
  const head = await git.head();
  const { name: base, hash: baseHash } = await git.baseRevision(options.base);
  let mergeBase: string;
  try {
    mergeBase = (await git.run(['merge-base', '--end-of-options', baseHash, head])).trim();
  } catch {
    mergeBase = '';
  }
  if (!HASH.test(mergeBase)) {
    throw new ChangeError(
      'no-merge-base',
      `HEAD and ${base} share no history. In a shallow clone, fetch the full history (actions/checkout with fetch-depth: 0, GIT_DEPTH: 0 in GitLab CI, or git fetch --unshallow).`,
    );
  }

  const statuses = new Map<string, { status: ChangedFile['status']; oldPath?: string }>();
  const staged = await git.run(['diff-index', '--cached', '-M', '-z', '--name-status', '--relative', ...SAFE_DIFF_ARGS, '--end-of-options', mergeBase, '--']);
  for (const entry of parseNameStatus(staged)) statuses.set(entry.path, entry);
  for (const path of await git.modifiedByStat(root)) if (!statuses.has(path)) statuses.set(path, { status: 'modified' });
  const untracked = await git.run(['ls-files', '-z', '--others', '--exclude-standard', '--']);
  for (const path of untracked.split('\0')) if (path && !statuses.has(path)) statuses.set(path, { status: 'added' });

  // Old texts: the blobs at the merge base, sized first so that no huge blob is read, then read
  // in a few `git show` calls (one process per file would cost seconds in a large change).
  const oldPaths = [...statuses.entries()].filter(([, s]) => s.status !== 'added').map(([path, s]) => s.oldPath ?? path);
  const blobs = await git.blobsAt(mergeBase, oldPaths);
  const oldTexts = await git.blobTexts([...blobs.values()].filter((b) => b.size <= options.maxFileSize));
  const changed: ChangedFile[] = [];
  for (const [path, entry] of [...statuses.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const oldPath = entry.oldPath ?? path;
    let status = entry.status;
    const onDisk = await fs.lstat(nodePath.join(root, path)).then(
      () => true,
      () => false,
    );
    if (!onDisk) status = 'deleted';
    else if (status === 'deleted') status = 'modified'; // deleted from the index, back on disk
    const blob = blobs.get(oldPath);
    const oldText = status === 'added' || !blob ? undefined : oldTexts.get(blob.id);
    let newText: string | undefined;
    if (status !== 'deleted') {
      const read = await files.readForIndex(path, options.maxFileSize);
      if ('text' in read) newText = read.text;
    }
    const file: ChangedFile = { path, status, oldText, newText };
    if (entry.oldPath && entry.oldPath !== path) file.oldPath = entry.oldPath;
    changed.push(file);
  }
  return { base, mergeBase, head, files: changed };
}

/** `--name-status -z` output: `M\0path\0`, `R100\0old\0new\0`, ... */
function parseNameStatus(text: string): Array<{ path: string; status: ChangedFile['status']; oldPath?: string }> {
  const tokens = text.split('\0');
  const out: Array<{ path: string; status: ChangedFile['status']; oldPath?: string }> = [];
  for (let i = 0; i < tokens.length;) {
    const code = tokens[i];
    if (!/^[A-Z][0-9]*$/.test(code)) {
      i++;
      continue;
    }
    if (code[0] === 'R' || code[0] === 'C') {
      const [from, to] = [tokens[i + 1], tokens[i + 2]];
      if (from && to) out.push(code[0] === 'R' ? { path: to, status: 'renamed', oldPath: from } : { path: to, status: 'added' });
      i += 3;
    } else {
      const path = tokens[i + 1];
      if (path) out.push({ path, status: code === 'A' ? 'added' : code === 'D' ? 'deleted' : 'modified' });
      i += 2;
    }
  }
  return out;
}

/** One git process at a time, each with the lockdown, a timeout and plain English errors. */
class LockedGit {
  constructor(
    private readonly root: string,
    private readonly timeoutMs: number,
  ) {}

  async run(args: string[]): Promise<string> {
    return (await this.runBuffer(args)).toString('utf8');
  }

  /** Runs one git command, its output as bytes. */
  async runBuffer(args: string[]): Promise<Buffer> {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), this.timeoutMs);
    try {
      const git = lockedSimpleGit({ baseDir: this.root, timeoutMs: this.timeoutMs, signal: controller.signal });
      // showBuffer runs `git <args>` (its name aside) and keeps the output as bytes.
      const [command, ...rest] = args;
      if (command === 'show') return await git.showBuffer(rest);
      return Buffer.from(await git.raw(['--no-pager', ...args]), 'utf8');
    } catch (error) {
      throw classify(error, controller.signal.aborted);
    } finally {
      clearTimeout(timer);
    }
  }

  async head(): Promise<string> {
    let out: string;
    try {
      out = await this.run(['rev-parse', '--verify', 'HEAD^{commit}']);
    } catch (error) {
      if (error instanceof ChangeError && error.kind === 'failed') {
        throw new ChangeError('no-commits', 'the repository has no commits yet: commit the work first, then review it.');
      }
      throw error;
    }
    const head = out.trim();
    if (!HASH.test(head)) throw new ChangeError('failed', 'git gave no HEAD commit');
    return head;
  }

  /** The base revision as named and its commit; the default branch when none is given. */
  async baseRevision(base: string | undefined): Promise<{ name: string; hash: string }> {
    if (base === undefined) {
      const candidates = ['refs/remotes/origin/HEAD', 'refs/heads/main', 'refs/heads/master', 'refs/remotes/origin/main', 'refs/remotes/origin/master'];
      const out = await this.run(['for-each-ref', '--format=%(refname)', '--end-of-options', ...candidates]);
      const present = new Set(out.split('\n'));
      const found = candidates.find((c) => present.has(c));
      if (!found) {
        throw new ChangeError(
          'no-default-branch',
          'no default branch to compare with (origin/HEAD, main and master do not exist here): pass the base with --base, e.g. --base origin/main (fetch it first in CI).',
        );
      }
      const hash = await this.resolve(found);
      if (!hash) throw new ChangeError('no-default-branch', `${found} does not point at a commit: pass the base with --base.`);
      return { name: found.replace(/^refs\/(heads|remotes)\//, ''), hash };
    }
    const hash = base === '' || base.startsWith('-') || /[\0\n]/.test(base) ? undefined : await this.resolve(base);
    if (!hash) {
      throw new ChangeError(
        'unknown-base',
        `unknown base ${JSON.stringify(base)}: no commit has that name here. Fetch it first (e.g. git fetch origin ${base.replace(/^origin\//, '')}) or name an existing branch, tag or commit.`,
      );
    }
    return { name: base, hash };
  }

  private async resolve(rev: string): Promise<string | undefined> {
    try {
      const out = (await this.run(['rev-parse', '--verify', '--quiet', '--end-of-options', `${rev}^{commit}`])).trim();
      return HASH.test(out) ? out : undefined;
    } catch (error) {
      if (error instanceof ChangeError && error.kind !== 'failed') throw error;
      return undefined;
    }
  }

  /** The blobs at `commit` for these paths (relative to the folder); trees, links and submodules left out. */
  async blobsAt(commit: string, paths: string[]): Promise<Map<string, { id: string; size: number }>> {
    const blobs = new Map<string, { id: string; size: number }>();
    for (let i = 0; i < paths.length; i += PATHS_PER_CALL) {
      const chunk = paths.slice(i, i + PATHS_PER_CALL);
      const out = await this.run(['ls-tree', '-z', '--long', '--end-of-options', commit, '--', ...chunk]);
      for (const line of out.split('\0')) {
        // <mode> SP <type> SP <object> SP+ <size> TAB <path>
        const match = /^(\d+) (\w+) ([0-9a-f]+) +(\d+|-)\t(.*)$/s.exec(line);
        if (match && match[2] === 'blob' && match[1] !== '120000' && match[4] !== '-') blobs.set(match[5], { id: match[3], size: Number(match[4]) });
      }
    }
    return blobs;
  }

  /**
   * The texts of blobs, by id; binary ones left out. `git show` of several blobs writes their
   * contents back to back, which the known sizes split. No textconv, no filters.
   */
  async blobTexts(blobs: Array<{ id: string; size: number }>): Promise<Map<string, string>> {
    const texts = new Map<string, string>();
    const unique = [...new Map(blobs.map((b) => [b.id, b])).values()];
    for (let i = 0; i < unique.length; i += PATHS_PER_CALL) {
      const chunk = unique.slice(i, i + PATHS_PER_CALL);
      const bytes = await this.runBuffer(['show', '--no-textconv', '--no-ext-diff', '--no-color', '--end-of-options', ...chunk.map((b) => b.id)]);
      let at = 0;
      for (const blob of chunk) {
        const content = bytes.subarray(at, at + blob.size);
        at += blob.size;
        if (content.subarray(0, 8000).includes(0)) continue;
        const text = content.toString('utf8');
        texts.set(blob.id, text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
      }
      if (at !== bytes.length) throw new ChangeError('failed', 'git show gave blobs of unexpected sizes');
    }
    return texts;
  }

  /**
   * Tracked files whose size or modification time on disk differ from what the index recorded
   * (or that are gone): unstaged edits, told without reading any file's content.
   */
  async modifiedByStat(root: string): Promise<string[]> {
    const listing = await this.run(['ls-files', '-z', '--debug', '--']);
    const modified: string[] = [];
    // --debug prints each NUL-terminated path followed by lines of its cached stat data.
    const entry = /(?:^|\n)([^\0\n]*)\0\s+ctime: \d+:\d+\n\s+mtime: (\d+):(\d+)\n[^]*?size: (\d+)/g;
    for (const [, rel, seconds, nanos, size] of listing.matchAll(entry)) {
      try {
        const stat = await fs.lstat(nodePath.join(root, rel), { bigint: true });
        const sameTime = stat.mtimeNs / 1_000_000_000n === BigInt(seconds) && (nanos === '0' || stat.mtimeNs % 1_000_000_000n === BigInt(nanos));
        if (!sameTime || stat.size !== BigInt(size)) modified.push(rel);
      } catch {
        modified.push(rel);
      }
    }
    return modified;
  }
}

function classify(error: unknown, aborted: boolean): ChangeError {
  if (error instanceof ChangeError) return error;
  const text = error instanceof Error ? error.message : String(error);
  if (aborted || /block timeout|\babort/i.test(text)) return new ChangeError('failed', 'git took too long and was stopped');
  if (/ENOENT|spawn .* (not found|EACCES)/i.test(text)) return new ChangeError('no-git', 'git was not found: install git and put it on PATH.');
  if (/dubious ownership/i.test(text)) {
    return new ChangeError('not-a-repo', 'git refuses this repository (dubious ownership): mark it safe with git config --global --add safe.directory <path>.');
  }
  if (/not a git repository/i.test(text)) {
    return new ChangeError('not-a-repo', 'not a git repository: review compares the working tree with a base branch, so run it inside a git clone.');
  }
  const first = text.split('\n').find((l) => /^(fatal|error):/.test(l.replace(/^exit \d+: /, ''))) ?? text.split('\n')[0];
  return new ChangeError('failed', `git failed: ${first.replace(/^exit \d+: /, '').slice(0, 200)}`);
}

/** The folder's path inside its repository (`sub/dir/`), '' at the root or outside git. */
export async function repoPrefix(root: string, timeoutMs = DEFAULT_TIMEOUT_MS): Promise<string> {
  try {
    return (await new LockedGit(root, timeoutMs).run(['rev-parse', '--show-prefix'])).trim();
  } catch {
    return '';
  }
}
