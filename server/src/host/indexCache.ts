/**
 * The index cache: what a load made of a folder's files (references per file, records parsed with
 * their spans and problems, files the native search left unread), kept in one file between runs
 * so that the next start reads and parses only what changed. A file is taken from the cache when
 * its size and modification time are those it was cached with; a record whose time changed but
 * whose text hashes the same is not parsed again (a checkout touches every file).
 *
 * The cache file is never trusted blindly: one that is truncated, corrupt (its checksum), of
 * another format, build, folder or id patterns, or not ours at all is ignored and written anew;
 * reading or writing it never throws. It is written whole to a temporary file and renamed into
 * place, so a reader sees the old or the new one, never half of one, and two writers at once
 * leave one of the two. It holds only what the folder's own files gave (no external records).
 */
import { createHash, randomBytes } from 'node:crypto';
import { closeSync, mkdirSync, openSync, readFileSync, renameSync, statSync, unlinkSync, writeSync } from 'node:fs';
import * as nodePath from 'node:path';
import type { FileAnalysis } from '../core/index/analyseFile';
import type { IncidentIndex } from '../core/index/incidentIndex';
import type { LoadResult } from '../core/index/loader';
import type { FileKind, Reference } from '../core/model';
import type { FileCache, Logger } from '../core/ports';
import type { NodeWorkspace } from './nodeWorkspace';
import type { ParsedRecordFile } from '../core/records';
import { PRODUCT_VERSION } from '../../../common/runtime';

const MAGIC = 'incident-lens index cache';
/** Bumped whenever what is kept, or how, changes (2: one entry a line, not one JSON array). */
const FORMAT = 2;
/** A cache file bigger than this is not one of ours (10,000 records make about 40 MB). */
const MAX_CACHE_BYTES = 1024 * 1024 * 1024;
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

