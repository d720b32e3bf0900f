/**
 * The history port over simple-git (and, for `git log`, whose output can be gigabytes, git
 * spawned with the same lockdown and read as it streams). Every call: its own timeout (an idle
 * timeout plus an overall one), `--` before any path or after revisions, `--end-of-options`
 * before anything that came from outside, the locked-down config and environment of
 * ./gitSafety.ts. Any failure answers "no history" and logs one line per kind of failure.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as nodePath from 'node:path';
import type { Logger } from '../core/ports';
import {
  COMMIT_HASH,
  findIds,
  followRenames,
  type BranchBase,
  type CommitInfo,
  type HistoryPort,
  type HistoryQuery,
  type HistoryScan,
  type Rename,
} from '../core/history';
import { compileIdPatterns, type IdMatcher } from '../core/references';
import { GitLogParser } from './gitLogStream';
import { SAFE_DIFF_ARGS, SAFE_GIT_CONFIG, lockedSimpleGit, safeGitEnv } from './gitSafety';

export interface GitHistoryOptions {
  /** Longest any one git call may take, in ms (default 20 s). */
  timeoutMs?: number;
  /** The git executable (default `git` on PATH). */
  binary?: string;
}

/** Why git could not answer; each kind is logged once per port. */
type FailureKind = 'no-git' | 'not-a-repo' | 'dubious-ownership' | 'empty' | 'shallow' | 'timeout' | 'failed' | 'partial-clone';

class GitFailure extends Error {
  constructor(
    readonly kind: FailureKind,
    message: string,
    /** What git said, in full. */
    readonly detail = '',
  ) {
    super(message);
  }
}

const DEFAULT_TIMEOUT_MS = 20_000;
/** Git processes one port runs at once; more calls wait their turn. */
const MAX_PROCESSES = 4;
/** Revisions per command line: stays far below Windows' 32k-character limit. */
const HASHES_PER_CALL = 200;

export function createGitHistory(folder: string, log: Logger, opts: GitHistoryOptions = {}): HistoryPort {
  return new GitHistory(folder, log, opts);
}

class GitHistory implements HistoryPort {
  private readonly warned = new Set<FailureKind>();
  private readonly timeoutMs: number;
  private running = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(
    private readonly folder: string,
    private readonly log: Logger,
    private readonly opts: GitHistoryOptions,
  ) {
    this.timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  }

  async head(): Promise<string | undefined> {
    return this.guard(async () => (await this.probe()).head, undefined);
  }

  async commitsMentioningIncidents(query: HistoryQuery): Promise<HistoryScan | undefined> {
    return this.guard(async () => {
      const { shallow } = await this.probe();
      if (shallow) {
        // The oldest commit of a shallow clone looks as if it added every file: its incidents
        // would be tied to the whole tree. Partial history is not history.
        throw new GitFailure('shallow', 'shallow clone: git history is ignored (fetch the full history to use it)');
      }
      const revs = ['HEAD'];
      if (query.since !== undefined) {
        if (!COMMIT_HASH.test(query.since) || !(await this.isAncestor(query.since))) return undefined;
        revs.push(`^${query.since}`);
      }
      const max = Math.max(1, Math.floor(query.maxCommits));
      // One pass over every commit (no --grep): the renames of commits that mention no incident
      // are needed too, to give old files their current names. One more than the cap tells
      // whether history was cut.
      // The same bounded matcher files are scanned with: a hostile message costs linear time.
      const { matcher } = compileIdPatterns(query.idRegexSources);
      let all: CommitInfo[];
      try {
        all = await this.logCommits([`--max-count=${max + 1}`, ...revs], true, matcher);
      } catch (e) {
        // A partial (blobless) clone lacks the old file contents that inexact rename detection
        // reads, and fetching them is off. Read the history without following renames.
        if (!(e instanceof GitFailure && /lazy fetch|promisor/i.test(e.detail))) throw e;
        if (!this.warned.has('partial-clone')) {
          this.warned.add('partial-clone');
          this.log.info(`Incident Lens: ${this.folder} is a partial clone; renames are not followed in its history`);
        }
        all = await this.logCommits([`--max-count=${max + 1}`, '--no-renames', ...revs], true, matcher);
      }
      const truncated = all.length > max;
      if (truncated) {
        all.length = max;
        if (query.since === undefined) {
          this.log.info(`Incident Lens: read the newest ${max} commits of ${this.folder}; older history is ignored`);
        }
      }
      const commits = followRenames(all).filter((c) => c.ids.length > 0);
      return { commits, renames: all.flatMap((c) => c.renames), truncated };
    }, undefined);
  }

