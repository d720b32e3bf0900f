/**
 * Shapes of the git history the core works with. Plain data: workspace-relative paths with
 * forward slashes, ISO dates; no git or file-system types.
 */

/** One file renamed by a commit, in that commit's own names. */
export interface Rename {
  from: string;
  to: string;
}

/** A commit whose message mentions at least one incident id (or one asked for by hash). */
export interface CommitInfo {
  /** Full 40-hex hash. */
  hash: string;
  /** Abbreviated hash as git shows it (`%h`). */
  shortHash: string;
  /** First line of the message. */
  subject: string;
  /** Author date, ISO 8601 with offset. */
  date: string;
  author: string;
  /** Incident ids mentioned in the message, in order of first mention, without duplicates. */
  ids: string[];
  /**
   * Paths the commit changed (added, modified, deleted, renamed-to), relative to the workspace
   * folder, after following later renames to their current name.
   */
  files: string[];
  /** Renames the commit itself made, in its own names (before any later renames). */
  renames: Rename[];
}

/** What to scan for commits that mention incidents. */
export interface HistoryQuery {
  /** JavaScript regular expression sources of an incident id (`Options.idPatterns`). */
  idRegexSources: string[];
  /** At most this many commits (newest first, from HEAD) are scanned. */
  maxCommits: number;
  /** A commit hash: only commits reachable from HEAD and not from it are scanned. */
  since?: string;
}

/** The result of scanning history for commits that mention incidents. */
export interface HistoryScan {
  /** Commits whose message mentions an id, newest first, `files` in current names. */
  commits: CommitInfo[];
  /**
   * Every rename made by the scanned commits, whether or not they mention an id, newest first.
   * Merging a newer scan into an index renames the files of the commits already in it.
   */
  renames: Rename[];
  /** Whether older history was left out because of `maxCommits`. */
  truncated: boolean;
}

/**
 * The git history the core may read. Implemented by the host over git (host/git/) with every safety
 * rule of PRODUCT.md ("Git"); by an in-memory fake in unit tests. No method ever throws: a git
 * that cannot answer (missing, not a repository, shallow, dubious ownership, timeout) answers
 * `undefined` ("no history"), and the host logs why once.
 */
export interface HistoryPort {
  /**
   * Commits whose message mentions an incident id, newest first (one `git log` pass over at most
   * `maxCommits` commits), with the renames of every scanned commit. `undefined` when there is no
   * history to read, or when `since` is given but is no longer an ancestor of HEAD (history was
   * rewritten or the branch switched: the caller must scan again without `since`).
   */
  commitsMentioningIncidents(query: HistoryQuery): Promise<HistoryScan | undefined>;
  /**
   * Which of these hashes (7-40 hex; others are ignored) name commits in the repository, each
   * given back as it was asked. `undefined` when git cannot tell (no history, shallow clone): the
   * caller must not then report any hash as unknown.
   */
  existingCommits(hashes: string[]): Promise<Set<string> | undefined>;
  /**
   * Subject, date, author and files of specific commits (for a record's `commits`), keyed by the
   * hash as asked; `ids` is left empty. Unknown hashes are left out; empty when git cannot answer.
   */
  describeCommits(hashes: string[]): Promise<Map<string, CommitInfo>>;
  /**
   * Files (workspace-relative) changed between the merge base of HEAD with `base` (default: the
   * default branch: origin/HEAD, else main, else master) and the working tree, untracked files
   * included. `undefined` when it cannot be told.
   */
  changedSinceMergeBase(base?: string): Promise<string[] | undefined>;
  /** The current HEAD commit hash; `undefined` when there is none (or no repository). */
  head(): Promise<string | undefined>;
  /**
   * What changedSinceMergeBase compares with, for people to read: the base's short name
   * (`main`, `origin/main`), the current branch (absent when detached), and whether HEAD is the
   * base's commit (nothing can differ but uncommitted work). Optional: test doubles may omit it.
   */
  branchBase?(base?: string): Promise<BranchBase | undefined>;
}

export interface BranchBase {
  base: string;
  branch?: string;
  onBase: boolean;
}

/** A full or abbreviated commit hash, as accepted in a record's `commits`. */
export const COMMIT_HASH = /^[0-9a-f]{7,40}$/i;
