/**
 * Quick fixes for the problems the editor shows: the closest known ids for an unknown one (titled
 * with the incident's title, never the record's own id nor one its `related` list already has),
 * removal of a `related` entry that names the record itself or repeats another, and the
 * replacements a problem carries (the field an unknown key was meant to be, the nearest real date).
 */

import type { IncidentIndex } from '../index/incidentIndex';
import type { Span } from '../model';

/** A problem as the editor hands it back: its rule code, where it is, what it suggested. */
export interface ProblemAt {
  code: string;
  span: Span;
  suggestions?: readonly string[];
}

export interface TextEdit {
  span: Span;
  newText: string;
}

export interface QuickFix {
  title: string;
  edits: TextEdit[];
  /** The one an editor may apply with a single key (the best candidate). */
  preferred: boolean;
}

/** How many ids an unknown-id fix offers. */
const MAX_CANDIDATES = 3;
/** Titles in fix labels are cut here: a label is one line in a menu. */
const TITLE_LIMIT = 60;

/** Every quick fix for one problem in the file at `path` (whose current text is `text`). */
export function quickFixesFor(index: IncidentIndex, path: string, text: string, problem: ProblemAt): QuickFix[] {
  switch (problem.code) {
    case 'unknown-reference':
    case 'unknown-related':
      return unknownIdFixes(index, path, text, problem);
    case 'self-related':
    case 'duplicate-related': {
      const line = listItemLine(text, problem.span);
      const id = text.slice(problem.span.start, problem.span.end);
      return line ? [{ title: `Remove ${id} from related`, edits: [{ span: line, newText: '' }], preferred: true }] : [];
    }
    default:
      return (problem.suggestions ?? []).map((suggestion, rank) => ({
        title: problem.code === 'schema' && isKeyAt(text, problem.span) ? `Rename to \`${suggestion}\`` : `Change to \`${suggestion}\``,
        edits: [{ span: problem.span, newText: suggestion }],
        preferred: rank === 0,
      }));
  }
}

function unknownIdFixes(index: IncidentIndex, path: string, text: string, problem: ProblemAt): QuickFix[] {
  const unknown = text.slice(problem.span.start, problem.span.end);
  const own = index.recordIn(path);
  // A record is not its own reference, and a related list names each incident once.
  const excluded = new Set<string>(own ? [own.id] : []);
  if (own && problem.code === 'unknown-related') for (const related of own.related) excluded.add(related.value);
  const candidates = index
    .closestIds(unknown, MAX_CANDIDATES + excluded.size)
    .filter((id) => !excluded.has(id))
    .slice(0, MAX_CANDIDATES);
  return candidates.map((id, rank) => {
    const title = index.record(id)?.title;
    return {
      title: title ? `Change to ${id} — ${shorten(oneLine(title), TITLE_LIMIT)}` : `Change to ${id}`,
      edits: [{ span: problem.span, newText: id }],
      preferred: rank === 0,
    };
  });
}

/**
 * The whole line of a block-list item (`  - INC-1` or `  - "INC-1"  # note`) holding `span`, line
 * break included, to delete it; undefined in a flow list (`[INC-1, INC-2]`), where removing a line
 * would break the YAML.
 */
function listItemLine(text: string, span: Span): Span | undefined {
  const start = text.lastIndexOf('\n', span.start - 1) + 1;
  const newline = text.indexOf('\n', span.end);
  const end = newline === -1 ? text.length : newline + 1;
  const before = text.slice(start, span.start);
  const after = text.slice(span.end, newline === -1 ? text.length : newline);
  if (!/^\s*-\s+["']?$/.test(before) || !/^["']?\s*(#.*)?\r?$/.test(after)) return undefined;
  return { start, end };
}

/** Whether `span` is a mapping key (followed by `:`), not a value. */
function isKeyAt(text: string, span: Span): boolean {
  return /^["']?\s*:/.test(text.slice(span.end, span.end + 4));
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

function shorten(text: string, limit: number): string {
  return text.length > limit ? `${text.slice(0, limit - 1).trimEnd()}…` : text;
}
