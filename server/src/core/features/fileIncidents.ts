import type { TieReason } from '../../../../common/protocol';
import type { IncidentIndex } from '../index/incidentIndex';
import { compareNewestFirst } from '../index/incidentIndex';
import type { IncidentRecord } from '../model';

/** A commit that ties an incident to a file: it changed the file and its message names the incident. */
export interface CommitTie {
  id: string;
  shortHash: string;
  subject: string;
  date?: string;
  author?: string;
}

/** An incident tied to one file, with every reason, ready for the sidebar or the CLI. */
export interface TiedIncident {
  record: IncidentRecord;
  reasons: TieReason[];
}

/**
 * Why each incident is tied to a file: mentioned on line N, listed in its record's `code`, or
 * named by a commit that changed the file. Newest incident first.
 */
export function incidentsForFile(index: IncidentIndex, path: string, commits: CommitTie[] = []): TiedIncident[] {
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
  for (const commit of commits) {
    const record = index.record(commit.id);
    if (!record || record.path === path) continue;
    let tied = byId.get(commit.id);
    if (!tied) byId.set(commit.id, (tied = { record, reasons: [] }));
    const when = commit.date ? ` on ${commit.date.slice(0, 10)}` : '';
    const who = commit.author ? ` by ${commit.author}` : '';
    tied.reasons.push({ kind: 'commit', commit: commit.shortHash, detail: `changed by commit ${commit.shortHash}${when}${who}: ${commit.subject}` });
  }
  return [...byId.values()].sort((a, b) => compareNewestFirst(a.record, b.record));
}
