/**
 * "What changed since the merge base": one answer for the Branch view (Touching This Branch),
 * `review` and the MCP server's `incidents_for_diff`. The working tree against the merge base of
 * HEAD with a base revision (default: the default branch). What counts as changed:
 * - committed and staged changes: `git diff-index --cached -M` from the merge base to the index
 *   (tree against index: git reads no working-tree file, so no clean filter the repository's
 *   .gitattributes names runs), renames paired;
 * - unstaged edits: tracked files whose size or modification time differ from the index's
 *   record of them, told by stat in Node without reading any file;
 * - untracked files that are not ignored: a change an agent is writing is rarely staged yet.
 * Old texts come from `git show` of the blobs (no filters, no textconv); new texts are read from
 * disk by the workspace reader (regular files only, size-capped, binaries left unread).
 */
import { promises as fs } from 'node:fs';
import * as nodePath from 'node:path';
import type { ChangedFile } from '../../core/features/review';
import type { WorkspaceFiles } from '../../core/ports';
import { baseRevision, headCommit, mergeBaseOf } from './refs';
import { GitError, GitRunner, SAFE_DIFF_ARGS } from './runner';

/** One changed path, without its texts. */
export type ChangedPath = Pick<ChangedFile, 'path' | 'status' | 'oldPath'>;

export interface BranchChange {
  /** The base as asked (or the default branch found), e.g. `origin/main`. */
  base: string;
  mergeBase: string;
  head: string;
  /** Sorted by path; a renamed file once, under its new name with its old one. */
  files: ChangedPath[];
}

export interface WorkingTreeChange extends Omit<BranchChange, 'files'> {
  files: ChangedFile[];
}

/** Paths (or blobs) per call: keeps command lines short on every platform. */
const PATHS_PER_CALL = 200;

/** What changed in the runner's folder since the merge base with `base`. Throws GitError. */
export async function changeSinceMergeBase(git: GitRunner, base?: string): Promise<BranchChange> {
  const { head } = await headCommit(git);
  const baseRev = await baseRevision(git, base);
  const mergeBase = await mergeBaseOf(git, baseRev, head);
  const changed = new Map<string, ChangedPath>();
  const staged = await git.run(['diff-index', '--cached', '-M', '-z', '--name-status', '--relative', ...SAFE_DIFF_ARGS, '--end-of-options', mergeBase, '--']);
  for (const entry of parseNameStatus(staged)) changed.set(entry.path, entry);
  for (const path of await modifiedByStat(git)) if (!changed.has(path)) changed.set(path, { path, status: 'modified' });
  const untracked = await git.run(['ls-files', '-z', '--others', '--exclude-standard', '--']);
  for (const path of untracked.split('\0')) if (path && !changed.has(path)) changed.set(path, { path, status: 'added' });

  const files: ChangedPath[] = [];
  for (const entry of [...changed.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))) {
    const onDisk = await fs.lstat(nodePath.join(git.folder, entry.path)).then(
      () => true,
      () => false,
    );
    let status = entry.status;
    if (!onDisk) status = 'deleted';
    else if (status === 'deleted') status = 'modified'; // deleted from the index, back on disk
    files.push({ ...entry, status });
  }
  return { base: baseRev.name, mergeBase, head, files };
}

/**
 * The change with each file's text at the merge base and now, for `review`. Files larger than
 * `maxFileSize` are not read (their change counts as a whole). Throws GitError.
 */
