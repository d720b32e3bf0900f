/**
 * The story of one incident, from the index: everything a reader needs to understand it (the
 * record's fields, its narrative, how long each phase took) and everything around it (the places
 * that reference it, the commits tied to it, related incidents with their titles). Plain JSON: the
 * `incidentLens/story` request sends it as is, the HTML, Markdown and text renderers draw it, and
 * the MCP server's `get_incident` returns it.
 */
import type { HistoryIndex } from '../history';
import type { IncidentIndex } from '../index/incidentIndex';
import type { FileKind, IncidentRecord, RecordStatus } from '../model';
import { unsafePathReason } from '../records/codePaths';
import { humanDuration, milestonesOf, timeOf, type Milestone } from './milestones';

// Where they were first written; the timeline renderer and tests read them from here.
export { humanDuration, timeOf };

/** How many places referencing an incident a story lists (the total is always given). */
export const STORY_MAX_REFERENCES = 200;
/** How many commits mentioning an incident a story lists. */
export const STORY_MAX_COMMITS = 50;

export type PhaseMark = 'started' | 'detected' | 'mitigated' | 'resolved';
export const PHASE_MARKS: readonly PhaseMark[] = ['started', 'detected', 'mitigated', 'resolved'];
export const DIFFICULTY_KINDS = ['confusion', 'uncertainty', 'ambiguity', 'surprise'] as const;

/** A stretch between two of the record's dates, e.g. started → detected ("detected after 7 min"). */
export interface StoryPhase {
  from: PhaseMark;
  to: PhaseMark;
  /** Milliseconds since the epoch (a date-only value counts from its midnight, UTC). */
  start: number;
  end: number;
  durationMs: number;
  /** "7 min", "2 h 18 min", "3 days". */
  duration: string;
}

export interface StoryTimelineEntry {
  at: string;
  event: string;
  source?: string;
  /** Milliseconds since the epoch, when `at` is a date the product can read. */
  time?: number;
}

export interface StoryCodeEntry {
  path?: string;
  glob?: string;
  lines?: { start: number; end: number };
  note?: string;
  /** For a path: whether it exists in the folder (a glob is always `true`). */
  exists: boolean;
  /** Where to open it (set by the server; absent for globs, missing and unsafe paths). */
  uri?: string;
}

/** A place that mentions the incident: a comment in code, a doc, another record. */
export interface StoryReference {
  path: string;
  /** 0-based line. */
  line: number;
  kind: FileKind;
  uri?: string;
}

export interface StoryCommit {
  shortHash: string;
  /** As the record lists it, or the full hash for commits found through their message. */
  hash: string;
  subject?: string;
  date?: string;
  author?: string;
  /** Its message mentions the incident. */
  mentions: boolean;
  /** The record lists it under `commits`. */
  listed: boolean;
  /** False for a listed hash the repository does not have. */
  found: boolean;
}

export interface StoryRelated {
  id: string;
  /** Absent when no record defines the id. */
  title?: string;
  severity?: string;
  status?: RecordStatus;
  started?: string;
  /** `listed`: this record names it under `related`; `lists-this`: its record names this one. */
  direction: 'listed' | 'lists-this' | 'both';
  recordUri?: string;
}

export interface IncidentStory {
  id: string;
  title: string;
  status: RecordStatus;
  severity?: string;
  started?: string;
  detected?: string;
  mitigated?: string;
  resolved?: string;
  /** From started to resolved, in words ("2 h 18 min"); absent while unresolved or unreadable. */
  duration?: string;
  durationMs?: number;
  /** How long after `started` it was detected, mitigated, resolved (those the record gives). */
  milestones?: Milestone[];
  phases: StoryPhase[];
  services: string[];
  tags: string[];
  summary: string;
  impact?: string;
  /** Markdown, as written: renderers turn it into safe HTML or keep it as Markdown. */
  narrative?: string;
  timeline: StoryTimelineEntry[];
  participants: Array<{ name: string; role?: string; perspective?: string }>;
  /** Grouped by kind: confusion, uncertainty, ambiguity, surprise first, then any other kind. */
  difficulties: Array<{ kind: string; descriptions: string[] }>;
  contributingFactors: string[];
  learnings: string[];
  actionItems: Array<{ description: string; owner?: string; status: string; link?: string }>;
  links: Array<{ title: string; url: string }>;
  code: StoryCodeEntry[];
  references: StoryReference[];
  /** Every place that references it (`references` lists the first STORY_MAX_REFERENCES). */
  referenceCount: number;
  /** `available` false: no git history here (untrusted workspace, no repository, `--no-git`). */
  history: { available: boolean; commits: StoryCommit[]; mentioningCount: number };
  related: StoryRelated[];
  /** Workspace-relative path of the record, and where to open it (set by the server). */
  recordPath: string;
  recordUri?: string;
  /** Line (0-based) of the record's `id`, when known (set by the server). */
  recordLine?: number;
}

