/**
 * "Which past incidents does this change touch, and what should I reread?" The host hands over
 * the changed files (their text at the merge base and now, and for the files an incident is tied
 * to, the changed line ranges git found: `needsLineRanges`); this module matches them against the index (record `code` ranges, referencing comments, the record
 * files themselves) and the commit history, and answers with each touched incident, its reasons
 * and the changed places, strongest tie first. Pure: no git, no file system.
 */
import { CONFIG_FILE, resolveOptions } from '../config';
import type { HistoryIndex } from '../history';
import { compareNewestFirst, IncidentIndex } from '../index/incidentIndex';
import { incidentFields } from './incidentSummary';
import { lessonOf, openActionItems } from './lesson';
import { DEFAULT_OPTIONS, type IncidentRecord, type Options } from '../model';
import { compileIdPatterns, scanModeFor, scanReferences } from '../references';
import { LineMap } from '../text';

/** One file of the change, as the host read it. */
export interface ChangedFile {
  /** Workspace-relative path now (for a deleted file: where it was). Forward slashes. */
  path: string;
  /** Path at the merge base, when the file was renamed. */
  oldPath?: string;
  status: 'added' | 'modified' | 'deleted' | 'renamed';
  /** Text at the merge base; undefined when there was none (added) or it could not be read. */
  oldText?: string;
  /** Text in the working tree; undefined when deleted or unreadable (binary, too large). */
  newText?: string;
  /**
   * The changed line runs git found between the two texts. Asked only for the files an incident
   * is tied to (`needsLineRanges`); when absent and the texts differ, the whole file counts as changed.
   */
  hunks?: Hunk[];
}

/**
 * A run of changed lines, 0-based and half-open on both sides. `newStart === newEnd` is a pure
 * deletion (between new lines `newStart - 1` and `newStart`); `oldStart === oldEnd` a pure addition.
 */
export interface Hunk {
  oldStart: number;
  oldEnd: number;
  newStart: number;
  newEnd: number;
}

/** Why an incident is touched, strongest first: the order reports sort by. */
export type TouchKind = 'code' | 'reference' | 'record' | 'history';
export const TOUCH_STRENGTH: readonly TouchKind[] = ['code', 'reference', 'record', 'history'];

/** One changed place that touches an incident. */
export interface ChangedPlace {
  kind: TouchKind;
  /** The file now (for a deleted file, where it was). */
  path: string;
  /** 1-based inclusive lines in the working tree; absent when the file is gone or was unreadable. */
  startLine?: number;
  endLine?: number;
  /** The change removed lines only (the place is the line just before the removal). */
  removedOnly?: boolean;
  /** Short hashes of the commits that tie the file to the incident (history places). */
  commits?: string[];
  /** One sentence, plain text (may hold record text: renderers escape it). */
  detail: string;
}

/** What each kind of tie is called in every review output. */
export const TOUCH_LABELS: Record<TouchKind, string> = {
  code: 'code range',
  reference: 'referencing comment',
  record: 'record changed',
  history: 'history',
};

/** Where a place is, `path:12-14` style (just the path when the file is gone). */
export function placeLabel(place: ChangedPlace): string {
  if (place.startLine === undefined) return place.path;
  return place.endLine !== undefined && place.endLine !== place.startLine
    ? `${place.path}:${place.startLine}-${place.endLine}`
    : `${place.path}:${place.startLine}`;
}

/** An incident the change touches, with everything a reviewer needs to decide to reread it. */
export interface TouchedIncident {
  record: IncidentRecord;
  /** The strongest kind among its places. */
  strongest: TouchKind;
  /** The lesson in one line: its first learning, else its first contributing factor. */
  lesson?: string;
  /** Descriptions of the action items still open. */
  openActions: string[];
  places: ChangedPlace[];
}

export interface ReviewResult {
  /** Changed files considered (after renames are paired). */
  changedFiles: number;
  incidents: TouchedIncident[];
  /** The change to `.incident-lens.yaml`, when it made one: reported in its own row. */
  configChange?: ConfigChange;
}

