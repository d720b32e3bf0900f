import {
  closeSync,
  existsSync,
  constants as fsConstants,
  fstatSync,
  lstatSync,
  openSync,
  readdirSync,
  readlinkSync,
  readSync,
  realpathSync,
  type Stats,
} from 'node:fs';
import * as nodePath from 'node:path';
import { CONFIG_FILE } from '../core/config';
import { ALWAYS_SKIPPED_DIRS, IndexPolicy } from '../core/index/indexPolicy';
import { DEFAULT_OPTIONS } from '../core/model';
import type { IndexRead, ListedFile, Logger, WorkspaceFiles } from '../core/ports';
import { leavesFolder } from './insideFolder';
import { RipgrepRun } from './ripgrepCounts';

const SLASH_IS_SEP = nodePath.sep === '/';
const DOT_DOT_SEGMENT = /(?:^|[/\\])\.\.(?:[/\\]|$)/;

/** Bytes looked at to tell a binary file from text. */
const BINARY_SNIFF_BYTES = 8000;
/** Folders listed between two yields to the event loop while walking the tree. */
const FOLDERS_PER_TURN = 200;
/** The native search gets this long; after that every file is read instead. */
const RIPGREP_TIMEOUT_MS = 60_000;
/**
 * Up to this many files, a folder is walked in Node and searched (if at all) afterwards; above it,
 * ripgrep lists and searches it in one walk (see listAndSearch). Walking this many costs about as
 * much as starting ripgrep, and the walk is thrown away when the folder turns out bigger.
 */
export const NATIVE_WALK_FROM_FILES = 5000;

/**
 * Linux names the file behind an open handle in /proc/self/fd: one call tells whether the file
 * that was opened is the one inside the folder, or one reached through a symbolic link on the way.
 */
const OPEN_FILE_NAMES = process.platform === 'linux' && existsSync('/proc/self/fd') ? '/proc/self/fd/' : undefined;

export interface NodeWorkspaceOptions {
  /** A ripgrep binary for the pre-filter (VS Code ships one); `rg` on PATH when not given. */
  ripgrepPath?: string;
  /** False to read every file in Node (tests of the fallback; `INCIDENT_LENS_NO_RIPGREP=1`). */
  useRipgrep?: boolean;
  /**
   * The folder's `maxFileSize` (default 1 MiB): `read` returns nothing for a bigger file, which is
   * never read, not even to place the problem that says it was skipped.
   */
  maxFileSize?: number;
}

/** The configuration file is small; anything bigger is not one. */
export const MAX_CONFIG_BYTES = 1024 * 1024;

/** Lists everything but the always-skipped folders (for reading a single known file). */
const LIST_ALL = new IndexPolicy({ records: [], exclude: [] });

/**
 * A workspace folder on the local disk. Symbolic links are never followed (a link can point out of
 * the folder or into a loop); only regular files are listed.
 */
export class NodeWorkspace implements WorkspaceFiles {
  /**
   * @param policy which folders and files are listed: the index's own policy (excludes, skipped
   *   folders, nested workspace folders), so listing and indexing never disagree.
   */
  constructor(
    readonly root: string,
    private readonly policy: Pick<IndexPolicy, 'skipsFolder' | 'isListed' | 'isInSkippedFolder'> = LIST_ALL,
    private readonly log: Logger,
    private readonly options: NodeWorkspaceOptions = {},
  ) {}

  /**
   * The bytes of names that are not UTF-8 (a Latin-1 `café.yaml` from an old archive), by the path
   * the index knows them as (invalid bytes shown as U+FFFD, as ripgrep's output decodes too). A path
   * string cannot name such a file on disk, so every read goes through these bytes.
   */
  private readonly rawNames = new Map<string, Buffer>();

  /** Every file under the folder, or under one of its subfolders (a folder that just appeared). */
  async list(under = ''): Promise<Array<{ path: string }>> {
    return (await this.walk(under, Infinity))!;
  }

