/**
 * The index cache: what a load made of a folder's files (references per file, records parsed with
 * their spans and problems, files the native search left unread), kept in one file between runs
 * so that the next start reads and parses only what changed. A file is taken from the cache when
 * its size and modification time are those it was cached with; a record whose time changed but
 * whose text hashes the same is not parsed again (a checkout touches every file).
 *
 * The cache file is never trusted blindly: one that is truncated, corrupt (its checksum), of
 * another format, build, folder or id patterns, too big, not ours at all, or with one entry a first
 * parse could not have made (indexCacheEntries.ts: a checksum is no proof, anyone who can write
 * the file can make one) is ignored and written anew; it is read a chunk at a time, and reading
 * or writing it never throws. It is written whole to a temporary file and renamed into
 * place, so a reader sees the old or the new one, never half of one, and two writers at once
 * leave one of the two. It holds only what the folder's own files gave (no external records).
 */
import { createHash, randomBytes } from 'node:crypto';
import { closeSync, fstatSync, mkdirSync, openSync, readSync, renameSync, statSync, unlinkSync, writeSync } from 'node:fs';
import * as nodePath from 'node:path';
import type { FileAnalysis } from '../core/index/analyseFile';
import type { IncidentIndex } from '../core/index/incidentIndex';
import type { LoadResult } from '../core/index/loader';
import type { FileCache, Logger } from '../core/ports';
import { compileIdPatterns } from '../core/references';
import { analysisOf, entryOf, entryProblem, RECORD, SKIPPED, UNREAD, type Entry, type EntryRules } from './indexCacheEntries';
import type { NodeWorkspace } from './nodeWorkspace';
import { PRODUCT_VERSION } from '../../../common/runtime';

const MAGIC = 'incident-lens index cache';
/** Bumped whenever what is kept, or how, changes (2: one entry a line, not one JSON array). */
const FORMAT = 2;
/** A cache file bigger than this is not one of ours (10,000 records make about 40 MB). */
const MAX_CACHE_BYTES = 256 * 1024 * 1024;
/** Nor is one whose header, or one of whose entries, is longer than this (in bytes; see maxLineBytes). */
const MAX_HEADER_BYTES = 64 * 1024;
/** Read this much at a time: the file is never held whole. */
const CHUNK_BYTES = 1024 * 1024;
/**
 * A file modified this close to the moment it was looked at may change again within the same
 * tick of the file system's clock, unseen: it is kept, but checked again next time.
 */
const RACY_MS = 2000;

/** The build of the parser: a rebuilt bundle (or another version) never reads an older cache. */
const PARSER = (() => {
  try {
    const self = statSync(__filename);
    return `${FORMAT}:${PRODUCT_VERSION}:${self.size}:${self.mtimeMs}`;
  } catch {
    return `${FORMAT}:${PRODUCT_VERSION}`;
  }
})();

/** What a cache file must have been written for, to be read. */
export interface CacheKeys {
  root: string;
  /** The id patterns: every reference of every file depends on them. */
  references: string;
  /** What else shapes a parsed record (severities, the writing checks): only records depend on it. */
  records: string;
  maxFileSize: number;
}

/** The keys of a folder's index as it is configured now. */
export function cacheKeys(root: string, index: IncidentIndex): CacheKeys {
  const { severities, blamelessLanguage, hindsightLanguage } = index.analysisContext.record;
  return {
    root: nodePath.resolve(root),
    references: JSON.stringify(index.matcher.patterns),
    records: JSON.stringify({ severities, blamelessLanguage, hindsightLanguage }),
    maxFileSize: index.options.maxFileSize,
  };
}

/** The cache file of a folder in a cache folder: one per indexed folder, named by its path. */
export function cacheFileFor(cacheFolder: string, root: string): string {
  const name = createHash('sha1').update(nodePath.resolve(root)).digest('hex').slice(0, 16);
  return nodePath.join(cacheFolder, `index-${name}.json`);
}

interface Header {
  magic: string;
  format: number;
  parser: string;
  root: string;
  references: string;
  records: string;
  maxFileSize: number;
  bytes: number;
  sha1: string;
}

