import { compileGlob } from '../globs';
import type { CodeEntry, FileKind, IncidentRecord, Options, Problem, Reference } from '../model';
import { parseRecordFile, type ParsedRecordFile, type RecordContext } from '../records';
import { scanModeFor, scanReferences, type IdMatcher } from '../references';
import { LineMap } from '../text';
import { IndexPolicy } from './indexPolicy';
import { closestIds } from './similarity';

/**
 * What the index keeps of one file: its references, and its parsed record when it is one. This is
 * all a file's text gives the index, so it is also what a cache keeps between runs.
 */
export interface FileAnalysis {
  kind: FileKind;
  references: Reference[];
  parsed?: ParsedRecordFile;
}

interface IndexedFile extends FileAnalysis {
  path: string;
}

/** An incident tied to a file, with every reason the index knows of. */
export interface FileTie {
  record: IncidentRecord;
  references: Reference[];
  codeEntries: CodeEntry[];
}

interface GlobTie {
  id: string;
  entry: CodeEntry;
  test: (path: string) => boolean;
}

/**
 * The incident index of one workspace folder: id -> record, file -> references, id -> every
 * place that references it, file -> incidents tied to it. Updated one file at a time
 * (`setFile` / `removeFile`); nothing here rescans the workspace.
 */
export class IncidentIndex {
  private readonly files = new Map<string, IndexedFile>();
  /** Every path listed in the folder, read or not: `code` paths are checked against it. */
  private readonly knownPaths = new Set<string>();
  /** Folders holding known files, each with its number of direct entries (see addKnownPath). */
  private readonly knownDirs = new Map<string, number>();
  private readonly definitionsById = new Map<string, IncidentRecord[]>();
  private readonly referencesById = new Map<string, Map<string, Reference[]>>();
  private readonly codePathTies = new Map<string, Array<{ id: string; entry: CodeEntry }>>();
  private readonly codeGlobTies = new Map<string, GlobTie[]>();
  /** Record files the index could not read (too large, binary), with the reason, to report on them. */
  private readonly skippedRecords = new Map<string, string>();
  private sortedRecords: IncidentRecord[] | undefined;
  /**
   * Records kept outside this folder (a central incident repository): read-only context. They
   * resolve references and serve hovers, completion and listings; they are never checked or
   * reported here, and their own references are not indexed. Keyed by their path relative to
   * this folder (`../incidents-repo/INC-2023-004.md`); a local record wins over one with its id.
   */
  private readonly externalByPath = new Map<string, IncidentRecord>();
  private readonly externalById = new Map<string, IncidentRecord>();

  /**
   * @param policy which files are read; built from the options when not given (a server passes
   *   one that also knows the workspace folders nested in this one).
   */
  constructor(
    readonly options: Options,
    readonly matcher: IdMatcher,
    readonly policy: IndexPolicy = new IndexPolicy(options),
  ) {}

  /** Whether a path holds an incident record (by the `records` globs and its extension). */
  isRecordPath(path: string): boolean {
    return this.policy.isRecordPath(path);
  }

  /** Whether the index reads this path at all (see `IndexPolicy.isIndexable`). */
  isIndexable(path: string): boolean {
    return this.policy.isIndexable(path);
  }

  /** Marks a path as present in the folder (for `code` path checks), whether it is read or not. */
  addKnownPath(path: string): void {
    if (this.knownPaths.has(path)) return;
    this.knownPaths.add(path);
    // Each folder counts its direct entries (files, and folders with files): a folder's parent is
    // only told when the folder gains its first entry, so a file costs one count, not one a level.
    for (let child = path, slash = child.lastIndexOf('/'); slash > 0; slash = child.lastIndexOf('/')) {
      const dir = child.slice(0, slash);
      const count = this.knownDirs.get(dir) ?? 0;
      this.knownDirs.set(dir, count + 1);
      if (count > 0) break;
      child = dir;
    }
  }

  removeKnownPath(path: string): void {
    if (!this.knownPaths.delete(path)) return;
    for (let child = path, slash = child.lastIndexOf('/'); slash > 0; slash = child.lastIndexOf('/')) {
      const dir = child.slice(0, slash);
      const count = (this.knownDirs.get(dir) ?? 1) - 1;
      if (count > 0) {
        this.knownDirs.set(dir, count);
        break;
      }
      // The folder has no entry left: it is gone from its parent too.
      this.knownDirs.delete(dir);
      child = dir;
    }
  }

