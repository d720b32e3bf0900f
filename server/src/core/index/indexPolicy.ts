import { compileGlobs } from '../globs';
import { RECORD_EXTENSIONS, type Options } from '../model';
import { scanModeFor } from '../references';

/**
 * Folders never worth reading: dependencies, VCS internals and build output. Skipped by name at
 * any depth, before any user `exclude` glob is consulted.
 */
export const ALWAYS_SKIPPED_DIRS: ReadonlySet<string> = new Set([
  'node_modules',
  '.git',
  '.hg',
  '.svn',
  'dist',
  'out',
  'build',
  'target',
  '.next',
  '.nuxt',
  '__pycache__',
  '.venv',
  'venv',
  '.tox',
  '.gradle',
  'coverage',
  'bower_components',
  '.terraform',
]);

/**
 * Which files of a folder the index reads, decided once: the cold listing (the host walks folders
 * with `skipsFolder` and `isListed`), file events, open buffers and closed ones all ask here, so a
 * file is never read by one path and ignored by another. `exclude` and `records` are compiled once.
 */
export class IndexPolicy {
  private readonly isRecordGlob: (path: string) => boolean;
  private readonly isExcluded: (path: string) => boolean;
  private readonly nestedRoots: ReadonlySet<string>;
  /** Folder decisions, cached: there are far fewer folders than files. */
  private readonly folderSkipped = new Map<string, boolean>();
  /** Whether a folder or one above it is skipped, cached the same way. */
  private readonly folderLeftOut = new Map<string, boolean>();

  /**
   * @param nestedRoots folders (relative, forward slashes) that are another workspace folder
   *   nested in this one: that folder's own index covers them.
   */
  constructor(options: Pick<Options, 'records' | 'exclude'>, nestedRoots: Iterable<string> = []) {
    // Refused globs were reported where they were configured (core/config.ts).
    this.isRecordGlob = compileGlobs(options.records).test;
    this.isExcluded = options.exclude.length > 0 ? compileGlobs(options.exclude).test : () => false;
    this.nestedRoots = new Set(nestedRoots);
  }

  /** Whether a folder (relative, no trailing slash) is left out with everything under it. */
  skipsFolder(dir: string): boolean {
    let skipped = this.folderSkipped.get(dir);
    if (skipped === undefined) {
      const name = dir.slice(dir.lastIndexOf('/') + 1);
      skipped = ALWAYS_SKIPPED_DIRS.has(name) || this.nestedRoots.has(dir) || this.isExcluded(dir) || this.isExcluded(`${dir}/`);
      this.folderSkipped.set(dir, skipped);
    }
    return skipped;
  }

  /** Whether a file directly in a listed folder is listed (known to exist, for `code` paths). */
  isListed(path: string): boolean {
    return !this.isExcluded(path);
  }

  /** Whether a path lies in a folder that is left out (`node_modules/...`, an excluded folder). */
  isInSkippedFolder(path: string): boolean {
    const slash = path.lastIndexOf('/');
    return slash > 0 && this.isFolderLeftOut(path.slice(0, slash));
  }

  /** Whether a folder is skipped or lies in a skipped one, cached per folder: asked for every file. */
  private isFolderLeftOut(dir: string): boolean {
    let leftOut = this.folderLeftOut.get(dir);
    if (leftOut === undefined) {
      leftOut = this.skipsFolder(dir) || this.isInSkippedFolder(dir);
      this.folderLeftOut.set(dir, leftOut);
    }
    return leftOut;
  }

  /** Whether a path holds an incident record (by the `records` globs and its extension). */
  isRecordPath(path: string): boolean {
    const lower = path.toLowerCase();
    return RECORD_EXTENSIONS.some((ext) => lower.endsWith(ext)) && this.isRecordGlob(path);
  }

  /**
   * Whether the index reads this file: it is listed, in no skipped folder, and is a record or a
   * file whose references are scanned (source code, docs).
   */
  isIndexable(path: string): boolean {
    if (!this.isListed(path) || this.isInSkippedFolder(path)) return false;
    return this.isRecordPath(path) || scanModeFor(path) !== undefined;
  }
}
