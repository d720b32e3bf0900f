/**
 * One `import` run over an indexed folder, shared by the CLI command and the language server's
 * `incidentLens/import` request: which ids and sources are taken, the plan, and the writing.
 */
import { existsSync } from 'node:fs';
import * as nodePath from 'node:path';
import { planImport, targetFolderOf, type ImportReport } from '../core/import';
import type { IndexedFolder } from './folder';
import { ensureRecordFolder, readSources, writeRecords } from './importFiles';

export interface ImportRunOptions {
  /** Folder for the records, relative to the workspace folder; the first records folder when absent. */
  to?: string;
  dryRun: boolean;
}

/** A `to` that is not a folder inside the workspace folder. */
export class ImportTargetError extends Error {}

/**
 * Imports the sources (paths, absolute or relative to the process's working directory) into the
 * folder. Never overwrites; a source already imported (same `imported_from`) is skipped.
 */
export async function runImport(folder: IndexedFolder, sources: string[], options: ImportRunOptions): Promise<ImportReport> {
  const target = targetFolderOf(options.to, folder.options.records);
  if (typeof target !== 'string') throw new ImportTargetError(target.error);
  const definedIds = new Map<string, string>();
  const importedFrom = new Map<string, { id: string; path: string }>();
  // Ids of external records (a central repository) are taken too: one id, one incident.
  for (const record of folder.index.records()) {
    const definitions = folder.index.definitions(record.id);
    for (const definition of definitions.length ? definitions : [record]) {
      if (!definedIds.has(record.id)) definedIds.set(record.id, definition.path);
      if (definition.importedFrom) importedFrom.set(definition.importedFrom, { id: definition.id, path: definition.path });
    }
  }
  const read = await readSources(sources, folder.root, folder.options.maxFileSize);
  const plan = planImport(
    read,
    {
      matcher: folder.index.matcher,
      severities: folder.options.severities,
      to: target,
      definedIds,
      importedFrom,
      fileExists: (path) => existsSync(nodePath.join(folder.root, ...path.split('/'))),
      currentYear: new Date().getFullYear(),
    },
    options.dryRun,
  );
  if (!folder.index.isRecordPath(`${target}/INC-0.md`)) {
    plan.report.warnings.push(
      `${target} is not covered by the records globs (${folder.options.records.join(', ')}): these records will not be read until it is`,
    );
  }
  if (!options.dryRun && plan.records.length > 0) {
    await ensureRecordFolder(folder.root, target);
    await writeRecords(folder.root, plan.records);
  }
  return plan.report;
}