/** What a finished load leaves to write: built at once, before open buffers are laid over the index. */
export interface CacheSnapshot {
  entries: Entry[];
  changed: boolean;
}

export class IndexCache implements FileCache {
  private readonly entries = new Map<string, Entry>();
  /** Whether the cached records were parsed with the configuration in force (else only they are dropped). */
  private recordsValid = false;
  /** The largest file size the cached entries can be trusted for (maxFileSize then and now). */
  private sizeLimit: number;
  /** maxFileSize when the cache was written: the native search looked at no file over it. */
  private writtenMaxFileSize: number;
  /** Size and time of every file asked about, looked at before it was read. */
  private readonly stamps = new Map<string, { size: number; mtimeMs: number }>();
  private readonly hashes = new Map<string, string>();
  private readonly since = Date.now();
  private misses = 0;
  /** The file was written with another configuration of records or another maxFileSize. */
  private stale = true;

  private constructor(
    readonly file: string,
    private readonly keys: CacheKeys,
    private readonly files: Pick<NodeWorkspace, 'stamp'>,
    private readonly log: Logger,
  ) {
    this.sizeLimit = keys.maxFileSize;
    this.writtenMaxFileSize = keys.maxFileSize;
  }

  /** Reads the cache file, if there is one worth reading; never throws. `files` looks at the folder's files. */
  static open(file: string, keys: CacheKeys, files: Pick<NodeWorkspace, 'stamp'>, log: Logger): IndexCache {
    const cache = new IndexCache(file, keys, files, log);
    const refused = cache.read();
    if (refused) log.info(`Index cache ${file} not used: ${refused}.`);
    return cache;
  }

