/**
 * Real git repositories in temp folders: the one git helper of every tier (git, server, CLI,
 * editor). Git runs with no user or system configuration, a fixed identity and fixed dates.
 */
import { execFileSync, spawnSync, type SpawnSyncReturns } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { Logger } from '../../server/src/core/ports';

/** Who commits: the default is Ada Responder <ada@example.com>. */
export interface Identity {
  name: string;
  email: string;
}
const DEFAULT_IDENTITY: Identity = { name: 'Ada Responder', email: 'ada@example.com' };

/** The test's own git: no user or system config, fixed identity and dates. */
export function testGitEnv(identity: Identity = DEFAULT_IDENTITY): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.toUpperCase().startsWith('GIT_')) env[k] = v;
  return {
    ...env,
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_CONFIG_GLOBAL: os.devNull,
    GIT_AUTHOR_NAME: identity.name,
    GIT_AUTHOR_EMAIL: identity.email,
    GIT_COMMITTER_NAME: identity.name,
    GIT_COMMITTER_EMAIL: identity.email,
    GIT_TERMINAL_PROMPT: '0',
  };
}

const GIT_OPTIONS = ['-c', 'init.defaultBranch=main', '-c', 'protocol.file.allow=always'];

/** Runs git in `cwd` and returns its output; throws (with git's message) when it fails. */
export function git(cwd: string, ...args: string[]): string {
  return gitAs(DEFAULT_IDENTITY, cwd, args);
}

function gitAs(identity: Identity, cwd: string, args: string[], extraEnv: NodeJS.ProcessEnv = {}): string {
  return execFileSync('git', [...GIT_OPTIONS, ...args], {
    cwd,
    env: { ...testGitEnv(identity), ...extraEnv },
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/**
 * Plain git as a user would run it in `cwd` (the repository's own configuration obeyed, nothing
 * added), never throwing: the controls of the safety tests show that a hostile configuration does
 * run programs when git is used without our precautions.
 */
export function plainGit(cwd: string, ...args: string[]): SpawnSyncReturns<string> {
  return spawnSync('git', args, { cwd, env: testGitEnv(), encoding: 'utf8' });
}

export function tempDir(prefix = 'il-git-'): string {
  return fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), prefix)));
}

export function removeDir(dir: string): void {
  fs.rmSync(dir, { recursive: true, force: true });
}

export class TestRepo {
  private clock = Date.UTC(2024, 0, 1, 12);

  constructor(
    readonly dir: string,
    readonly identity: Identity = DEFAULT_IDENTITY,
  ) {}

  /** A new repository (branch `main`) in `dir`, a fresh temp folder by default. */
  static init(dir = tempDir(), identity: Identity = DEFAULT_IDENTITY): TestRepo {
    git(dir, 'init', '-q');
    return new TestRepo(dir, identity);
  }

  /**
   * A copy of `source` (a fixture or example workspace) in a fresh temp folder, made a repository
   * whose first commit on `main` holds all of it.
   */
  static copyOf(source: string, options: { prefix?: string; identity?: Identity; message?: string } = {}): TestRepo {
    const dir = tempDir(options.prefix);
    fs.cpSync(source, dir, { recursive: true });
    const repo = TestRepo.init(dir, options.identity);
    repo.commit(options.message ?? 'Initial import');
    return repo;
  }

  write(file: string, text: string): this {
    const full = path.join(this.dir, file);
    fs.mkdirSync(path.dirname(full), { recursive: true });
    fs.writeFileSync(full, text);
    return this;
  }

  git(...args: string[]): string {
    return gitAs(this.identity, this.dir, args);
  }

  /** Creates `branch` from the current commit and switches to it. */
  branch(branch: string): this {
    this.git('checkout', '-q', '-b', branch);
    return this;
  }

  /** Stages everything and commits with `message` at a date one hour after the previous one; returns the hash. */
  commit(message: string, ...extra: string[]): string {
    this.git('add', '-A');
    return this.commitStaged(message, ...extra);
  }

  commitStaged(message: string, ...extra: string[]): string {
    gitAs(this.identity, this.dir, ['commit', '-q', '--allow-empty', '--no-verify', '-m', message, ...extra], this.nextDate());
    return this.git('rev-parse', 'HEAD').trim();
  }

  /** Merges `branch` with a merge commit (no fast-forward) and `message`. */
  merge(branch: string, message: string): string {
    gitAs(this.identity, this.dir, ['merge', '-q', '--no-ff', '--no-verify', '-m', message, branch], this.nextDate());
    return this.git('rev-parse', 'HEAD').trim();
  }

  /** One hour after the previous commit: histories read the same on every run. */
  private nextDate(): NodeJS.ProcessEnv {
    this.clock += 3_600_000;
    const date = new Date(this.clock).toISOString();
    return { GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date };
  }
}

/** A logger that keeps what it was told. */
export class RecordingLogger implements Logger {
  readonly infos: string[] = [];
  readonly warns: string[] = [];
  info(message: string): void {
    this.infos.push(message);
  }
  warn(message: string): void {
    this.warns.push(message);
  }
}
