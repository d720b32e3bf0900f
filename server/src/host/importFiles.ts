/**
 * The file system side of `incident-lens import`: which files the sources name, reading each one
 * safely (never through a link, never a binary, never text that is not UTF-8, never more than
 * maxFileSize), and writing the planned records through the one record writer (`recordWriter.ts`).
 */
import { createHash } from 'node:crypto';
import { constants as fsConstants, promises as fs } from 'node:fs';
import * as nodePath from 'node:path';
import type { PlannedRecord, RefusedSource, SourceText } from '../core/import';
import { silentLogger } from '../core/ports';
import { ALWAYS_SKIPPED_DIRS } from '../core/index/indexPolicy';
import { NodeWorkspace } from './nodeWorkspace';
import { isSinglePathPart, type WritableFolder } from './writableFolder';

/** Files in a source folder that are read as postmortems. */
const POSTMORTEM_EXTENSIONS = ['.md', '.markdown', '.mdown', '.mkd', '.txt'];

/**
 * Every postmortem the sources name, in the order given (a folder's files sorted by path), each
 * read or refused with a one-line reason. `origin` is relative to the workspace folder `root`.
 */
export async function readSources(
  sources: string[],
  root: string,
  maxFileSize: number,
  /** Whether a file is an incident record: records are never sources (a folder's are skipped). */
  isRecord: (absolute: string) => boolean = () => false,
): Promise<Array<SourceText | RefusedSource>> {
  const out: Array<SourceText | RefusedSource> = [];
  const origin = (absolute: string) => originOf(root, absolute);
  for (const source of sources) {
    if (/^[a-z][a-z0-9+.-]*:\/\//i.test(source)) {
      out.push({ origin: source, refused: 'a web address: nothing is fetched (download the postmortem and import the file)' });
      continue;
    }
    const absolute = nodePath.resolve(source);
    let stat;
    try {
      stat = await fs.lstat(absolute);
    } catch (error) {
      out.push({ origin: origin(absolute), refused: `cannot be read (${codeOf(error)})` });
      continue;
    }
    if (stat.isSymbolicLink()) out.push({ origin: origin(absolute), refused: 'a symbolic link: links are not followed' });
    else if (stat.isDirectory()) for (const read of await readFolder(absolute, root, maxFileSize, isRecord)) out.push(read);
    else if (isRecord(absolute)) out.push({ origin: origin(absolute), refused: 'an incident record already: records are not imported' });
    else if (stat.isFile()) out.push(await readSource(absolute, origin(absolute), maxFileSize));
    else out.push({ origin: origin(absolute), refused: 'not a regular file' });
  }
  return out;
}

async function readFolder(
  folder: string,
  root: string,
  maxFileSize: number,
  isRecord: (absolute: string) => boolean,
): Promise<Array<SourceText | RefusedSource>> {
  const out: Array<SourceText | RefusedSource> = [];
  const files: string[] = [];
  const pending = [folder];
  while (pending.length) {
    const dir = pending.pop()!;
    let entries;
    try {
      // Names as bytes: a name that is not UTF-8 would otherwise be decoded into one that does not exist.
      entries = await fs.readdir(dir, { withFileTypes: true, encoding: 'buffer' });
    } catch (error) {
      out.push({ origin: originOf(root, dir), refused: `the folder cannot be read (${codeOf(error)})` });
      continue;
    }
    for (const entry of entries) {
      const name = entry.name.toString('utf8');
      const path = nodePath.join(dir, name);
      if (!isUtf8Bytes(entry.name)) out.push({ origin: originOf(root, path), refused: 'its file name is not valid UTF-8: rename it to import it' });
      else if (entry.isSymbolicLink()) out.push({ origin: originOf(root, path), refused: 'a symbolic link: links are not followed' });
      else if (entry.isDirectory()) {
        if (!ALWAYS_SKIPPED_DIRS.has(name)) pending.push(path);
      } else if (entry.isFile() && POSTMORTEM_EXTENSIONS.includes(nodePath.extname(name).toLowerCase()) && !isReadme(name) && !isRecord(path)) files.push(path);
    }
  }
  for (const file of files.sort()) out.push(await readSource(file, originOf(root, file), maxFileSize));
  return out.sort((a, b) => (a.origin < b.origin ? -1 : a.origin > b.origin ? 1 : 0));
}

function isUtf8Bytes(bytes: Uint8Array): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

/** A folder's README describes the folder; it is not a postmortem (given by name, it is read). */
function isReadme(name: string): boolean {
  return /^readme(\.[a-z]+)?$/i.test(name);
}

