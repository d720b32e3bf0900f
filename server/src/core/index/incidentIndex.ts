import { compileGlob } from '../globs';
import type { CodeEntry, FileKind, IncidentRecord, Options, Problem, Reference } from '../model';
import { parseRecordFile } from '../records';
import type { IndexRead } from '../ports';
import type { IdMatcher } from '../references';
import { analyseFile, type AnalysisContext, type FileAnalysis } from './analyseFile';
import { crossFileProblems, isSafeRelative } from './crossFileProblems';
import { ExternalRecordSet } from './externalRecordSet';
import { IndexPolicy } from './indexPolicy';
import { KnownPaths } from './knownPaths';
import { closestIds } from './similarity';

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
 * The incident index of one workspace folder: it stores each file's analysis (`analyseFile`) and
 * keeps id -> record, id -> every place that references it, file -> incidents tied to it. Updated
 * one file at a time (`setFile` / `removeFile`); nothing here rescans the workspace.
 */
export class IncidentIndex {
  private readonly files = new Map<string, FileAnalysis>();
  /** Every path listed in the folder, read or not (`code` paths are checked against it). */
  readonly knownPaths = new KnownPaths();
  private readonly definitionsById = new Map<string, IncidentRecord[]>();
  private readonly referencesById = new Map<string, Map<string, Reference[]>>();
  private readonly codePathTies = new Map<string, Array<{ id: string; entry: CodeEntry }>>();
  private readonly codeGlobTies = new Map<string, GlobTie[]>();
  /** Record files the index could not read (too large, binary), with the reason, to report on them. */
  private readonly skippedRecords = new Map<string, string>();
  private sortedRecords: IncidentRecord[] | undefined;
  /** Records kept outside this folder: a local record wins over one with its id. */
  private readonly external = new ExternalRecordSet();
  /** What reading a file of this folder depends on (see `analyseFile`). */
  readonly analysisContext: AnalysisContext;

  /**
   * @param policy which files are read; built from the options when not given (a server passes
   *   one that also knows the workspace folders nested in this one).
   */
  constructor(
    readonly options: Options,
    readonly matcher: IdMatcher,
    readonly policy: IndexPolicy = new IndexPolicy(options),
  ) {
    const { severities, blamelessLanguage, hindsightLanguage } = options;
    const record = { severities, blamelessLanguage, hindsightLanguage, idPatterns: matcher.patterns };
    this.analysisContext = { matcher, record, isRecord: (path) => policy.isRecordPath(path) };
  }

  /** Whether a path holds an incident record (by the `records` globs and its extension). */
  isRecordPath(path: string): boolean {
    return this.policy.isRecordPath(path);
  }

  /** Whether the index reads this path at all (see `IndexPolicy.isIndexable`). */
  isIndexable(path: string): boolean {
    return this.policy.isIndexable(path);
  }

  /** Whether a workspace-relative path names a file or folder that exists. */
  pathExists(path: string): boolean {
    return this.knownPaths.exists(path);
  }

  /** Whether a path is a folder that holds known files. */
  isKnownFolder(path: string): boolean {
    return this.knownPaths.isFolder(path);
  }

  /**
   * Reads (or re-reads) one file's text into the index. Returns the ids whose definitions this
   * changed, so the caller can refresh whatever mentions them.
   */
  setFile(path: string, text: string): Set<string> {
    return this.setAnalysis(path, analyseFile(path, text, this.analysisContext));
  }

  /**
   * Stores what `analyseFile` made of a file's text (in a worker, or in a cache when the text has
   * not changed since): the same as `setFile` with that text.
   */
  setAnalysis(path: string, analysis: FileAnalysis): Set<string> {
    const changedIds = this.removeFileEntries(path);
    this.skippedRecords.delete(path);
    this.knownPaths.add(path);
    this.files.set(path, analysis);
    for (const reference of analysis.references) {
      let byPath = this.referencesById.get(reference.id);
      if (!byPath) this.referencesById.set(reference.id, (byPath = new Map()));
      const list = byPath.get(path);
      if (list) list.push(reference);
      else byPath.set(path, [reference]);
    }
    const record = analysis.parsed?.record;
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
    this.knownPaths.remove(path);
    return changedIds;
  }

  /**
   * Notes that a file was left unread (over maxFileSize, binary, unreadable). Only record files
   * are worth a problem: a source file that is skipped simply has no references.
   */
  markSkipped(path: string, read: Exclude<IndexRead, { text: string }>): Set<string> {
    const changedIds = this.removeFileEntries(path);
    this.knownPaths.add(path);
    const reason =
      read.skipped === 'too-large'
        ? `it is ${read.size} bytes, over maxFileSize (${this.options.maxFileSize} bytes)`
        : 'it could not be read as text (binary, or unreadable)';
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

  /** What the index holds of a file it has read (for a cache), or undefined when it holds nothing. */
  analysisOf(path: string): FileAnalysis | undefined {
    return this.files.get(path);
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
    for (const record of this.external.records()) if (!this.definitionsById.has(record.id)) result.push(record);
    return result;
  }

  get recordCount(): number {
    return this.records().length;
  }

  /** Whether some record, of this folder or external, defines an id. */
  isDefined(id: string): boolean {
    return this.definitionsById.has(id) || this.external.record(id) !== undefined;
  }

  /**
   * Reads (or re-reads) one record kept outside the folder. `path` is relative to this folder
   * (it climbs out of it, or is absolute). Returns the ids whose definition this changed.
   */
  setExternalFile(path: string, text: string): Set<string> {
    // Only the fields: the parse keeps slices of the text alive otherwise.
    const record = parseRecordFile(path, text, this.analysisContext.record).record;
    return this.externalChanged(this.external.set(path, record && structuredClone(record)));
  }

  /** Forgets one external record file. Returns the ids whose definition went with it. */
  removeExternalFile(path: string): Set<string> {
    return this.externalChanged(this.external.remove(path));
  }

  private externalChanged(ids: Set<string>): Set<string> {
    if (ids.size > 0) this.sortedRecords = undefined;
    return ids;
  }

  /** Whether a path is that of an external record this index holds. */
  isExternalPath(path: string): boolean {
    return this.external.hasPath(path);
  }

  get fileCount(): number {
    return this.files.size;
  }

  /** The record that defines an id (the first, when several do; an external one after those). */
  record(id: string): IncidentRecord | undefined {
    return this.definitionsById.get(id)?.[0] ?? this.external.record(id);
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
    return [...(file.parsed?.problems ?? []), ...crossFileProblems(path, file, this)].sort((a, b) => a.span.start - b.span.start);
  }

  /** The closest known ids to an unknown one, best first (for the quick fix). */
  closestIds(id: string, limit = 3): string[] {
    return closestIds(id, new Set(this.records().map((r) => r.id)), limit);
  }
}

/** Newest `started` first; records without a date last; then by id. */
export function compareNewestFirst(a: IncidentRecord, b: IncidentRecord): number {
  const byDate = (b.started ?? '').localeCompare(a.started ?? '');
  return byDate !== 0 ? byDate : a.id.localeCompare(b.id);
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
