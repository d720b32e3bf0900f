/**
 * One review of an indexed folder, shared by `incident-lens review` and the MCP tool
 * `incidents_for_diff`: the change read from git, matched against the index.
 */
import { CONFIG_FILE, resolveOptions } from '../core/config';
import { needsLineRanges, reviewBase, reviewChange, reviewReport, type ChangedFile, type ReviewBase, type ReviewReport } from '../core/features/review';
import type { Options } from '../core/model';
import type { HistoryIndex } from '../core/history';
import type { Logger } from '../core/ports';
import type { IndexedFolder } from './folder';
import { addLineRanges, readWorkingTreeChange, repoPrefix } from './git';
import { HistoryService, type HistoryFolder } from './history';

/**
 * The review of an indexed folder: the change read from git (always: a review is a diff), history
 * ties only when git history is allowed. Throws GitError when the change cannot be read.
 */
export async function reviewFolder(
  folder: IndexedFolder,
  /** `history`: a long-lived service to reuse (the MCP server's); it is refreshed first (HEAD may have moved). */
  opts: { base?: string; git: boolean; history?: { history: HistoryService; key: HistoryFolder }; onBase?: (base: ReviewBase) => void },
  ctx: { log: Logger },
  /** Called with the changed paths before they are matched (a long-lived index refreshes them). */
  beforeReview?: (changedPaths: string[]) => Promise<void>,
): Promise<ReviewReport> {
  const change = await readWorkingTreeChange(folder.root, folder.files, { base: opts.base, maxFileSize: folder.options.maxFileSize });
  await beforeReview?.(change.files.map((f) => f.path));
  let commits: HistoryIndex | undefined;
  if (opts.git && opts.history) commits = await opts.history.history.refresh(opts.history.key);
  else if (opts.git) commits = await new HistoryService(ctx.log, true).commits(folder);
  // Line ranges only for the files an incident is tied to: a rewritten file nothing is tied to costs no diff.
  const changes = await addLineRanges(change.files, (file) => needsLineRanges(folder.index, file, commits), ctx.log);
  const base = reviewBase(changes, baseOptions(changes, folder.options));
  opts.onBase?.(base);
  const result = reviewChange({ index: folder.index, changes, history: commits, base });
  const { GITHUB_SERVER_URL: serverUrl, GITHUB_REPOSITORY: repository, GITHUB_SHA: sha } = process.env;
  const github = serverUrl && repository && sha ? { serverUrl, repository, sha } : undefined;
  return reviewReport(
    result,
    { base: change.base, mergeBase: change.mergeBase, head: change.head },
    { repoPrefix: github ? await repoPrefix(folder.root) : '', github },
  );
}

/** The configuration the merge base has: the current one unless the change edited, added or removed it. */
function baseOptions(changes: ChangedFile[], current: Options): Options {
  const atBase = changes.find((f) => (f.oldPath ?? f.path) === CONFIG_FILE && f.status !== 'added');
  if (atBase) return atBase.oldText === undefined ? current : resolveOptions(atBase.oldText).options;
  // Added by the change (or moved here): the merge base had none.
  return changes.some((f) => f.path === CONFIG_FILE) ? resolveOptions(undefined).options : current;
}