  /** Whether a workspace-relative path names a file or folder that exists. */
  pathExists(path: string): boolean {
    const trimmed = path.replace(/\/+$/, '');
    return trimmed === '' || this.knownPaths.has(trimmed) || this.knownDirs.has(trimmed);
  }

  /** Whether a path is a folder that holds known files. */
  isKnownFolder(path: string): boolean {
    return this.knownDirs.has(path);
  }

  /** Every known path (for `code.path` completion). */
  allPaths(): IterableIterator<string> {
    return this.knownPaths.values();
  }

  /**
   * Reads (or re-reads) one file's text into the index. Returns the ids whose definitions this
   * changed, so the caller can refresh whatever mentions them.
   */
  setFile(path: string, text: string, parsedRecord?: ParsedRecordFile): Set<string> {
    return this.store(this.analyse(path, text, parsedRecord));
  }

  /**
   * Puts back what the index held of a file whose text has not changed since (a cache kept it):
   * the same as `setFile` with that text, without reading or parsing it again.
   */
  restoreFile(path: string, analysis: FileAnalysis): Set<string> {
    return this.store({ path, kind: analysis.kind, references: analysis.references, ...(analysis.parsed ? { parsed: analysis.parsed } : {}) });
  }

  /** What the index holds of a file it has read (for a cache), or undefined when it holds nothing. */
  analysisOf(path: string): FileAnalysis | undefined {
    const file = this.files.get(path);
    return file && { kind: file.kind, references: file.references, ...(file.parsed ? { parsed: file.parsed } : {}) };
  }

  private store(indexed: IndexedFile): Set<string> {
    const { path } = indexed;
    const changedIds = this.removeFileEntries(path);
    this.skippedRecords.delete(path);
    this.addKnownPath(path);
    this.files.set(path, indexed);
    for (const reference of indexed.references) {
      let byPath = this.referencesById.get(reference.id);
      if (!byPath) this.referencesById.set(reference.id, (byPath = new Map()));
      const list = byPath.get(path);
      if (list) list.push(reference);
      else byPath.set(path, [reference]);
    }
    const record = indexed.parsed?.record;
    if (record) {
      this.sortedRecords = undefined;
      changedIds.add(record.id);
      const defs = this.definitionsById.get(record.id);
      if (defs) defs.push(record);
      else this.definitionsById.set(record.id, [record]);
      this.addCodeTies(record);
    }
    return changedIds;
  }

  /** Forgets a file (deleted, or now excluded). Returns the ids whose definitions went with it. */
  removeFile(path: string): Set<string> {
    const changedIds = this.removeFileEntries(path);
    this.skippedRecords.delete(path);
    this.removeKnownPath(path);
    return changedIds;
  }

  /**
   * Notes that a file was left unread (over maxFileSize, binary, unreadable). Only record files
   * are worth a problem: a source file that is skipped simply has no references.
   */
  markSkipped(path: string, reason: string): Set<string> {
    const changedIds = this.removeFileEntries(path);
    this.addKnownPath(path);
    if (this.isRecordPath(path)) this.skippedRecords.set(path, reason);
    return changedIds;
  }

  /** Paths that have something to report without being indexed (skipped record files). */
  skippedPaths(): IterableIterator<string> {
    return this.skippedRecords.keys();
  }

  private removeFileEntries(path: string): Set<string> {
    const changedIds = new Set<string>();
    const previous = this.files.get(path);
    if (!previous) return changedIds;
    this.files.delete(path);
    for (const reference of previous.references) {
      const byPath = this.referencesById.get(reference.id);
      byPath?.delete(path);
      if (byPath && byPath.size === 0) this.referencesById.delete(reference.id);
    }
    const record = previous.parsed?.record;
    if (record) {
      this.sortedRecords = undefined;
      changedIds.add(record.id);
      const remaining = (this.definitionsById.get(record.id) ?? []).filter((r) => r !== record);
      if (remaining.length > 0) this.definitionsById.set(record.id, remaining);
      else this.definitionsById.delete(record.id);
      this.removeCodeTies(record);
    }
    return changedIds;
  }

