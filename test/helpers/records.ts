/** Record files for tests that need a few valid records and do not care what they say. */

export interface RecordFields {
  /** Default: `Record <id>`. */
  title?: string;
  /** YAML lines after the required fields (each ends with a line break). */
  extra?: string;
}

/** A valid YAML record: the four required fields, one line each, then `extra`. */
export function recordYaml(id: string, { title = `Record ${id}`, extra = '' }: RecordFields = {}): string {
  return `id: ${id}\ntitle: ${title}\nstarted: 2024-01-01\nsummary: s\n${extra}`;
}