/**
 * The change edits the configuration the review and its `--fail-on` gate read (the severities
 * order, which files are records, the id patterns): a reviewer should see that plainly, since
 * the gate is judged by the merge base's configuration, not by this one.
 */
export interface ConfigChange {
  /** The configuration file now (where it went, when the change moved it). */
  path: string;
  status: ChangedFile['status'];
  /** The settings whose value differs from the merge base's (`severities`, `records`, ...). */
  settings: string[];
  /** One sentence, plain text. */
  detail: string;
}

const CONFIG_VERBS: Record<ChangedFile['status'], string> = {
  added: 'adds',
  modified: 'edits',
  deleted: 'deletes',
  renamed: 'moves',
};

/** The change's edit to `.incident-lens.yaml`, if it made one that changes its text. */
export function configChangeOf(changes: ChangedFile[]): ConfigChange | undefined {
  const change = changes.find((f) => f.path === CONFIG_FILE || f.oldPath === CONFIG_FILE);
  if (!change || (change.status === 'modified' && change.oldText === change.newText)) return undefined;
  // A renamed-in file was not the configuration at the merge base; a renamed-away one is none now.
  const before = change.oldPath === CONFIG_FILE || (change.oldPath === undefined && change.status !== 'added') ? change.oldText : undefined;
  const after = change.path === CONFIG_FILE && change.status !== 'deleted' ? change.newText : undefined;
  const was = resolveOptions(before).options;
  const now = resolveOptions(after).options;
  const settings = (Object.keys(DEFAULT_OPTIONS) as Array<keyof Options>).filter((key) => JSON.stringify(was[key]) !== JSON.stringify(now[key]));
  const changed = settings.length ? `; settings changed: ${settings.join(', ')}` : '';
  return {
    path: change.path,
    status: change.status,
    settings,
    detail: `the change ${CONFIG_VERBS[change.status]} the configuration the review reads${changed}; --fail-on is judged by the merge base's configuration`,
  };
}

/** Lines under a referencing comment that count as the code it annotates (up to a blank line). */
export const ANNOTATED_LINES = 10;
/** Without git's line ranges: the whole file changed when the texts differ, nothing when they are equal. */
function wholeFileHunks(oldText: string | undefined, newText: string | undefined): Hunk[] {
  const before = oldText ?? '';
  const after = newText ?? '';
  return before === after ? [] : [{ oldStart: 0, oldEnd: lineCount(before), newStart: 0, newEnd: lineCount(after) }];
}

/**
 * Whether the review needs a file's changed line ranges: only when an incident is tied to it
 * (its record's `code`, under either name; a reference now or at the base; the file is a
 * record; a commit that changed it mentions an incident). Line ranges cost a diff; a change
 * that rewrites large files no incident is tied to costs none.
 */
export function needsLineRanges(index: IncidentIndex, change: ChangedFile, history?: HistoryIndex): boolean {
  if (change.status === 'deleted' || change.oldText === undefined || change.newText === undefined || change.oldText === change.newText) return false;
  if (index.incidentsTouching(change.path).length > 0 || index.recordIn(change.path)) return true;
  if (change.oldPath && index.incidentsTouching(change.oldPath).length > 0) return true;
  for (const path of [change.path, change.oldPath ?? change.path]) {
    if (history?.commitsForFile(path).some((commit) => commit.ids.some((id) => index.record(id)))) return true;
  }
  const oldPath = change.oldPath ?? change.path;
  const mode = index.isRecordPath(oldPath) ? 'all' : scanModeFor(oldPath);
  return mode !== undefined && scanReferences(oldPath, change.oldText, index.matcher, mode).some((match) => index.record(match.id));
}

/**
 * Whether a hunk touches new lines `first..last` (0-based, inclusive): a changed line inside, or
 * lines removed inside the range or right at its end.
 */
