/**
 * The one way a new record reaches the disk (New Incident Record, import): only inside the
 * workspace folder and never over anything. A repository can commit a symbolic link
 * (`incidents → /elsewhere`) or a dangling one named like the next record, so every folder under
 * the workspace root is checked with lstat (a link is never followed) and the record is created
 * exclusively (it fails when anything, even a dangling link, has that name).
 */
import { constants as fsConstants, promises as fs } from 'node:fs';
import * as nodePath from 'node:path';
import { nextFreeId } from '../core/records/nextId';

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
 * Makes `folder` under `root` exist as real directories, one component at a time (a recursive
 * mkdir would follow a link), and returns its absolute path. Throws UnsafeRecordFolder when a
 * component is a link or a file.
 */
export async function ensureRecordFolder(root: string, folder: string, writer: RecordWriterName = 'New Incident Record'): Promise<string> {
  let current = root;
  for (const part of componentsOf(folder, writer)) {
    current = nodePath.join(current, part);
    let stat = await lstatOrUndefined(current);
    if (stat === undefined) {
      try {
        await fs.mkdir(current);
      } catch (error) {
        // Someone made it meanwhile: judged below like any existing component.
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
      stat = await fs.lstat(current);
    }
    const at = nodePath.relative(root, current);
    if (stat.isSymbolicLink()) throw new UnsafeRecordFolder(folder, `${at} is a symbolic link`, writer);
    if (!stat.isDirectory()) throw new UnsafeRecordFolder(folder, `${at} is not a folder`, writer);
  }
  return current;
}

/**
 * Creates `file` with `text` unless anything at all has that name (even a dangling link, which is
 * never followed); false when something does.
 */
export async function createRecordFile(file: string, text: string): Promise<boolean> {
  let handle;
  try {
    handle = await fs.open(file, fsConstants.O_WRONLY | fsConstants.O_CREAT | fsConstants.O_EXCL | (fsConstants.O_NOFOLLOW ?? 0), 0o644);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
  try {
    await handle.writeFile(text, 'utf8');
  } finally {
    await handle.close();
  }
  return true;
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
  const directory = await ensureRecordFolder(root, folder);
  const taken = new Set(takenIds);
  // Ends: each name that exists is added to `taken`, and the next id is strictly higher (BigInt).
  for (;;) {
    const id = nextFreeId(taken, year);
    const file = nodePath.join(directory, `${id}.yaml`);
    if (await createRecordFile(file, textFor(id))) return { id, file };
    taken.add(id);
  }
}
