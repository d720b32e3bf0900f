import { promises as fs } from 'node:fs';
import * as nodePath from 'node:path';
import { parseArgs } from 'node:util';
import type { TiedIncident } from '../core/features/fileIncidents';
import { stripControls } from '../core/features/markdown';
import { searchIncidents } from '../core/features/search';
import type { Problem } from '../core/model';
import type { Logger } from '../core/ports';
import { indexFolder, type IndexedFolder } from '../host/folder';
import { HistoryService, type HistoryFolder } from '../host/history';
import { usePlainProcessEnv, useSmallYoungGeneration } from '../host/plainEnv';
import { runRecordWorkerIfWorker } from '../host/recordWorkers';
import { ansiStyle, plainStyle, renderRecord } from './render';
import { formatJson, formatSarif, formatText, placeProblems, type PlacedProblem } from './report';

const VERSION = '0.1.0';

const USAGE = `Usage:
  incident-lens check [folder] [--format text|json|sarif]
      Every diagnostic the editor would show. Exit 0: no error; 1: errors found; 2: could not run.
  incident-lens list [folder] [--file PATH | --changed[=BASE]] [--format text|json]
      Every incident, newest first; with --file, those tied to one file and why; with --changed,
      those tied to the files changed since the merge base with BASE (default: the default branch).
  incident-lens show ID [--folder FOLDER]
      One record, rendered for a terminal.

Options:
  --no-git     do not read git history (commit reasons, commit checks, --changed)
  --help       this text
  --version    the version`;

/** A mistake in how the command was called: exit 2 with a message. */
class UsageError extends Error {}

export async function main(argv: string[], stdout: NodeJS.WritableStream, stderr: NodeJS.WriteStream | NodeJS.WritableStream): Promise<number> {
  let parsed;
  // `--changed` takes an optional base (`--changed=origin/main`), which parseArgs cannot express.
  let changedBase: string | undefined | null = null;
  argv = argv.filter((arg) => {
    if (arg !== '--changed' && !arg.startsWith('--changed=')) return true;
    changedBase = arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) || undefined : undefined;
    return false;
  });
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        format: { type: 'string' },
        file: { type: 'string' },
        folder: { type: 'string' },
        'no-git': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean' },
        verbose: { type: 'boolean' },
      },
    });
  } catch (error) {
    stderr.write(`incident-lens: ${(error as Error).message}\n\n${USAGE}\n`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.version) {
    stdout.write(`${VERSION}\n`);
    return 0;
  }
  const [command, ...rest] = positionals;
  if (values.help || !command) {
    (values.help ? stdout : stderr).write(`${USAGE}\n`);
    return values.help ? 0 : 2;
  }
  const isTty = 'isTTY' in stderr && Boolean(stderr.isTTY);
  const log: Logger = {
    info: (message) => values.verbose && stderr.write(`${message}\n`),
    warn: (message) => values.verbose && stderr.write(`warning: ${message}\n`),
  };
  try {
    switch (command) {
      case 'check':
        return await check(rest, values.format ?? 'text', !values['no-git'], log, isTty, stdout, stderr);
      case 'list':
        return await list(rest, { ...values, git: !values['no-git'], changedBase }, log, isTty, stdout, stderr);
      case 'show':
        return await show(rest, values.folder, log, stdout);
      default:
        throw new UsageError(`unknown command "${command}"`);
    }
  } catch (error) {
    if (error instanceof UsageError) {
      stderr.write(`incident-lens: ${error.message}\n\n${USAGE}\n`);
    } else {
      stderr.write(`incident-lens: ${(error as Error).message}\n`);
    }
    return 2;
  }
}

