/**
 * `incident-lens`: the command line on the same core as the language server. This file parses
 * the command name and the global flags and hands the rest to one file per command
 * (commands/*.ts); adding a command is adding a file and a line in COMMANDS.
 */
import { parseArgs } from 'node:util';
import type { Logger } from '../core/ports';
import { escapeTerminal } from '../core/render/escape';
import { usePlainProcessEnv, useRuntimeFlags } from '../host/plainEnv';
import { runImportWorkerIfWorker } from '../host/importWorker';
import { runRecordWorkerIfWorker } from '../host/recordWorkers';
import { PRODUCT_VERSION } from '../../../common/runtime';
import { checkCommand } from './commands/check';
import { importCommand } from './commands/import';
import { insightsCommand } from './commands/insights';
import { listCommand } from './commands/list';
import { mcpCommand } from './commands/mcp';
import { reviewCommand } from './commands/review';
import { showCommand } from './commands/show';
import * as nodePath from 'node:path';
import { cacheOption, recordsFromOption, trustConfigOption, UsageError, type CliCommand, type CliContext } from './context';

const COMMANDS: CliCommand[] = [checkCommand, listCommand, showCommand, reviewCommand, mcpCommand, insightsCommand, importCommand];

/** Flags every command takes. */
const GLOBAL_OPTIONS = {
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean' },
  verbose: { type: 'boolean' },
  ...recordsFromOption,
  ...trustConfigOption,
  ...cacheOption,
} as const;

const USAGE = `Usage:
${COMMANDS.map((c) => `  ${c.usage}`).join('\n')}

Options:
  --records-from PATH  also read the records in PATH, a folder outside this one (repeatable):
               they resolve references and show in listings; their problems are not reported
  --trust-config  read the folders outside this one that its own .incident-lens.yaml names
               (externalRecords); without it they are skipped with a warning
  --cache DIR  keep what indexing found in DIR and reuse it next time for the files that did not
               change (off by default; a CI job can keep DIR between runs)
  --no-git     do not read git history (commit reasons, commit checks, --changed)
  --verbose    say on stderr what indexing did
  --help       this text
  --version    the version`;

export async function main(argv: string[], stdout: NodeJS.WritableStream, stderr: NodeJS.WriteStream | NodeJS.WritableStream): Promise<number> {
  // The command is the first word that is not a flag; flags may come before or after it.
  const commandAt = argv.findIndex((arg) => !arg.startsWith('-'));
  const name = commandAt === -1 ? undefined : argv[commandAt];
  const command = COMMANDS.find((c) => c.name === name);
  const rest = commandAt === -1 ? argv : [...argv.slice(0, commandAt), ...argv.slice(commandAt + 1)];

  let values: Record<string, unknown>;
  let positionals: string[];
  try {
    const pre = command?.preparse?.(rest) ?? { argv: rest, extra: {} };
    const parsed = parseArgs({ args: pre.argv, allowPositionals: true, options: { ...GLOBAL_OPTIONS, ...(command?.options ?? allOptions()) } });
    values = { ...parsed.values, ...pre.extra };
    positionals = parsed.positionals;
  } catch (error) {
    // An unknown or malformed flag is quoted in the message: shown escaped like everything else.
    stderr.write(`incident-lens: ${escapeTerminal((error as Error).message)}\n\n${USAGE}\n`);
    return 2;
  }
  if (values.version) {
    stdout.write(`${PRODUCT_VERSION}\n`);
    return 0;
  }
  if (values.help || name === undefined) {
    (values.help ? stdout : stderr).write(`${USAGE}\n`);
    return values.help ? 0 : 2;
  }
  const ctx: CliContext = {
    stdout,
    stderr,
    isTty: 'isTTY' in stderr && Boolean(stderr.isTTY),
    log: loggerFor(Boolean(values.verbose), stderr),
    recordsFrom: ((values['records-from'] as string[] | undefined) ?? []).map((path) => nodePath.resolve(path)),
    ...(typeof values.cache === 'string' ? { cacheFolder: nodePath.resolve(values.cache) } : {}),
    ...(values['trust-config'] ? { trustConfig: true } : {}),
  };
  try {
    if (!command) throw new UsageError(`unknown command "${name}"`);
    return await command.run(positionals, values, ctx);
  } catch (error) {
    // Messages name files and record text from the repository: shown escaped, one line each.
    if (error instanceof UsageError) stderr.write(`incident-lens: ${escapeTerminal(error.message)}\n\n${USAGE}\n`);
    else stderr.write(`incident-lens: ${escapeTerminal((error as Error).message)}\n`);
    return 2;
  }
}

/** Before the command is known (`incident-lens --help`), any command's flag is accepted. */
function allOptions(): CliCommand['options'] {
  return Object.assign({}, ...COMMANDS.map((c) => c.options));
}

function loggerFor(verbose: boolean, stderr: NodeJS.WritableStream): Logger {
  return {
    info: (message) => verbose && stderr.write(`${escapeTerminal(message)}\n`),
    warn: (message) => verbose && stderr.write(`warning: ${escapeTerminal(message)}\n`),
  };
}

if (require.main === module) {
  usePlainProcessEnv();
  useRuntimeFlags();
}
if (require.main === module && !runImportWorkerIfWorker() && !runRecordWorkerIfWorker()) {
  main(process.argv.slice(2), process.stdout, process.stderr).then(
    (code) => {
      process.exitCode = code;
    },
    (error) => {
      // The message may quote an argument: escaped; the stack frames after it are ours.
      const frames = String((error as Error).stack ?? '')
        .split('\n')
        .filter((line) => /^\s+at /.test(line));
      process.stderr.write(`incident-lens: ${[escapeTerminal(String((error as Error).message ?? error)), ...frames.map(escapeTerminal)].join('\n')}\n`);
      process.exitCode = 2;
    },
  );
}