export function hunkTouches(hunk: Hunk, first: number, last: number): boolean {
  if (hunk.newEnd > hunk.newStart) return hunk.newStart <= last && hunk.newEnd - 1 >= first;
  return hunk.newStart >= first && hunk.newStart <= last + 1;
}

/** Whether a hunk changed or removed old line `line` (0-based). */
function hunkCoversOld(hunk: Hunk, line: number): boolean {
  return hunk.oldStart <= line && line < hunk.oldEnd;
}

export interface ReviewInput {
  index: IncidentIndex;
  changes: ChangedFile[];
  /** Commits mentioning incidents; undefined when history is off or unavailable. */
  history?: HistoryIndex;
  /** The merge base's records and configuration: a record the change removed is still reported. */
  base?: ReviewBase;
}

/**
 * What the `--fail-on` gate is judged by: the merge base's configuration, and the records the
 * change edited, deleted or renamed as they were at the merge base. A change cannot lower the bar
 * it is judged by (lower a severity, delete or rename the record, reorder the severities).
 */
export interface ReviewBase {
  severities: readonly string[];
  /** Records at the merge base the change edited, deleted or renamed, by id and by their path then. */
  byId: Map<string, IncidentRecord>;
  byPath: Map<string, IncidentRecord>;
}

/** The merge base's side of a change: `baseOptions` is the configuration the merge base has. */
export function reviewBase(changes: ChangedFile[], baseOptions: Options): ReviewBase {
  const base = new IncidentIndex(baseOptions, compileIdPatterns(baseOptions.idPatterns).matcher);
  const byId = new Map<string, IncidentRecord>();
  const byPath = new Map<string, IncidentRecord>();
  for (const change of changes) {
    const oldPath = change.oldPath ?? change.path;
    if (change.status === 'added' || change.oldText === undefined || !base.isRecordPath(oldPath)) continue;
    base.setFile(oldPath, change.oldText);
    const record = base.recordIn(oldPath);
    if (!record) continue;
    byId.set(record.id, record);
    byPath.set(oldPath, record);
  }
  return { severities: baseOptions.severities, byId, byPath };
}

/**
 * Settings that decide which incidents the review can see at all: which files are records, what an
 * id looks like, which files are read. The gate cannot judge a change that edits them with either
 * configuration (the new one may hide the incidents, the merge base's may not describe the new
 * tree), so such a change fails `--fail-on` and a person reviews it.
 */
const GATE_INPUTS: ReadonlyArray<keyof Options> = ['records', 'exclude', 'idPatterns', 'maxFileSize'];

/** The settings among the change's edits to the configuration that leave the gate unable to judge it. */
export function gateBlindedBy(report: ReviewReport): string[] {
  return report.configChange?.settings.filter((setting) => (GATE_INPUTS as readonly string[]).includes(setting)) ?? [];
}

/**
 * Whether any touched incident is at `threshold` or more severe, judged from the merge base: its
 * severity there (for a record the change edited or removed) in the order configured there.
 */
export function failsGate(report: ReviewReport, threshold: string, base: ReviewBase, severities: readonly string[]): boolean {
  const order = base.severities.includes(threshold) ? base.severities : severities;
  const judged = { ...report, incidents: report.incidents.map((i) => ({ ...i, severity: base.byId.has(i.id) ? base.byId.get(i.id)!.severity : i.severity })) };
  return meetsSeverity(judged, threshold, order);
}

