import { RenameMap } from './renames';
import type { CommitInfo, HistoryScan } from './types';

/**
 * Commits that mention incidents, indexed both ways: file -> commits and incident -> commits.
 * Built from one scan (newest first) and merged with newer commits when HEAD moves. Paths are
 * current names: a file renamed since gets the commits of its old names.
 */
export class HistoryIndex {
  /** Newest first. */
  private commits: CommitInfo[] = [];
  private byHash = new Map<string, CommitInfo>();
  private byFile = new Map<string, CommitInfo[]>();
  private byIncident = new Map<string, CommitInfo[]>();

  /**
   * @param commits newest first, `files` already in current names (as the history port gives
   *   them in a scan; call `followRenames` first on raw commits).
   * @param head the HEAD hash they were read at; the next incremental scan starts there.
   */
  constructor(
    commits: CommitInfo[] = [],
    public head?: string,
  ) {
    this.reset(commits);
  }

  /** An index of one full scan read at `head`. */
  static fromScan(scan: HistoryScan, head?: string): HistoryIndex {
    return new HistoryIndex(scan.commits, head);
  }

  /** Every indexed commit, newest first. */
  all(): readonly CommitInfo[] {
    return this.commits;
  }

  get size(): number {
    return this.commits.length;
  }

  commit(hash: string): CommitInfo | undefined {
    return this.byHash.get(hash);
  }

  /** Commits that changed `path` (workspace-relative, current name) and mention an incident, newest first. */
  commitsForFile(path: string): readonly CommitInfo[] {
    return this.byFile.get(path) ?? [];
  }

  /** Commits whose message mentions `id`, newest first. */
  commitsForIncident(id: string): readonly CommitInfo[] {
    return this.byIncident.get(id) ?? [];
  }

  /** Files (current names) changed by commits that mention `id`, sorted. */
  filesForIncident(id: string): string[] {
    const files = new Set<string>();
    for (const c of this.commitsForIncident(id)) for (const f of c.files) files.add(f);
    return [...files].sort();
  }

  /** Incident ids mentioned by commits that changed `path`. */
  incidentsForFile(path: string): string[] {
    const ids = new Set<string>();
    for (const c of this.commitsForFile(path)) for (const id of c.ids) ids.add(id);
    return [...ids];
  }

  /**
   * Adds a scan of the commits newer than everything indexed (`files` in current names as of
   * `head`). Files of the commits already indexed follow the scan's renames (made by any newer
   * commit, mentioning an id or not). Commits already indexed are ignored.
   */
  merge(newer: HistoryScan, head?: string): void {
    const fresh = newer.commits.filter((c) => !this.byHash.has(c.hash));
    const renames = new RenameMap();
    for (const r of newer.renames) renames.add([r]);
    const older = renames.isEmpty ? this.commits : this.commits.map((c) => ({ ...c, files: [...new Set(c.files.map((f) => renames.resolve(f)))].sort() }));
    this.reset([...fresh, ...older]);
    if (head !== undefined) this.head = head;
  }

  private reset(commits: CommitInfo[]): void {
    this.commits = [];
    this.byHash = new Map();
    this.byFile = new Map();
    this.byIncident = new Map();
    for (const c of commits) {
      if (this.byHash.has(c.hash)) continue;
      this.commits.push(c);
      this.byHash.set(c.hash, c);
      for (const f of c.files) push(this.byFile, f, c);
      for (const id of c.ids) push(this.byIncident, id, c);
    }
  }
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