  async existingCommits(hashes: string[]): Promise<Set<string> | undefined> {
    return this.guard(async () => {
      if ((await this.probe()).shallow) {
        throw new GitFailure('shallow', 'shallow clone: commits older than the clone cannot be checked');
      }
      const found = await this.lookUp(hashes, false);
      return new Set(found.keys());
    }, undefined);
  }

  async describeCommits(hashes: string[]): Promise<Map<string, CommitInfo>> {
    const empty = new Map<string, CommitInfo>();
    return this.guard(async () => {
      const found = await this.lookUp(hashes, true);
      const out = new Map<string, CommitInfo>();
      for (const [asked, commit] of found) out.set(asked, commit);
      return out;
    }, empty);
  }

  async changedSinceMergeBase(base?: string): Promise<string[] | undefined> {
    return this.guard(async () => {
      await this.probe();
      const baseRev = base === undefined ? await this.defaultBranch() : await this.verifyRev(base);
      if (baseRev === undefined) {
        throw new GitFailure(
          'failed',
          base === undefined ? 'no default branch (origin/HEAD, main, master) to compare with' : `unknown base ${JSON.stringify(base)}`,
        );
      }
      const mergeBase = (await this.run(['merge-base', '--end-of-options', baseRev, 'HEAD'])).trim();
      if (!/^[0-9a-f]{40,64}$/.test(mergeBase)) throw new GitFailure('failed', `no merge base with ${baseRev}`);
      // Git itself never compares the working tree here: it would read files it thinks may have
      // changed (racily clean entries included) through the clean filter the repository's
      // .gitattributes names, a program. Tree to tree and tree to index read no file; unstaged
      // edits are found by comparing the index's recorded stat data with the disk, in Node.
      const committed = await this.run(['diff-tree', '-r', '-z', '--name-only', '--relative', ...SAFE_DIFF_ARGS, '--end-of-options', mergeBase, 'HEAD', '--']);
      const staged = await this.run(['diff-index', '--cached', '-z', '--name-only', '--relative', ...SAFE_DIFF_ARGS, '--end-of-options', 'HEAD', '--']);
      const unstaged = await this.modifiedByStat();
      const changed = [committed, staged, ...unstaged].join('\0');
      const untracked = await this.run(['ls-files', '-z', '--others', '--exclude-standard', '--']);
      const files = new Set<string>();
      for (const f of [...changed.split('\0'), ...untracked.split('\0')]) if (f) files.add(f);
      return [...files].sort();
    }, undefined);
  }

  async branchBase(base?: string): Promise<BranchBase | undefined> {
    return this.guard(async () => {
      const { head } = await this.probe();
      const ref = base === undefined ? await this.defaultBranch() : base;
      const baseCommit = ref === undefined ? undefined : await this.verifyRev(ref);
      if (ref === undefined || baseCommit === undefined) return undefined;
      // `origin/HEAD` reads better as the branch it points at (`origin/main`). `ref` is one of
      // defaultBranch's fixed names here, never a user's text, so it cannot pass for an option.
      const named = base === undefined ? (await this.run(['rev-parse', '--abbrev-ref', ref])).trim() : base;
      const branch = (await this.run(['rev-parse', '--abbrev-ref', 'HEAD'])).trim();
      return { base: named || ref, ...(branch && branch !== 'HEAD' ? { branch } : {}), onBase: baseCommit === head };
    }, undefined);
  }

