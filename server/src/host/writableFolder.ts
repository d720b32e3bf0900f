/**
 * The one safe way to write files (records, reports): a folder is opened once, walking down from
 * a trusted base one part at a time without ever following a symbolic link, and every file is
 * then created relative to that open folder. A folder swapped for a link after it was opened is
 * not followed: on Linux the writes go through the open handle (`/proc/self/fd/N/name`, which
 * names the folder that was opened, not whatever now has its path); elsewhere every part is
 * checked again before each write. A name must be a single path part: never `..`, never a slash.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, constants as fsConstants, promises as fs } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import * as nodePath from 'node:path';

const NOFOLLOW = fsConstants.O_NOFOLLOW ?? 0;
const DIRECTORY = fsConstants.O_DIRECTORY ?? 0;
/** Whether a folder can be named by its open handle (Linux, and anything with a Linux-like /proc). */
const HANDLE_PATHS = process.platform === 'linux' && existsSync('/proc/self/fd');

/** Why a folder was refused: `at` is the part of the way (relative to the base) that is wrong. */
export type RefuseFolder = (at: string, reason: 'a symbolic link' | 'not a folder') => Error;

/** A name that stays in its folder: one path part, not `.` or `..`, no separator, no NUL. */
export function isSinglePathPart(name: string): boolean {
  return name !== '' && name !== '.' && name !== '..' && !/[/\\\0]/.test(name);
}

export class WritableFolder {
  private constructor(
    /** The folder's path, for messages and where handles cannot name it. */
    readonly path: string,
    private readonly base: string,
    private readonly parts: readonly string[],
    /** The open folder, where writes go through it (Linux). */
    private readonly handle: FileHandle | undefined,
    /** Which folder was opened, to tell it from one swapped in later where writes go by path. */
    private readonly identity: { dev: number; ino: number },
    private readonly refuse: RefuseFolder,
  ) {}

  /**
   * Opens `base/parts…`, making missing parts when `create`; throws what `refuse` makes when a part
   * is a symbolic link or not a folder. `base` is trusted as it is (the workspace root, the
   * working directory). Close it when done.
   */
  static async open(base: string, parts: readonly string[], create: boolean, refuse: RefuseFolder): Promise<WritableFolder> {
    if (!HANDLE_PATHS) return WritableFolder.openByPath(base, parts, create, refuse);
    let handle = await fs.open(base, fsConstants.O_RDONLY | DIRECTORY);
    let path = base;
    try {
      for (const [i, part] of parts.entries()) {
        if (!isSinglePathPart(part)) throw refuse(parts.slice(0, i + 1).join('/'), 'not a folder');
        const next = HANDLE_PATHS ? `/proc/self/fd/${handle.fd}/${part}` : nodePath.join(path, part);
        const opened = await openPart(
          next,
          create,
          () => refuse(parts.slice(0, i + 1).join('/'), 'a symbolic link'),
          () => refuse(parts.slice(0, i + 1).join('/'), 'not a folder'),
        );
        await handle.close();
        handle = opened;
        path = nodePath.join(path, part);
      }
    } catch (error) {
      await handle.close();
      throw error;
    }
    const { dev, ino } = await handle.stat().catch(async (error: unknown) => {
      await handle.close();
      throw error;
    });
    return new WritableFolder(path, base, parts, handle, { dev, ino }, refuse);
  }

  /**
   * Where a folder cannot be named by its handle (macOS, Windows, where a folder may not even be
   * opened as a file): each part is checked with lstat, and again before each write (pathOf).
   */
  private static async openByPath(base: string, parts: readonly string[], create: boolean, refuse: RefuseFolder): Promise<WritableFolder> {
    let path = base;
    for (const [i, part] of parts.entries()) {
      const at = parts.slice(0, i + 1).join('/');
      if (!isSinglePathPart(part)) throw refuse(at, 'not a folder');
      const next = nodePath.join(path, part);
      const stat = await fs.lstat(next).catch(async (error: NodeJS.ErrnoException) => {
        if (error.code !== 'ENOENT' || !create) throw error;
        await fs.mkdir(next).catch((made: NodeJS.ErrnoException) => (made.code === 'EEXIST' ? undefined : Promise.reject(made)));
        return fs.lstat(next);
      });
      if (stat.isSymbolicLink()) throw refuse(at, 'a symbolic link');
      if (!stat.isDirectory()) throw refuse(at, 'not a folder');
      path = next;
    }
    const { dev, ino } = await fs.stat(path);
    return new WritableFolder(path, base, parts, undefined, { dev, ino }, refuse);
  }

