/**
 * How well a team's incident knowledge is woven into its code: the signs, named by the blameless
 * review literature, that reviews are read and used (references from code and docs, write-ups
 * with more than template fields, follow-through), never incident counts, durations or figures
 * about people. Pure: everything comes from the index and, when git is allowed, the history.
 */
import type { HistoryIndex } from '../history/historyIndex';
import type { IncidentIndex } from '../index/incidentIndex';
import type { IncidentRecord } from '../model';
import { findBlameLanguage } from '../records/blameless';
import { findHindsightLanguage, thinNarrativeReason } from '../records/hindsight';
import { lessonOf, openActionItems } from './lesson';

/** How an incident's story can reach the code, from the strongest tie to none at all. */
export type Weaving = 'code' | 'docs' | 'tied-only' | 'floating';

export interface IncidentWeaving {
  id: string;
  title: string;
  weaving: Weaving;
  /** Source files whose comments reference it. */
  codeFiles: string[];
  /** Documents that reference it (architecture documents included). */
  docFiles: string[];
  /** Architecture documents (ADRs, design docs) among docFiles. */
  architectureDocs: string[];
  /** Files tied through the record's `code` (paths, folders or glob matches). */
  codeListed: string[];
  /** Files tied through commits that mention it (empty without git). */
  commitFiles: string[];
}

/** The parts of a write-up that carry understanding beyond the required fields. */
export interface WriteUpDepth {
  id: string;
  title: string;
  narrative: boolean;
  difficulties: boolean;
  severalFactors: boolean;
  learnings: boolean;
  perspectives: boolean;
  timeline: boolean;
  /** None of the six: the required fields and little else. */
  templateOnly: boolean;
  /** One contributing factor, or "the root cause" in its text. */
  singleRootCause: boolean;
}

export interface Gathering {
  /** A file, a folder (ending in `/`) or a service name. */
  name: string;
  incidents: string[];
}

export interface UncommentedTie {
  path: string;
  /** Incidents tied to this file (by `code` or commits) that no comment in it mentions. */
  incidents: string[];
}

export interface OpenAction {
  id: string;
  description: string;
  owner?: string;
  /** Days since the incident was resolved (else started); undefined without a usable date. */
  ageDays?: number;
}

export interface WordingCounts {
  id: string;
  blame: number;
  hindsight: number;
}

export interface ReadingItem {
  id: string;
  title: string;
  started?: string;
  lesson: string;
  /** How many tied places lie under the path (or 1 for a service match). */
  ties: number;
}

export interface Insights {
  /** The path prefix or service the reading list (and the report) is about, if one was given. */
  scope?: { path?: string; service?: string };
  incidentCount: number;
  weaving: IncidentWeaving[];
  coverage: Record<Weaving, number> & { architectureDocs: number };
  depth: WriteUpDepth[];
  depthTotals: Omit<Record<keyof WriteUpDepth, number>, 'id' | 'title'>;
  hotFiles: Gathering[];
  hotFolders: Gathering[];
  hotServices: Gathering[];
  uncommented: UncommentedTie[];
  openActions: OpenAction[];
  wording: WordingCounts[];
  /** Incidents per year, by service ('' for incidents that name none). */
  perYearByService: Array<{ year: string; services: Record<string, number> }>;
  readingList: ReadingItem[];
  /** The history was read (git allowed and available). */
  withHistory: boolean;
}

/**
 * What each count is called, in report order: the text, Markdown and HTML reports all name them
 * from here. HTML shows `code` without its backticks.
 */
export const COVERAGE_LABELS: ReadonlyArray<readonly [keyof Insights['coverage'], string]> = [
  ['code', 'referenced from code comments'],
  ['docs', 'referenced only from docs'],
  ['architectureDocs', 'cited by architecture documents'],
  ['tied-only', 'tied only by `code` or commits'],
  ['floating', 'floating'],
];
export const DEPTH_LABELS: ReadonlyArray<readonly [keyof Insights['depthTotals'], string]> = [
  ['narrative', 'a narrative'],
  ['perspectives', "participants' perspectives"],
  ['difficulties', 'difficulties (what was hard)'],
  ['severalFactors', 'several contributing factors'],
  ['learnings', 'learnings'],
  ['timeline', 'a timeline'],
  ['templateOnly', 'template-only'],
  ['singleRootCause', 'one root cause'],
];