async function openFolder(folderArg: string | undefined, log: Logger, isTty: boolean, stderr: NodeJS.WritableStream): Promise<IndexedFolder> {
  const root = nodePath.resolve(folderArg ?? '.');
  let stat;
  try {
    stat = await fs.stat(root);
  } catch (error) {
    throw new Error(`cannot read folder ${root}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`, { cause: error });
  }
  if (!stat.isDirectory()) throw new Error(`${root} is not a folder`);
  try {
    await fs.readdir(root);
  } catch (error) {
    throw new Error(`cannot read folder ${root}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`, { cause: error });
  }
  // Progress goes to stderr only on a terminal: CI logs and pipes get the result alone.
  const progress = isTty ? (p: { done: number; total: number }) => stderr.write(`\rIndexing ${p.done}/${p.total} files…`) : undefined;
  const folder = await indexFolder(root, log, undefined, progress);
  if (isTty) stderr.write('\r\u001b[K');
  return folder;
}

/** Git history for a CLI run: on unless --no-git (the CLI runs where its user asked it to). */
function historyFor(folder: IndexedFolder, git: boolean, log: Logger): { history: HistoryService; key: HistoryFolder } {
  const history = new HistoryService(log, git);
  const key: HistoryFolder = { uri: folder.root, root: folder.root, name: nodePath.basename(folder.root), options: folder.options, index: folder.index };
  return { history, key };
}

async function check(
  args: string[],
  format: string,
  git: boolean,
  log: Logger,
  isTty: boolean,
  stdout: NodeJS.WritableStream,
  stderr: NodeJS.WritableStream,
): Promise<number> {
  if (!['text', 'json', 'sarif'].includes(format)) throw new UsageError(`--format must be text, json or sarif, not "${format}"`);
  if (args.length > 1) throw new UsageError('check takes at most one folder');
  const folder = await openFolder(args[0], log, isTty, stderr);
  const placed = await collectProblems(folder, historyFor(folder, git, log));
  if (format === 'json') stdout.write(`${formatJson(placed)}\n`);
  else if (format === 'sarif') stdout.write(`${formatSarif(placed, VERSION)}\n`);
  else {
    if (placed.length) stdout.write(`${formatText(placed)}\n`);
    const errors = placed.filter((p) => p.severity === 'error').length;
    const summary = `${folder.index.recordCount} incident(s), ${folder.index.fileCount} file(s) indexed; ${errors} error(s), ${placed.length - errors} other problem(s).`;
    stderr.write(`${summary}\n`);
  }
  return placed.some((p) => p.severity === 'error') ? 1 : 0;
}

/** Every problem in the folder, placed at lines and columns, in path order. */
export async function collectProblems(folder: IndexedFolder, git: { history: HistoryService; key: HistoryFolder }): Promise<PlacedProblem[]> {
  const byPath = new Map<string, Problem[]>();
  await git.history.checkAllListedCommits(git.key);
  for (const problem of folder.configProblems) byPath.set(problem.path, [...(byPath.get(problem.path) ?? []), problem]);
  for (const path of [...folder.index.paths(), ...folder.index.skippedPaths()]) {
    const problems = [...folder.index.problemsIn(path), ...(await git.history.problemsIn(git.key, path))];
    if (problems.length) byPath.set(path, [...(byPath.get(path) ?? []), ...problems]);
  }
  const placed: PlacedProblem[] = [];
  for (const path of [...byPath.keys()].sort()) {
    const text = await folder.files.read(path);
    placed.push(...placeProblems(byPath.get(path)!, text));
  }
  for (const error of folder.settingsErrors) {
    placed.push({ path: '.incident-lens.yaml', line: 1, column: 1, endLine: 1, endColumn: 1, severity: 'error', code: 'config', message: error });
  }
  return placed;
}