  /** What record parsing needs to know of the options (also sent to parsing workers). */
  get recordContext(): RecordContext {
    return {
      severities: this.options.severities,
      blamelessLanguage: this.options.blamelessLanguage,
      hindsightLanguage: this.options.hindsightLanguage,
      idPatterns: this.matcher.patterns,
    };
  }

  private analyse(path: string, text: string, parsedRecord?: ParsedRecordFile): IndexedFile {
    if (this.isRecordPath(path)) {
      // Parsed values are slices of the file's text and would keep all of it alive; a clone holds
      // only what the record says (records parsed by a worker arrive cloned already).
      const parsed = parsedRecord ?? structuredClone(parseRecordFile(path, text, this.recordContext));
      const own = parsed.record?.idSpan;
      const found = scanReferences(path, text, this.matcher, 'all').filter((m) => !own || m.start !== own.start);
      return { path, kind: parsed.kind, parsed, references: toReferences(path, text, found, parsed.kind) };
    }
    const mode = scanModeFor(path);
    if (!mode) return { path, kind: 'source', references: [] };
    const kind: FileKind = mode === 'all' ? 'document' : 'source';
    return { path, kind, references: toReferences(path, text, scanReferences(path, text, this.matcher, mode), kind) };
  }

  private addCodeTies(record: IncidentRecord): void {
    for (const entry of record.code) {
      if (entry.path !== undefined && isSafeRelative(entry.path)) {
        const key = entry.path.replace(/\/+$/, '');
        const list = this.codePathTies.get(key);
        if (list) list.push({ id: record.id, entry });
        else this.codePathTies.set(key, [{ id: record.id, entry }]);
      } else if (entry.glob !== undefined && isSafeRelative(entry.glob)) {
        // A glob too complex to match in bounded time is reported at the record and ties nothing.
        const glob = compileGlob(entry.glob);
        if (typeof glob === 'string') continue;
        const tie: GlobTie = { id: record.id, entry, test: glob.test };
        const list = this.codeGlobTies.get(record.path);
        if (list) list.push(tie);
        else this.codeGlobTies.set(record.path, [tie]);
      }
    }
  }

  private removeCodeTies(record: IncidentRecord): void {
    for (const entry of record.code) {
      if (entry.path === undefined) continue;
      const key = entry.path.replace(/\/+$/, '');
      const remaining = (this.codePathTies.get(key) ?? []).filter((tie) => tie.entry !== entry);
      if (remaining.length > 0) this.codePathTies.set(key, remaining);
      else this.codePathTies.delete(key);
    }
    this.codeGlobTies.delete(record.path);
  }

  /** Every incident, newest first; cached until a record changes (completion asks on every key). */
  recordsNewestFirst(): readonly IncidentRecord[] {
    if (!this.sortedRecords) this.sortedRecords = this.records().sort(compareNewestFirst);
    return this.sortedRecords;
  }

  /**
   * Every incident, one record per id (the first definition when an id is duplicated), external
   * records included unless a record of this folder has their id.
   */
  records(): IncidentRecord[] {
    const result: IncidentRecord[] = [];
    for (const defs of this.definitionsById.values()) result.push(defs[0]);
    for (const [id, record] of this.externalById) if (!this.definitionsById.has(id)) result.push(record);
    return result;
  }

  get recordCount(): number {
    let external = 0;
    for (const id of this.externalById.keys()) if (!this.definitionsById.has(id)) external++;
    return this.definitionsById.size + external;
  }

  /** Whether some record, of this folder or external, defines an id. */
  isDefined(id: string): boolean {
    return this.definitionsById.has(id) || this.externalById.has(id);
  }

  /**
   * Reads (or re-reads) one record kept outside the folder. `path` is relative to this folder
   * (it climbs out of it, or is absolute). Returns the ids whose definition this changed.
   */
  setExternalFile(path: string, text: string): Set<string> {
    const changed = this.removeExternalFile(path);
    const record = parseRecordFile(path, text, this.recordContext).record;
    if (!record) return changed;
    // Only the fields: the parse keeps slices of the text alive otherwise.
    const kept = structuredClone(record);
    this.externalByPath.set(path, kept);
    if (!this.externalById.has(kept.id)) this.externalById.set(kept.id, kept);
    this.sortedRecords = undefined;
    changed.add(kept.id);
    return changed;
  }