const UNREAD = 0;
const READ = 1;
const RECORD = 2;
/** Left unread as too large, binary or unreadable: read again (that costs an open), but no change. */
const SKIPPED = 3;
/** References as flat [id, start, end, line, …]: most files have none, a few have many. */
type FlatReferences = Array<string | number>;
type Entry =
  | [path: string, size: number, mtimeMs: number, what: typeof UNREAD]
  | [path: string, size: number, mtimeMs: number, what: typeof READ, kind: FileKind, references: FlatReferences]
  | [path: string, size: number, mtimeMs: number, what: typeof RECORD, hash: string, parsed: ParsedRecordFile, references: FlatReferences]
  | [path: string, size: number, mtimeMs: number, what: typeof SKIPPED];

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
    let bytes: Buffer;
    try {
      const stat = statSync(this.file);
      if (!stat.isFile() || stat.size > MAX_CACHE_BYTES) return 'not a cache file';
      bytes = readFileSync(this.file);
    } catch (error) {
      return (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'there is none yet' : `it cannot be read (${(error as Error).message})`;
    }
    const newline = bytes.indexOf(10);
    let header: Header;
    try {
      header = JSON.parse(bytes.toString('utf8', 0, newline < 0 ? bytes.length : newline)) as Header;
    } catch {
      return 'not a cache file';
    }
    if (!header || typeof header !== 'object' || header.magic !== MAGIC) return 'not a cache file';
    if (header.format !== FORMAT || header.parser !== PARSER) return 'written by another version';
    if (header.root !== this.keys.root) return 'written for another folder';
    if (header.references !== this.keys.references) return 'the id patterns changed';
    if (typeof header.maxFileSize !== 'number' || typeof header.bytes !== 'number' || typeof header.sha1 !== 'string') return 'not a cache file';
    // The checksum is of the bytes as written: no decoding before it is known to be whole.
    const body = bytes.subarray(newline + 1);
    if (body.length !== header.bytes || sha1(body) !== header.sha1) return 'it is truncated or corrupt';
    // One entry a line, parsed a line at a time: the body as one string would be another copy of
    // it (twice its size, for a name or a text beyond Latin-1) on top of the bytes and the entries.
    const entries: Entry[] = [];
    for (let start = 0; start < body.length;) {
      const end = body.indexOf(10, start);
      if (end < 0) return 'it is corrupt';
      let entry: unknown;
      try {
        entry = JSON.parse(body.toString('utf8', start, end));
      } catch {
        return 'it is corrupt';
      }
      if (!isEntry(entry)) return 'it is corrupt';
      entries.push(entry);
      start = end + 1;
    }
    for (const entry of entries) this.entries.set(entry[0], entry);
    this.recordsValid = header.records === this.keys.records;
    this.sizeLimit = Math.min(this.keys.maxFileSize, header.maxFileSize);
    this.writtenMaxFileSize = header.maxFileSize;
    this.stale = !this.recordsValid || header.maxFileSize !== this.keys.maxFileSize;
    if (!this.recordsValid) this.log.info('Index cache: the configuration of records changed; records are parsed again.');
    return undefined;
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

/** A file's analysis as the cache keeps it: references flat, the path said once. */
function entryOf(path: string, size: number, time: number, analysis: FileAnalysis, hash: string | undefined): Entry {
  const flat: FlatReferences = [];
  for (const r of analysis.references) flat.push(r.id, r.span.start, r.span.end, r.line);
  return analysis.parsed && hash ? [path, size, time, RECORD, hash, analysis.parsed, flat] : [path, size, time, READ, analysis.kind, flat];
}

/** The analysis an entry kept, as `entryOf` took it. */
function analysisOf(path: string, entry: Extract<Entry, { 3: typeof READ | typeof RECORD }>): FileAnalysis {
  const [kind, flat, parsed] = entry[3] === RECORD ? [entry[5].kind, entry[6], entry[5]] : [entry[4], entry[5], undefined];
  const references: Reference[] = [];
  for (let i = 0; i + 3 < flat.length; i += 4) {
    references.push({
      id: flat[i] as string,
      path,
      span: { start: flat[i + 1] as number, end: flat[i + 2] as number },
      line: flat[i + 3] as number,
      fileKind: kind,
    });
  }
  return parsed ? { kind, parsed, references } : { kind, references };
}

// ---------------------------------------------------------------------------------------------
// The shape of what is read back: checked whole before any of it is used, so that a file that
// passes the checksum but was not written by this code cannot put odd values into the index.

const FILE_KINDS: ReadonlySet<unknown> = new Set(['record', 'document', 'source']);
const isString = (v: unknown): v is string => typeof v === 'string';
const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
const isSpan = (v: unknown): boolean => isObject(v) && isCount(v.start) && isCount(v.end) && v.start <= v.end;
const isListOf = (v: unknown, item: (x: unknown) => boolean): boolean => Array.isArray(v) && v.every(item);

function isFlatReferences(v: unknown): v is FlatReferences {
  if (!Array.isArray(v) || v.length % 4 !== 0) return false;
  for (let i = 0; i < v.length; i += 4) {
    if (!isString(v[i]) || !isCount(v[i + 1]) || !isCount(v[i + 2]) || !isCount(v[i + 3]) || (v[i + 1] as number) > (v[i + 2] as number)) return false;
  }
  return true;
}

function isProblem(v: unknown): boolean {
  return (
    isObject(v) &&
    isString(v.path) &&
    isSpan(v.span) &&
    isString(v.severity) &&
    isString(v.code) &&
    isString(v.message) &&
    (v.suggestions === undefined || isListOf(v.suggestions, isString))
  );
}

function isRecord(v: unknown): boolean {
  if (!isObject(v)) return false;
  const spanned = (x: unknown) => isObject(x) && isString(x.value) && isSpan(x.span);
  return (
    isString(v.id) &&
    isSpan(v.idSpan) &&
    isString(v.path) &&
    isString(v.format) &&
    isString(v.title) &&
    isString(v.status) &&
    isString(v.summary) &&
    ['services', 'contributingFactors', 'learnings', 'tags'].every((k) => isListOf(v[k], isString)) &&
    ['timeline', 'difficulties', 'participants', 'actionItems', 'links'].every((k) => isListOf(v[k], isObject)) &&
    isListOf(v.code, (c) => isObject(c) && isSpan(c.span)) &&
    isListOf(v.commits, spanned) &&
    isListOf(v.related, spanned)
  );
}

function isParsedRecordFile(v: unknown): v is ParsedRecordFile {
  return isObject(v) && (v.kind === 'record' || v.kind === 'document') && isListOf(v.problems, isProblem) && (v.record === undefined || isRecord(v.record));
}

function isEntry(v: unknown): v is Entry {
  if (!Array.isArray(v) || !isString(v[0]) || !isCount(v[1]) || typeof v[2] !== 'number') return false;
  switch (v[3]) {
    case UNREAD:
      return v.length === 4;
    case READ:
      return v.length === 6 && FILE_KINDS.has(v[4]) && isFlatReferences(v[5]);
    case RECORD:
      return v.length === 7 && isString(v[4]) && isParsedRecordFile(v[5]) && isFlatReferences(v[6]);
    case SKIPPED:
      return v.length === 4;
    default:
      return false;
  }
}
