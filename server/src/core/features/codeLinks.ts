/**
 * A record's `code` paths as links: each path that names a file of the folder opens that file at
 * the entry's `lines`. A path that climbs out of the folder or is absolute is never a link (it is
 * never read), nor one that does not exist (a diagnostic says so) or names a folder.
 */
import type { IncidentIndex } from '../index/incidentIndex';
import type { Span } from '../model';
import { unsafePathReason } from '../records/codePaths';

export interface CodePathLink {
  /** The `path` value in the record. */
  span: Span;
  /** Workspace-relative path of the file it opens. */
  path: string;
  /** 1-based inclusive lines to select, from the entry's `lines`. */
  lines?: { start: number; end: number };
}

/** The links of the record at `recordPath` (none when the file is not a record). */
export function codePathLinks(index: IncidentIndex, recordPath: string): CodePathLink[] {
  const record = index.recordIn(recordPath);
  if (!record) return [];
  const links: CodePathLink[] = [];
  for (const entry of record.code) {
    if (entry.path === undefined || unsafePathReason(entry.path, false) !== undefined) continue;
    const path = entry.path.replace(/\/+$/, '');
    if (path === '' || !index.pathExists(path) || index.isKnownFolder(path)) continue;
    links.push({ span: entry.span, path, ...(entry.lines ? { lines: entry.lines } : {}) });
  }
  return links;
}

/** The fragment most editors read as a selection: `#L40-L72`, or `#L40` for one line. */
export function lineFragment(lines: { start: number; end: number } | undefined): string {
  if (!lines) return '';
  return lines.end > lines.start ? `#L${lines.start}-L${lines.end}` : `#L${lines.start}`;
}
