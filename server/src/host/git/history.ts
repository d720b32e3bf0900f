/**
 * The history port: git history through the one runner (./runner.ts, its lockdown, turn-taking,
 * timeouts and error table). Any failure answers "no history" and logs one line per kind of
 * failure.
 */
import type { Logger } from '../../core/ports';
import { COMMIT_HASH, followRenames, type BranchBase, type CommitInfo, type HistoryPort, type HistoryQuery, type HistoryScan } from '../../core/history';
import { compileIdPatterns } from '../../core/references';
import { changeSinceMergeBase } from './change';
import { logCommits } from './log';
import { defaultBranch, headCommit, isAncestorOfHead, resolveCommit } from './refs';
import { GitError, GitRunner, type GitRunnerOptions } from './runner';

/** Revisions per command line: stays far below Windows' 32k-character limit. */
const HASHES_PER_CALL = 200;

export function createGitHistory(folder: string, log: Logger, opts: GitRunnerOptions = {}): HistoryPort {
  return new GitHistory(folder, log, new GitRunner(folder, opts));
}

/** Kinds of failure logged so far; `partial-clone` is a note, not a failure. */
type Logged = GitError['kind'] | 'partial-clone';

class GitHistory implements HistoryPort {
  private readonly warned = new Set<Logged>();

  constructor(
    private readonly folder: string,
    private readonly log: Logger,
    private readonly git: GitRunner,
  ) {}

  async head(): Promise<string | undefined> {
    return this.guard(async () => (await headCommit(this.git)).head, undefined);
  }

  async commitsMentioningIncidents(query: HistoryQuery): Promise<HistoryScan | undefined> {
    return this.guard(async () => {
      const { shallow } = await headCommit(this.git);
      if (shallow) {
        // The oldest commit of a shallow clone looks as if it added every file: its incidents
        // would be tied to the whole tree. Partial history is not history.
        throw new GitError('shallow', 'shallow clone: git history is ignored (fetch the full history to use it)');
      }
      const revs = ['HEAD'];
      if (query.since !== undefined) {
        if (!COMMIT_HASH.test(query.since) || !(await isAncestorOfHead(this.git, query.since))) return undefined;
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
        all = await logCommits(this.git, [`--max-count=${max + 1}`, ...revs], true, matcher);
      } catch (e) {
        // A partial (blobless) clone lacks the old file contents that inexact rename detection
        // reads, and fetching them is off. Read the history without following renames.
        if (!(e instanceof GitError && /lazy fetch|promisor/i.test(e.detail))) throw e;
        if (!this.warned.has('partial-clone')) {
          this.warned.add('partial-clone');
          this.log.info(`Incident Lens: ${this.folder} is a partial clone; renames are not followed in its history`);
        }
        all = await logCommits(this.git, [`--max-count=${max + 1}`, '--no-renames', ...revs], true, matcher);
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
      if ((await headCommit(this.git)).shallow) {
        throw new GitError('shallow', 'shallow clone: commits older than the clone cannot be checked');
      }
      const found = await this.lookUp(hashes, false);
      return new Set(found.keys());
    }, undefined);
  }

  async describeCommits(hashes: string[]): Promise<Map<string, CommitInfo>> {
    return this.guard(() => this.lookUp(hashes, true), new Map<string, CommitInfo>());
  }

  async changedSinceMergeBase(base?: string): Promise<string[] | undefined> {
    return this.guard(async () => {
      // A renamed file counts under both names: a record may list either.
      const { files } = await changeSinceMergeBase(this.git, base);
      return [...new Set(files.flatMap((f) => (f.oldPath ? [f.path, f.oldPath] : [f.path])))].sort();
    }, undefined);
  }

  async branchBase(base?: string): Promise<BranchBase | undefined> {
    return this.guard(async () => {
      const { head } = await headCommit(this.git);
      const ref = base === undefined ? await defaultBranch(this.git) : base;
      const baseCommit = ref === undefined ? undefined : await resolveCommit(this.git, ref);
      if (ref === undefined || baseCommit === undefined) return undefined;
      // `origin/HEAD` reads better as the branch it points at (`origin/main`). `ref` is one of
      // defaultBranch's fixed names here, never a user's text, so it cannot pass for an option.
      const named = base === undefined ? (await this.git.run(['rev-parse', '--abbrev-ref', ref])).trim() : base;
      const branch = (await this.git.run(['rev-parse', '--abbrev-ref', 'HEAD'])).trim();
      return { base: named || ref, ...(branch && branch !== 'HEAD' ? { branch } : {}), onBase: baseCommit === head };
    }, undefined);
  }

  /** Commits named by (abbreviated) hashes, keyed by the hash as asked; unknown ones left out. */
  private async lookUp(hashes: string[], withFiles: boolean): Promise<Map<string, CommitInfo>> {
    const asked = [...new Set(hashes.filter((h) => COMMIT_HASH.test(h)))];
    const out = new Map<string, CommitInfo>();
    for (let i = 0; i < asked.length; i += HASHES_PER_CALL) {
      const chunk = asked.slice(i, i + HASHES_PER_CALL);
      // --ignore-missing: unknown hashes (and blobs, trees) are skipped instead of failing it all.
      const commits = await logCommits(this.git, ['--no-walk=unsorted', '--ignore-missing', ...chunk], withFiles);
      for (const c of commits) {
        for (const h of chunk) if (c.hash.startsWith(h.toLowerCase())) out.set(h, { ...c, ids: [] });
      }
    }
    return out;
  }

  /** Runs `body`; a GitError becomes `fallback`, logged once per kind. Never throws. */
  private async guard<T>(body: () => Promise<T>, fallback: T): Promise<T> {
    try {
      return await body();
    } catch (e) {
      const failure = e instanceof GitError ? e : new GitError('failed', `git failed: ${e instanceof Error ? e.message : String(e)}`);
      if (!this.warned.has(failure.kind)) {
        this.warned.add(failure.kind);
        this.log.warn(`Incident Lens: no git history for ${this.folder}: ${failure.message}`);
      }
      return fallback;
    }
  }
}
