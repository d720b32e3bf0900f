/**
 * One `import` run over an indexed folder, shared by the CLI command and the language server's
 * `incidentLens/import` request: which ids and sources are taken, the plan, and the writing.
 */
import { existsSync, promises as fs } from 'node:fs';
import * as nodePath from 'node:path';
import { planImport, targetFolderOf, type ImportReport, type PostmortemReading, type SourceText } from '../core/import';
import { parseRecordFile } from '../core/records';
import type { IndexedFolder } from './folder';
import { originOf, readSources, writeRecords } from './importFiles';
import { ImportCancelledError, readPostmortems } from './importWorker';
import { openRecordFolder } from './recordWriter';

export interface ImportRunOptions {
  /** Folder for the records, relative to the workspace folder; the first records folder when absent. */
  to?: string;
  dryRun: boolean;
  /** Aborted when the editor no longer wants the answer: nothing is written after that. */
  signal?: AbortSignal;
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
  // Records are never sources: those the globs cover, and anything in the target folder.
  const isRecord = (absolute: string) => {
    const path = originOf(folder.root, absolute);
    return !nodePath.isAbsolute(path) && (folder.index.isRecordPath(path) || path.startsWith(`${target}/`));
  };
  const read = await readSources(sources, folder.root, folder.options.maxFileSize, isRecord);
  const texts = read.filter((source): source is SourceText => !('refused' in source));
  const context = { idPatterns: folder.options.idPatterns, severities: folder.options.severities };
  const readings = new Map(zip(texts, await readPostmortems(texts, context, options.signal)));
  const stillWanted = () => {
    if (options.signal?.aborted) throw new ImportCancelledError();
  };
  stillWanted();
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
    (source) => readings.get(source)!,
  );
  if (!folder.index.isRecordPath(`${target}/INC-0.md`)) {
    plan.report.warnings.push(
      `${target} is not covered by the records globs (${folder.options.records.join(', ')}): these records will not be read until it is`,
    );
  }
  if (!options.dryRun && plan.records.length > 0) {
    stillWanted();
    const records = await openRecordFolder(folder.root, target, 'import');
    try {
      await writeRecords(records, target, plan.records, () => importedNow(folder, target), stillWanted);
    } finally {
      await records.close();
    }
  }
  return plan.report;
}

function zip(texts: SourceText[], readings: PostmortemReading[]): Array<[SourceText, PostmortemReading]> {
  return texts.map((text, i) => [text, readings[i]]);
}

/**
 * The sources that have a record in the target folder now, read from the disk again (parsed, not
 * stored: the index keeps what it has, open buffers included): another import may have written
 * some since this folder's index was built.
 */
async function importedNow(folder: IndexedFolder, target: string): Promise<Map<string, { id: string; path: string }>> {
  const there = new Map<string, { id: string; path: string }>();
  const names = await fs.readdir(nodePath.join(folder.root, ...target.split('/'))).catch(() => [] as string[]);
  for (const name of names) {
    const path = `${target}/${name}`;
    if (!folder.index.isRecordPath(path)) continue;
    const read = await folder.files.readForIndex(path, folder.options.maxFileSize);
    const record = 'text' in read ? parseRecordFile(path, read.text, folder.index.analysisContext.record).record : undefined;
    if (record?.importedFrom) there.set(record.importedFrom, { id: record.id, path });
  }
  return there;
}
