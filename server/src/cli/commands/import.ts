/** `incident-lens import`: existing postmortems become records, nothing lost, nothing overwritten. */
import * as nodePath from 'node:path';
import { planImport, totals, type ImportEntry, type ImportReport } from '../../core/import';
import { recordFolders } from '../../core/records/recordFolders';
import { ensureRecordFolder, readSources, writeRecords } from '../../host/importFiles';
import { existsSync } from 'node:fs';
import { clean, formatOf, openFolder, UsageError, type CliCommand, type CliContext } from '../context';

export const importCommand: CliCommand = {
  name: 'import',
  usage: `incident-lens import SOURCE... [--folder DIR] [--to RELDIR] [--dry-run] [--format text|json]
      Turns Markdown postmortems (files or folders) into records in RELDIR (default: the first
      records folder). Never overwrites; a source already imported is skipped. Exit 0: every
      source imported or already there; 1: some could not be imported; 2: could not run.`,
  options: { folder: { type: 'string' }, to: { type: 'string' }, 'dry-run': { type: 'boolean' }, format: { type: 'string' } },
  async run(positionals, values, ctx) {
    const format = formatOf(values, 'import', ['text', 'json']);
    if (positionals.length === 0) throw new UsageError('import needs at least one SOURCE (a postmortem file or a folder of them)');
    const dryRun = Boolean(values['dry-run']);
    const folder = await openFolder(values.folder as string | undefined, { ...ctx, isTty: false });
    const to = targetFolder(values.to as string | undefined, folder.options.records);

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
    const sources = await readSources(positionals, folder.root, folder.options.maxFileSize);
    const plan = planImport(
      sources,
      {
        matcher: folder.index.matcher,
        severities: folder.options.severities,
        to,
        definedIds,
        importedFrom,
        fileExists: (path) => existsSync(nodePath.join(folder.root, ...path.split('/'))),
        currentYear: new Date().getFullYear(),
      },
      dryRun,
    );
    if (!folder.index.isRecordPath(`${to}/INC-0.md`)) {
      plan.report.warnings.push(`${to} is not covered by the records globs (${folder.options.records.join(', ')}): these records will not be read until it is`);
    }
    if (!dryRun && plan.records.length > 0) {
      await ensureRecordFolder(folder.root, to);
      await writeRecords(folder.root, plan.records);
    }
    writeReport(plan.report, format, ctx);
    return plan.report.entries.some((e) => e.outcome === 'refused') ? 1 : 0;
  },
};

/** `--to`, or the first records folder; always inside the workspace folder. */
function targetFolder(to: string | undefined, records: string[]): string {
  if (to === undefined) return recordFolders(records)[0] ?? 'incidents';
  const normalized = to
    .replace(/\\/g, '/')
    .replace(/^\.\/+/, '')
    .replace(/\/+$/, '');
  if (normalized === '' || normalized.startsWith('/') || /^[a-zA-Z]:/.test(normalized) || normalized.split('/').includes('..')) {
    throw new UsageError(`--to must be a folder inside the workspace folder, relative to it (not "${to}")`);
  }
  return normalized;
}

function writeReport(report: ImportReport, format: string, ctx: CliContext): void {
  const count = totals(report);
  if (format === 'json') {
    ctx.stdout.write(`${JSON.stringify({ ...report, totals: count }, null, 2)}\n`);
    return;
  }
  for (const warning of report.warnings) ctx.stderr.write(`warning: ${clean(warning)}\n`);
  for (const entry of report.entries) ctx.stdout.write(entryText(entry, report.dryRun));
  const verb = report.dryRun ? 'would be imported' : 'imported';
  const fill = count.needFilling ? `; ${count.needFilling} record(s) need fields filled in (see "to fill in")` : '';
  ctx.stderr.write(
    `${count.imported} ${verb}, ${count.alreadyImported} already imported, ${count.refused} not imported${fill}.${report.dryRun ? ' Dry run: nothing was written.' : ''}\n`,
  );
}

function entryText(entry: ImportEntry, dryRun: boolean): string {
  if (entry.outcome === 'refused') return `not imported  ${clean(entry.source)}: ${clean(entry.reason ?? '')}\n`;
  if (entry.outcome === 'already-imported') return `already there ${clean(entry.source)}: ${clean(entry.reason ?? '')}\n`;
  const lines = [`${dryRun ? 'would import' : 'imported    '}  ${clean(entry.source)} -> ${clean(entry.record ?? '')}`];
  lines.push(`    fields: ${entry.mapped.join(', ')}`);
  if (entry.missing.length) lines.push(`    to fill in: ${entry.missing.join(', ')}`);
  for (const note of entry.notes) lines.push(`    note: ${clean(note)}`);
  for (const item of entry.unmapped) lines.push(`    not mapped: ${clean(item)}`);
  return `${lines.join('\n')}\n`;
}
