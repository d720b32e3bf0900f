/**
 * The shapes the pure core works with. Everything here is plain data: offsets into file text,
 * workspace-relative paths with forward slashes, no editor or file-system types.
 */

/** A range of UTF-16 code units in one file's text, `start` inclusive, `end` exclusive. */
export interface Span {
  start: number;
  end: number;
}

export type ProblemSeverity = 'error' | 'warning' | 'information' | 'hint';

/** Stable rule ids: shown as `[code]` by the CLI, as `diagnostic.code` over LSP, as SARIF rule ids. */
export type ProblemCode =
  | 'yaml-syntax'
  | 'front-matter'
  | 'schema'
  | 'duplicate-id'
  | 'unknown-reference'
  | 'unknown-related'
  | 'self-related'
  | 'duplicate-related'
  | 'missing-code-path'
  | 'unsafe-code-path'
  | 'complex-glob'
  | 'resolved-before-started'
  | 'timeline-order'
  | 'unknown-commit'
  | 'blameless-language'
  | 'hindsight-language'
  | 'thin-narrative'
  | 'config'
  | 'file-skipped'
  | 'too-many-problems';

/** One thing wrong, pointing at the exact key or value it is about. */
export interface Problem {
  /** Workspace-relative path, forward slashes. */
  path: string;
  span: Span;
  severity: ProblemSeverity;
  code: ProblemCode;
  message: string;
  /**
   * What could replace the text at `span`, best first: the quick fix offers each (the field an
   * unknown key was probably meant to be, the nearest real date for an impossible one).
   */
  suggestions?: string[];
}

/** A value from a record together with where it stands in the file. */
export interface Spanned<T> {
  value: T;
  span: Span;
}

export type RecordStatus = 'draft' | 'in-review' | 'published';
export type TimelineSource = 'log' | 'chat' | 'dashboard' | 'deploy' | 'page' | 'interview' | 'other';
export type DifficultyKind = 'confusion' | 'uncertainty' | 'ambiguity' | 'surprise';
export type ActionStatus = 'open' | 'done' | 'wont-do';

export interface TimelineEntry {
  at: string;
  event: string;
  source?: string;
  span: Span;
}

export interface Difficulty {
  kind: string;
  description: string;
}

export interface Participant {
  name: string;
  role?: string;
  perspective?: string;
}

export interface ActionItem {
  description: string;
  owner?: string;
  status?: string;
  link?: string;
}

/** One entry of a record's `code` list: where in this repository the incident lives. */
export interface CodeEntry {
  /** Exactly one of path and glob is set on a valid entry. Normalised: forward slashes, no `./`. */
  path?: string;
  glob?: string;
  /** Inclusive 1-based line range from `lines: "40-72"` (or `"40"`). */
  lines?: { start: number; end: number };
  note?: string;
  /** Span of the `path` or `glob` value (or of the whole entry when neither is a string). */
  span: Span;
}

export interface Link {
  title: string;
  url: string;
}

/**
 * An incident record as read from one file. Built best-effort even when the file has schema
 * problems (missing strings become '' and missing lists []), as long as it has a string `id`.
 */
export interface IncidentRecord {
  id: string;
  /** Where the `id` value stands: definition target, code lens anchor, duplicate-id report. */
  idSpan: Span;
  /** Workspace-relative path of the file that defines it. */
  path: string;
  format: 'yaml' | 'markdown';
  title: string;
  status: RecordStatus;
  severity?: string;
  started?: string;
  detected?: string;
  mitigated?: string;
  resolved?: string;
  services: string[];
  summary: string;
  narrative?: string;
  impact?: string;
  timeline: TimelineEntry[];
  contributingFactors: string[];
  difficulties: Difficulty[];
  learnings: string[];
  participants: Participant[];
  actionItems: ActionItem[];
  code: CodeEntry[];
  commits: Spanned<string>[];
  related: Spanned<string>[];
  links: Link[];
  tags: string[];
  /** Where an imported record came from (`imported_from`): a path relative to its folder. */
  importedFrom?: string;
}

/** What kind of file a reference was found in; decides how it was scanned. */
export type FileKind = 'record' | 'document' | 'source';

/** One mention of an incident id in a file (never the record's own `id` definition). */
export interface Reference {
  id: string;
  path: string;
  span: Span;
  /** 0-based line of `span.start`. */
  line: number;
  fileKind: FileKind;
}

/** Plain options the core runs with; built from `.incident-lens.yaml` and editor settings. */
export interface Options {
  /** Globs (workspace-relative) of files that hold incident records. */
  records: string[];
  /** Regular expressions (JavaScript syntax) an incident id matches. */
  idPatterns: string[];
  /** Globs of files never read, on top of the always-excluded ones. */
  exclude: string[];
  /** Files larger than this many bytes are never read. */
  maxFileSize: number;
  /** The allowed values of a record's `severity`. */
  severities: string[];
  /** Severity of the blameless-language hint in record narratives; `off` disables it. */
  blamelessLanguage: 'off' | 'hint' | 'information' | 'warning';
  /**
   * Severity of the writing coach's hints beyond blame words: counterfactual and hindsight
   * phrasing, a single "root cause", a narrative that is empty or only restates the summary.
   */
  hindsightLanguage: 'off' | 'hint' | 'information' | 'warning';
}

export const DEFAULT_OPTIONS: Readonly<Options> = Object.freeze({
  records: ['incidents/**', 'postmortems/**', 'docs/incidents/**', 'docs/postmortems/**'],
  idPatterns: ['INC-\\d+(?:-\\d+)*'],
  exclude: [],
  maxFileSize: 1024 * 1024,
  severities: ['SEV1', 'SEV2', 'SEV3', 'SEV4', 'SEV5'],
  blamelessLanguage: 'hint',
  hindsightLanguage: 'hint',
});

/** Extensions a record file may have (in a `records` folder). */
export const RECORD_EXTENSIONS = ['.yaml', '.yml', '.md'];
