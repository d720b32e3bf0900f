/**
 * Pure logic of New Incident Record: the next free id, where the record goes and the text of a
 * fresh record. No vscode import, so the unit tests run it with plain mocha.
 */

// Shared with `incident-lens import` (same ids, same folders): the pure core owns them.
export { nextFreeId } from '../../../server/src/core/records/nextId';
export { draftFolder, recordFolders, staticFolderOf } from '../../../server/src/core/records/recordFolders';

export interface RecordDraft {
  id: string;
  /** A title given by the caller; without one the title is the snippet's first tab stop. */
  title?: string;
  /** When the incident started; the record says now, the author corrects it. */
  started: Date;
  /** The configured severities, in their order (the first is the snippet's default choice). */
  severities: readonly string[];
  /** Services already used by the folder's records, most used first (offered as a choice). */
  services: readonly string[];
}

export interface RecordText {
  /** What is written to disk: the snippet with every tab stop at its default (no service guessed). */
  text: string;
  /** The same record as a VS Code snippet (TextMate syntax): tab stops, choices, `$0` at the end. */
  snippet: string;
}

/** `2026-11-21T08:15:00Z`: seconds are as precise as a review needs. */
export function isoSeconds(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** What the title tab stop says until the author types over it. */
export const TITLE_PROMPT = 'What happened to the system, in one line';

const DIFFICULTY_KINDS = ['confusion', 'uncertainty', 'ambiguity', 'surprise'];

/** Builds the snippet and its default text side by side, so the two never disagree. */
class DraftBuilder {
  private snippet = '';
  private text = '';
  private stop = 0;

  /** Literal text: `$`, `}` and `\\` are escaped in the snippet. */
  literal(value: string): this {
    this.snippet += value.replace(/[$}\\]/g, '\\$&');
    this.text += value;
    return this;
  }

  /** A tab stop holding `value` (empty: just a cursor position). */
  placeholder(value = ''): this {
    this.stop += 1;
    this.snippet += value === '' ? `$${this.stop}` : `\${${this.stop}:${value.replace(/[$}\\]/g, '\\$&')}}`;
    this.text += value;
    return this;
  }

  /** A tab stop offering `choices`; the editor inserts the first, the file on disk gets `onDisk` (default: the first). */
  choice(choices: readonly string[], onDisk = choices[0] ?? ''): this {
    if (choices.length === 0) return this.placeholder();
    this.stop += 1;
    this.snippet += `\${${this.stop}|${choices.map((c) => c.replace(/[$}\\,|]/g, '\\$&')).join(',')}|}`;
    this.text += onDisk;
    return this;
  }

  build(): RecordText {
    return { text: this.text, snippet: `${this.snippet}$0` };
  }
}

/** A value YAML reads back as the same one-line string (JSON strings are YAML double-quoted scalars). */
function yamlString(value: string): string {
  return JSON.stringify(value.replace(/\s+/g, ' ').trim());
}

/** Choice text must stay a plain YAML scalar on its line: no quotes, comments, flow or mapping syntax. */
function plainScalar(value: string): boolean {
  return /^[^\s"'#:,[\]{}&*!|>%@`-][^\r\n"#:,[\]{}]*$/.test(value) && value.trim() === value;
}

/**
 * A YAML record whose required fields are filled in and whose narrative parts are real, empty
 * fields to fill (not commented-out YAML), each under one line that says what belongs there. The
 * prompts steer towards what a blameless review values (perspectives, difficulties, several
 * contributing factors) rather than a single root cause or a culprit. Tab stops, in order: the
 * title (unless given), the summary, the severity, the services, the narrative, the first
 * difficulty, the first contributing factor.
 */
export function recordTemplate(draft: RecordDraft): RecordText {
  const severities = draft.severities.filter(plainScalar);
  const services = draft.services.filter(plainScalar);
  const b = new DraftBuilder();
  b.literal('# Blameless post-incident review. Fields: incidents-schema/incident.schema.json\n');
  b.literal(`id: ${draft.id}\n`);
  if (draft.title !== undefined && draft.title.trim() !== '') b.literal(`title: ${yamlString(draft.title)}\n`);
  else b.literal('title: "').placeholder(TITLE_PROMPT).literal('"\n');
  b.literal('status: draft\n');
  b.literal(`started: "${isoSeconds(draft.started)}"\n`);
  b.literal('# A short paragraph: what happened, as the group understands it now.\n');
  b.literal('summary: "').placeholder().literal('"\n');
  if (severities.length > 0) b.literal('severity: ').choice(severities).literal('\n');
  // The editor offers the services in use; the file keeps none until the author picks one.
  b.literal('services: [').choice(services, '').literal(']\n');
  b.literal('\n# The story, told from the perspectives of the people involved: what each of them saw, knew\n');
  b.literal('# and expected at the time, and why what they did made sense to them then.\n');
  b.literal('narrative: |\n  ').placeholder().literal('\n');
  b.literal('\n# What was hard for the responders while it happened.\n');
  b.literal('difficulties:\n  - kind: ').choice(DIFFICULTY_KINDS).literal('\n    description: "').placeholder().literal('"\n');
  b.literal('\n# Plural on purpose: the conditions that together made it possible, not a single root cause.\n');
  b.literal('contributing_factors:\n  - "').placeholder().literal('"\n');
  return b.build();
}

/** A title the record can carry: one non-empty line. Returns the problem, or undefined when fine. */
export function titleProblem(title: string): string | undefined {
  if (title.trim() === '') return 'Give the incident a short title.';
  if (/[\r\n]/.test(title)) return 'The title is one line.';
  return undefined;
}

/** Services of the records, most used first, then by name. */
export function servicesByUse(records: ReadonlyArray<{ services?: readonly string[] }>): string[] {
  const counts = new Map<string, number>();
  for (const record of records) for (const service of new Set(record.services ?? [])) counts.set(service, (counts.get(service) ?? 0) + 1);
  return [...counts.entries()].sort(([a, x], [b, y]) => y - x || a.localeCompare(b)).map(([service]) => service);
}
