/**
 * The one way a new record reaches the disk (New Incident Record, import): only inside the
 * workspace folder and never over anything. A repository can commit a symbolic link
 * (`incidents → /elsewhere`) or a dangling one named like the next record, so the records folder
 * is opened through `WritableFolder` (no link followed on the way, none swapped in later) and the
 * record is created exclusively (it fails when anything, even a dangling link, has that name).
 */
import { promises as fs } from 'node:fs';
import * as nodePath from 'node:path';
import { nextFreeId } from '../core/records/nextId';
import { WritableFolder } from './writableFolder';

/** Who writes, for the message that refuses a folder. */
export type RecordWriterName = 'New Incident Record' | 'import';

/** A records folder that must not be written into (a link, a file, or a path leaving the root). */
export class UnsafeRecordFolder extends Error {
  constructor(
    readonly folder: string,
    reason: string,
    writer: RecordWriterName = 'New Incident Record',
  ) {
    super(`${folder}: ${reason}; ${writer} writes only into real folders inside the workspace.`);
  }
}

export type RecordFolderState = 'directory' | 'absent' | 'unsafe';

/** The components of a workspace-relative folder; refuses absolute paths and `..`. */
function componentsOf(folder: string, writer: RecordWriterName): string[] {
  const parts = folder.split(/[\\/]+/).filter((part) => part !== '' && part !== '.');
  if (nodePath.isAbsolute(folder) || /^[a-zA-Z]:/.test(folder) || parts.includes('..') || parts.length === 0) {
    throw new UnsafeRecordFolder(folder, 'not a folder inside the workspace', writer);
  }
  return parts;
}

async function lstatOrUndefined(file: string) {
  try {
    return await fs.lstat(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/**
 * Whether `folder` (relative to `root`) is a real directory all the way down, missing from some
 * component on (it can be created), or unsafe: a component is a symbolic link or not a directory.
 */
export async function recordFolderState(root: string, folder: string): Promise<RecordFolderState> {
  let parts: string[];
  try {
    parts = componentsOf(folder, 'New Incident Record');
  } catch {
    return 'unsafe';
  }
  let current = root;
  for (const part of parts) {
    current = nodePath.join(current, part);
    const stat = await lstatOrUndefined(current);
    if (stat === undefined) return 'absent';
    if (!stat.isDirectory()) return 'unsafe';
  }
  return 'directory';
}

/**
 * Opens `folder` under `root` for writing records, making what is missing, one part at a time (a
 * recursive mkdir would follow a link). Throws UnsafeRecordFolder when a part is a link or a file.
 */
export async function openRecordFolder(root: string, folder: string, writer: RecordWriterName = 'New Incident Record'): Promise<WritableFolder> {
  return WritableFolder.open(root, componentsOf(folder, writer), true, (at, reason) => new UnsafeRecordFolder(folder, `${at} is ${reason}`, writer));
}

/** Makes `folder` under `root` exist as real folders (see openRecordFolder) and returns its path. */
export async function ensureRecordFolder(root: string, folder: string, writer: RecordWriterName = 'New Incident Record'): Promise<string> {
  const opened = await openRecordFolder(root, folder, writer);
  await opened.close();
  return opened.path;
}

export interface WrittenRecord {
  id: string;
  file: string;
}

/**
 * Writes a new record into `folder` under `root` with the next id of `year` that is neither in
 * `takenIds` (the index's) nor the name of anything in the folder, and returns where. The text is
 * made for the chosen id. Nothing existing is ever overwritten.
 */
export async function writeNewRecord(
  root: string,
  folder: string,
  takenIds: Iterable<string>,
  year: number,
  textFor: (id: string) => string,
): Promise<WrittenRecord> {
  const directory = await openRecordFolder(root, folder);
  try {
    const taken = new Set(takenIds);
    // Ends: each name that exists is added to `taken`, and the next id is strictly higher (BigInt).
    for (;;) {
      const id = nextFreeId(taken, year);
      const name = `${id}.yaml`;
      if (await directory.createExclusive(name, textFor(id))) return { id, file: nodePath.join(directory.path, name) };
      taken.add(id);
    }
  } finally {
    await directory.close();
  }
}
