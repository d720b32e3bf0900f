/**
 * Where New Incident Record writes, on the real file system: only inside the workspace folder and
 * never over anything. A repository can commit a symbolic link (`incidents → /elsewhere`) or a
 * dangling one named like the next record, so every folder under the workspace root is checked
 * with lstat (a link is never followed) and the record is created exclusively (`wx`: it fails when
 * anything, even a dangling link, has that name). No vscode import: mocha tests it on real links.
 */

import { lstat, mkdir, open } from 'node:fs/promises';
import * as path from 'node:path';
import { nextFreeId } from '../../../server/src/core/records/nextId';

/** A records folder the command must not write into (a link, a file, or a path leaving the root). */
export class UnsafeRecordFolder extends Error {
  constructor(
    readonly folder: string,
    reason: string,
  ) {
    super(`${folder}: ${reason}; New Incident Record writes only into real folders inside the workspace.`);
  }
}

export type FolderState = 'directory' | 'absent' | 'unsafe';

/** The components of a workspace-relative folder; refuses absolute paths and `..`. */
function componentsOf(folder: string): string[] {
  const parts = folder.split(/[\\/]+/).filter((part) => part !== '' && part !== '.');
  if (path.isAbsolute(folder) || /^[a-zA-Z]:/.test(folder) || parts.includes('..') || parts.length === 0) {
    throw new UnsafeRecordFolder(folder, 'not a folder inside the workspace');
  }
  return parts;
}

async function lstatOrUndefined(file: string) {
  try {
    return await lstat(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/**
 * Whether `folder` (relative to `root`) is a real directory all the way down, missing from some
 * component on (it can be created), or unsafe: a component is a symbolic link or not a directory.
 */
export async function folderState(root: string, folder: string): Promise<FolderState> {
  let parts: string[];
  try {
    parts = componentsOf(folder);
  } catch {
    return 'unsafe';
  }
  let current = root;
  for (const part of parts) {
    current = path.join(current, part);
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
export async function ensureRealFolder(root: string, folder: string): Promise<string> {
  let current = root;
  for (const part of componentsOf(folder)) {
    current = path.join(current, part);
    let stat = await lstatOrUndefined(current);
    if (stat === undefined) {
      try {
        await mkdir(current);
      } catch (error) {
        // Someone made it meanwhile: judged below like any existing component.
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
      stat = await lstat(current);
    }
    if (stat.isSymbolicLink()) throw new UnsafeRecordFolder(folder, `${path.relative(root, current)} is a symbolic link`);
    if (!stat.isDirectory()) throw new UnsafeRecordFolder(folder, `${path.relative(root, current)} is not a folder`);
  }
  return current;
}

/** Creates `file` with `text` unless anything at all has that name; false when something does. */
export async function createExclusive(file: string, text: string): Promise<boolean> {
  let handle;
  try {
    handle = await open(file, 'wx');
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
  const directory = await ensureRealFolder(root, folder);
  const taken = new Set(takenIds);
  // Ends: each name that exists is added to `taken`, and the next id is strictly higher (BigInt).
  for (;;) {
    const id = nextFreeId(taken, year);
    const file = path.join(directory, `${id}.yaml`);
    if (await createExclusive(file, textFor(id))) return { id, file };
    taken.add(id);
  }
}
