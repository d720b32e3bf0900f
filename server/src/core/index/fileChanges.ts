import { CONFIG_FILE } from '../config';
import type { WorkspaceFiles } from '../ports';
import type { IncidentIndex } from './incidentIndex';

/**
 * How the index of one folder follows what happens after its first load: files created, changed
 * or deleted on disk (one by one or a whole folder at once), editor buffers typed in, closed, or
 * laid over a fresh index. The editor glue only translates events into these calls.
 */

export type FileChangeKind = 'created' | 'changed' | 'deleted';

/** One file-system event, with a workspace-relative path (forward slashes). */
export interface FileChange {
  path: string;
  kind: FileChangeKind;
}

/** What a batch of file events did to a folder. */
export interface ChangeOutcome {
  /** Files whose problems may differ now: the changed files and whatever their ids touch. */
  affected: Set<string>;
  /** Whether the index changed at all (the views should refresh). */
  indexChanged: boolean;
  /** `.incident-lens.yaml` changed: the folder must be indexed again (nothing else was applied). */
  configChanged: boolean;
  /** Something under `.git` changed: HEAD may have moved and history should be refreshed. */
  headMoved: boolean;
  /**
   * Open buffers whose file was deleted on disk. They were dropped from the index at once (a
   * deletion shows immediately); the caller should not lay them over an index again until they
   * are edited.
   */
  deletedWhileOpen: string[];
}

/** The editor's open buffers of a folder: their text wins over the disk while they are open. */
export interface OpenBuffers {
  isOpen(path: string): boolean;
}

/**
 * Applies a batch of file events: the last event per path counts; each changed file is read once.
 * Events inside skipped folders (node_modules, build output, excluded globs) are ignored, as the
 * cold index ignores those files; deletions are always applied, so nothing stale survives.
 */
export async function applyFileChanges(
  index: IncidentIndex,
  files: WorkspaceFiles,
  changes: Iterable<FileChange>,
  buffers: OpenBuffers,
): Promise<ChangeOutcome> {
  const latest = new Map<string, FileChangeKind>();
  for (const change of changes) latest.set(change.path, change.kind);
  const outcome: ChangeOutcome = { affected: new Set(), indexChanged: false, configChanged: false, headMoved: false, deletedWhileOpen: [] };
  for (const path of latest.keys()) {
    if (path === '.git' || path.startsWith('.git/')) outcome.headMoved = true;
    else if (path === CONFIG_FILE) outcome.configChanged = true;
  }
  // A new configuration means a new index: applying the other events first would be wasted work.
  if (outcome.configChanged) return outcome;
  const changedIds = new Set<string>();
  const paths = new Set<string>();
  for (const [path, kind] of latest) {
    if (path === '.git' || path.startsWith('.git/')) continue;
    if (kind === 'deleted') {
      for (const gone of forget(index, path)) {
        paths.add(gone.path);
        for (const id of gone.ids) changedIds.add(id);
        if (buffers.isOpen(gone.path)) outcome.deletedWhileOpen.push(gone.path);
      }
      continue;
    }
    if (buffers.isOpen(path)) continue; // the open buffer wins over the disk
    if (index.policy.isInSkippedFolder(path)) continue;
    // A folder moved or copied in arrives as one event: read everything in it.
    const created = kind === 'created' && (await files.isFolder(path)) ? await files.list(path) : [{ path }];
    for (const { path: file } of created) {
      if (file !== path && (buffers.isOpen(file) || index.policy.isInSkippedFolder(file))) continue;
      paths.add(file);
      for (const id of await readIntoIndex(index, files, file)) changedIds.add(id);
    }
  }
  outcome.indexChanged = paths.size > 0;
  outcome.affected = affectedBy(index, paths, changedIds);
  return outcome;
}

/** Removes a deleted path, or every file under a deleted folder (it arrives as one event). */
function forget(index: IncidentIndex, path: string): Array<{ path: string; ids: Set<string> }> {
  const gone: string[] = index.fileKind(path) !== undefined || index.pathExists(path) ? [path] : [];
  // Only a known folder is walked for: a burst of deleted files must not cost a walk each.
  if (index.isKnownFolder(path)) {
    const prefix = `${path}/`;
    for (const known of index.knownPaths.all()) if (known.startsWith(prefix)) gone.push(known);
  }
  // Removed after the walk: removing while iterating the index's own set would skip paths.
  return gone.map((p) => ({ path: p, ids: index.removeFile(p) }));
}

/**
 * Reads one file from disk into the index: a file the index does not read is only known to
 * exist; one over maxFileSize or binary is noted as skipped. Returns the ids whose definitions
 * changed.
 */
export async function readIntoIndex(index: IncidentIndex, files: WorkspaceFiles, path: string): Promise<Set<string>> {
  if (!index.isIndexable(path)) {
    index.knownPaths.add(path);
    return new Set();
  }
  const read = await files.readForIndex(path, index.options.maxFileSize);
  return 'text' in read ? index.setFile(path, read.text) : index.markSkipped(path, read);
}

/**
 * An editor buffer's text replaces the file's in the index. Returns the files whose problems may
 * differ now, or undefined when the index does not read this path (nothing changed). The
 * configuration file is not taken from a buffer: half-typed configuration is noise, it takes
 * effect when saved.
 */
export function applyBufferText(index: IncidentIndex, path: string, text: string): Set<string> | undefined {
  if (path === CONFIG_FILE || !index.isIndexable(path)) return undefined;
  const changedIds = index.setFile(path, text);
  return affectedBy(index, [path], changedIds);
}

/**
 * A buffer was closed: the disk wins again (or the file is forgotten when it was never saved, or
 * was deleted). Returns the files whose problems may differ, or undefined when the index does not
 * read this path.
 */
export async function revertBufferToDisk(index: IncidentIndex, files: WorkspaceFiles, path: string): Promise<Set<string> | undefined> {
  if (path === CONFIG_FILE || !index.isIndexable(path)) return undefined;
  const read = await files.readForIndex(path, index.options.maxFileSize);
  let changedIds: Set<string>;
  if ('text' in read) changedIds = index.setFile(path, read.text);
  else if (read.skipped === 'unreadable')
    changedIds = index.removeFile(path); // gone from disk, or never saved
  else changedIds = index.markSkipped(path, read);
  return affectedBy(index, [path], changedIds);
}

/** An open buffer to lay over a freshly built index. */
export interface BufferToLay {
  path: string;
  text: string;
  /**
   * Whether it was typed in since it was opened (or since its file was deleted): a draft that
   * counts even when its file is not on disk. An untouched buffer of a file that is gone does not.
   */
  edited: boolean;
}

/**
 * Lays the open buffers over an index just built from disk: their text wins, except for a buffer
 * left open on a file that no longer exists (the index is authoritative about deletions).
 */
export function layBuffers(index: IncidentIndex, buffers: Iterable<BufferToLay>): void {
  for (const { path, text, edited } of buffers) {
    if (path === CONFIG_FILE || !index.isIndexable(path)) continue;
    if (!edited && !index.pathExists(path)) continue;
    index.setFile(path, text);
  }
}

/** The files whose problems may change with these files: themselves, what references the changed ids, and the records defining them. */
export function affectedBy(index: IncidentIndex, paths: Iterable<string>, changedIds: Set<string>): Set<string> {
  const affected = new Set<string>(paths);
  for (const path of index.pathsReferencing(changedIds)) affected.add(path);
  for (const id of changedIds) for (const record of index.definitions(id)) affected.add(record.path);
  return affected;
}