export interface InsightsQuery {
  /** Limit to incidents tied to files under this workspace-relative prefix; makes the reading list. */
  path?: string;
  /** Limit to incidents of this service; makes the reading list. */
  service?: string;
  /** Today, for the age of action items. */
  now: Date;
  /** How many entries the "where incidents gather" lists keep. */
  top?: number;
}

/** Documents that describe the system's design: ADRs, architecture and design docs. */
const ARCHITECTURE_DOC =
  /(?:^|\/)(?:architecture|arch|adrs?|decisions|design|rfcs?)(?:\/|$)|(?:^|\/)(?:adr[-_]?\d+|[^/]*architecture[^/]*|[^/]*design[^/]*)\.[a-z]+$/i;

export function isArchitectureDoc(path: string): boolean {
  return ARCHITECTURE_DOC.test(path);
}

/** The figures of the insights report, computed from the index (and the history when given). */
export function computeInsights(index: IncidentIndex, history: HistoryIndex | undefined, query: InsightsQuery): Insights {
  const records = index.recordsNewestFirst();
  const knownPaths = [...index.knownPaths.all()];
  const globMatches = filesMatchedByCodeGlobs(index, records, knownPaths);
  const allWeaving = records.map((record) => weavingOf(index, history, record, knownPaths, globMatches.get(record.id)));
  const inScope = scopeFilter(query);
  const weaving = allWeaving.filter((w, i) => inScope(records[i], w));
  const scoped = records.filter((r, i) => inScope(r, allWeaving[i]));

  const coverage = { code: 0, docs: 0, 'tied-only': 0, floating: 0, architectureDocs: 0 };
  for (const w of weaving) {
    coverage[w.weaving]++;
    if (w.architectureDocs.length) coverage.architectureDocs++;
  }

  const depth = scoped.map(depthOf);
  const depthTotals = { narrative: 0, difficulties: 0, severalFactors: 0, learnings: 0, perspectives: 0, timeline: 0, templateOnly: 0, singleRootCause: 0 };
  for (const d of depth) for (const key of Object.keys(depthTotals) as Array<keyof typeof depthTotals>) if (d[key]) depthTotals[key]++;

  const top = query.top ?? 10;
  const byFile = new Map<string, Set<string>>();
  const byFolder = new Map<string, Set<string>>();
  for (const w of weaving) {
    for (const path of new Set([...w.codeFiles, ...w.docFiles, ...w.codeListed, ...w.commitFiles])) {
      if (query.path !== undefined && !isUnder(path, query.path)) continue;
      addTo(byFile, path, w.id);
      const slash = path.lastIndexOf('/');
      addTo(byFolder, slash < 0 ? './' : `${path.slice(0, slash)}/`, w.id);
    }
  }
  const byService = new Map<string, Set<string>>();
  for (const record of scoped) for (const service of record.services) addTo(byService, service, record.id);

  return {
    scope: query.path !== undefined || query.service !== undefined ? { path: query.path, service: query.service } : undefined,
    incidentCount: scoped.length,
    weaving,
    coverage,
    depth,
    depthTotals,
    hotFiles: gatherings(byFile, top),
    hotFolders: gatherings(byFolder, top),
    hotServices: gatherings(byService, top),
    uncommented: uncommentedTies(weaving, query.path),
    openActions: openActions(scoped, query.now),
    wording: scoped.map(wordingOf).filter((w) => w.blame + w.hindsight > 0),
    perYearByService: perYearByService(scoped),
    readingList: query.path !== undefined || query.service !== undefined ? readingList(scoped, weaving, query) : [],
    withHistory: history !== undefined,
  };
}

/**
 * The files each incident's `code` globs match, by id. One pass over the known paths for the
 * whole report (a path is asked about once, not once per record).
 */
function filesMatchedByCodeGlobs(index: IncidentIndex, records: readonly IncidentRecord[], knownPaths: string[]): Map<string, string[]> {
  const matched = new Map<string, string[]>();
  if (!records.some((r) => r.code.some((e) => e.glob !== undefined))) return matched;
  for (const path of knownPaths) {
    for (const tie of index.incidentsTouching(path)) {
      if (!tie.codeEntries.some((e) => e.glob !== undefined)) continue;
      let paths = matched.get(tie.record.id);
      if (!paths) matched.set(tie.record.id, (paths = []));
      paths.push(path);
    }
  }
  return matched;
}