/** The incidents a change touches, strongest tie first. */
export function reviewChange({ index, changes, history, base }: ReviewInput): ReviewResult {
  const touched = new Map<string, { record: IncidentRecord; places: ChangedPlace[] }>();
  const add = (record: IncidentRecord | undefined, place: ChangedPlace) => {
    if (!record) return;
    let entry = touched.get(record.id);
    if (!entry) touched.set(record.id, (entry = { record, places: [] }));
    entry.places.push(place);
  };

  for (const change of changes) {
    const hunks = change.status === 'deleted' ? [] : (change.hunks ?? wholeFileHunks(change.oldText, change.newText));
    // A file whose text could not be read on either side (binary, too large) changed as a whole.
    const unreadable = change.status !== 'deleted' && change.newText === undefined;
    if (change.status !== 'deleted' && !unreadable && hunks.length === 0 && change.status !== 'renamed') continue;
    const newLines = change.newText === undefined ? undefined : new LineMap(change.newText);
    const lineTotal = newLines?.lineCount ?? 0;
    const placeOf = (hunk: Hunk): Pick<ChangedPlace, 'startLine' | 'endLine' | 'removedOnly'> => {
      if (hunk.newEnd > hunk.newStart) return { startLine: hunk.newStart + 1, endLine: hunk.newEnd };
      const line = Math.max(1, Math.min(hunk.newStart, lineTotal));
      return { startLine: line, endLine: line, removedOnly: true };
    };
    const wholeFile = (): Pick<ChangedPlace, 'startLine' | 'endLine'> =>
      change.status === 'deleted' || unreadable || lineTotal === 0 ? {} : { startLine: 1, endLine: lineTotal };
    const firstPlace = () => (hunks.length ? placeOf(hunks[0]) : wholeFile());
    const gone = change.status === 'deleted' ? ' (the file was deleted)' : unreadable ? ' (not read as text)' : '';

    // 1. A record's `code` lists the file: changed lines inside its range, or any change when it
    //    names the file (or a folder or glob) without lines.
    const ties = index.incidentsTouching(change.path);
    const renamedTies = change.oldPath ? index.incidentsTouching(change.oldPath) : [];
    for (const tie of [...ties, ...renamedTies]) {
      for (const entry of tie.codeEntries) {
        const listed = entry.path ?? entry.glob ?? '';
        const note = entry.note ? `: ${entry.note}` : '';
        if (entry.lines && hunks.length) {
          for (const hunk of hunks) {
            if (!hunkTouches(hunk, entry.lines.start - 1, entry.lines.end - 1)) continue;
            const where = placeOf(hunk);
            const what = where.removedOnly ? `lines removed after line ${where.startLine}` : describeLines(where.startLine!, where.endLine!, 'changed');
            const renamed = change.oldPath && !ties.includes(tie) ? ` (renamed from ${change.oldPath})` : '';
            add(tie.record, {
              kind: 'code',
              path: change.path,
              ...where,
              detail: `${what}, inside the record's code range ${listed}:${entry.lines.start}-${entry.lines.end}${renamed}${note}`,
            });
          }
        } else if (!entry.lines || gone) {
          const how =
            change.oldPath && !ties.includes(tie) ? `renamed from ${change.oldPath}, which the record's code lists` : `the record's code lists ${listed}`;
          add(tie.record, {
            kind: 'code',
            path: change.path,
            ...firstPlace(),
            detail: `${how}${entry.lines ? ` (lines ${entry.lines.start}-${entry.lines.end})` : ''}${note}${gone}`,
          });
        }
      }
    }

    // 2. A comment (or doc line) that references the incident: changed, or code right under it.
    const referencedHere = new Set<string>();
    if (change.newText !== undefined && newLines) {
      const lineTexts = change.newText.split(/\r\n|\r|\n/);
      for (const tie of ties) {
        for (const reference of tie.references) {
          const last = annotatedEnd(lineTexts, reference.line);
          for (const hunk of hunks) {
            if (!hunkTouches(hunk, reference.line, last)) continue;
            referencedHere.add(tie.record.id);
            const where = placeOf(hunk);
            const onIt = hunk.newEnd > hunk.newStart && hunk.newStart <= reference.line && reference.line < hunk.newEnd;
            const what = onIt
              ? `the reference on line ${reference.line + 1} was added or edited`
              : `${where.removedOnly ? `lines removed after line ${where.startLine}` : describeLines(where.startLine!, where.endLine!, 'changed')} under the reference on line ${reference.line + 1}`;
            add(tie.record, { kind: 'reference', path: change.path, ...where, detail: what });
          }
        }
      }
    }
    // ...or removed: a reference in the old text on a line the change removed or rewrote, whose
    // incident is not referenced on a changed line any more (it was deleted or moved away).
    if (change.oldText !== undefined) {
      const oldPath = change.oldPath ?? change.path;
      const mode = index.isRecordPath(oldPath) ? 'all' : scanModeFor(oldPath);
      const ownId = index.recordIn(change.path)?.id;
      if (mode) {
        const oldLines = new LineMap(change.oldText);
        for (const match of scanReferences(oldPath, change.oldText, index.matcher, mode)) {
          if (match.id === ownId || referencedHere.has(match.id)) continue;
          const line = oldLines.lineAt(match.start);
          const hunk = change.status === 'deleted' ? undefined : hunks.find((h) => hunkCoversOld(h, line));
          if (change.status !== 'deleted' && !hunk) continue;
          const record = index.record(match.id);
          if (!record || record.path === change.path) continue;
          referencedHere.add(match.id);
          const where = hunk ? placeOf(hunk) : {};
          add(record, { kind: 'reference', path: change.path, ...where, detail: `a reference on line ${line + 1} at the base was removed or moved${gone}` });
        }
      }
    }

    // 3. The record itself changed.
    const own = index.recordIn(change.path);
    if (own) {
      const what = hunks.length ? `${hunks.length} change(s) to the record` : 'the record file changed';
      add(own, { kind: 'record', path: change.path, ...firstPlace(), detail: change.status === 'added' ? 'the record was added' : what });
    }
    // ...or the change removed it (deleted, renamed out of the records, its id changed): the
    // record as the merge base had it, in its own row.
    const was = base?.byPath.get(change.oldPath ?? change.path);
    if (was && !index.record(was.id)) {
      add(was, { kind: 'record', path: change.path, detail: change.status === 'deleted' ? 'the record was deleted' : 'the change removed this record' });
    }

    // 4. History: commits that changed this file mention the incident.
    if (history) {
      const byId = new Map<string, string[]>();
      for (const path of new Set([change.path, change.oldPath ?? change.path])) {
        for (const commit of history.commitsForFile(path)) {
          for (const id of commit.ids) byId.set(id, [...(byId.get(id) ?? []), commit.shortHash]);
        }
      }
      for (const [id, commits] of byId) {
        const record = index.record(id);
        if (!record || record.path === change.path) continue;
        const unique = [...new Set(commits)];
        const listed = unique.slice(0, 3).join(', ') + (unique.length > 3 ? ` and ${unique.length - 3} more` : '');
        add(record, {
          kind: 'history',
          path: change.path,
          ...firstPlace(),
          commits: unique,
          detail: `changed before by commit(s) that mention it: ${listed}${gone}`,
        });
      }
    }
  }

  const severityRank = (record: IncidentRecord) => {
    const at = record.severity === undefined ? -1 : index.options.severities.indexOf(record.severity);
    return at === -1 ? Number.MAX_SAFE_INTEGER : at;
  };
  const incidents: TouchedIncident[] = [...touched.values()].map(({ record, places }) => {
    places.sort((a, b) => strength(a.kind) - strength(b.kind) || a.path.localeCompare(b.path) || (a.startLine ?? 0) - (b.startLine ?? 0));
    return {
      record,
      strongest: places[0].kind,
      lesson: lessonOf(record),
      openActions: openActionItems(record).map((a) => a.description),
      places: dedupe(places),
    };
  });
  incidents.sort(
    (a, b) =>
      strength(a.strongest) - strength(b.strongest) ||
      severityRank(a.record) - severityRank(b.record) ||
      b.places.length - a.places.length ||
      compareNewestFirst(a.record, b.record),
  );
  const configChange = configChangeOf(changes);
  return { changedFiles: changes.length, incidents, ...(configChange ? { configChange } : {}) };
}