export async function readWorkingTreeChange(
  root: string,
  files: WorkspaceFiles,
  options: { base?: string; maxFileSize: number; timeoutMs?: number },
): Promise<WorkingTreeChange> {
  const git = new GitRunner(root, { timeoutMs: options.timeoutMs });
  const change = await changeSinceMergeBase(git, options.base);
  // Old texts: the blobs at the merge base, sized first so that no huge blob is read, then read
  // in a few `git show` calls (one process per file would cost seconds in a large change).
  const oldPaths = change.files.filter((f) => f.status !== 'added').map((f) => f.oldPath ?? f.path);
  const blobs = await blobsAt(git, change.mergeBase, oldPaths);
  const oldTexts = await blobTexts(
    git,
    [...blobs.values()].filter((b) => b.size <= options.maxFileSize),
  );
  const withTexts: ChangedFile[] = [];
  for (const entry of change.files) {
    const blob = blobs.get(entry.oldPath ?? entry.path);
    const file: ChangedFile = { ...entry, oldText: entry.status === 'added' || !blob ? undefined : oldTexts.get(blob.id), newText: undefined };
    if (entry.status !== 'deleted') {
      const read = await files.readForIndex(entry.path, options.maxFileSize);
      if ('text' in read) file.newText = read.text;
    }
    withTexts.push(file);
  }
  return { ...change, files: withTexts };
}

/** The folder's path inside its repository (`sub/dir/`), '' at the root or outside git. */
export async function repoPrefix(root: string): Promise<string> {
  try {
    return (await new GitRunner(root).run(['rev-parse', '--show-prefix'])).trim();
  } catch {
    return '';
  }
}

/** `--name-status -z` output (`M\0path\0`, `R100\0old\0new\0`, ...); a copy counts as added. */
export function parseNameStatus(text: string): ChangedPath[] {
  const tokens = text.replace(/^\0?\n?/, '').split('\0');
  const out: ChangedPath[] = [];
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

/**
 * Tracked files whose size or modification time on disk differ from what the index recorded
 * (or that are gone): unstaged edits, told without reading any file's content.
 */
async function modifiedByStat(git: GitRunner): Promise<string[]> {
  const listing = await git.run(['ls-files', '-z', '--debug', '--']);
  const modified: string[] = [];
  // --debug prints each NUL-terminated path followed by lines of its cached stat data.
  const entry = /(?:^|\n)([^\0\n]*)\0\s+ctime: \d+:\d+\n\s+mtime: (\d+):(\d+)\n[^]*?size: (\d+)/g;
  for (const [, rel, seconds, nanos, size] of listing.matchAll(entry)) {
    try {
      const stat = await fs.lstat(nodePath.join(git.folder, rel), { bigint: true });
      const sameTime = stat.mtimeNs / 1_000_000_000n === BigInt(seconds) && (nanos === '0' || stat.mtimeNs % 1_000_000_000n === BigInt(nanos));
      if (!sameTime || stat.size !== BigInt(size)) modified.push(rel);
    } catch {
      modified.push(rel);
    }
  }
  return modified;
}

/** The blobs at `commit` for these paths (relative to the folder); trees, links and submodules left out. */
async function blobsAt(git: GitRunner, commit: string, paths: string[]): Promise<Map<string, { id: string; size: number }>> {
  const blobs = new Map<string, { id: string; size: number }>();
  for (let i = 0; i < paths.length; i += PATHS_PER_CALL) {
    const out = await git.run(['ls-tree', '-z', '--long', '--end-of-options', commit, '--', ...paths.slice(i, i + PATHS_PER_CALL)]);
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
async function blobTexts(git: GitRunner, blobs: Array<{ id: string; size: number }>): Promise<Map<string, string>> {
  const texts = new Map<string, string>();
  const unique = [...new Map(blobs.map((b) => [b.id, b])).values()];
  for (let i = 0; i < unique.length; i += PATHS_PER_CALL) {
    const chunk = unique.slice(i, i + PATHS_PER_CALL);
    const bytes = await git.runBytes(['show', '--no-textconv', '--no-ext-diff', '--no-color', '--end-of-options', ...chunk.map((b) => b.id)]);
    let at = 0;
    for (const blob of chunk) {
      const content = bytes.subarray(at, at + blob.size);
      at += blob.size;
      if (content.subarray(0, 8000).includes(0)) continue;
      const text = content.toString('utf8');
      texts.set(blob.id, text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
    }
    if (at !== bytes.length) throw new GitError('failed', 'git show gave blobs of unexpected sizes');
  }
  return texts;
}