  /** Forgets one external record file. Returns the ids whose definition went with it. */
  removeExternalFile(path: string): Set<string> {
    const changed = new Set<string>();
    const previous = this.externalByPath.get(path);
    if (!previous) return changed;
    this.externalByPath.delete(path);
    changed.add(previous.id);
    this.sortedRecords = undefined;
    if (this.externalById.get(previous.id) === previous) {
      this.externalById.delete(previous.id);
      // Another external file may define the same id: it takes over.
      for (const other of this.externalByPath.values()) {
        if (other.id === previous.id) {
          this.externalById.set(other.id, other);
          break;
        }
      }
    }
    return changed;
  }

  /** Whether a path is that of an external record this index holds. */
  isExternalPath(path: string): boolean {
    return this.externalByPath.has(path);
  }

  get fileCount(): number {
    return this.files.size;
  }

  /** The record that defines an id (the first, when several do; an external one after those). */
  record(id: string): IncidentRecord | undefined {
    return this.definitionsById.get(id)?.[0] ?? this.externalById.get(id);
  }

  /** Every record that defines an id: more than one is a duplicate-id error. */
  definitions(id: string): IncidentRecord[] {
    return this.definitionsById.get(id) ?? [];
  }

  /** The record defined in a file, if the file is one. */
  recordIn(path: string): IncidentRecord | undefined {
    return this.files.get(path)?.parsed?.record;
  }

  /** Whether a path is indexed, and as what. */
  fileKind(path: string): FileKind | undefined {
    return this.files.get(path)?.kind;
  }

  /** Every mention of an id, in code, docs and records, ordered by path then position. */
  referencesTo(id: string): Reference[] {
    const byPath = this.referencesById.get(id);
    if (!byPath) return [];
    const paths = [...byPath.keys()].sort();
    return paths.flatMap((path) => byPath.get(path) ?? []);
  }

  referenceCount(id: string): number {
    let count = 0;
    for (const list of this.referencesById.get(id)?.values() ?? []) count += list.length;
    return count;
  }

  /** The references in one file, in order. */
  referencesIn(path: string): Reference[] {
    return this.files.get(path)?.references ?? [];
  }

  /** The reference whose span holds `offset` in a file, if any. */
  referenceAt(path: string, offset: number): Reference | undefined {
    return this.referencesIn(path).find((r) => r.span.start <= offset && offset <= r.span.end);
  }

  /** Paths of files that mention any of these ids (to refresh their diagnostics). */
  pathsReferencing(ids: Iterable<string>): Set<string> {
    const paths = new Set<string>();
    for (const id of ids) for (const path of this.referencesById.get(id)?.keys() ?? []) paths.add(path);
    return paths;
  }

  /** Paths of every indexed file. */
  paths(): IterableIterator<string> {
    return this.files.keys();
  }

  /**
   * The incidents tied to a file: mentioned in it, or listing it (or a folder or glob covering it)
   * in their `code`. Sorted newest first.
   */
  incidentsTouching(path: string): FileTie[] {
    const ties = new Map<string, FileTie>();
    const tieFor = (record: IncidentRecord): FileTie => {
      let tie = ties.get(record.id);
      if (!tie) ties.set(record.id, (tie = { record, references: [], codeEntries: [] }));
      return tie;
    };
    for (const reference of this.referencesIn(path)) {
      const record = this.record(reference.id);
      if (record && record.path !== path) tieFor(record).references.push(reference);
    }
    for (const key of [path, ...parentDirs(path)]) {
      for (const { id, entry } of this.codePathTies.get(key) ?? []) {
        const record = this.record(id);
        if (record) tieFor(record).codeEntries.push(entry);
      }
    }
    for (const globs of this.codeGlobTies.values()) {
      for (const tie of globs) {
        if (!tie.test(path)) continue;
        const record = this.record(tie.id);
        if (record) tieFor(record).codeEntries.push(tie.entry);
      }
    }
    return [...ties.values()].sort((a, b) => compareNewestFirst(a.record, b.record));
  }