  /**
   * Tracked files whose size or modification time on disk differ from what the index recorded
   * (or that are gone): unstaged edits, told without reading any file's content.
   */
  private async modifiedByStat(): Promise<string[]> {
    const listing = await this.run(['ls-files', '-z', '--debug', '--']);
    const modified: string[] = [];
    // --debug prints each NUL-terminated path followed by lines of its cached stat data.
    const entry = /(?:^|\n)([^\0\n]*)\0\s+ctime: \d+:\d+\n\s+mtime: (\d+):(\d+)\n[^]*?size: (\d+)/g;
    for (const match of listing.matchAll(entry)) {
      const [, rel, seconds, nanos, size] = match;
      try {
        const stat = await fs.lstat(nodePath.join(this.folder, rel), { bigint: true });
        const sameTime = stat.mtimeNs / 1_000_000_000n === BigInt(seconds) && (nanos === '0' || stat.mtimeNs % 1_000_000_000n === BigInt(nanos));
        if (!sameTime || stat.size !== BigInt(size)) modified.push(rel);
      } catch {
        modified.push(rel);
      }
    }
    return modified;
  }

  // --- git calls -------------------------------------------------------------------------------

  /** Runs one git command with every safety setting and both timeouts; throws GitFailure. */
  private async run(args: string[]): Promise<string> {
    if (this.running >= MAX_PROCESSES) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.running++;
    try {
      return await this.spawn(args);
    } finally {
      this.running--;
      this.waiting.shift()?.();
    }
  }

