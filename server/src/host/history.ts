import { hoverHistory, type HoverCommit, type HoverContext } from '../core/features/hover';
import { storyHistoryOf, type StoryHistoryInput } from '../core/features/story';
import { incidentsForFile, incidentsForFiles, type TiedIncident } from '../core/features/fileIncidents';
import { HistoryIndex, updateHistory, type BranchBase, type HistoryPort } from '../core/history';
import type { IncidentRecord, Problem } from '../core/model';
import type { Logger } from '../core/ports';
import type { IndexedFolder } from './folder';
import { createGitHistory } from './git';

/** What history needs to know of a workspace folder. */
export type HistoryFolder = Pick<IndexedFolder, 'uri' | 'root' | 'name' | 'options' | 'index'>;

/** Hashes checked by one git call: keeps the command line well under any limit. */
const COMMIT_CHECK_BATCH = 500;

interface FolderHistory {
  port: HistoryPort;
  index?: HistoryIndex;
  /** The refresh under way, shared by everyone who asks meanwhile. */
  refreshing?: Promise<HistoryIndex | undefined>;
  existing: Map<string, boolean>;
  described: Map<string, HoverCommit>;
}

/**
 * Git history per folder, only when allowed: the workspace is trusted and `incidentLens.git.enabled`
 * is not false. When it is not allowed, or git cannot answer, every question gets "no history".
 */
export class HistoryService {
  private trusted: boolean;
  private readonly folders = new Map<string, FolderHistory>();
  private readonly enabledByFolder = new Map<string, { enabled: boolean; maxCommits: number }>();

  /**
   * @param waitForHistory the CLI waits for history before answering; the server answers at once
   *   from what it has (a hover never waits for `git log`) and calls `onUpdated` when history has
   *   come in, so views can ask again.
   */
  constructor(
    private readonly log: Logger,
    trusted: boolean,
    private readonly options: { waitForHistory: boolean; onUpdated?: () => void } = { waitForHistory: true },
    private readonly makePort: (root: string) => HistoryPort = (root) => createGitHistory(root, log),
  ) {
    this.trusted = trusted;
  }

  setTrusted(trusted: boolean): void {
    this.trusted = trusted;
    if (!trusted) this.folders.clear();
  }

  /** Git settings of a folder (`incidentLens.git.*`). */
  configure(folder: Pick<HistoryFolder, 'uri'>, settings: { enabled?: unknown; maxCommits?: unknown } | undefined): void {
    const maxCommits = typeof settings?.maxCommits === 'number' && settings.maxCommits > 0 ? Math.floor(settings.maxCommits) : 10_000;
    this.enabledByFolder.set(folder.uri, { enabled: settings?.enabled !== false, maxCommits });
  }

  private historyOf(folder: HistoryFolder): FolderHistory | undefined {
    const config = this.enabledByFolder.get(folder.uri) ?? { enabled: true, maxCommits: 10_000 };
    if (!this.trusted || !config.enabled) return undefined;
    let history = this.folders.get(folder.uri);
    if (!history) {
      history = { port: this.makePort(folder.root), existing: new Map(), described: new Map() };
      this.folders.set(folder.uri, history);
    }
    return history;
  }

  /** The commit index of a folder, read once and refreshed when HEAD has moved (see `headMoved`). */
  async commits(folder: HistoryFolder): Promise<HistoryIndex | undefined> {
    const history = this.historyOf(folder);
    if (!history) return undefined;
    if (history.index) return history.index;
    const refreshing = this.refresh(folder);
    return this.options.waitForHistory ? refreshing : undefined;
  }

  /** Re-reads what is newer than the last HEAD seen (or everything, if history was rewritten). */
  refresh(folder: HistoryFolder): Promise<HistoryIndex | undefined> {
    const history = this.historyOf(folder);
    if (!history) return Promise.resolve(undefined);
    if (history.refreshing) return history.refreshing;
    const config = this.enabledByFolder.get(folder.uri) ?? { enabled: true, maxCommits: 10_000 };
    const started = Date.now();
    history.refreshing = updateHistory(history.port, history.index, {
      idRegexSources: folder.options.idPatterns,
      maxCommits: config.maxCommits,
    })
      .then((index) => {
        const changed = index !== history.index;
        if (index && changed) {
          this.log.info(`Read ${index.size} commit(s) mentioning incidents in ${folder.name} in ${Date.now() - started} ms.`);
        }
        history.index = index;
        if (changed) {
          // HEAD moved: a commit a record lists may exist now (or no longer).
          history.existing.clear();
          this.options.onUpdated?.();
        }
        return index;
      })
      .catch((error) => {
        this.log.warn(`No git history for ${folder.name}: ${(error as Error).message}`);
        return undefined;
      })
      .finally(() => {
        history.refreshing = undefined;
      });
    return history.refreshing;
  }

