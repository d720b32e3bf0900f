/**
 * The one way Incident Lens runs git: `run` (the whole output) and `stream` (chunk by chunk, for
 * `git log`, whose output can be gigabytes). Every call has the same lockdown, so that a
 * repository's own configuration (`.git/config`, `.gitattributes`, hooks) can never make git run
 * a program (test/git/safety.test.ts proves it with a hostile repository); the same turn-taking
 * (at most MAX_PROCESSES gits per runner); the same two timeouts (no output for `timeoutMs`, and
 * `timeoutMs` overall); and the same error table. Callers still put `--` before any path and
 * `--end-of-options` before anything that came from outside.
 */
import { spawn } from 'node:child_process';
import { promises as fs } from 'node:fs';
import * as nodePath from 'node:path';

/**
 * `-c` settings put before every git command. Command-line config has the highest precedence,
 * above the repository's own `.git/config`, and is passed on to any git process git itself
 * starts (through GIT_CONFIG_PARAMETERS).
 */
export const SAFE_GIT_CONFIG: readonly string[] = Object.freeze([
  // fsmonitor is a program (or hook) git runs whenever it reads the index with a working tree.
  'core.fsmonitor=false',
  // A pager only starts on a terminal (ours is a pipe), and --no-pager is passed too.
  'core.pager=cat',
  // Read-only commands run no hooks; pointing hooks at an empty place is belt and braces.
  'core.hooksPath=/dev/null',
  // Only used for patch output (--no-ext-diff too).
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

/** Options passed to `git log` and `git diff-*` on top of the -c settings. */
export const SAFE_DIFF_ARGS: readonly string[] = Object.freeze(['--no-ext-diff', '--no-textconv', '--no-color', '--ignore-submodules=all']);

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

/** Why git could not answer. */
export type GitErrorKind =
  'no-git' | 'not-a-repo' | 'dubious-ownership' | 'no-commits' | 'shallow' | 'timeout' | 'no-default-branch' | 'unknown-base' | 'no-merge-base' | 'failed';

export class GitError extends Error {
  constructor(
    readonly kind: GitErrorKind,
    message: string,
    /** What git said, in full. */
    readonly detail = '',
  ) {
    super(message);
  }
}

/** What git's stderr (or the spawn error) says, in the order it is asked: the one error table. */
const ERROR_TABLE: ReadonlyArray<readonly [RegExp, GitErrorKind, string]> = [
  [/\bENOENT\b|spawn .* (not found|EACCES)/i, 'no-git', 'git was not found: install git and put it on PATH.'],
  [
    /dubious ownership/i,
    'dubious-ownership',
    'git refuses this repository (dubious ownership): mark it safe with git config --global --add safe.directory <path>.',
  ],
  [/not a git repository/i, 'not-a-repo', 'not a git repository: run it inside a git clone.'],
  [/unknown revision|bad revision|needed a single revision|does not have any commits/i, 'no-commits', 'the repository has no commits yet.'],
];

const TOO_LONG = 'git took too long and was stopped';
export const DEFAULT_TIMEOUT_MS = 30_000;
/** Git processes one runner runs at once; more calls wait their turn. */
const MAX_PROCESSES = 4;
/** What git says on failure is short; a repository cannot make us keep more. */
const MAX_STDERR = 64 * 1024;

export interface GitRunnerOptions {
  /** Longest any one git call may take, in ms (default 30 s); also the longest silence. */
  timeoutMs?: number;
  /** The git executable (default `git` on PATH). */
  binary?: string;
  /**
   * The folder is a scratch folder of ours, not a repository: git must not look for one above it
   * (whose configuration and attributes it would read). For `git diff --no-index`.
   */
  scratch?: boolean;
}

export class GitRunner {
  private running = 0;
  private readonly waiting: Array<() => void> = [];
  private readonly timeoutMs: number;

  constructor(
    readonly folder: string,
    private readonly opts: GitRunnerOptions = {},
  ) {
    this.timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  }

  /** Runs one git command and gives its whole output as text; throws GitError. */
  async run(args: string[]): Promise<string> {
    return (await this.runBytes(args)).toString('utf8');
  }

  /** Runs one git command and gives its whole output as bytes; throws GitError. */
  async runBytes(args: string[]): Promise<Buffer> {
    const parts: Buffer[] = [];
    await this.stream(args, (chunk) => parts.push(chunk));
    return Buffer.concat(parts);
  }

  /**
   * Runs one git command, handing its output over chunk by chunk: nothing is held whole. An exit
   * code other than `okCodes` is a failure (`git diff --no-index` exits 1 when the files differ).
   */
  async stream(args: string[], onChunk: (chunk: Buffer) => void, okCodes: readonly number[] = [0]): Promise<void> {
    // A finishing call hands its turn straight to the next waiting one, so that no new caller can
    // take it in between and run one git more than MAX_PROCESSES.
    if (this.running >= MAX_PROCESSES) await new Promise<void>((resolve) => this.waiting.push(resolve));
    else this.running++;
    try {
      await this.spawn(args, onChunk, okCodes);
    } catch (error) {
      throw await this.classify(error);
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.running--;
    }
  }

  private spawn(args: string[], onChunk: (chunk: Buffer) => void, okCodes: readonly number[]): Promise<void> {
    const config = SAFE_GIT_CONFIG.flatMap((setting) => ['-c', setting]);
    return new Promise((resolve, reject) => {
      const child = spawn(this.opts.binary ?? 'git', [...config, '--no-pager', ...args], {
        cwd: this.folder,
        env: this.opts.scratch ? { ...safeGitEnv(), GIT_CEILING_DIRECTORIES: nodePath.dirname(this.folder) } : safeGitEnv(),
        stdio: ['ignore', 'pipe', 'pipe'],
        windowsHide: true,
      });
      let settled = false;
      let stderr = '';
      const finish = (error?: unknown) => {
        if (settled) return;
        settled = true;
        clearTimeout(overall);
        clearTimeout(idle);
        if (error === undefined) return resolve();
        child.kill('SIGKILL');
        reject(error);
      };
      // Settles on time even when the killed git left a child holding its output open.
      const tooLong = () => finish(new GitError('timeout', TOO_LONG));
      const overall = setTimeout(tooLong, this.timeoutMs);
      const idle = setTimeout(tooLong, this.timeoutMs);
      child.stdout.on('data', (chunk: Buffer) => {
        if (settled) return;
        idle.refresh();
        try {
          onChunk(chunk);
        } catch (error) {
          finish(error);
        }
      });
      child.stderr.on('data', (chunk: Buffer) => {
        if (stderr.length < MAX_STDERR) stderr += chunk.toString('utf8');
      });
      child.on('error', (error) => finish(error));
      child.on('close', (code, signal) => {
        // A non-zero exit is a failure even with nothing on stderr (`merge-base --is-ancestor`).
        if (code !== null && okCodes.includes(code)) finish();
        else finish(new Error(code === null ? `git stopped (${signal}): ${stderr}` : stderr || `exit ${code}`));
      });
    });
  }

  private async classify(error: unknown): Promise<GitError> {
    if (error instanceof GitError) return error;
    const text = error instanceof Error ? error.message : String(error);
    for (const [pattern, kind, message] of ERROR_TABLE) {
      if (!pattern.test(text)) continue;
      // A spawn in a folder that is gone fails as if git were missing: tell the two apart.
      if (
        kind === 'no-git' &&
        !(await fs.stat(this.folder).then(
          (s) => s.isDirectory(),
          () => false,
        ))
      ) {
        return new GitError('no-git', 'the folder does not exist', text);
      }
      return new GitError(kind, message, text);
    }
    const lines = text
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean);
    const first = (lines.find((l) => /^(fatal|error):/.test(l)) ?? lines[0] ?? 'unknown error').slice(0, 200);
    return new GitError('failed', `git failed: ${first}`, text);
  }
}