function weavingOf(
  index: IncidentIndex,
  history: HistoryIndex | undefined,
  record: IncidentRecord,
  knownPaths: string[],
  globMatched: string[] = [],
): IncidentWeaving {
  const codeFiles = new Set<string>();
  const docFiles = new Set<string>();
  for (const reference of index.referencesTo(record.id)) {
    if (reference.fileKind === 'source') codeFiles.add(reference.path);
    else if (reference.fileKind === 'document' && !index.isRecordPath(reference.path)) docFiles.add(reference.path);
  }
  const codeListed = new Set<string>();
  for (const entry of record.code) {
    if (entry.path !== undefined) {
      // A folder in `code` ties every file under it; the folder itself stands for them.
      const under = knownPaths.filter((p) => p === entry.path || p.startsWith(`${entry.path}/`));
      for (const p of under.length ? under : [entry.path]) codeListed.add(p);
    }
  }
  for (const path of globMatched) codeListed.add(path);
  const commitFiles = new Set((history?.filesForIncident(record.id) ?? []).filter((p) => p !== record.path && !index.isRecordPath(p)));
  const architectureDocs = [...docFiles].filter(isArchitectureDoc);
  // A `code` entry ties the story to the code even when it is stale (a diagnostic says so).
  const weaving: Weaving = codeFiles.size ? 'code' : docFiles.size ? 'docs' : record.code.length || commitFiles.size ? 'tied-only' : 'floating';
  return {
    id: record.id,
    title: record.title,
    weaving,
    codeFiles: [...codeFiles].sort(),
    docFiles: [...docFiles].sort(),
    architectureDocs: architectureDocs.sort(),
    codeListed: [...codeListed].sort(),
    commitFiles: [...commitFiles].sort(),
  };
}

/**
 * Whether an incident is tied to nothing: no comment or document mentions it, its record lists no
 * `code`, and no commit that mentions it changed a file. The same rule as the report's "floating",
 * cheap enough for every row of a listing.
 */
export function isFloating(index: IncidentIndex, history: HistoryIndex | undefined, record: IncidentRecord): boolean {
  if (record.code.length) return false;
  for (const reference of index.referencesTo(record.id)) {
    if (reference.fileKind === 'source' || (reference.fileKind === 'document' && !index.isRecordPath(reference.path))) return false;
  }
  return !(history?.filesForIncident(record.id) ?? []).some((p) => p !== record.path && !index.isRecordPath(p));
}

function scopeFilter(query: InsightsQuery) {
  return (record: IncidentRecord, w: IncidentWeaving): boolean => {
    if (query.service !== undefined && !record.services.some((s) => s.toLowerCase() === query.service!.toLowerCase())) return false;
    if (query.path !== undefined && !tiedPaths(w).some((p) => isUnder(p, query.path!))) return false;
    return true;
  };
}

function tiedPaths(w: IncidentWeaving): string[] {
  return [...w.codeFiles, ...w.docFiles, ...w.codeListed, ...w.commitFiles];
}

