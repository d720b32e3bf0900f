/** `incident-lens import`: existing postmortems become records, nothing lost, nothing overwritten. */
import { totals, type ImportEntry, type ImportReport } from '../../core/import';
import { ImportTargetError, runImport } from '../../host/importRun';
import { clean, formatOf, openCommandFolder, UsageError, type CliCommand, type CliContext } from '../context';

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
    const folder = await openCommandFolder(values.folder as string | undefined, { ...ctx, isTty: false });
    let report;
    try {
      report = await runImport(folder, positionals, { to: values.to as string | undefined, dryRun: Boolean(values['dry-run']) });
    } catch (error) {
      if (error instanceof ImportTargetError) throw new UsageError(`--to: ${error.message}`);
      throw error;
    }
    writeReport(report, format, ctx);
    return report.entries.some((e) => e.outcome === 'refused') ? 1 : 0;
  },
};

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
