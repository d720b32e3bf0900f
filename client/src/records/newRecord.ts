/**
 * Pure logic of New Incident Record: the next free id and the text of a fresh record. No vscode
 * import, so the unit tests run it with plain mocha.
 */

// Shared with `incident-lens import` (same ids, same folders): the pure core owns them.
export { nextFreeId } from '../../../server/src/core/records/nextId';
export { recordFolders, staticFolderOf } from '../../../server/src/core/records/recordFolders';

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
