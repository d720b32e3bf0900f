import { promises as fs } from 'node:fs';
import * as nodePath from 'node:path';
import picomatch from 'picomatch';
import type { Logger, WorkspaceFiles } from '../core/ports';

/**
 * Folders never worth reading: dependencies, VCS internals and build output. Skipped by name at
 * any depth, before any user `exclude` glob is consulted.
 */
export const ALWAYS_SKIPPED_DIRS = new Set([
  'node_modules', '.git', '.hg', '.svn', 'dist', 'out', 'build', 'target', '.next', '.nuxt',
  '__pycache__', '.venv', 'venv', '.tox', '.gradle', 'coverage', 'bower_components', '.terraform',
]);

/** Bytes looked at to tell a binary file from text. */
const BINARY_SNIFF_BYTES = 8000;

/**
 * A workspace folder on the local disk. Symbolic links are never followed (a link can point out of
 * the folder or into a loop); only regular files are listed.
 */
export class NodeWorkspace implements WorkspaceFiles {
  private readonly isExcluded: (path: string) => boolean;

  constructor(
    readonly root: string,
    exclude: string[],
    private readonly log: Logger,
  ) {
    this.isExcluded = exclude.length > 0 ? picomatch(exclude, { dot: true }) : () => false;
  }

  async list(): Promise<Array<{ path: string; size: number }>> {
    const found: Array<{ path: string; size: number }> = [];
    const pending: string[] = [''];
    let symlinks = 0;
    while (pending.length > 0) {
      const dir = pending.pop()!;
      let entries;
      try {
        entries = await fs.readdir(nodePath.join(this.root, dir), { withFileTypes: true });
      } catch (error) {
        this.log.warn(`Cannot list ${dir || '.'}: ${(error as Error).message}`);
        continue;
      }
      const files: string[] = [];
      for (const entry of entries) {
        const rel = dir ? `${dir}/${entry.name}` : entry.name;
        if (entry.isSymbolicLink()) symlinks++;
        else if (entry.isDirectory()) {
          if (!ALWAYS_SKIPPED_DIRS.has(entry.name) && !this.isExcluded(rel) && !this.isExcluded(`${rel}/`)) pending.push(rel);
        } else if (entry.isFile() && !this.isExcluded(rel)) files.push(rel);
      }
      const sizes = await Promise.all(files.map((rel) => fs.stat(nodePath.join(this.root, rel)).then((s) => s.size, () => -1)));
      files.forEach((rel, i) => {
        if (sizes[i] >= 0) found.push({ path: rel, size: sizes[i] });
      });
    }
    if (symlinks > 0) this.log.info(`Did not follow ${symlinks} symbolic link(s) in ${this.root}.`);
    return found;
  }

  async read(path: string): Promise<string | undefined> {
    const absolute = this.resolve(path);
    if (!absolute) return undefined;
    try {
      const stat = await fs.lstat(absolute);
      if (!stat.isFile()) return undefined;
      const bytes = await fs.readFile(absolute);
      if (bytes.subarray(0, BINARY_SNIFF_BYTES).includes(0)) return undefined;
      const text = bytes.toString('utf8');
      // Editors drop the byte-order mark from a document's text; drop it here too so offsets agree.
      return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
    } catch (error) {
      this.log.warn(`Cannot read ${path}: ${(error as Error).message}`);
      return undefined;
    }
  }

  /** A file's size in bytes, or undefined when it is not a regular file (or is gone). */
  async size(path: string): Promise<number | undefined> {
    const absolute = this.resolve(path);
    if (!absolute) return undefined;
    try {
      const stat = await fs.lstat(absolute);
      return stat.isFile() ? stat.size : undefined;
    } catch {
      return undefined;
    }
  }

  /** The absolute path of a workspace-relative one, or undefined when it would leave the folder. */
  resolve(path: string): string | undefined {
    const absolute = nodePath.resolve(this.root, path);
    const relative = nodePath.relative(this.root, absolute);
    if (relative.startsWith('..') || nodePath.isAbsolute(relative)) return undefined;
    return absolute;
  }
}