/** A commit as history gives it (see HistoryService). */
export interface HistoryCommit {
  hash?: string;
  shortHash: string;
  subject: string;
  date?: string;
  author?: string;
}

/** What git adds to a story; undefined when there is no history. */
export interface StoryHistoryInput {
  /** Commits whose message mentions the incident, newest first. */
  mentioning: readonly HistoryCommit[];
  /** The commits the record lists that the repository has, by hash as written. */
  listed: ReadonlyMap<string, HistoryCommit>;
}

/**
 * What a story adds from history: every commit whose message mentions the incident, and the
 * commits its record lists that git has described (`described`, by hash as written).
 */
export function storyHistoryOf(history: HistoryIndex, record: IncidentRecord, described: ReadonlyMap<string, HistoryCommit>): StoryHistoryInput {
  const summary = (c: HistoryCommit): HistoryCommit => ({ hash: c.hash, shortHash: c.shortHash, subject: c.subject, date: c.date, author: c.author });
  const listed = new Map<string, HistoryCommit>();
  for (const [hash, commit] of described) listed.set(hash, summary(commit));
  return { mentioning: history.commitsForIncident(record.id).map(summary), listed };
}

export interface StoryOptions {
  history?: StoryHistoryInput;
  /** Turns a workspace-relative path into a URI to open (the server's folders know how). */
  uriOf?: (path: string) => string;
}

/** The story of `id`, or undefined when no record defines it. */
export function buildStory(index: IncidentIndex, id: string, options: StoryOptions = {}): IncidentStory | undefined {
  const record = index.record(id);
  if (!record) return undefined;
  const uriOf = options.uriOf;
  const total = phaseSpan(record, 'started', 'resolved');

  const allReferences = index.referencesTo(id).filter((r) => r.path !== record.path);
  const references = allReferences.slice(0, STORY_MAX_REFERENCES).map((r) => ({
    path: r.path,
    line: r.line,
    kind: r.fileKind,
    ...(uriOf ? { uri: uriOf(r.path) } : {}),
  }));

  return {
    id: record.id,
    title: record.title,
    status: record.status,
    severity: record.severity,
    started: record.started,
    detected: record.detected,
    mitigated: record.mitigated,
    resolved: record.resolved,
    duration: total?.duration,
    durationMs: total?.durationMs,
    milestones: milestonesOf(record),
    phases: phasesOf(record),
    services: record.services,
    tags: record.tags,
    summary: record.summary,
    impact: record.impact,
    narrative: record.narrative,
    timeline: record.timeline.map((t) => ({ at: t.at, event: t.event, source: t.source, time: timeOf(t.at) })),
    participants: record.participants,
    difficulties: groupDifficulties(record),
    contributingFactors: record.contributingFactors,
    learnings: record.learnings,
    actionItems: record.actionItems.map((a) => ({ description: a.description, owner: a.owner, status: a.status ?? 'open', link: a.link })),
    links: record.links,
    code: record.code.map((entry) => {
      const safe = entry.path !== undefined && unsafePathReason(entry.path, false) === undefined;
      const exists = entry.path === undefined ? true : safe && index.pathExists(entry.path);
      return {
        path: entry.path,
        glob: entry.glob,
        lines: entry.lines,
        note: entry.note,
        exists,
        ...(uriOf && entry.path !== undefined && exists ? { uri: uriOf(entry.path.replace(/\/+$/, '')) } : {}),
      };
    }),
    references,
    referenceCount: allReferences.length,
    history: commitsOf(record, options.history),
    related: relatedOf(index, record, uriOf),
    recordPath: record.path,
    ...(uriOf ? { recordUri: uriOf(record.path) } : {}),
  };
}