  /**
   * The files under a folder, walked in Node; undefined as soon as there are more than `limit` (the
   * walk stops there).
   */
  private async walk(under: string, limit: number): Promise<Array<{ path: string }> | undefined> {
    const found: Array<{ path: string }> = [];
    const pending: string[] = [under];
    let symlinks = 0;
    if (under && !(await this.isFolder(under))) return found;
    let listed = 0;
    while (pending.length > 0) {
      const dir = pending.pop()!;
      // Synchronous, like the reads (see readSync): one promise per folder costs a round trip to
      // the thread pool each, which made the walk of a tree of small folders several times slower
      // than listing them. Requests are still answered between turns.
      if (++listed % FOLDERS_PER_TURN === 0) await new Promise((resolve) => setImmediate(resolve));
      let entries;
      try {
        // Names as bytes: decoding them here would turn a name that is not UTF-8 into one that
        // does not exist.
        entries = readdirSync(this.fsPath(dir)!, { withFileTypes: true, encoding: 'buffer' });
      } catch (error) {
        this.log.warn(`Cannot list ${dir || '.'}: ${(error as Error).message}`);
        continue;
      }
      for (const entry of entries) {
        const name = entry.name.toString('utf8');
        const rel = dir ? `${dir}/${name}` : name;
        if (!Buffer.from(name, 'utf8').equals(entry.name) || this.rawNames.has(dir)) this.rememberRawName(dir, rel, entry.name);
        if (entry.isSymbolicLink()) symlinks++;
        else if (entry.isDirectory()) {
          if (!this.policy.skipsFolder(rel)) pending.push(rel);
        } else if (entry.isFile() && this.policy.isListed(rel)) found.push({ path: rel });
      }
      if (found.length > limit) return undefined;
    }
    if (symlinks > 0) this.log.info(`Did not follow ${symlinks} symbolic link(s) in ${this.root}.`);
    return found;
  }

  /**
   * Lists the folder and searches it in one walk, in batches as they come: each file with whether
   * it may hold a match of the regular expressions (POSIX ERE), or `undefined` when that is not
   * known (then the caller reads it, or searches it later). A folder of up to
   * NATIVE_WALK_FROM_FILES files is walked in Node, unsearched: starting ripgrep costs more than
   * that walk. A bigger one is walked once by ripgrep, which searches every file as it lists it,
   * instead of a walk in Node and then another in ripgrep. Should ripgrep be missing, or fail or
   * be cut off part way, the files it did not print come from a walk in Node.
   */
  async *listAndSearch(regexSources: string[]): AsyncGenerator<ListedFile[], void, undefined> {
    const searchable = this.canSearch(regexSources);
    const small = searchable ? await this.walk('', NATIVE_WALK_FROM_FILES) : await this.list();
    if (small) {
      yield small.map(({ path }) => ({ path, mayHoldReference: undefined }));
      return;
    }
    // Every regular file, matched or not (`--include-zero`): the listing is the walk. Binary files
    // too (`--binary`: by default they are left out), and large ones (no `--max-filesize`: a file
    // left out would be unknown to the checks of `code` paths); reading decides what is skipped.
    const listed = new Set<string>();
    const run = this.ripgrep(['--include-zero', '--binary'], regexSources);
    const started = Date.now();
    try {
      for await (const output of run.batches()) {
        const batch: ListedFile[] = [];
        for (const { path, count } of output) {
          const rel = this.listedPath(path);
          if (rel === undefined || listed.has(rel)) continue;
          listed.add(rel);
          batch.push({ path: rel, mayHoldReference: count > 0 });
        }
        if (batch.length > 0) yield batch;
      }
    } finally {
      // Also when the caller stops early (a newer index): ripgrep must not go on reading the tree.
      run.stop();
    }
    if (run.failure === undefined) {
      this.log.info(`ripgrep listed and searched ${listed.size} file(s) in one walk in ${Date.now() - started} ms.`);
      return;
    }
    this.log.info(`ripgrep ${run.failure} after listing ${listed.size} file(s); the rest are listed in Node and read.`);
    yield (await this.list()).filter(({ path }) => !listed.has(path)).map(({ path }) => ({ path, mayHoldReference: undefined }));
  }

  /** Whether ripgrep may be asked to search for these patterns. */
  private canSearch(regexSources: string[]): boolean {
    return this.options.useRipgrep !== false && process.env.INCIDENT_LENS_NO_RIPGREP !== '1' && regexSources.length > 0;
  }

