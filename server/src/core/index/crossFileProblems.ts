import type { IncidentRecord, Problem, ProblemCode } from '../model';
import type { FileAnalysis } from './analyseFile';

/** What the problems of one file need to know of the rest of the folder. */
export interface FolderFacts {
  /** Every record of the folder that defines an id. */
  definitions(id: string): IncidentRecord[];
  /** Whether some record, of the folder or external, defines an id. */
  isDefined(id: string): boolean;
  pathExists(path: string): boolean;
}

/**
 * The problems of one file that need the whole index: duplicate ids, unknown references and
 * `related` ids, `code` paths that do not exist. Unsorted; its own parse problems not included.
 */
export function crossFileProblems(path: string, file: FileAnalysis, folder: FolderFacts): Problem[] {
  const problems: Problem[] = [];
  const record = file.parsed?.record;
  const warn = (span: Problem['span'], code: ProblemCode, message: string) => problems.push({ path, span, severity: 'warning', code, message });
  if (record) {
    const others = folder.definitions(record.id).filter((r) => r !== record);
    if (others.length > 0) {
      const message = `Duplicate incident id ${record.id}: also defined in ${others.map((r) => r.path).join(', ')}.`;
      problems.push({ path, span: record.idSpan, severity: 'error', code: 'duplicate-id', message });
    }
    const listed = new Set<string>();
    for (const related of record.related) {
      if (related.value === record.id) {
        warn(related.span, 'self-related', `${record.id} lists itself as related: \`related\` names other incidents.`);
      } else if (listed.has(related.value)) {
        warn(related.span, 'duplicate-related', `${related.value} is listed twice in \`related\`.`);
      } else {
        listed.add(related.value);
        if (!folder.isDefined(related.value)) warn(related.span, 'unknown-related', `Related incident ${related.value} is not defined by any record.`);
      }
    }
    for (const entry of record.code) {
      if (entry.path === undefined || !isSafeRelative(entry.path) || folder.pathExists(entry.path)) continue;
      warn(entry.span, 'missing-code-path', `Code path ${entry.path} does not exist in this workspace folder.`);
    }
  }
  const relatedSpans = new Set(record?.related.map((r) => r.span.start) ?? []);
  for (const reference of file.references) {
    if (folder.isDefined(reference.id) || relatedSpans.has(reference.span.start)) continue;
    warn(reference.span, 'unknown-reference', `Unknown incident ${reference.id}: no record defines it.`);
  }
  return problems;
}

/** A `code` path or glob the index may use: relative, never climbing out of the folder. */
export function isSafeRelative(path: string): boolean {
  if (path.startsWith('/') || /^[a-zA-Z]:/.test(path)) return false;
  return !path.split('/').includes('..');
}