function phaseSpan(record: IncidentRecord, from: PhaseMark, to: PhaseMark): StoryPhase | undefined {
  const start = timeOf(record[from]);
  const end = timeOf(record[to]);
  if (start === undefined || end === undefined || end < start) return undefined;
  return { from, to, start, end, durationMs: end - start, duration: humanDuration(end - start) };
}

/** started → detected → mitigated → resolved, skipping the dates a record leaves out. */
function phasesOf(record: IncidentRecord): StoryPhase[] {
  const present = PHASE_MARKS.filter((mark) => timeOf(record[mark]) !== undefined);
  const phases: StoryPhase[] = [];
  for (let i = 1; i < present.length; i++) {
    const phase = phaseSpan(record, present[i - 1], present[i]);
    if (phase) phases.push(phase);
  }
  return phases;
}

function groupDifficulties(record: IncidentRecord): IncidentStory['difficulties'] {
  const byKind = new Map<string, string[]>();
  for (const kind of DIFFICULTY_KINDS) byKind.set(kind, []);
  for (const d of record.difficulties) {
    const list = byKind.get(d.kind);
    if (list) list.push(d.description);
    else byKind.set(d.kind, [d.description]);
  }
  return [...byKind.entries()].filter(([, descriptions]) => descriptions.length > 0).map(([kind, descriptions]) => ({ kind, descriptions }));
}

function commitsOf(record: IncidentRecord, history: StoryHistoryInput | undefined): IncidentStory['history'] {
  if (!history) {
    // Without history, the hashes the record lists are still part of its story, unchecked.
    const listed = record.commits.map((c) => ({ hash: c.value, shortHash: c.value.slice(0, 7), mentions: false, listed: true, found: true }));
    return { available: false, commits: listed, mentioningCount: 0 };
  }
  const commits: StoryCommit[] = [];
  const byShort = new Map<string, StoryCommit>();
  for (const { value } of record.commits) {
    const found = history.listed.get(value);
    const commit: StoryCommit = {
      hash: value,
      shortHash: found?.shortHash ?? value.slice(0, 7),
      subject: found?.subject,
      date: found?.date,
      author: found?.author,
      mentions: false,
      listed: true,
      found: found !== undefined,
    };
    commits.push(commit);
    if (found) byShort.set(found.shortHash, commit);
  }
  for (const c of history.mentioning.slice(0, STORY_MAX_COMMITS)) {
    const same = byShort.get(c.shortHash) ?? commits.find((l) => c.hash !== undefined && c.hash.startsWith(l.hash));
    if (same) {
      same.mentions = true;
      continue;
    }
    commits.push({
      hash: c.hash ?? c.shortHash,
      shortHash: c.shortHash,
      subject: c.subject,
      date: c.date,
      author: c.author,
      mentions: true,
      listed: false,
      found: true,
    });
  }
  return { available: true, commits, mentioningCount: history.mentioning.length };
}

function relatedOf(index: IncidentIndex, record: IncidentRecord, uriOf: ((path: string) => string) | undefined): StoryRelated[] {
  const byId = new Map<string, StoryRelated>();
  const add = (id: string, direction: 'listed' | 'lists-this') => {
    if (id === record.id) return;
    const known = byId.get(id);
    if (known) {
      if (known.direction !== direction) known.direction = 'both';
      return;
    }
    const other = index.record(id);
    byId.set(id, {
      id,
      title: other?.title,
      severity: other?.severity,
      status: other?.status,
      started: other?.started,
      direction,
      ...(other && uriOf ? { recordUri: uriOf(other.path) } : {}),
    });
  };
  for (const { value } of record.related) add(value, 'listed');
  for (const other of index.recordsNewestFirst()) {
    if (other.related.some((r) => r.value === record.id)) add(other.id, 'lists-this');
  }
  return [...byId.values()];
}
