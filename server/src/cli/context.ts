/**
 * What every CLI command shares: where output goes, how a folder is opened and indexed, git
 * history on demand, and how untrusted text is made safe for a terminal.
 */
import { promises as fs } from 'node:fs';
import * as nodePath from 'node:path';
import type { ParseArgsConfig } from 'node:util';
import { escapeTerminal } from '../core/render/escape';
import type { Logger } from '../core/ports';
import { openFolder, type IndexedFolder } from '../host/folder';
import { HistoryService, type HistoryFolder } from '../host/history';
import { leavesFolder } from '../host/insideFolder';

/** A mistake in how the command was called: exit 2 with the message and the usage. */
export class UsageError extends Error {}

export interface CliContext {
  stdout: NodeJS.WriteStream | NodeJS.WritableStream;
  stderr: NodeJS.WriteStream | NodeJS.WritableStream;
  log: Logger;
  /** stderr is a terminal: progress may be shown there. */
  isTty: boolean;
  /** `--records-from` folders, absolute: records kept outside the folder, read as context. */
  recordsFrom?: string[];
  /** `--trust-config`: read the folders outside the repository its own `externalRecords` names. */
  trustConfig?: boolean;
  /** `--cache DIR`, absolute: where the index cache of each folder is kept between runs. */
  cacheFolder?: string;
}

/** One `incident-lens` command: its options, its lines in the usage text, and what it does. */
export interface CliCommand {
  name: string;
  /** Lines for the usage text: the synopsis, then indented explanation. */
  usage: string;
  options: NonNullable<ParseArgsConfig['options']>;
  /**
   * Options parseArgs cannot express, taken out of argv before it runs (e.g. `--changed[=BASE]`,
   * whose value is optional).
   */
  preparse?(argv: string[]): { argv: string[]; extra: Record<string, unknown> };
  run(positionals: string[], values: Record<string, unknown>, ctx: CliContext): Promise<number>;
}

/**
 * `--records-from PATH` (repeatable): a folder of records kept outside the folder (a central
 * incident repository). Global, so every command that opens a folder reads them.
 */
export const recordsFromOption = { 'records-from': { type: 'string', multiple: true } } as const;

/**
 * `--cache DIR`: keep what indexing made of the folder's files in DIR, and take the files that did
 * not change from it next time (off unless given). Global, like `--records-from`.
 */
export const cacheOption = { cache: { type: 'string' } } as const;

/**
 * `--trust-config`: the repository's own `.incident-lens.yaml` may name record folders outside it
 * (`externalRecords`). Off by default: a pull request that edits the file must not make CI read
 * a sibling checkout. Global, like `--records-from`.
 */
export const trustConfigOption = { 'trust-config': { type: 'boolean' } } as const;

/** Options every command that reads history takes. */
export const gitOptions = { 'no-git': { type: 'boolean' } } as const;

/** The folder a command names (the working directory by default), checked, then opened and indexed. */
export async function openCommandFolder(folderArg: string | undefined, ctx: CliContext): Promise<IndexedFolder> {
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
  const progress = ctx.isTty ? (p: { done: number; total: number }) => ctx.stderr.write(`\rIndexing ${p.done}/${p.total} files…`) : undefined;
  const recordsFrom = ctx.recordsFrom ?? [];
  for (const path of recordsFrom) {
    const from = await fs.stat(path).catch(() => undefined);
    if (!from?.isDirectory()) throw new UsageError(`--records-from ${path}: not a folder that can be read`);
  }
  const folder = await openFolder(root, {
    log: ctx.log,
    // The repository's own externalRecords outside it only when the command line trusts it.
    trustConfig: ctx.trustConfig ? true : 'inside',
    userExternalRecords: recordsFrom,
    cacheFolder: ctx.cacheFolder,
    searchAnySize: true,
    onProgress: progress,
    onIndexStarted: ({ configProblems, settingsErrors }) => {
      for (const problem of configProblems) ctx.log.warn(`${problem.path}: ${problem.message}`);
      for (const error of settingsErrors) ctx.log.warn(error);
    },
  });
  await folder.writeCache();
  if (ctx.isTty) ctx.stderr.write('\r\u001b[K');
  // A folder the configuration file names but that is missing is said, not fatal: the rest runs.
  for (const problem of folder.externalProblems) ctx.stderr.write(`warning: ${clean(problem)}\n`);
  if (folder.untrustedExternalRecords.length) {
    const named = folder.untrustedExternalRecords.map(clean).join(', ');
    ctx.stderr.write(
      `warning: externalRecords of .incident-lens.yaml names folders outside ${clean(root)} (${named}): not read; pass --trust-config to read them, or name them with --records-from\n`,
    );
  }
  return folder;
}

/** Git history for a CLI run: on unless --no-git (the CLI runs where its user asked it to). */
export function historyFor(folder: IndexedFolder, git: boolean, log: Logger): { history: HistoryService; key: HistoryFolder } {
  // The folder is its own history key: the CLI's folder has the root as its uri and its last path
  // segment as its name.
  return { history: new HistoryService(log, git), key: folder };
}

/**
 * Record text and file names are untrusted: no control character of theirs reaches the terminal or
 * a CI log (one could retitle the window, clear the screen, hide lines or forge a workflow
 * command); each shows as a visible escape. Apply it per field: it escapes tabs too.
 */
export const clean = escapeTerminal;

/** A path given on the command line, relative to the folder, with forward slashes. */
export function toFolderPath(root: string, file: string): string {
  const absolute = nodePath.resolve(file);
  const relative = nodePath.relative(root, absolute);
  const inside = !leavesFolder(relative);
  return (inside ? relative : file).split(nodePath.sep).join('/');
}

/** `--format`, checked against what the command can write. */
export function formatOf(values: Record<string, unknown>, command: string, allowed: string[]): string {
  const format = (values.format as string | undefined) ?? allowed[0];
  if (!allowed.includes(format)) {
    const choices = allowed.length === 2 ? allowed.join(' or ') : `${allowed.slice(0, -1).join(', ')} or ${allowed[allowed.length - 1]}`;
    throw new UsageError(`--format${command === 'check' ? '' : ` for ${command}`} must be ${choices}, not "${format}"`);
  }
  return format;
}
