import type { TieReason } from '../../../../common/protocol';
import type { HistoryIndex } from '../history';
import type { IncidentIndex } from '../index/incidentIndex';
import { compareNewestFirst } from '../index/incidentIndex';
import type { IncidentRecord } from '../model';

/** An incident tied to one file, with every reason, ready for the sidebar or the CLI. */
export interface TiedIncident {
  record: IncidentRecord;
  reasons: TieReason[];
}

/**
 * Why each incident is tied to a file: mentioned on line N, listed in its record's `code`, or
 * named by a commit that changed the file (when there is history). Newest incident first.
 */
export function incidentsForFile(index: IncidentIndex, path: string, history?: HistoryIndex): TiedIncident[] {
  const byId = new Map<string, TiedIncident>();
  for (const tie of index.incidentsTouching(path)) {
    const reasons: TieReason[] = [];
    for (const reference of tie.references) {
      reasons.push({ kind: 'reference', line: reference.line, detail: `referenced on line ${reference.line + 1}` });
    }
    for (const entry of tie.codeEntries) {
      const what = entry.path !== undefined ? `listed in the record's code (${entry.path}` : `matched by the record's code glob (${entry.glob}`;
      const lines = entry.lines ? `, lines ${entry.lines.start}-${entry.lines.end}` : '';
      const note = entry.note ? `: ${entry.note}` : '';
      reasons.push({
        kind: 'code',
        line: entry.lines ? entry.lines.start - 1 : undefined,
        endLine: entry.lines ? entry.lines.end - 1 : undefined,
        detail: `${what}${lines})${note}`,
      });
    }
    byId.set(tie.record.id, { record: tie.record, reasons });
  }
  for (const commit of history?.commitsForFile(path) ?? []) {
    for (const id of commit.ids) {
      const record = index.record(id);
      if (!record || record.path === path) continue;
      let tied = byId.get(id);
      if (!tied) byId.set(id, (tied = { record, reasons: [] }));
      const when = commit.date ? ` on ${commit.date.slice(0, 10)}` : '';
      const who = commit.author ? ` by ${commit.author}` : '';
      tied.reasons.push({ kind: 'commit', commit: commit.shortHash, detail: `changed by commit ${commit.shortHash}${when}${who}: ${commit.subject}` });
    }
  }
  return [...byId.values()].sort((a, b) => compareNewestFirst(a.record, b.record));
}

/**
 * "Incidents touching this branch": every incident tied to one of the changed files, each reason
 * prefixed with the file. What a reviewer should reread before merging.
 */
export function incidentsForFiles(index: IncidentIndex, paths: readonly string[], history?: HistoryIndex): TiedIncident[] {
  const byId = new Map<string, TiedIncident>();
  for (const path of paths) {
    for (const tied of incidentsForFile(index, path, history)) {
      const entry = byId.get(tied.record.id) ?? { record: tied.record, reasons: [] };
      // One by one: a file can give more reasons than a call can take as arguments.
      for (const reason of tied.reasons) entry.reasons.push({ ...reason, path, detail: `${path}: ${reason.detail}` });
      byId.set(tied.record.id, entry);
    }
  }
  return [...byId.values()].sort((a, b) => compareNewestFirst(a.record, b.record));
}
