/** `incident-lens list`: every incident, or those tied to one file or to the branch's changes. */
import type { TiedIncident } from '../../core/features/fileIncidents';
import { incidentFields } from '../../core/features/incidentSummary';
import { searchIncidents } from '../../core/features/search';
import type { IncidentRecord } from '../../core/model';
import { clean, formatOf, gitOptions, historyFor, openCommandFolder, toFolderPath, UsageError, type CliCommand, type CliContext } from '../context';

export const listCommand: CliCommand = {
  name: 'list',
  usage: `incident-lens list [folder] [--file PATH | --changed[=BASE]] [--format text|json]
      Every incident, newest first; with --file, those tied to one file and why; with --changed,
      those tied to the files changed since the merge base with BASE (default: the default branch).`,
  options: { format: { type: 'string' }, file: { type: 'string' }, ...gitOptions },
  // `--changed` takes an optional base (`--changed=origin/main`), which parseArgs cannot express.
  preparse(argv) {
    let changedBase: string | undefined | null = null;
    const rest = argv.filter((arg) => {
      if (arg !== '--changed' && !arg.startsWith('--changed=')) return true;
      changedBase = arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) || undefined : undefined;
      return false;
    });
    return { argv: rest, extra: { changedBase } };
  },
  async run(positionals, values, ctx) {
    const format = formatOf(values, 'list', ['text', 'json']);
    const file = values.file as string | undefined;
    const changedBase = values.changedBase as string | undefined | null;
    if (positionals.length > 1) {
      // `--changed main` reads as a base, but parseArgs sees a second folder: say how to write it.
      const hint = changedBase === undefined ? ` (to compare with a base, write --changed=${positionals[positionals.length - 1]})` : '';
      throw new UsageError(`list takes at most one folder${hint}`);
    }
    if (file !== undefined && changedBase !== null) throw new UsageError('list takes --file or --changed, not both');
    const git = !values['no-git'];
    const folder = await openCommandFolder(positionals[0], ctx);
    const history = historyFor(folder, git, ctx.log);
    if (file !== undefined) {
      const relative = toFolderPath(folder.root, file);
      const tied = await history.history.incidentsForFile(history.key, relative);
      writeTied(tied, format, ctx, `No incidents are tied to ${clean(relative)}.`);
      return 0;
    }
    if (changedBase !== null) {
      if (!git) throw new UsageError('--changed reads git history; it cannot be used with --no-git');
      const tied = await history.history.incidentsTouchingBranch(history.key, changedBase);
      if (tied === undefined)
        throw new Error('cannot tell which files changed: not a git repository, or no merge base with the default branch (try --changed=BASE)');
      writeTied(tied, format, ctx, 'No incidents are tied to the files changed on this branch.');
      return 0;
    }
    const records = searchIncidents(folder.index.recordsNewestFirst(), undefined);
    if (format === 'json') ctx.stdout.write(`${JSON.stringify(records.map(listed), null, 2)}\n`);
    else for (const r of records) ctx.stdout.write(`${[r.id, r.started ?? '', r.severity ?? '', r.status, r.title].map(clean).join('\t')}\n`);
    return 0;
  },
};

function writeTied(tied: TiedIncident[], format: string, ctx: CliContext, none: string): void {
  if (format === 'json') {
    ctx.stdout.write(
      `${JSON.stringify(
        tied.map((t) => ({ ...listed(t.record), reasons: t.reasons })),
        null,
        2,
      )}\n`,
    );
  } else if (tied.length === 0) {
    ctx.stdout.write(`${none}\n`);
  } else {
    for (const t of tied) {
      ctx.stdout.write(clean(`${t.record.id}  ${t.record.title}${t.record.severity ? `  (${t.record.severity})` : ''}`) + '\n');
      for (const reason of t.reasons) ctx.stdout.write(`    ${clean(reason.detail)}\n`);
    }
  }
}

/** An incident as `list --format json` prints it: the shared fields, and the record's path. */
function listed(record: IncidentRecord) {
  return { ...incidentFields(record), path: record.path };
}
