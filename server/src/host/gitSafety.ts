/**
 * How every git process Incident Lens starts is locked down, so that a repository's own
 * configuration (`.git/config`, `.gitattributes`, hooks) can never make git run a program.
 * The reasons, flag by flag, are next to each value; test/git/safety.test.ts proves it with a
 * hostile repository.
 */

import { simpleGit, type SimpleGit } from 'simple-git';

/**
 * `-c` settings put before every git command (simple-git's `config` option). Command-line config
 * has the highest precedence, above the repository's own `.git/config`, and is passed on to any
 * git process git itself starts (through GIT_CONFIG_PARAMETERS).
 */
export const SAFE_GIT_CONFIG: readonly string[] = Object.freeze([
  // fsmonitor is a program (or hook) git runs whenever it reads the index with a working tree.
  'core.fsmonitor=false',
  // A pager only starts on a terminal (ours is a pipe), and --no-pager is passed too.
  'core.pager=cat',
  // Read-only commands run no hooks; pointing hooks at an empty place is belt and braces.
  'core.hooksPath=/dev/null',
  // Only used for patch output, which is never asked for (--no-ext-diff too).
  'diff.external=',
  // `git log` would verify signatures with gpg.program (a program the repo may name).
  'log.showSignature=false',
  // Plain, parseable output whatever color.ui the repository asks for.
  'color.ui=false',
  // No automatic maintenance or index writes from a read.
  'gc.auto=0',
  'maintenance.auto=false',
  'core.untrackedCache=false',
  'submodule.recurse=false',
]);

/**
 * The simple-git "unsafe" checks that must be allowed, and only these. simple-git refuses any
 * `-c` or environment value for these settings because a caller could point them at a program;
 * we set them only to the constant, harmless values above (`false`, `cat`, `/dev/null`, empty),
 * never to anything from the workspace or the user.
 */
export const SIMPLE_GIT_UNSAFE = Object.freeze({
  allowUnsafeFsMonitor: true, // core.fsmonitor=false
  allowUnsafePager: true, // core.pager=cat, GIT_PAGER=cat, PAGER=cat
  allowUnsafeHooksPath: true, // core.hooksPath=/dev/null
  allowUnsafeDiffExternal: true, // diff.external= (empty)
});

/** Inherited variables that would steer git elsewhere or name programs; all GIT_* go too. */
const DROPPED_ENV = new Set(['PAGER', 'EDITOR', 'VISUAL', 'SSH_ASKPASS', 'PREFIX', 'LESSOPEN', 'LESSCLOSE']);

/**
 * The environment of every git process: the host's, minus every GIT_* variable (GIT_DIR,
 * GIT_WORK_TREE, GIT_INDEX_FILE, GIT_EXTERNAL_DIFF, GIT_SSH_COMMAND, GIT_CONFIG_PARAMETERS...
 * set by whatever started the editor) and program-naming ones, plus our own.
 */
export function safeGitEnv(base: NodeJS.ProcessEnv = process.env): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(base)) {
    if (value === undefined) continue;
    const upper = key.toUpperCase();
    if (upper.startsWith('GIT_') || DROPPED_ENV.has(upper)) continue;
    env[key] = value;
  }
  return {
    ...env,
    // Never ask for credentials or anything else on a terminal.
    GIT_TERMINAL_PROMPT: '0',
    // Reads never take the index lock or refresh the index behind the user's back.
    GIT_OPTIONAL_LOCKS: '0',
    // The machine-wide config is not the user's own choice; the repo's is overridden by -c.
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_PAGER: 'cat',
    PAGER: 'cat',
    // No transport at all (overrides every protocol.*.allow the repo sets): a partial clone can
    // never lazily fetch, so no ssh, core.sshCommand, askpass, credential helper or ext:: command.
    GIT_ALLOW_PROTOCOL: '',
    GIT_NO_LAZY_FETCH: '1',
    // English messages, to tell "not a repository" from "dubious ownership" in stderr.
    LC_ALL: 'C',
  };
}

/** Options passed to `git log` and `git diff-*` on top of the -c settings. */
export const SAFE_DIFF_ARGS: readonly string[] = Object.freeze(['--no-ext-diff', '--no-textconv', '--no-color', '--ignore-submodules=all']);

/**
 * A simple-git instance with the whole lockdown: the `-c` settings, the environment, the allowed
 * unsafe checks, a timeout (no output for `timeoutMs`) and an abort signal. Every simple-git use
 * goes through here, so no caller can forget a part of it.
 */
export function lockedSimpleGit(options: {
  baseDir: string;
  timeoutMs: number;
  signal: AbortSignal;
  binary?: string;
  maxConcurrentProcesses?: number;
}): SimpleGit {
  return simpleGit({
    baseDir: options.baseDir,
    ...(options.binary ? { binary: options.binary } : {}),
    ...(options.maxConcurrentProcesses ? { maxConcurrentProcesses: options.maxConcurrentProcesses } : {}),
    trimmed: false,
    config: [...SAFE_GIT_CONFIG],
    timeout: { block: options.timeoutMs },
    abort: options.signal,
    unsafe: { ...SIMPLE_GIT_UNSAFE },
    // A non-zero exit is a failure even with nothing on stderr (simple-git's default is not).
    // (simple-git's own message is stdout + stderr: the output of a hostile repo, not the reason.)
    errors: (error, result) => {
      if (result.exitCode === 0) return error;
      const stderr = Buffer.concat(result.stdErr).toString('utf8');
      if (typeof result.exitCode === 'number' && result.exitCode > 0) return new Error(`exit ${result.exitCode}: ${stderr}`);
      return error ?? new Error(`git stopped: ${stderr}`);
    },
  }).env(safeGitEnv());
}
