/**
 * Records kept outside the folder that cites them: a central incident repository cloned next to
 * the service repositories, or checked out as a second repository in CI. Every `.yaml`, `.yml`
 * and `.md` file under such a folder that defines an id is read (as the index reads a record: no
 * links followed, nothing over maxFileSize) into the citing folder's index as read-only context.
 */
import { promises as fs } from 'node:fs';
import { homedir } from 'node:os';
import * as nodePath from 'node:path';
import type { IncidentIndex } from '../core/index/incidentIndex';
import { RECORD_EXTENSIONS } from '../core/model';
import type { Logger } from '../core/ports';
import { leavesFolder } from './insideFolder';
import { NodeWorkspace } from './nodeWorkspace';

/**
 * The external folders in force for a folder, absolute and without repeats: those its
 * configuration file names (relative to the folder; only when `trustFile`), then the user's own
 * (settings, `--records-from`: absolute, `~/…`, or relative to the folder).
 */
export function externalRoots(folderRoot: string, fromFile: readonly string[], trustFile: boolean, fromUser: readonly unknown[] = []): string[] {
  const roots: string[] = [];
  const add = (value: unknown) => {
    if (typeof value !== 'string' || value.trim() === '') return;
    const expanded = value === '~' || value.startsWith('~/') ? nodePath.join(homedir(), value.slice(1)) : value;
    const absolute = nodePath.resolve(folderRoot, expanded);
    if (absolute !== folderRoot && !roots.includes(absolute)) roots.push(absolute);
  };
  if (trustFile) fromFile.forEach(add);
  fromUser.forEach(add);
  return roots;
}

/** The external record folders of one workspace folder, read into its index. */
export class ExternalRecords {
  private readonly readers: Array<{ root: string; files: NodeWorkspace }>;

  constructor(
    readonly folderRoot: string,
    readonly roots: string[],
    private readonly log: Logger,
  ) {
    this.readers = roots.map((root) => ({ root, files: new NodeWorkspace(root, undefined, log) }));
  }

  /** Reads every record of every external folder into the index; returns one message per folder that could not be read. */
  async load(index: IncidentIndex): Promise<string[]> {
    const problems: string[] = [];
    for (const { root, files } of this.readers) {
      const stat = await fs.stat(root).catch(() => undefined);
      if (!stat?.isDirectory()) {
        problems.push(`external records ${root}: not a folder that can be read`);
        continue;
      }
      let count = 0;
      for (const { path } of await files.list()) {
        if (!isRecordFile(path)) continue;
        const read = await files.readForIndex(path, index.options.maxFileSize);
        if (!('text' in read)) continue;
        if (index.setExternalFile(this.pathOf(root, path), read.text).size > 0) count++;
      }
      this.log.info(`Read ${count} external record(s) from ${root}.`);
    }
    return problems;
  }

  /** The index path of an external file: relative to the citing folder (climbing out of it), or absolute. */
  pathOf(root: string, path: string): string {
    const absolute = nodePath.join(root, ...path.split('/'));
    const relative = nodePath.relative(this.folderRoot, absolute);
    return (nodePath.isAbsolute(relative) ? absolute : relative).split(nodePath.sep).join('/');
  }

  /** Which external folder holds an absolute path, and the path inside it. */
  locate(absolute: string): { root: string; path: string; indexPath: string } | undefined {
    for (const { root } of this.readers) {
      const inside = nodePath.relative(root, absolute);
      if (inside === '' || leavesFolder(inside)) continue;
      const path = inside.split(nodePath.sep).join('/');
      return { root, path, indexPath: this.pathOf(root, path) };
    }
    return undefined;
  }

  /** The text of an external record, by its index path. */
  async read(indexPath: string): Promise<string | undefined> {
    const located = this.locate(nodePath.resolve(this.folderRoot, indexPath));
    if (!located) return undefined;
    return this.readers.find((r) => r.root === located.root)?.files.read(located.path);
  }

  /** Re-reads one external file after a change on disk (or forgets it). Returns the changed ids. */
  async refresh(index: IncidentIndex, absolute: string): Promise<Set<string>> {
    const located = this.locate(absolute);
    if (!located || !isRecordFile(located.path)) return new Set();
    const reader = this.readers.find((r) => r.root === located.root)!;
    const read = await reader.files.readForIndex(located.path, index.options.maxFileSize);
    return 'text' in read ? index.setExternalFile(located.indexPath, read.text) : index.removeExternalFile(located.indexPath);
  }
}

function isRecordFile(path: string): boolean {
  const lower = path.toLowerCase();
  return RECORD_EXTENSIONS.some((ext) => lower.endsWith(ext));
}
