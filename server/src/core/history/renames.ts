import type { CommitInfo, Rename } from './types';

/**
 * Maps names a file had in the past to the name it has now. Fed renames from the newest commit
 * to the oldest; asked about names as they stood at the commit being looked at.
 */
export class RenameMap {
  private readonly current = new Map<string, string>();

  /** The current name of a file that was called `path` at the commit being looked at. */
  resolve(path: string): string {
    return this.current.get(path) ?? path;
  }

  /**
   * Records a commit's renames: older commits that name `from` mean what is now `resolve(to)`.
   * Call after resolving that commit's own files, before looking at older commits.
   */
  add(renames: Rename[]): void {
    const resolved = renames.map((r) => ({ from: r.from, to: this.resolve(r.to) }));
    for (const { from, to } of resolved) {
      if (from !== to) this.current.set(from, to);
    }
  }

  /** Whether any rename has been recorded. */
  get isEmpty(): boolean {
    return this.current.size === 0;
  }
}

/**
 * Rewrites each commit's `files` (given in that commit's own names) to the names the files have
 * after the newest commit, following `renames` from newest to oldest. `commits` must be newest
 * first; `later` carries renames made by commits newer than all of them (an incremental merge).
 */
export function followRenames<T extends CommitInfo>(commits: T[], later: RenameMap = new RenameMap()): T[] {
  return commits.map((commit) => {
    const files = unique(commit.files.map((f) => later.resolve(f)));
    later.add(commit.renames);
    return { ...commit, files };
  });
}

function unique(items: string[]): string[] {
  return [...new Set(items)].sort();
}