  /** The incidents tied to a file, commit reasons included when history is available. */
  async incidentsForFile(folder: HistoryFolder, path: string): Promise<TiedIncident[]> {
    return incidentsForFile(folder.index, path, await this.commits(folder));
  }

  /** What a hover adds from history: the commits that mention the incident and those its record lists. */
  async hoverCommits(folder: HistoryFolder, record: IncidentRecord): Promise<Partial<HoverContext>> {
    const history = this.historyOf(folder);
    const index = await this.commits(folder);
    if (!history || !index) return {};
    const missing = record.commits.map((c) => c.value).filter((hash) => !history.described.has(hash));
    if (missing.length) {
      const described = await history.port.describeCommits(missing);
      for (const [hash, info] of described) history.described.set(hash, { shortHash: info.shortHash, subject: info.subject, date: info.date });
    }
    return hoverHistory(index, record, history.described);
  }

  /** What a story adds from history; undefined when there is no history to read. */
  async storyHistory(folder: HistoryFolder, record: IncidentRecord): Promise<StoryHistoryInput | undefined> {
    const history = this.historyOf(folder);
    const index = await this.commits(folder);
    if (!history || !index) return undefined;
    const wanted = record.commits.map((c) => c.value);
    return storyHistoryOf(index, record, wanted.length ? await history.port.describeCommits(wanted) : new Map());
  }

  /**
   * Checks (and describes, for hovers) the commits every record lists in a few git calls, before
   * problems are asked file by file: one git call per record, or per hover, would take minutes in
   * a workspace of thousands of records.
   */
  async checkAllListedCommits(folder: HistoryFolder): Promise<void> {
    const history = this.historyOf(folder);
    if (!history) return;
    const unchecked = new Set<string>();
    for (const record of folder.index.records()) for (const { value } of record.commits) if (!history.existing.has(value)) unchecked.add(value);
    const hashes = [...unchecked];
    for (let start = 0; start < hashes.length; start += COMMIT_CHECK_BATCH) {
      const batch = hashes.slice(start, start + COMMIT_CHECK_BATCH);
      const existing = await history.port.existingCommits(batch);
      if (!existing) return; // git cannot tell: report nothing (problemsIn asks again, per file)
      for (const hash of batch) history.existing.set(hash, existing.has(hash));
      // The subjects the hovers show, fetched now in one call rather than one git call per hover.
      const described = await history.port.describeCommits([...existing]);
      for (const [hash, info] of described) history.described.set(hash, { shortHash: info.shortHash, subject: info.subject, date: info.date });
    }
  }

  /** `unknown-commit` problems for the hashes a record lists that the repository does not have. */
  async problemsIn(folder: HistoryFolder, path: string): Promise<Problem[]> {
    const record = folder.index.recordIn(path);
    const history = record?.commits.length ? this.historyOf(folder) : undefined;
    if (!record || !history) return [];
    const unchecked = record.commits.map((c) => c.value).filter((hash) => !history.existing.has(hash));
    if (unchecked.length) {
      const existing = await history.port.existingCommits(unchecked);
      // Git could not tell (no history, shallow clone): report nothing rather than guess.
      if (!existing) return [];
      for (const hash of unchecked) history.existing.set(hash, existing.has(hash));
    }
    return record.commits
      .filter((c) => history.existing.get(c.value) === false)
      .map((c) => ({
        path,
        span: c.span,
        severity: 'warning' as const,
        code: 'unknown-commit' as const,
        message: `Commit ${c.value} does not exist in this repository.`,
      }));
  }

  /** Files changed on this branch since its merge base with the default branch (or `base`). */
  async changedSinceMergeBase(folder: HistoryFolder, base?: string): Promise<string[] | undefined> {
    return this.historyOf(folder)?.port.changedSinceMergeBase(base);
  }

  /** The base the branch is compared with, for the branch view to name it (see HistoryPort.branchBase). */
  async branchBase(folder: HistoryFolder, base?: string): Promise<BranchBase | undefined> {
    return this.historyOf(folder)?.port.branchBase?.(base);
  }

  /** "Incidents touching this branch" (see incidentsForFiles); undefined when git cannot tell what changed. */
  async incidentsTouchingBranch(folder: HistoryFolder, base?: string): Promise<TiedIncident[] | undefined> {
    const changed = await this.changedSinceMergeBase(folder, base);
    if (changed === undefined) return undefined;
    return incidentsForFiles(folder.index, changed, await this.commits(folder));
  }
}