  /**
   * Every problem in one file: its own parse problems plus the ones that need the whole index
   * (duplicate ids, unknown references and `related` ids, `code` paths that do not exist).
   */
  problemsIn(path: string): Problem[] {
    const skipped = this.skippedRecords.get(path);
    if (skipped !== undefined) {
      return [{ path, span: { start: 0, end: 0 }, severity: 'warning', code: 'file-skipped', message: `Record not read: ${skipped}.` }];
    }
    const file = this.files.get(path);
    if (!file) return [];
    const problems: Problem[] = [...(file.parsed?.problems ?? [])];
    const record = file.parsed?.record;
    if (record) {
      const defs = this.definitions(record.id);
      if (defs.length > 1) {
        const others = defs.filter((r) => r !== record).map((r) => r.path);
        problems.push({
          path,
          span: record.idSpan,
          severity: 'error',
          code: 'duplicate-id',
          message: `Duplicate incident id ${record.id}: also defined in ${others.join(', ')}.`,
        });
      }
      const listed = new Set<string>();
      for (const related of record.related) {
        if (related.value === record.id) {
          problems.push({
            path,
            span: related.span,
            severity: 'warning',
            code: 'self-related',
            message: `${record.id} lists itself as related: \`related\` names other incidents.`,
          });
          continue;
        }
        if (listed.has(related.value)) {
          problems.push({
            path,
            span: related.span,
            severity: 'warning',
            code: 'duplicate-related',
            message: `${related.value} is listed twice in \`related\`.`,
          });
          continue;
        }
        listed.add(related.value);
        if (this.isDefined(related.value)) continue;
        problems.push({
          path,
          span: related.span,
          severity: 'warning',
          code: 'unknown-related',
          message: `Related incident ${related.value} is not defined by any record.`,
        });
      }
      for (const entry of record.code) {
        if (entry.path === undefined || !isSafeRelative(entry.path) || this.pathExists(entry.path)) continue;
        problems.push({
          path,
          span: entry.span,
          severity: 'warning',
          code: 'missing-code-path',
          message: `Code path ${entry.path} does not exist in this workspace folder.`,
        });
      }
    }
    const relatedSpans = new Set(record?.related.map((r) => r.span.start) ?? []);
    for (const reference of file.references) {
      if (this.isDefined(reference.id) || relatedSpans.has(reference.span.start)) continue;
      problems.push({
        path,
        span: reference.span,
        severity: 'warning',
        code: 'unknown-reference',
        message: `Unknown incident ${reference.id}: no record defines it.`,
      });
    }
    return problems.sort((a, b) => a.span.start - b.span.start);
  }

  /** The closest known ids to an unknown one, best first (for the quick fix). */
  closestIds(id: string, limit = 3): string[] {
    return closestIds(id, new Set([...this.definitionsById.keys(), ...this.externalById.keys()]), limit);
  }
}

/** Newest `started` first; records without a date last; then by id. */
export function compareNewestFirst(a: IncidentRecord, b: IncidentRecord): number {
  const byDate = (b.started ?? '').localeCompare(a.started ?? '');
  return byDate !== 0 ? byDate : a.id.localeCompare(b.id);
}

function toReferences(path: string, text: string, matches: Array<{ id: string; start: number; end: number }>, fileKind: FileKind): Reference[] {
  if (matches.length === 0) return [];
  const lines = new LineMap(text);
  return matches.map((m) => ({ id: m.id, path, span: { start: m.start, end: m.end }, line: lines.lineAt(m.start), fileKind }));
}

function parentDirs(path: string): string[] {
  const dirs: string[] = [];
  let slash = path.lastIndexOf('/');
  while (slash > 0) {
    const dir = path.slice(0, slash);
    dirs.push(dir);
    slash = dir.lastIndexOf('/');
  }
  return dirs;
}

/** A `code` path or glob the index may use: relative, never climbing out of the folder. */
function isSafeRelative(path: string): boolean {
  if (path.startsWith('/') || /^[a-zA-Z]:/.test(path)) return false;
  return !path.split('/').includes('..');
}