  /**
   * Starts ripgrep counting the matches of the patterns in every file, with `options` before what
   * every run is told: read no configuration of the repository (`--no-config`, no ignore files:
   * the folder's own policy decides, after), follow no links, leave out the folders that are
   * always skipped, then the patterns and the folder.
   */
  private ripgrep(options: string[], regexSources: string[]): RipgrepRun {
    const args = ['--count', '--null', ...options, '--no-messages', '--no-config', '--no-ignore', '--hidden', '--no-follow'];
    for (const dir of ALWAYS_SKIPPED_DIRS) args.push('--glob', `!${dir}/`);
    for (const source of regexSources) args.push('--regexp', source);
    // The folder is an argument, not the working directory: on Windows a program is looked up in
    // the working directory first, and a repository could hold an `rg.exe` of its own.
    args.push('--', this.root);
    return new RipgrepRun(this.options.ripgrepPath ?? 'rg', args, RIPGREP_TIMEOUT_MS);
  }

  /**
   * The workspace path of a file ripgrep printed (absolute, as bytes), noting its bytes when its
   * name is not UTF-8; undefined when the folder's policy leaves it out (an excluded file, or one in
   * an excluded or nested folder: ripgrep only knows of the folders that are always skipped).
   */
  private listedPath(printed: Buffer): string | undefined {
    this.rootBytes ??= Buffer.from(this.root.endsWith(nodePath.sep) ? this.root : this.root + nodePath.sep, 'utf8');
    if (printed.length <= this.rootBytes.length || !printed.subarray(0, this.rootBytes.length).equals(this.rootBytes)) return undefined;
    const raw = printed.subarray(this.rootBytes.length);
    const native = raw.toString('utf8');
    const rel = SLASH_IS_SEP ? native : native.split(nodePath.sep).join('/');
    if (this.policy.isInSkippedFolder(rel) || !this.policy.isListed(rel)) return undefined;
    if (!Buffer.from(native, 'utf8').equals(raw)) {
      const known = this.rawNames.get(rel);
      // Two names that differ only in their invalid bytes read the same: the first one listed wins.
      if (known && !known.equals(raw)) this.log.warn(`Not reading ${rel}: another name that is not UTF-8 reads the same.`);
      else this.rawNames.set(rel, Buffer.from(raw));
    }
    return rel;
  }

  private rootBytes: Buffer | undefined;

  /**
   * The text of a file the index may hold: none for a file over `maxFileSize` (the configuration
   * file: over MAX_CONFIG_BYTES), which is left unread. Problems placed in a file that is not
   * read sit at its first line.
   */
  async read(path: string): Promise<string | undefined> {
    const maxFileSize = this.options.maxFileSize ?? DEFAULT_OPTIONS.maxFileSize;
    const result = this.readSync(path, path === CONFIG_FILE ? Math.max(maxFileSize, MAX_CONFIG_BYTES) : maxFileSize);
    return 'text' in result ? result.text : undefined;
  }

  async readForIndex(path: string, maxSize: number): Promise<IndexRead> {
    return this.readSync(path, maxSize);
  }

  /**
   * A few lstats, one open, one fstat, one read: synchronous on purpose. For the many small files of
   * a workspace it is about twice as fast as the promise API, and the loader yields to the event
   * loop between batches so requests are still answered.
   */
  private readSync(path: string, maxSize: number): IndexRead {
    let fd: number | undefined;
    try {
      const opened = this.openRegularFile(path);
      if ('skipped' in opened) return opened;
      fd = opened.fd;
      const size = opened.size;
      if (size > maxSize) return { skipped: 'too-large', size };
      const bytes = Buffer.allocUnsafe(size);
      let filled = 0;
      while (filled < size) {
        const n = readSync(fd, bytes, filled, size - filled, filled);
        if (n === 0) break;
        filled += n;
      }
      const content = bytes.subarray(0, filled);
      if (content.subarray(0, BINARY_SNIFF_BYTES).includes(0)) return { skipped: 'binary' };
      const text = content.toString('utf8');
      // Editors drop the byte-order mark from a document's text; drop it here too so offsets agree.
      return { text: text.charCodeAt(0) === 0xfeff ? text.slice(1) : text };
    } catch (error) {
      this.log.warn(`Cannot read ${path}: ${(error as Error).message}`);
      return { skipped: 'unreadable' };
    } finally {
      if (fd !== undefined) closeSync(fd);
    }
  }