  /** Why the file was not used, or undefined when its entries are loaded. */
  private read(): string | undefined {
    let fd: number;
    try {
      fd = openSync(this.file, 'r');
    } catch (error) {
      return (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'there is none yet' : `it cannot be read (${(error as Error).message})`;
    }
    try {
      return this.readFrom(fd);
    } catch (error) {
      return `it cannot be read (${(error as Error).message})`;
    } finally {
      closeSync(fd);
    }
  }

  /**
   * Reads the header, then the entries a chunk at a time, each line checked as it comes (see
   * indexCacheEntries.ts) and the checksum taken over the same bytes. Nothing is kept unless the
   * whole file is whole, ours, and every entry in it passes.
   */
  private readFrom(fd: number): string | undefined {
    const stat = fstatSync(fd);
    if (!stat.isFile() || stat.size > MAX_CACHE_BYTES) return 'not a cache file';
    const lines = linesOf(fd, Math.max(MAX_HEADER_BYTES, maxLineBytes(this.keys.maxFileSize)));
    const first = lines.next();
    let header: Header;
    try {
      if (first.done || first.value.length > MAX_HEADER_BYTES) return 'not a cache file';
      header = JSON.parse(first.value.toString('utf8')) as Header;
    } catch {
      return 'not a cache file';
    }
    if (!header || typeof header !== 'object' || header.magic !== MAGIC) return 'not a cache file';
    if (header.format !== FORMAT || header.parser !== PARSER) return 'written by another version';
    if (header.root !== this.keys.root) return 'written for another folder';
    if (header.references !== this.keys.references) return 'the id patterns changed';
    if (typeof header.maxFileSize !== 'number' || typeof header.bytes !== 'number' || typeof header.sha1 !== 'string') return 'not a cache file';
    if (stat.size !== first.value.length + 1 + header.bytes) return 'it is truncated or corrupt';
    const recordsValid = header.records === this.keys.records;
    const rules: EntryRules = {
      matcher: compileIdPatterns(JSON.parse(this.keys.references) as string[]).matcher,
      ...(recordsValid ? { severities: this.severities() } : {}),
    };
    // The checksum is of the bytes as written; every line is hashed even after one fails, so that
    // a file changed on disk is told apart from one written to deceive.
    const hash = createHash('sha1');
    const entries = new Map<string, Entry>();
    let refused: string | undefined;
    for (const line of lines) {
      hash.update(line).update('\n');
      if (refused) continue;
      if (line === TOO_LONG) {
        refused = 'it is corrupt (an entry too long)';
        continue;
      }
      let entry: unknown;
      try {
        entry = JSON.parse(line.toString('utf8'));
      } catch {
        refused = 'it is corrupt';
        continue;
      }
      const problem = entryProblem(entry, rules) ?? (entries.has((entry as Entry)[0]) ? 'a path twice' : undefined);
      if (problem) refused = `it is corrupt (${problem})`;
      else entries.set((entry as Entry)[0], entry as Entry);
    }
    if (hash.digest('base64') !== header.sha1) return 'it is truncated or corrupt';
    if (refused) return refused;
    for (const [path, entry] of entries) this.entries.set(path, entry);
    this.recordsValid = recordsValid;
    this.sizeLimit = Math.min(this.keys.maxFileSize, header.maxFileSize);
    this.writtenMaxFileSize = header.maxFileSize;
    this.stale = !this.recordsValid || header.maxFileSize !== this.keys.maxFileSize;
    if (!this.recordsValid) this.log.info('Index cache: the configuration of records changed; records are parsed again.');
    return undefined;
  }

  /** The severities configured now (the keys hold them as written in the header). */
  private severities(): string[] {
    const { severities } = JSON.parse(this.keys.records) as { severities?: unknown };
    return Array.isArray(severities) ? severities.filter((s): s is string => typeof s === 'string') : [];
  }

  /** How many files the cache file held (0 when it was not used). */
  get size(): number {
    return this.entries.size;
  }

  unchanged(path: string, asRecord: boolean): { analysis: FileAnalysis } | { unread: true } | undefined {
    const stat = this.files.stamp(path);
    if (!stat) return this.miss();
    this.stamps.set(path, stat);
    const entry = this.entries.get(path);
    if (!entry || entry[1] !== stat.size || entry[2] !== stat.mtimeMs) return this.miss();
    // Read again, and skipped again as it was: no change to write.
    if (entry[3] === SKIPPED) return undefined;
    if (asRecord !== (entry[3] === RECORD)) return this.miss();
    // Left unread by the native search, which skips what is over maxFileSize: still nothing to read
    // unless maxFileSize has grown past its size since.
    if (entry[3] === UNREAD) return stat.size > this.writtenMaxFileSize && stat.size <= this.keys.maxFileSize ? this.miss() : { unread: true };
    if (stat.size > this.sizeLimit) return this.miss();
    if (entry[3] === RECORD) {
      if (!this.recordsValid) return this.miss();
      this.hashes.set(path, entry[4]);
    }
    return { analysis: analysisOf(path, entry) };
  }

  sameText(path: string, text: string): FileAnalysis | undefined {
    const hash = sha1(text);
    this.hashes.set(path, hash);
    const entry = this.entries.get(path);
    if (!entry || entry[3] !== RECORD || !this.recordsValid || entry[4] !== hash) return undefined;
    return analysisOf(path, entry);
  }

  private miss(): undefined {
    this.misses++;
    return undefined;
  }

  /**
   * What the index holds of every file the load asked about, to write. Taken right after the load,
   * before anything else changes the index; `skip` names files whose text in the index may not be
   * the one on disk (documents open in the editor), left out so that they are read next time.
   */
  snapshot(index: IncidentIndex, load: LoadResult, skip: ReadonlySet<string> = new Set()): CacheSnapshot {
    const skipped = new Set([...load.tooLarge, ...load.unreadable]);
    const entries: Entry[] = [];
    for (const [path, { size, mtimeMs }] of this.stamps) {
      if (skip.has(path)) continue;
      const time = mtimeMs >= this.since - RACY_MS ? -1 : mtimeMs;
      if (skipped.has(path)) {
        entries.push([path, size, time, SKIPPED]);
        continue;
      }
      const analysis = index.analysisOf(path);
      const hash = this.hashes.get(path);
      if (!analysis) entries.push([path, size, time, UNREAD]);
      // A record whose text was never hashed (laid from an editor's buffer) is read next time.
      else if (!analysis.parsed || hash) entries.push(entryOf(path, size, time, analysis, hash));
    }
    return { entries, changed: this.stale || this.misses > 0 || entries.length !== this.entries.size };
  }

  /**
   * Writes a snapshot (when anything changed), whole, through a temporary file in the same folder
   * renamed over the old one. The text is made a slice of entries at a time, with a turn of the
   * event loop between slices: 10,000 records make about 50 MB, which as one string held the
   * server (no request answered) for about a second and took three copies of it in memory. A
   * failure is logged, never thrown: the index itself is complete.
   */
  async write(snapshot: CacheSnapshot): Promise<void> {
    if (!snapshot.changed) return;
    const temporary = `${this.file}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
    let fd: number | undefined;
    try {
      const body: Buffer[] = [];
      const hash = createHash('sha1');
      let bytes = 0;
      const { entries } = snapshot;
      // One entry a line (JSON never puts a line break inside a value), built a slice at a time.
      for (let start = 0; start < entries.length; start += ENTRIES_PER_SLICE) {
        if (start > 0) await new Promise((resolve) => setImmediate(resolve));
        const lines = entries.slice(start, start + ENTRIES_PER_SLICE).map((entry) => `${JSON.stringify(entry)}\n`);
        const chunk = Buffer.from(lines.join(''), 'utf8');
        hash.update(chunk);
        bytes += chunk.length;
        body.push(chunk);
      }
      const header: Header = {
        magic: MAGIC,
        format: FORMAT,
        parser: PARSER,
        root: this.keys.root,
        references: this.keys.references,
        records: this.keys.records,
        maxFileSize: this.keys.maxFileSize,
        bytes,
        sha1: hash.digest('base64'),
      };
      mkdirSync(nodePath.dirname(this.file), { recursive: true });
      fd = openSync(temporary, 'w', 0o600);
      for (const chunk of [Buffer.from(`${JSON.stringify(header)}\n`, 'utf8'), ...body]) {
        for (let written = 0; written < chunk.length;) written += writeSync(fd, chunk, written);
      }
      closeSync(fd);
      fd = undefined;
      renameSync(temporary, this.file);
      this.log.info(`Index cache: wrote ${entries.length} file(s) to ${this.file}.`);
    } catch (error) {
      this.log.warn(`Cannot write the index cache ${this.file}: ${(error as Error).message}`);
      try {
        if (fd !== undefined) closeSync(fd);
      } catch {
        // Closed already: nothing more to let go of.
      }
      try {
        unlinkSync(temporary);
      } catch {
        // It was never created.
      }
    }
  }
}

/** Cache entries turned into text between two turns of the event loop (see IndexCache.write). */
const ENTRIES_PER_SLICE = 2000;

function sha1(data: string | Buffer): string {
  return createHash('sha1').update(data).digest('base64');
}

/** The longest entry line read: a record's analysis is a few times its text at most. */
function maxLineBytes(maxFileSize: number): number {
  return 8 * maxFileSize + 1024 * 1024;
}

/** Stands for a line longer than the limit, whose bytes were not kept. */
const TOO_LONG = Buffer.alloc(0);

/**
 * The lines of a file (without their line break), read a chunk at a time; a line longer than
 * `maxLine` comes as TOO_LONG, its bytes skipped. The last line must end with a line break too,
 * or it does not come at all (the length in the header catches that).
 */
function* linesOf(fd: number, maxLine: number): Generator<Buffer, void, undefined> {
  const chunk = Buffer.allocUnsafe(CHUNK_BYTES);
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let tooLong = false;
  for (let read = readSync(fd, chunk); read > 0; read = readSync(fd, chunk)) {
    let start = 0;
    for (let newline = chunk.indexOf(10, start); newline >= 0 && newline < read; newline = chunk.indexOf(10, start)) {
      const piece = chunk.subarray(start, newline);
      if (tooLong || pendingBytes + piece.length > maxLine) yield TOO_LONG;
      else yield pending.length === 0 ? Buffer.from(piece) : Buffer.concat([...pending, piece]);
      pending = [];
      pendingBytes = 0;
      tooLong = false;
      start = newline + 1;
    }
    const rest = chunk.subarray(start, read);
    pendingBytes += rest.length;
    if (pendingBytes > maxLine) {
      tooLong = true;
      pending = [];
    } else pending.push(Buffer.from(rest));
  }
}
