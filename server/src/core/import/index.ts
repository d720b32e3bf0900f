/**
 * `incident-lens import`: postmortems written elsewhere (the Google SRE template, a home-grown
 * one, an incident tool's Markdown export, a collection with its own front matter) turned into
 * records without losing a word of them.
 */
export { planImport, targetFolderOf, type ImportPlan, type ImportPlanContext, type PlannedRecord, type RefusedSource } from './plan';
export { readPostmortem, type PostmortemReading, type SourceText } from './postmortem';
export { totals, type ImportEntry, type ImportReport, type ImportedField, type ImportOutcome } from './report';
