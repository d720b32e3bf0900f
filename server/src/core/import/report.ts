/**
 * What `incident-lens import` says about each source: what became of it, which fields its record
 * got, what a person must still fill in, and what could not be mapped. The CLI prints it as text
 * or JSON; the editor shows it as the preview.
 */

/** The fields of a record an import can fill, by their record names. */
export type ImportedField =
  | 'id'
  | 'title'
  | 'status'
  | 'severity'
  | 'started'
  | 'detected'
  | 'mitigated'
  | 'resolved'
  | 'services'
  | 'summary'
  | 'impact'
  | 'timeline'
  | 'contributing_factors'
  | 'learnings'
  | 'participants'
  | 'action_items'
  | 'links'
  | 'tags';

export type ImportOutcome =
  /** A record was written (or, in a dry run, would be). */
  | 'imported'
  /** A record with the same `imported_from` already exists: nothing to do. */
  | 'already-imported'
  /** The source could not be imported; `reason` says why. */
  | 'refused';

export interface ImportEntry {
  /** The source as the record's `imported_from` names it: relative to the folder, forward slashes. */
  source: string;
  outcome: ImportOutcome;
  /** Why a source was refused, or which record already holds it. */
  reason?: string;
  id?: string;
  /** The record file, relative to the folder. */
  record?: string;
  /** Fields the source stated clearly and the record got. */
  mapped: ImportedField[];
  /** Required fields the source does not state: a person must fill them in. */
  missing: Array<'title' | 'started' | 'summary'>;
  /** Parts of the source no field took (they stay in the record's Markdown body). */
  unmapped: string[];
  /** Where the id and other decisions came from (`id kept from the file name`). */
  notes: string[];
}

export interface ImportReport {
  dryRun: boolean;
  /** Folder the records are written into, relative to the workspace folder. */
  to: string;
  entries: ImportEntry[];
  /** Said once for the whole run (a target folder outside the records globs). */
  warnings: string[];
}

/** Counts for the closing line and for tests. */
export function totals(report: ImportReport) {
  const count = (outcome: ImportOutcome) => report.entries.filter((e) => e.outcome === outcome).length;
  return {
    imported: count('imported'),
    alreadyImported: count('already-imported'),
    refused: count('refused'),
    needFilling: report.entries.filter((e) => e.outcome === 'imported' && e.missing.length > 0).length,
  };
}
