/**
 * Which record each source becomes: its id (kept when the source carries a free one, else the
 * next free `INC-<year>-NNN`), its file, its text, and its line in the report. Pure: the host
 * lists what exists and writes what is planned.
 */
import { nextFreeId } from '../records/nextId';
import { recordFolders } from '../records/recordFolders';
import type { IdMatcher } from '../references';
import { FIELD_ORDER } from './fields';
import { readPostmortem, type PostmortemReading, type SourceText } from './postmortem';
import { importedRecordText } from './recordText';
import type { ImportedField, ImportEntry, ImportReport } from './report';

/** A source the host could not read, with its one-line reason. */
export interface RefusedSource {
  origin: string;
  refused: string;
}

export interface ImportPlanContext {
  matcher: IdMatcher;
  severities: string[];
  /** Folder the records go to, relative to the workspace folder, forward slashes, no trailing slash. */
  to: string;
  /** Ids already defined, with the file that defines each. */
  definedIds: ReadonlyMap<string, string>;
  /** `imported_from` values of existing records, with the record that holds each. */
  importedFrom: ReadonlyMap<string, { id: string; path: string }>;
  /** Whether a file exists at a folder-relative path (a record file is never overwritten). */
  fileExists(path: string): boolean;
  /** The year given to a source that states no date (the year of the import). */
  currentYear: number;
}

export interface PlannedRecord {
  /** Folder-relative path of the new file. */
  path: string;
  text: string;
  entry: ImportEntry;
}

export interface ImportPlan {
  report: ImportReport;
  records: PlannedRecord[];
}

const REQUIRED = ['title', 'started', 'summary'] as const;

/**
 * The records folder an import writes into: `to` when given (it must stay inside the workspace
 * folder), else the first folder the `records` globs name, else `incidents`.
 */
export function targetFolderOf(to: string | undefined, records: readonly string[]): string | { error: string } {
  if (to === undefined) return recordFolders(records)[0] ?? 'incidents';
  const slashed = to.replace(/\\/g, '/').replace(/^\.\/+/, '');
  let end = slashed.length;
  while (end > 0 && slashed[end - 1] === '/') end--;
  const normalized = slashed.slice(0, end);
  if (normalized === '' || normalized.startsWith('/') || /^[a-zA-Z]:/.test(normalized) || normalized.split('/').includes('..')) {
    return { error: `the records folder must be inside the workspace folder, relative to it (not "${to}")` };
  }
  return normalized;
}

/**
 * Plans the import of every source, in order; later sources see the ids earlier ones took. `read`
 * gives a source's reading: the host reads them beforehand, off the thread that answers the editor.
 */
export function planImport(
  sources: Array<SourceText | RefusedSource>,
  ctx: ImportPlanContext,
  dryRun: boolean,
  read: (source: SourceText) => PostmortemReading = (source) => readPostmortem(source, ctx),
): ImportPlan {
  const taken = new Map(ctx.definedIds);
  const importedHere = new Map<string, string>();
  const entries: ImportEntry[] = [];
  const records: PlannedRecord[] = [];
  for (const source of sources) {
    const entry: ImportEntry = { source: source.origin, outcome: 'refused', mapped: [], missing: [], unmapped: [], notes: [] };
    entries.push(entry);
    const previous = ctx.importedFrom.get(source.origin);
    if (previous) {
      Object.assign(entry, {
        outcome: 'already-imported',
        id: previous.id,
        record: previous.path,
        reason: `already imported as ${previous.id} (${previous.path})`,
      });
      continue;
    }
    const again = importedHere.get(source.origin);
    if (again) {
      Object.assign(entry, { outcome: 'already-imported', reason: `given twice: imported once as ${again}` });
      continue;
    }
    if ('refused' in source) {
      entry.reason = source.refused;
      continue;
    }
    const reading = read(source);
    if ('refused' in reading) {
      entry.reason = reading.refused;
      continue;
    }
    const id = chooseId(reading.ids, reading.fields.started, taken, ctx, entry.notes);
    const path = `${ctx.to}/${id}.md`;
    taken.set(id, path);
    importedHere.set(source.origin, id);
    Object.assign(entry, { outcome: 'imported', id, record: path });
    entry.mapped = ['id', ...FIELD_ORDER.filter((key) => reading.fields[key] !== undefined)] as ImportedField[];
    entry.missing = REQUIRED.filter((key) => reading.fields[key] === undefined);
    entry.unmapped = reading.unmapped;
    for (const note of reading.notes) entry.notes.push(note);
    records.push({ path, text: importedRecordText(id, reading.fields, source.origin, reading.body), entry });
  }
  const report: ImportReport = { dryRun, to: ctx.to, entries, warnings: [] };
  return { report, records };
}

/** The source's own id when it is free, else the next free one of the incident's year. */
function chooseId(
  candidates: Array<{ id: string; from: string }>,
  started: string | undefined,
  taken: Map<string, string>,
  ctx: ImportPlanContext,
  notes: string[],
): string {
  const isFree = (id: string) => !taken.has(id) && !ctx.fileExists(`${ctx.to}/${id}.md`);
  const own = candidates[0];
  if (own && isFree(own.id)) {
    notes.push(`id kept from ${own.from}`);
    return own.id;
  }
  const year = started ? Number(started.slice(0, 4)) : ctx.currentYear;
  const used = new Set(taken.keys());
  let id = nextFreeId(used, year);
  while (!isFree(id)) {
    used.add(id);
    id = nextFreeId(used, year);
  }
  if (own) notes.push(`${own.id} (from ${own.from}) is already used by ${taken.get(own.id) ?? `${ctx.to}/${own.id}.md`}: given ${id}`);
  else if (!started) notes.push(`no date in the source: id uses the year of the import (${year})`);
  return id;
}