  private async spawn(args: string[]): Promise<string> {
    const controller = new AbortController();
    let timer: NodeJS.Timeout | undefined;
    // Settles on time even when the killed git left a child holding its output open.
    const overall = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        controller.abort();
        reject(new GitFailure('timeout', 'git took too long and was stopped'));
      }, this.timeoutMs);
    });
    try {
      const git = lockedSimpleGit({
        baseDir: this.folder,
        binary: this.opts.binary ?? 'git',
        maxConcurrentProcesses: 4,
        timeoutMs: this.timeoutMs,
        signal: controller.signal,
      });
      return await Promise.race([git.raw(['--no-pager', ...args]), overall]);
    } catch (e) {
      throw classify(e, controller.signal.aborted);
    } finally {
      clearTimeout(timer);
    }
  }

  /**
   * Runs one git command whose output may be huge (`git log` of messages megabytes long), handing
   * it over chunk by chunk: nothing is held whole (simple-git keeps every byte until the end, so
   * this one call spawns git itself). Same lockdown (the -c settings, the environment,
   * --no-pager), the same turn-taking and the same two timeouts (no output for `timeoutMs`, and
   * `timeoutMs` overall) as `run`.
   */
  private async runStreaming(args: string[], onChunk: (chunk: Buffer) => void): Promise<void> {
    if (this.running >= MAX_PROCESSES) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.running++;
    try {
      await this.spawnStreaming(args, onChunk);
    } finally {
      this.running--;
      this.waiting.shift()?.();
    }
  }

  private spawnStreaming(args: string[], onChunk: (chunk: Buffer) => void): Promise<void> {
    const config = SAFE_GIT_CONFIG.flatMap((setting) => ['-c', setting]);
    return new Promise((resolve, reject) => {
      const child = spawn(this.opts.binary ?? 'git', [...config, '--no-pager', ...args], {
        cwd: this.folder,
        env: safeGitEnv(),
        stdio: ['ignore', 'pipe', 'pipe'],
        windowsHide: true,
      });
      let settled = false;
      let stderr = '';
      const finish = (error?: GitFailure) => {
        if (settled) return;
        settled = true;
        clearTimeout(overall);
        clearTimeout(idle);
        if (error) {
          child.kill('SIGKILL');
          reject(error);
        } else resolve();
      };
      // Settles on time even when the killed git left a child holding its output open.
      const tooLong = () => finish(new GitFailure('timeout', 'git took too long and was stopped'));
      const overall = setTimeout(tooLong, this.timeoutMs);
      const idle = setTimeout(tooLong, this.timeoutMs);
      child.stdout.on('data', (chunk: Buffer) => {
        if (settled) return;
        idle.refresh();
        try {
          onChunk(chunk);
        } catch (error) {
          finish(classify(error, false));
        }
      });
      child.stderr.on('data', (chunk: Buffer) => {
        // What git says on failure is short; a repository cannot make us keep more.
        if (stderr.length < 64 * 1024) stderr += chunk.toString('utf8');
      });
      child.on('error', (error) => finish(classify(error, false)));
      child.on('close', (code, signal) => {
        if (code === 0) finish();
        else finish(classify(new Error(code === null ? `git stopped (${signal}): ${stderr}` : `exit ${code}: ${stderr}`), false));
      });
    });
  }

  /** Whether HEAD exists, and whether the repository is a shallow clone. */
  private async probe(): Promise<{ head: string; shallow: boolean }> {
    const out = await this.run(['rev-parse', '--is-shallow-repository', '--verify', 'HEAD^{commit}']);
    const lines = out.split('\n').filter((l) => l !== '');
    const head = lines[lines.length - 1] ?? '';
    if (!/^[0-9a-f]{40,64}$/.test(head)) throw new GitFailure('failed', `unexpected rev-parse output`);
    return { head, shallow: lines[0] === 'true' };
  }

  private async isAncestor(hash: string): Promise<boolean> {
    try {
      await this.run(['merge-base', '--is-ancestor', '--end-of-options', hash, 'HEAD']);
      return true;
    } catch (e) {
      if (e instanceof GitFailure && e.kind === 'timeout') throw e;
      return false;
    }
  }

  /** The full hash of a revision given from outside, or undefined when it names no commit. */
  private async verifyRev(rev: string): Promise<string | undefined> {
    if (rev === '' || rev.startsWith('-') || /[\0\n]/.test(rev)) return undefined;
    try {
      const out = (await this.run(['rev-parse', '--verify', '--quiet', '--end-of-options', `${rev}^{commit}`])).trim();
      return /^[0-9a-f]{40,64}$/.test(out) ? out : undefined;
    } catch (e) {
      if (e instanceof GitFailure && e.kind === 'timeout') throw e;
      return undefined;
    }
  }

  /** origin/HEAD, else main, else master (then origin/main, origin/master): the first that exists. */
  private async defaultBranch(): Promise<string | undefined> {
    const candidates = ['refs/remotes/origin/HEAD', 'refs/heads/main', 'refs/heads/master', 'refs/remotes/origin/main', 'refs/remotes/origin/master'];
    const out = await this.run(['for-each-ref', '--format=%(refname)', '--end-of-options', ...candidates]);
    const present = new Set(out.split('\n'));
    return candidates.find((c) => present.has(c));
  }

  /** Commits named by (abbreviated) hashes, keyed by the hash as asked; unknown ones left out. */
  private async lookUp(hashes: string[], withFiles: boolean): Promise<Map<string, CommitInfo>> {
    const asked = [...new Set(hashes.filter((h) => COMMIT_HASH.test(h)))];
    const out = new Map<string, CommitInfo>();
    for (let i = 0; i < asked.length; i += HASHES_PER_CALL) {
      const chunk = asked.slice(i, i + HASHES_PER_CALL);
      // --ignore-missing: unknown hashes (and blobs, trees) are skipped instead of failing it all.
      const commits = await this.logCommits(['--no-walk=unsorted', '--ignore-missing', ...chunk], withFiles);
      for (const c of commits) {
        for (const h of chunk) if (c.hash.startsWith(h.toLowerCase())) out.set(h, { ...c, ids: [] });
      }
    }
    return out;
  }

  /**
   * One `git log` pass over `revs` (and options), each commit with its changed files and the
   * incident ids its message mentions (found by `matcher`, none without one). Read as it streams:
   * only the commit being read is held, and only the first MAX_MESSAGE_BYTES of its message.
   */
  private async logCommits(revsAndOptions: string[], withFiles = true, matcher?: IdMatcher): Promise<CommitInfo[]> {
    const nonce = randomBytes(12).toString('hex');
    const markers = { start: `\x1e${nonce}S\x1e`, mid: `\x1e${nonce}M\x1e`, end: `\x1e${nonce}E\x1e` };
    const fmt = (s: string) => s.replace(/\x1e/g, '%x1e').replace(/\x1f/g, '%x1f');
    const format = `${fmt(markers.start)}%H%x1f%h%x1f%aI%x1f%an${fmt(markers.mid)}%B${fmt(markers.end)}`;
    const options = revsAndOptions.filter((a) => a.startsWith('-'));
    const revs = revsAndOptions.filter((a) => !a.startsWith('-'));
    const args = [
      'log',
      '-z',
      `--format=${format}`,
      '--encoding=UTF-8',
      '--no-show-signature',
      '--no-notes',
      '--no-mailmap',
      ...SAFE_DIFF_ARGS,
      ...(withFiles ? ['--name-status', ...(options.includes('--no-renames') ? [] : ['-M']), '--relative', '--diff-merges=first-parent'] : ['--no-patch']),
      ...options,
      '--end-of-options',
      ...revs,
      '--',
    ];
    const commits: CommitInfo[] = [];
    const parser = new GitLogParser(markers, ({ header, message, changes }) => {
      const [hash, shortHash, date, ...authorParts] = header.split('\x1f');
      if (!hash || !/^[0-9a-f]{40,64}$/.test(hash)) return;
      const { files, renames } = parseNameStatus(changes);
      // A copy: a substring (the subject, an id) would otherwise keep the whole message alive.
      const described = structuredClone({
        hash,
        shortHash: shortHash ?? hash.slice(0, 7),
        date: date ?? '',
        author: authorParts.join('\x1f'),
        subject: subjectOf(message),
        ids: matcher ? findIds(message, matcher) : [],
      });
      commits.push({ ...described, files, renames });
    });
    await this.runStreaming(args, (chunk) => parser.push(chunk));
    parser.close();
    return commits;
  }

  /** Runs `body`; a GitFailure becomes `fallback`, logged once per kind. Never throws. */
  private async guard<T>(body: () => Promise<T>, fallback: T): Promise<T> {
    try {
      return await body();
    } catch (e) {
      const failure = e instanceof GitFailure ? e : classify(e, false);
      if (!this.warned.has(failure.kind)) {
        this.warned.add(failure.kind);
        this.log.warn(`Incident Lens: no git history for ${this.folder}: ${failure.message}`);
      }
      return fallback;
    }
  }
}

