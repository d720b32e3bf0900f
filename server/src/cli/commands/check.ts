/** `incident-lens check`: every diagnostic the editor would show, for CI. */
import type { Problem } from '../../core/model';
import { CONFIG_FILE } from '../../core/config';
import { problemsOf, type IndexedFolder } from '../../host/folder';
import type { HistoryFolder, HistoryService } from '../../host/history';
import { PRODUCT_VERSION } from '../../../../common/runtime';
import { placeProblems, type PlacedProblem } from '../../core/features/check';
import { formatSarif } from '../../core/render/check/sarif';
import { formatJson, formatText } from '../../core/render/check/text';
import { formatOf, gitOptions, historyFor, openCommandFolder, UsageError, type CliCommand } from '../context';

export const checkCommand: CliCommand = {
  name: 'check',
  usage: `incident-lens check [folder] [--format text|json|sarif]
      Every diagnostic the editor would show. Exit 0: no error; 1: errors found; 2: could not run.`,
  options: { format: { type: 'string' }, ...gitOptions },
  async run(positionals, values, ctx) {
    const format = formatOf(values, 'check', ['text', 'json', 'sarif']);
    if (positionals.length > 1) throw new UsageError('check takes at most one folder');
    const folder = await openCommandFolder(positionals[0], ctx);
    const placed = await collectProblems(folder, historyFor(folder, !values['no-git'], ctx.log));
    if (format === 'json') ctx.stdout.write(`${formatJson(placed)}\n`);
    else if (format === 'sarif') ctx.stdout.write(`${formatSarif(placed, PRODUCT_VERSION)}\n`);
    else {
      if (placed.length) ctx.stdout.write(`${formatText(placed)}\n`);
      const errors = placed.filter((p) => p.severity === 'error').length;
      const summary = `${folder.index.recordCount} incident(s), ${folder.index.fileCount} file(s) indexed; ${errors} error(s), ${placed.length - errors} other problem(s).`;
      ctx.stderr.write(`${summary}\n`);
    }
    return placed.some((p) => p.severity === 'error') ? 1 : 0;
  },
};

/** Every problem in the folder, placed at lines and columns, in path order. */
export async function collectProblems(folder: IndexedFolder, git: { history: HistoryService; key: HistoryFolder }): Promise<PlacedProblem[]> {
  const byPath = new Map<string, Problem[]>();
  await git.history.checkAllListedCommits(git.key);
  for (const path of [CONFIG_FILE, ...folder.index.paths(), ...folder.index.skippedPaths()]) {
    const problems = await problemsOf(folder, path, git.history);
    if (problems.length) byPath.set(path, problems);
  }
  const placed: PlacedProblem[] = [];
  for (const path of [...byPath.keys()].sort()) {
    const text = await folder.files.read(path);
    // One by one: spreading 100,000 problems into push() overflows the call stack.
    for (const problem of placeProblems(byPath.get(path)!, text)) placed.push(problem);
  }
  for (const error of folder.settingsErrors) {
    placed.push({ path: '.incident-lens.yaml', line: 1, column: 1, endLine: 1, endColumn: 1, severity: 'error', code: 'config', message: error });
  }
  return placed;
}