/** Whether a path lies under a prefix given on the command line (`src/payments`, `src/payments/`). */
export function isUnder(path: string, prefix: string): boolean {
  const clean = prefix.replace(/^\.\//, '').replace(/\/+$/, '');
  return clean === '' || clean === '.' || path === clean || path.startsWith(`${clean}/`);
}

function words(text: string | undefined): number {
  return text?.match(/[\p{L}\p{N}]+/gu)?.length ?? 0;
}

function depthOf(record: IncidentRecord): WriteUpDepth {
  const narrative = record.narrative !== undefined && words(record.narrative) >= 20 && thinNarrativeReason(record.narrative, record.summary) === undefined;
  const difficulties = record.difficulties.length > 0;
  const severalFactors = record.contributingFactors.length >= 2;
  const learnings = record.learnings.length > 0;
  const perspectives = record.participants.some((p) => words(p.perspective) > 0);
  const timeline = record.timeline.length >= 2;
  const rootCauseWording = texts(record).some((t) => findHindsightLanguage(t).some((m) => /root\s+cause/i.test(m.message)));
  return {
    id: record.id,
    title: record.title,
    narrative,
    difficulties,
    severalFactors,
    learnings,
    perspectives,
    timeline,
    templateOnly: !(narrative || difficulties || severalFactors || learnings || perspectives || timeline),
    singleRootCause: record.contributingFactors.length === 1 || rootCauseWording,
  };
}

/** The free text of a record, where people describe what happened. */
function texts(record: IncidentRecord): string[] {
  return [
    record.summary,
    record.narrative ?? '',
    record.impact ?? '',
    ...record.contributingFactors,
    ...record.learnings,
    ...record.difficulties.map((d) => d.description),
    ...record.timeline.map((t) => t.event),
  ].filter((t) => t.length > 0);
}

function wordingOf(record: IncidentRecord): WordingCounts {
  let blame = 0;
  let hindsight = 0;
  for (const text of texts(record)) {
    blame += findBlameLanguage(text).length;
    hindsight += findHindsightLanguage(text).length;
  }
  return { id: record.id, blame, hindsight };
}

function addTo(map: Map<string, Set<string>>, key: string, id: string): void {
  let set = map.get(key);
  if (!set) map.set(key, (set = new Set()));
  set.add(id);
}

/** The places tied to two or more incidents (recurrence), most incidents first. */
function gatherings(map: Map<string, Set<string>>, top: number): Gathering[] {
  return [...map]
    .filter(([, ids]) => ids.size >= 2)
    .map(([name, ids]) => ({ name, incidents: [...ids].sort() }))
    .sort((a, b) => b.incidents.length - a.incidents.length || a.name.localeCompare(b.name))
    .slice(0, top);
}

function uncommentedTies(weaving: IncidentWeaving[], prefix: string | undefined): UncommentedTie[] {
  const byPath = new Map<string, Set<string>>();
  for (const w of weaving) {
    const commented = new Set(w.codeFiles);
    for (const path of new Set([...w.codeListed, ...w.commitFiles])) {
      if (commented.has(path) || w.docFiles.includes(path)) continue;
      if (prefix !== undefined && !isUnder(path, prefix)) continue;
      addTo(byPath, path, w.id);
    }
  }
  return [...byPath]
    .map(([path, ids]) => ({ path, incidents: [...ids].sort() }))
    .sort((a, b) => b.incidents.length - a.incidents.length || a.path.localeCompare(b.path));
}

function dayOf(date: string | undefined): number | undefined {
  if (!date) return undefined;
  const time = Date.parse(date);
  return Number.isNaN(time) ? undefined : time;
}

function openActions(records: IncidentRecord[], now: Date): OpenAction[] {
  const out: OpenAction[] = [];
  for (const record of records) {
    const since = dayOf(record.resolved) ?? dayOf(record.started);
    const ageDays = since === undefined ? undefined : Math.max(0, Math.floor((now.getTime() - since) / 86_400_000));
    for (const item of openActionItems(record)) out.push({ id: record.id, description: item.description, owner: item.owner, ageDays });
  }
  // Oldest first; items without a date last (their age cannot be told).
  return out.sort((a, b) => (b.ageDays ?? -1) - (a.ageDays ?? -1) || a.id.localeCompare(b.id));
}

function perYearByService(records: IncidentRecord[]): Insights['perYearByService'] {
  const years = new Map<string, Record<string, number>>();
  for (const record of records) {
    const year = /^\d{4}/.exec(record.started ?? '')?.[0];
    if (!year) continue;
    const counts = years.get(year) ?? {};
    years.set(year, counts);
    for (const service of record.services.length ? record.services : ['']) counts[service] = (counts[service] ?? 0) + 1;
  }
  return [...years].sort(([a], [b]) => a.localeCompare(b)).map(([year, services]) => ({ year, services }));
}

/** What a newcomer to this code should read: its incidents, the most tied first. */
function readingList(records: IncidentRecord[], weaving: IncidentWeaving[], query: InsightsQuery): ReadingItem[] {
  const byId = new Map(weaving.map((w) => [w.id, w]));
  return records
    .map((record) => {
      const w = byId.get(record.id)!;
      const ties = query.path !== undefined ? new Set(tiedPaths(w).filter((p) => isUnder(p, query.path!))).size : 1;
      // A reading list always says something: the summary stands in for a record without a lesson.
      const lesson = (lessonOf(record) ?? record.summary).replace(/\s+/g, ' ').trim();
      return { id: record.id, title: record.title, started: record.started, lesson, ties };
    })
    .sort((a, b) => b.ties - a.ties || (b.started ?? '').localeCompare(a.started ?? ''));
}
