import type { IncidentRecord } from '../model';

/** Lower-cased text of a record, computed once per record object (records are replaced, never mutated). */
interface LoweredRecord {
  id: string;
  title: string;
  summary: string;
  /** Services and tags, each lower-cased. */
  labels: string[];
}
const lowered = new WeakMap<IncidentRecord, LoweredRecord>();

function lowerOf(record: IncidentRecord): LoweredRecord {
  let text = lowered.get(record);
  if (!text) {
    const labels = [...record.services, ...record.tags].map((l) => l.toLowerCase());
    lowered.set(record, (text = { id: record.id.toLowerCase(), title: record.title.toLowerCase(), summary: record.summary.toLowerCase(), labels }));
  }
  return text;
}

/**
 * Ranks incidents for a query typed by a person: by id (exact, prefix, substring), then by words
 * of the title, then by services and tags ("what happened to payments-gateway?"), then by the
 * summary. Every word of the query must be found somewhere. Takes the
 * records newest first (`IncidentIndex.recordsNewestFirst()`), and keeps that order among equal
 * scores, so an empty query lists everything newest first. Runs on every keystroke of a
 * completion: one pass, no allocation per record beyond its score.
 */
export function searchIncidents(newestFirst: readonly IncidentRecord[], query: string | undefined, limit = Infinity): IncidentRecord[] {
  const words = (query ?? '').toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return Number.isFinite(limit) ? newestFirst.slice(0, limit) : [...newestFirst];
  const matches: IncidentRecord[] = [];
  const scores: number[] = [];
  for (const record of newestFirst) {
    const score = scoreRecord(lowerOf(record), words);
    if (score > 0) {
      matches.push(record);
      scores.push(score);
    }
  }
  // Sorting positions by score keeps recency order among equals (the sort is stable).
  const order = matches.map((_, i) => i).sort((a, b) => scores[b] - scores[a]);
  const top = Number.isFinite(limit) ? order.slice(0, limit) : order;
  return top.map((i) => matches[i]);
}

function scoreRecord(text: LoweredRecord, words: string[]): number {
  let total = 0;
  for (const word of words) {
    let best = 0;
    if (text.id === word) best = 100;
    else if (text.id.startsWith(word)) best = 60;
    else if (text.id.includes(word)) best = 40;
    if (best < 30 && hasWordStartingWith(text.title, word)) best = 30;
    else if (best < 20 && text.title.includes(word)) best = 20;
    if (best < 25 && text.labels.includes(word)) best = 25;
    else if (best < 10 && text.labels.some((l) => l.includes(word))) best = 10;
    if (best === 0 && text.summary.includes(word)) best = 5;
    if (best === 0) return 0;
    total += best;
  }
  return total;
}

/**
 * The services and tags of a record that a query's words are found in, as written: an editor that
 * filters results by their name (VS Code's symbol picker does) is shown them there.
 */
export function matchingLabels(record: IncidentRecord, query: string | undefined): string[] {
  const text = lowerOf(record);
  // Words the id or title already show need no label to explain them.
  const words = (query ?? '')
    .toLowerCase()
    .split(/\s+/)
    .filter((word) => word && !text.id.includes(word) && !text.title.includes(word));
  if (words.length === 0) return [];
  return [...record.services, ...record.tags].filter((label) => words.some((word) => label.toLowerCase().includes(word)));
}

function hasWordStartingWith(text: string, prefix: string): boolean {
  let at = text.indexOf(prefix);
  while (at !== -1) {
    if (at === 0 || !isWordChar(text.charCodeAt(at - 1))) return true;
    at = text.indexOf(prefix, at + 1);
  }
  return false;
}

function isWordChar(code: number): boolean {
  return (code >= 48 && code <= 57) || (code >= 97 && code <= 122) || code > 127;
}
