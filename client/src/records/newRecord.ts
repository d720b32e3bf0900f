/**
 * Pure logic of New Incident Record: the next free id and the text of a fresh record. No vscode
 * import, so the unit tests run it with plain mocha.
 */

/** The id shape New Incident Record writes: `INC-<year>-<NNN>`, as the default id pattern reads it. */
const YEARLY_ID = /^INC-(\d{4})-(\d+)$/;

/**
 * The id one above the highest `INC-<year>-<n>` already used this year, zero-padded to at least
 * three digits (or to the width the team already uses, so ids keep sorting as text).
 */
export function nextFreeId(existingIds: Iterable<string>, year: number): string {
  let highest = 0;
  let width = 3;
  for (const id of existingIds) {
    const match = YEARLY_ID.exec(id);
    if (!match || Number(match[1]) !== year) continue;
    const number = Number(match[2]);
    if (number > highest) highest = number;
    width = Math.max(width, match[2].length);
  }
  return `INC-${year}-${String(highest + 1).padStart(width, '0')}`;
}

/**
 * The folder part of a records glob that holds no wildcard: `docs/incidents/**` → `docs/incidents`.
 * Undefined when the glob starts with a wildcard (no folder to create the record in).
 */
export function staticFolderOf(glob: string): string | undefined {
  const segments = glob.replace(/\\/g, '/').replace(/^\.\//, '').split('/');
  const fixed: string[] = [];
  for (const segment of segments) {
    if (/[*?[\]{}!]/.test(segment)) break;
    fixed.push(segment);
  }
  // A glob without wildcards names a file or folder; a trailing file name is not a folder to write into.
  if (fixed.length === segments.length && /\.(ya?ml|md)$/i.test(fixed[fixed.length - 1] ?? '')) fixed.pop();
  const folder = fixed.join('/').replace(/\/+$/, '');
  // Never a folder outside the workspace: the globs may come from the repository's own file.
  const climbs = folder.split('/').includes('..');
  return folder === '' || climbs || folder.startsWith('/') || /^[a-zA-Z]:/.test(folder) ? undefined : folder;
}

/** Distinct record folders of the `records` globs, in configuration order. */
export function recordFolders(globs: readonly string[]): string[] {
  const folders: string[] = [];
  for (const glob of globs) {
    const folder = staticFolderOf(glob);
    if (folder !== undefined && !folders.includes(folder)) folders.push(folder);
  }
  return folders;
}

export interface RecordDraft {
  id: string;
  title: string;
  /** When the incident started; the record says now, the author corrects it. */
  started: Date;
}

export interface RecordText {
  text: string;
  /** 0-based position between the quotes of `summary: ""`, where the author starts typing. */
  summaryPosition: { line: number; character: number };
}

/** `2026-11-21T08:15:00Z`: seconds are as precise as a review needs. */
export function isoSeconds(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/**
 * A YAML record with the required fields filled in and the narrative parts as commented prompts.
 * The prompts steer towards what a blameless review values (perspectives, difficulties, several
 * contributing factors) rather than a single root cause or a culprit.
 */
export function recordTemplate(draft: RecordDraft): RecordText {
  // JSON strings are valid YAML double-quoted scalars, so any title survives quoting.
  const title = JSON.stringify(draft.title.replace(/\s+/g, ' ').trim());
  const lines = [
    '# Blameless post-incident review. Fields: incidents-schema/incident.schema.json',
    `id: ${draft.id}`,
    `title: ${title}`,
    'status: draft',
    `started: "${isoSeconds(draft.started)}"`,
    'summary: ""',
    '# severity: SEV3            # one of the configured severities',
    '# detected: ""',
    '# mitigated: ""',
    '# resolved: ""',
    '# services: []',
    '',
    '# narrative: |',
    '#   Tell the story from the perspectives of the people involved: what each of them saw,',
    '#   knew and expected at the time, and why what they did made sense to them then.',
    '',
    '# difficulties:             # what was hard for the responders while it happened',
    '#   - kind: confusion       # confusion | uncertainty | ambiguity | surprise',
    '#     description: ""',
    '',
    '# contributing_factors:     # plural on purpose: there is no single root cause',
    '#   - ""',
    '',
    '# learnings:                # what the group came to understand',
    '#   - ""',
    '',
    '# action_items:',
    '#   - description: ""',
    '#     owner: ""',
    '#     status: open          # open | done | wont-do',
    '',
    '# code:                     # where in this repository the incident lives',
    '#   - path: ""              # relative to the workspace folder',
    '#     lines: ""             # e.g. "40-72"',
    '#     note: ""',
    '',
  ];
  const summaryLine = lines.indexOf('summary: ""');
  return {
    text: lines.join('\n'),
    summaryPosition: { line: summaryLine, character: 'summary: "'.length },
  };
}

/** A title the record can carry: one non-empty line. Returns the problem, or undefined when fine. */
export function titleProblem(title: string): string | undefined {
  if (title.trim() === '') return 'Give the incident a short title.';
  if (/[\r\n]/.test(title)) return 'The title is one line.';
  return undefined;
}
