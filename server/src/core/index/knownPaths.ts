/**
 * Every path listed in a folder, read or not, and the folders that hold them: `code` paths are
 * checked against it, and `code.path` completion offers it.
 */
export class KnownPaths {
  private readonly files = new Set<string>();
  /** Folders holding known files, each with its number of direct entries (see add). */
  private readonly dirs = new Map<string, number>();

  add(path: string): void {
    if (this.files.has(path)) return;
    this.files.add(path);
    // Each folder counts its direct entries (files, and folders with files): a folder's parent is
    // only told when the folder gains its first entry, so a file costs one count, not one a level.
    for (let child = path, slash = child.lastIndexOf('/'); slash > 0; slash = child.lastIndexOf('/')) {
      const dir = child.slice(0, slash);
      const count = this.dirs.get(dir) ?? 0;
      this.dirs.set(dir, count + 1);
      if (count > 0) break;
      child = dir;
    }
  }

  remove(path: string): void {
    if (!this.files.delete(path)) return;
    for (let child = path, slash = child.lastIndexOf('/'); slash > 0; slash = child.lastIndexOf('/')) {
      const dir = child.slice(0, slash);
      const count = (this.dirs.get(dir) ?? 1) - 1;
      if (count > 0) {
        this.dirs.set(dir, count);
        break;
      }
      // The folder has no entry left: it is gone from its parent too.
      this.dirs.delete(dir);
      child = dir;
    }
  }

  /** Whether a workspace-relative path names a file or folder that exists. */
  exists(path: string): boolean {
    const trimmed = path.replace(/\/+$/, '');
    return trimmed === '' || this.files.has(trimmed) || this.dirs.has(trimmed);
  }

  /** Whether a path is a folder that holds known files. */
  isFolder(path: string): boolean {
    return this.dirs.has(path);
  }

  /** Every known file path. */
  all(): IterableIterator<string> {
    return this.files.values();
  }
}