  /**
   * Opens a regular file inside the folder (no link on the way, see `lstatInside`) for reading,
   * without ever blocking. Opening a FIFO for reading waits for a writer (forever, in a
   * repository), and a character device may never end: so the path is lstat-ed first and
   * anything but a regular file is refused unopened; the open itself is non-blocking and follows
   * no link, in case the file was swapped since; and the handle's own fstat must still be that
   * same regular file. The caller closes the handle.
   */
  private openRegularFile(path: string): { fd: number; size: number } | { skipped: 'unreadable' } {
    // Where the kernel can say which file a handle is, that check after the open replaces one
    // lstat per folder on the way (and cannot be raced); elsewhere each folder is lstat-ed.
    const found = OPEN_FILE_NAMES ? this.lstatLast(path) : this.lstatInside(path);
    if (!found) return { skipped: 'unreadable' };
    const { absolute, stat: before } = found;
    if (!before.isFile()) {
      this.log.info(`Not reading ${path}: ${kindOf(before)}, not a regular file.`);
      return { skipped: 'unreadable' };
    }
    const fd = openSync(absolute, fsConstants.O_RDONLY | (fsConstants.O_NOFOLLOW ?? 0) | (fsConstants.O_NONBLOCK ?? 0));
    let refusal: string | undefined;
    let stat: Stats;
    try {
      stat = fstatSync(fd);
      if (!stat.isFile() || stat.ino !== before.ino || stat.dev !== before.dev) refusal = 'it changed while it was opened';
      else if (OPEN_FILE_NAMES && !this.isOpenedInside(fd, path)) refusal = 'a folder on the way is a symbolic link (links are never followed)';
    } catch (error) {
      closeSync(fd);
      throw error;
    }
    if (refusal) {
      closeSync(fd);
      this.log.info(`Not reading ${path}: ${refusal}.`);
      return { skipped: 'unreadable' };
    }
    return { fd, size: stat.size };
  }

  /** The folder's own real path: the root may itself be reached through links (/tmp on macOS). */
  private realRoot: string | undefined;

  /** Whether the kernel names the open file `path` under the folder's real path (compared as bytes). */
  private isOpenedInside(fd: number, path: string): boolean {
    this.realRoot ??= realpathSync.native(this.root);
    const relative = this.rawNames.get(path) ?? Buffer.from(path.split('/').join(nodePath.sep), 'utf8');
    const expected = Buffer.concat([Buffer.from(this.realRoot + nodePath.sep, 'utf8'), relative]);
    return readlinkSync(`${OPEN_FILE_NAMES}${fd}`, { encoding: 'buffer' }).equals(expected);
  }

  /** Notes the bytes of a listed name that is not UTF-8, or that lies in a folder whose name is not. */
  private rememberRawName(dir: string, rel: string, name: Buffer): void {
    const parent = this.rawNames.get(dir) ?? (dir ? Buffer.from(dir.split('/').join(nodePath.sep), 'utf8') : undefined);
    const raw = parent ? Buffer.concat([parent, Buffer.from(nodePath.sep), name]) : name;
    const known = this.rawNames.get(rel);
    // Two names that differ only in their invalid bytes read the same: the first one listed wins.
    if (known && !known.equals(raw)) this.log.warn(`Not reading ${rel}: another name that is not UTF-8 reads the same.`);
    else this.rawNames.set(rel, raw);
  }

  /**
   * What to hand the file system for a workspace path: the absolute path, as bytes when the name is
   * not UTF-8; undefined when it would leave the folder.
   */
  private fsPath(path: string): string | Buffer | undefined {
    const absolute = this.resolve(path);
    const raw = this.rawNames.get(path);
    if (absolute === undefined || raw === undefined) return absolute;
    return Buffer.concat([Buffer.from(this.root + nodePath.sep, 'utf8'), raw]);
  }

