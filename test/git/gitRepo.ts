/** Real git repositories in temp folders, for the history tests. */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { Logger } from '../../server/src/core/ports';

/** The test's own git: no user or system config, fixed identity and dates. */
export function testGitEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.toUpperCase().startsWith('GIT_')) env[k] = v;
  return {
    ...env,
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_CONFIG_GLOBAL: os.devNull,
    GIT_AUTHOR_NAME: 'Ada Responder',
    GIT_AUTHOR_EMAIL: 'ada@example.com',
    GIT_COMMITTER_NAME: 'Ada Responder',
    GIT_COMMITTER_EMAIL: 'ada@example.com',
    GIT_TERMINAL_PROMPT: '0',
  };
}

export function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', ['-c', 'init.defaultBranch=main', '-c', 'protocol.file.allow=always', ...args], {
    cwd,
    env: testGitEnv(),
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

export function tempDir(prefix = 'il-git-'): string {
  return fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), prefix)));
}

export function removeDir(dir: string): void {
  fs.rmSync(dir, { recursive: true, force: true });
}

export class TestRepo {
  private clock = Date.UTC(2024, 0, 1, 12);

  constructor(readonly dir: string) {}

  static init(dir = tempDir()): TestRepo {
    git(dir, 'init', '-q');
    return new TestRepo(dir);
  }

  write(file: string, text: string): this {
    const full = path.join(this.dir, file);
    fs.mkdirSync(path.dirname(full), { recursive: true });
    fs.writeFileSync(full, text);
    return this;
  }

  git(...args: string[]): string {
    return git(this.dir, ...args);
  }

  /** Stages everything and commits with `message` at a date one hour after the previous one; returns the hash. */
  commit(message: string, ...extra: string[]): string {
    this.git('add', '-A');
    return this.commitStaged(message, ...extra);
  }

  commitStaged(message: string, ...extra: string[]): string {
    this.clock += 3_600_000;
    const date = new Date(this.clock).toISOString();
    execFileSync('git', ['commit', '-q', '--allow-empty', '--no-verify', '-m', message, ...extra], {
      cwd: this.dir,
      env: { ...testGitEnv(), GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    return this.git('rev-parse', 'HEAD').trim();
  }

  /** Merges `branch` with a merge commit (no fast-forward) and `message`. */
  merge(branch: string, message: string): string {
    this.clock += 3_600_000;
    const date = new Date(this.clock).toISOString();
    execFileSync('git', ['merge', '-q', '--no-ff', '--no-verify', '-m', message, branch], {
      cwd: this.dir,
      env: { ...testGitEnv(), GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    return this.git('rev-parse', 'HEAD').trim();
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