async function list(
  args: string[],
  values: { file?: string; format?: string; git: boolean; changedBase: string | undefined | null },
  log: Logger,
  isTty: boolean,
  stdout: NodeJS.WritableStream,
  stderr: NodeJS.WritableStream,
): Promise<number> {
  const format = values.format ?? 'text';
  if (!['text', 'json'].includes(format)) throw new UsageError(`--format for list must be text or json, not "${format}"`);
  if (args.length > 1) throw new UsageError('list takes at most one folder');
  if (values.file !== undefined && values.changedBase !== null) throw new UsageError('list takes --file or --changed, not both');
  const folder = await openFolder(args[0], log, isTty, stderr);
  const git = historyFor(folder, values.git, log);
  if (values.file !== undefined) {
    const relative = toFolderPath(folder.root, values.file);
    const tied = await git.history.incidentsForFile(git.key, relative);
    writeTied(tied, format, stdout, `No incidents are tied to ${relative}.`);
    return 0;
  }
  if (values.changedBase !== null) {
    if (!values.git) throw new UsageError('--changed reads git history; it cannot be used with --no-git');
    const tied = await git.history.incidentsTouchingBranch(git.key, values.changedBase);
    if (tied === undefined)
      throw new Error('cannot tell which files changed: not a git repository, or no merge base with the default branch (try --changed=BASE)');
    writeTied(tied, format, stdout, 'No incidents are tied to the files changed on this branch.');
    return 0;
  }
  const records = searchIncidents(folder.index.recordsNewestFirst(), undefined);
  if (format === 'json') stdout.write(`${JSON.stringify(records.map(summaryOf), null, 2)}\n`);
  else for (const r of records) stdout.write(clean(`${r.id}\t${r.started ?? ''}\t${r.severity ?? ''}\t${r.status}\t${r.title}`) + '\n');
  return 0;
}

/**
 * Record text and file names are untrusted: no escape sequence of theirs reaches the terminal
 * (one could retitle the window, clear the screen or hide lines).
 */
function clean(text: string): string {
  return stripControls(text).replace(/[\r\n]+/g, ' ');
}

function writeTied(tied: TiedIncident[], format: string, stdout: NodeJS.WritableStream, none: string): void {
  if (format === 'json') {
    stdout.write(
      `${JSON.stringify(
        tied.map((t) => ({ ...summaryOf(t.record), reasons: t.reasons })),
        null,
        2,
      )}\n`,
    );
  } else if (tied.length === 0) {
    stdout.write(`${none}\n`);
  } else {
    for (const t of tied) {
      stdout.write(clean(`${t.record.id}  ${t.record.title}${t.record.severity ? `  (${t.record.severity})` : ''}`) + '\n');
      for (const reason of t.reasons) stdout.write(`    ${clean(reason.detail)}\n`);
    }
  }
}

async function show(args: string[], folderArg: string | undefined, log: Logger, stdout: NodeJS.WriteStream | NodeJS.WritableStream): Promise<number> {
  if (args.length !== 1) throw new UsageError('show takes exactly one incident id');
  const folder = await openFolder(folderArg, log, false, stdout);
  const record = folder.index.record(args[0]);
  if (!record) {
    const closest = folder.index.closestIds(args[0]);
    throw new Error(`no record defines ${args[0]}${closest.length ? ` (did you mean ${closest.join(', ')}?)` : ''}`);
  }
  const tty = 'isTTY' in stdout && Boolean(stdout.isTTY);
  const width = tty && 'columns' in stdout && stdout.columns ? Math.min(stdout.columns, 120) : 100;
  stdout.write(`${renderRecord(record, tty ? ansiStyle : plainStyle, width)}\n`);
  return 0;
}

function summaryOf(record: { id: string; title: string; severity?: string; status: string; started?: string; path: string }) {
  return { id: record.id, title: record.title, severity: record.severity, status: record.status, started: record.started ?? '', path: record.path };
}

/** A path given on the command line, relative to the folder, with forward slashes. */
function toFolderPath(root: string, file: string): string {
  const absolute = nodePath.resolve(file);
  const relative = nodePath.relative(root, absolute);
  const inside = !relative.startsWith('..') && !nodePath.isAbsolute(relative);
  return (inside ? relative : file).split(nodePath.sep).join('/');
}

if (require.main === module) {
  usePlainProcessEnv();
  useSmallYoungGeneration();
}
if (require.main === module && !runRecordWorkerIfWorker()) {
  main(process.argv.slice(2), process.stdout, process.stderr).then(
    (code) => {
      process.exitCode = code;
    },
    (error) => {
      process.stderr.write(`incident-lens: ${(error as Error).stack ?? error}\n`);
      process.exitCode = 2;
    },
  );
}
