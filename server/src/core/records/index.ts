/**
 * Record files: YAML records and Markdown records with YAML front matter, parsed with exact source
 * offsets and validated against `incidents-schema/incident.schema.json`.
 */

export { parseRecordFile, type ParsedRecordFile, type RecordContext } from './parse';
export { yamlPathAt } from './yamlPath';
export { RECORD_SCHEMA, validateRecordData } from './schema';
export { parseRecordDate, compareRecordDates, type RecordDate } from './dates';