  /** How a file of this folder is reached for writing (see the module comment). */
  private async pathOf(name: string): Promise<string> {
    if (!isSinglePathPart(name)) throw new Error(`${JSON.stringify(name)} is not a single file name`);
    if (this.handle) return `/proc/self/fd/${this.handle.fd}/${name}`;
    // No handle paths: the way is checked again, and must still lead to the folder that was opened.
    const again = await WritableFolder.openByPath(this.base, this.parts, false, this.refuse);
    if (again.identity.ino !== this.identity.ino || again.identity.dev !== this.identity.dev) throw this.refuse(this.parts.join('/'), 'a symbolic link');
    return nodePath.join(this.path, name);
  }

  /**
   * Creates `name` with `text` unless anything at all has that name (even a dangling link, which
   * is never followed); false when something does. The text is written to a temporary file of
   * the folder first and linked into place whole, so a write cut half way leaves no record.
   */
  async createExclusive(name: string, text: string): Promise<boolean> {
    const target = await this.pathOf(name);
    const temporary = await this.writeTemporary(name, text);
    try {
      // link() never replaces anything: it fails when the name is taken, even by a dangling link.
      await fs.link(temporary, target);
      return true;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
      throw error;
    } finally {
      await fs.unlink(temporary).catch(() => undefined);
    }
  }

  /** Writes `name` whole, replacing a regular file of that name (never a link or anything else). */
  async replace(name: string, text: string): Promise<void> {
    const target = await this.pathOf(name);
    const existing = await fs.lstat(target).catch(() => undefined);
    if (existing && !existing.isFile()) throw new Error(`${nodePath.join(this.path, name)} exists and is not a regular file; not writing there`);
    const temporary = await this.writeTemporary(name, text);
    try {
      // rename() replaces the name itself: it never writes through what was there.
      await fs.rename(temporary, target);
    } catch (error) {
      await fs.unlink(temporary).catch(() => undefined);
      throw error;
    }
  }

  /** `text` in a new hidden file of the folder named after `name` (no record or report extension). */
  private async writeTemporary(name: string, text: string): Promise<string> {
    const temporary = await this.pathOf(`.${name}.${randomBytes(6).toString('hex')}.tmp`);
    const file = await fs.open(temporary, fsConstants.O_WRONLY | fsConstants.O_CREAT | fsConstants.O_EXCL | NOFOLLOW, 0o644);
    try {
      await file.writeFile(text, 'utf8');
    } catch (error) {
      await fs.unlink(temporary).catch(() => undefined);
      throw error;
    } finally {
      await file.close();
    }
    return temporary;
  }

  /** The text of `name` in this folder (never through a link); undefined when it cannot be read. */
  async read(name: string): Promise<string | undefined> {
    const path = await this.pathOf(name);
    try {
      const file = await fs.open(path, fsConstants.O_RDONLY | NOFOLLOW);
      try {
        return await file.readFile('utf8');
      } finally {
        await file.close();
      }
    } catch {
      return undefined;
    }
  }

  /** Removes `name` from this folder (a link itself, never what it points at); nothing when absent. */
  async remove(name: string): Promise<void> {
    await fs.unlink(await this.pathOf(name)).catch((error: NodeJS.ErrnoException) => (error.code === 'ENOENT' ? undefined : Promise.reject(error)));
  }

  close(): Promise<void> {
    return this.handle?.close() ?? Promise.resolve();
  }
}

/** Opens one part of the way as a folder, never through a link; makes it first when asked to. */
async function openPart(path: string, create: boolean, isLink: () => Error, notFolder: () => Error): Promise<FileHandle> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await fs.open(path, fsConstants.O_RDONLY | DIRECTORY | NOFOLLOW);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' && create && attempt === 0) {
        // Someone may make it meanwhile: it is then judged like any existing part.
        await fs.mkdir(path).catch((made: NodeJS.ErrnoException) => (made.code === 'EEXIST' ? undefined : Promise.reject(made)));
        continue;
      }
      if (code !== 'ELOOP' && code !== 'ENOTDIR') throw error;
      const stat = await fs.lstat(path).catch(() => undefined);
      throw stat?.isSymbolicLink() ? isLink() : notFolder();
    }
  }
}

/**
 * Opens a folder given on the command line (`--out DIR`) for writing, making what is missing. No
 * part of its way may be a symbolic link, except the working directory and the folders above it
 * (where the user stands is theirs; a repository could plant a link anywhere below it). `refuse`
 * gets the wrong part as an absolute path.
 */
export async function openGivenFolder(given: string, refuse: RefuseFolder): Promise<WritableFolder> {
  const absolute = nodePath.resolve(given);
  const cwdParts = process.cwd().split(nodePath.sep);
  const parts = absolute.split(nodePath.sep);
  let shared = 0;
  while (shared < cwdParts.length && shared < parts.length && cwdParts[shared] === parts[shared]) shared++;
  const base = parts.slice(0, shared).join(nodePath.sep) || nodePath.parse(absolute).root;
  return WritableFolder.open(
    base,
    parts.slice(shared).filter((part) => part !== ''),
    true,
    (at, reason) => refuse(nodePath.join(base, at), reason),
  );
}