/** One source, read as the index reads a record: no link, no binary, not over maxFileSize. */
async function readSource(absolute: string, origin: string, maxFileSize: number): Promise<SourceText | RefusedSource> {
  const files = new NodeWorkspace(nodePath.dirname(absolute), undefined, silentLogger);
  const name = nodePath.basename(absolute);
  const read = await files.readForIndex(name, maxFileSize);
  if ('skipped' in read) {
    const why =
      read.skipped === 'too-large'
        ? `${read.size} bytes, over maxFileSize (${maxFileSize} bytes)`
        : read.skipped === 'binary'
          ? 'a binary file (or UTF-16 text)'
          : 'cannot be read (not a regular file, or no permission)';
    return { origin, refused: why };
  }
  // The shared read decodes leniently; a replacement character may mean bytes that are not UTF-8.
  if (read.text.includes('\ufffd') && !(await isUtf8(absolute))) return { origin, refused: 'not UTF-8 text (convert it to UTF-8 first)' };
  if (read.text.trim() === '') return { origin, refused: 'empty' };
  return { origin, fileName: name, text: read.text };
}

async function isUtf8(absolute: string): Promise<boolean> {
  try {
    const handle = await fs.open(absolute, fsConstants.O_RDONLY | (fsConstants.O_NOFOLLOW ?? 0));
    try {
      return isUtf8Bytes(await handle.readFile());
    } finally {
      await handle.close();
    }
  } catch {
    return false;
  }
}

/** The source as `imported_from` names it: relative to the folder, forward slashes. */
export function originOf(root: string, absolute: string): string {
  const relative = nodePath.relative(root, absolute);
  return nodePath.isAbsolute(relative) ? absolute.split(nodePath.sep).join('/') : relative.split(nodePath.sep).join('/') || '.';
}

/** Which sources have a record in the records folder now, and where (read again, not from the index). */
export type ImportedNow = () => Promise<ReadonlyMap<string, { id: string; path: string }>>;

/**
 * Writes each planned record into the records folder `folder` (`to`, opened by the one record
 * writer): an existing file (or a link in its place) is never touched, and a name that is not a
 * single file name (an id holding a slash under permissive idPatterns) is never written; that
 * source is refused instead. Two imports may run at once: each source is first claimed with an
 * exclusive-create marker named after it, and once all are claimed the folder is read again
 * (`importedNow`), so a source another run claimed, or imported since this run's index was built,
 * is imported once. `stillWanted` throws once the run is cancelled: nothing more is written then.
 */
export async function writeRecords(
  folder: WritableFolder,
  to: string,
  records: PlannedRecord[],
  importedNow: ImportedNow,
  stillWanted: () => void = () => undefined,
): Promise<void> {
  const refuse = (record: PlannedRecord, reason: string) => {
    record.entry.outcome = 'refused';
    record.entry.reason = reason;
  };
  const claimed: Array<{ record: PlannedRecord; claim: string }> = [];
  try {
    for (const record of records) {
      const claim = await claimSource(folder, record.entry.source);
      if (claim) claimed.push({ record, claim });
      else Object.assign(record.entry, { outcome: 'already-imported', id: undefined, record: undefined, reason: 'being imported by another run' });
    }
    const there = claimed.length ? await importedNow() : new Map<string, { id: string; path: string }>();
    for (const { record } of claimed) {
      stillWanted();
      const previous = there.get(record.entry.source);
      if (previous) {
        Object.assign(record.entry, {
          outcome: 'already-imported',
          id: previous.id,
          record: previous.path,
          reason: `already imported as ${previous.id} (${previous.path})`,
        });
        continue;
      }
      const name = record.path.startsWith(`${to}/`) ? record.path.slice(to.length + 1) : '';
      try {
        if (!isSinglePathPart(name)) refuse(record, `${record.path} is not a file directly in ${to} (the id is not a single file name): not written`);
        else if (!(await folder.createExclusive(name, record.text))) refuse(record, `${record.path} already exists: not overwritten`);
      } catch (error) {
        refuse(record, `cannot write ${record.path} (${codeOf(error)})`);
      }
    }
  } finally {
    for (const { claim } of claimed) await folder.remove(claim).catch(() => undefined);
  }
}

/**
 * Claims a source for this run: a hidden marker named after the source, created exclusively in
 * the records folder, holding this process's id. A marker left by a process that no longer runs
 * is taken over. Returns the marker's name, or undefined when another running import holds it.
 */
async function claimSource(folder: WritableFolder, source: string): Promise<string | undefined> {
  const claim = `.import-claim-${createHash('sha256').update(source).digest('hex').slice(0, 32)}`;
  for (let attempt = 0; attempt < 2; attempt++) {
    if (await folder.createExclusive(claim, `${process.pid}\n${source}\n`)) return claim;
    const holder = Number((await folder.read(claim))?.split('\n')[0]);
    if (Number.isInteger(holder) && holder > 0 && isRunning(holder)) return undefined;
    await folder.remove(claim);
  }
  return undefined;
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function codeOf(error: unknown): string {
  return (error as NodeJS.ErrnoException).code ?? (error as Error).message;
}