  /**
   * Files ripgrep finds an id-like match in (those it counts a matching line in; it skips files over
   * `maxSize`). ripgrep reads no configuration of the repository (`--no-config`, no ignore files)
   * and follows no links; our own scan then decides what is a reference. Undefined when ripgrep is
   * missing or fails: every file is read.
   */
  async candidates(regexSources: string[], maxSize: number): Promise<Set<string> | undefined> {
    if (!this.canSearch(regexSources)) return undefined;
    const started = Date.now();
    const run = this.ripgrep(['--max-filesize', String(maxSize)], regexSources);
    const found = new Set<string>();
    for await (const output of run.batches()) {
      for (const { path, count } of output) {
        const rel = count > 0 ? this.listedPath(path) : undefined;
        if (rel !== undefined) found.add(rel);
      }
    }
    // Failed, cut off or killed: not sure what it missed.
    if (run.failure !== undefined) {
      this.log.info(`ripgrep ${run.failure}; reading every file instead.`);
      return undefined;
    }
    this.log.info(`ripgrep found ${found.size} candidate file(s) in ${Date.now() - started} ms.`);
    return found;
  }

  /** Whether a path is a real folder, reached through real folders (no link on the way). */
  async isFolder(path: string): Promise<boolean> {
    return this.lstatInside(path)?.stat.isDirectory() ?? false;
  }

  /**
   * The lstat of a workspace path reached through real folders only: undefined when it is gone,
   * outside the folder, or when any folder on the way is a symbolic link (or not a folder). The
   * cold index never descends through a link; a single path (a file event, a hover, a closed
   * document) must not either, or `incidents/ext -> /elsewhere` would read /elsewhere.
   */
  private lstatInside(path: string): { absolute: string | Buffer; stat: Stats } | undefined {
    const absolute = this.resolve(path);
    if (!absolute) return undefined;
    const parts = nodePath.relative(this.root, absolute).split(nodePath.sep);
    let folder = '';
    for (const part of parts.slice(0, -1)) {
      folder = folder ? `${folder}/${part}` : part;
      const stat = lstatSync(this.fsPath(folder)!, { throwIfNoEntry: false });
      if (!stat) return undefined;
      if (!stat.isDirectory()) {
        this.log.info(`Not reading ${path}: ${folder} is ${kindOf(stat)} (links are never followed).`);
        return undefined;
      }
    }
    return this.lstatLast(path);
  }

  /**
   * The size and modification time of a listed file (what the index cache compares), or undefined
   * when it is no longer a regular file. Only its last part is looked at: reading it checks the rest.
   */
  stamp(path: string): { size: number; mtimeMs: number } | undefined {
    // Asked of every file: a plain listed path (relative, no `..` segment) is joined as it is.
    const plain = !this.rawNames.has(path) && !nodePath.isAbsolute(path) && !DOT_DOT_SEGMENT.test(path);
    const absolute = plain ? `${this.root}${nodePath.sep}${SLASH_IS_SEP ? path : path.split('/').join(nodePath.sep)}` : this.fsPath(path);
    const stat = absolute === undefined ? undefined : lstatSync(absolute, { throwIfNoEntry: false });
    return stat?.isFile() ? { size: stat.size, mtimeMs: stat.mtimeMs } : undefined;
  }

  /** The lstat of the path's last part only (the folders on the way are checked elsewhere). */
  private lstatLast(path: string): { absolute: string | Buffer; stat: Stats } | undefined {
    const absolute = this.fsPath(path);
    const stat = absolute === undefined ? undefined : lstatSync(absolute, { throwIfNoEntry: false });
    return stat && absolute !== undefined ? { absolute, stat } : undefined;
  }

  /** The absolute path of a workspace-relative one, or undefined when it would leave the folder. */
  resolve(path: string): string | undefined {
    const absolute = nodePath.resolve(this.root, path);
    return leavesFolder(nodePath.relative(this.root, absolute)) ? undefined : absolute;
  }
}

/** What a non-regular file is, for the log. */
function kindOf(stat: Stats): string {
  if (stat.isDirectory()) return 'a folder';
  if (stat.isSymbolicLink()) return 'a symbolic link';
  if (stat.isFIFO()) return 'a FIFO';
  if (stat.isSocket()) return 'a socket';
  if (stat.isCharacterDevice() || stat.isBlockDevice()) return 'a device';
  return 'a special file';
}
