/** The text of an imported record: YAML front matter with the mapped fields, then the original body. */
import { stringify } from 'yaml';
import { FIELD_ORDER, type ImportedFields } from './fields';

export function importedRecordText(id: string, fields: ImportedFields, importedFrom: string, body: string): string {
  const data: Record<string, unknown> = { id };
  for (const key of FIELD_ORDER) if (fields[key] !== undefined) data[key] = fields[key];
  data.imported_from = importedFrom;
  // No line folding: a long summary stays one line, as its author wrote it.
  const yaml = stringify(data, { lineWidth: 0, version: '1.2' });
  return `---\n${yaml}---\n${body ? `\n${body}\n` : ''}`;
}