/** `--name-status -z` output: `M\0path\0`, `R100\0old\0new\0`, ... */
function parseNameStatus(text: string): { files: string[]; renames: Rename[] } {
  const tokens = text.replace(/^\0?\n?/, '').split('\0');
  const files: string[] = [];
  const renames: Rename[] = [];
  for (let i = 0; i < tokens.length;) {
    const status = tokens[i];
    if (!status || !/^[A-Z][0-9]*$/.test(status)) {
      i++;
      continue;
    }
    if (status[0] === 'R' || status[0] === 'C') {
      const from = tokens[i + 1];
      const to = tokens[i + 2];
      if (from && to) {
        files.push(to);
        if (status[0] === 'R') renames.push({ from, to });
      }
      i += 3;
    } else {
      const path = tokens[i + 1];
      if (path) files.push(path);
      i += 2;
    }
  }
  return { files: [...new Set(files)], renames };
}

/** Like git's %s: the first paragraph of the message on one line. */
function subjectOf(message: string): string {
  const paragraph = message.replace(/^\s+/, '').split(/\n[ \t]*\n/)[0] ?? '';
  return paragraph
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .join(' ');
}

function classify(e: unknown, aborted: boolean): GitFailure {
  if (e instanceof GitFailure) return e;
  const text = (e instanceof Error ? e.message : String(e)).replace(/^(Error: )?exit \d+: /, '');
  const lines = text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  const first = (lines.find((l) => /^(fatal|error):/.test(l)) ?? lines[0] ?? 'unknown error').slice(0, 200);
  if (aborted || /block timeout|\babort/i.test(text)) return new GitFailure('timeout', 'git took too long and was stopped', text);
  if (/ENOENT|spawn .* (not found|EACCES)|directory that does not exist/i.test(text)) {
    return new GitFailure('no-git', /directory that does not exist/i.test(text) ? 'the folder does not exist' : 'git was not found');
  }
  if (/dubious ownership/i.test(text))
    return new GitFailure('dubious-ownership', 'git refuses this repository (dubious ownership; see git config safe.directory)');
  if (/not a git repository/i.test(text)) return new GitFailure('not-a-repo', 'not a git repository');
  if (/unknown revision|bad revision|needed a single revision|does not have any commits/i.test(text)) {
    return new GitFailure('empty', 'the repository has no commits yet');
  }
  return new GitFailure('failed', `git failed: ${first}`, text);
}
