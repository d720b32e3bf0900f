import type { IncidentRecord } from '../model';
import { compareNewestFirst } from '../index/incidentIndex';

/**
 * Ranks incidents for a query typed by a person: by id (exact, prefix, substring), then by words
 * of the title, then of the summary. Every word of the query must be found somewhere. An empty
 * query lists everything, newest first.
 */
export function searchIncidents(records: Iterable<IncidentRecord>, query: string | undefined, limit = Infinity): IncidentRecord[] {
  const words = (query ?? '').toLowerCase().split(/\s+/).filter(Boolean);
  const scored: Array<{ record: IncidentRecord; score: number }> = [];
  for (const record of records) {
    const score = words.length === 0 ? 0 : scoreRecord(record, words);
    if (score > 0 || words.length === 0) scored.push({ record, score });
  }
  scored.sort((a, b) => b.score - a.score || compareNewestFirst(a.record, b.record));
  return (Number.isFinite(limit) ? scored.slice(0, limit) : scored).map((s) => s.record);
}

function scoreRecord(record: IncidentRecord, words: string[]): number {
  const id = record.id.toLowerCase();
  const title = record.title.toLowerCase();
  let total = 0;
  for (const word of words) {
    let best = 0;
    if (id === word) best = 100;
    else if (id.startsWith(word)) best = 60;
    else if (id.includes(word)) best = 40;
    if (best < 30 && hasWordStartingWith(title, word)) best = 30;
    else if (best < 20 && title.includes(word)) best = 20;
    if (best === 0 && record.summary.toLowerCase().includes(word)) best = 5;
    if (best === 0) return 0;
    total += best;
  }
  return total;
}

function hasWordStartingWith(text: string, prefix: string): boolean {
  let at = text.indexOf(prefix);
  while (at !== -1) {
    if (at === 0 || !/[\p{L}\p{N}]/u.test(text[at - 1])) return true;
    at = text.indexOf(prefix, at + 1);
  }
  return false;
}