/**
 * The last line (0-based) that a reference on `line` speaks for: its own line and the lines
 * right under it, up to the first blank line, at most ANNOTATED_LINES of them.
 */
function annotatedEnd(lines: string[], line: number): number {
  let last = line;
  while (last + 1 < lines.length && last - line < ANNOTATED_LINES && lines[last + 1].trim() !== '') last++;
  return last;
}

function strength(kind: TouchKind): number {
  return TOUCH_STRENGTH.indexOf(kind);
}

function describeLines(start: number, end: number, verb: string): string {
  return start === end ? `line ${start} ${verb}` : `lines ${start}-${end} ${verb}`;
}

/** The same place found twice (a file listed both by path and by glob) is reported once. */
function dedupe(places: ChangedPlace[]): ChangedPlace[] {
  const seen = new Set<string>();
  return places.filter((p) => {
    const key = `${p.kind}\0${p.path}\0${p.startLine}\0${p.endLine}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function lineCount(text: string): number {
  if (text === '') return 0;
  const breaks = text.match(/\r\n|\r|\n/g)?.length ?? 0;
  return /[\r\n]$/.test(text) ? breaks : breaks + 1;
}

/** The severity rank of a record among the configured severities (0 = most severe); undefined if unranked. */
export function severityRankOf(severity: string | undefined, severities: readonly string[]): number | undefined {
  if (severity === undefined) return undefined;
  const at = severities.indexOf(severity);
  return at === -1 ? undefined : at;
}

/** Where the report says a record lives: a blob URL at the head commit in CI, else its path. */
export interface LinkContext {
  /** The folder's path inside the repository (`git rev-parse --show-prefix`), '' at its root. */
  repoPrefix: string;
  /** GITHUB_SERVER_URL, GITHUB_REPOSITORY and GITHUB_SHA, when all three are set. */
  github?: { serverUrl: string; repository: string; sha: string };
}

/** A link to a record: the blob at the head commit on GitHub, else the folder-relative path. */
export function recordLink(path: string, context: LinkContext): string {
  const { github } = context;
  if (!github) return path;
  const server = github.serverUrl.replace(/\/+$/, '');
  if (!/^https?:\/\/[^\s/?#]+$/i.test(server) || !/^[\w.-]+\/[\w.-]+$/.test(github.repository) || !/^[0-9a-f]{7,64}$/i.test(github.sha)) return path;
  const repoPath = `${context.repoPrefix}${path}`.split('/').map(encodeURIComponent).join('/');
  return `${server}/${github.repository}/blob/${github.sha}/${repoPath}`;
}

/** The review as plain JSON: what `--format json` prints and the MCP tools return. */
export interface ReviewReport {
  base: string;
  mergeBase: string;
  head: string;
  changedFiles: number;
  incidents: ReviewedIncident[];
  /** The change to the configuration the review and its gate read, when it made one. */
  configChange?: ConfigChange;
}

export interface ReviewedIncident {
  id: string;
  title: string;
  severity?: string;
  status: string;
  started: string;
  recordPath: string;
  link: string;
  strongest: TouchKind;
  lesson?: string;
  openActions: string[];
  places: ChangedPlace[];
}

export function reviewReport(result: ReviewResult, meta: { base: string; mergeBase: string; head: string }, links: LinkContext): ReviewReport {
  return {
    ...meta,
    changedFiles: result.changedFiles,
    incidents: result.incidents.map((t) => ({
      ...incidentFields(t.record),
      recordPath: t.record.path,
      link: recordLink(t.record.path, links),
      strongest: t.strongest,
      ...(t.lesson !== undefined ? { lesson: t.lesson } : {}),
      openActions: t.openActions,
      places: t.places,
    })),
    ...(result.configChange ? { configChange: result.configChange } : {}),
  };
}

/** Whether any touched incident is at `threshold` or more severe (earlier in `severities`). */
export function meetsSeverity(report: ReviewReport, threshold: string, severities: readonly string[]): boolean {
  const limit = severities.indexOf(threshold);
  if (limit === -1) return false;
  return report.incidents.some((i) => {
    const rank = severityRankOf(i.severity, severities);
    return rank !== undefined && rank <= limit;
  });
}
