/**
 * The real `incident-lens` binary (dist/cli.js, built by `npm run build`), run as a user runs it:
 * the one way the cli and mcp tiers start it.
 */
import { spawn, spawnSync } from 'node:child_process';
import * as path from 'node:path';

export const CLI = path.join(__dirname, '../../dist/cli.js');

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
  /** The signal that ended the run: SIGTERM when the timeout below ended a hung run. */
  signal: NodeJS.Signals | null;
}

export interface CliOptions {
  cwd?: string;
  /** Added to this process's environment; a key set to undefined is left out. */
  env?: NodeJS.ProcessEnv;
  /** Node's own flags, before the script (`--require` a preload, heap limits). */
  nodeArgs?: string[];
  /** Ends a hung run so the assertions can say so (0: never); it measures nothing. */
  timeout?: number;
  input?: string;
  /** Run as another user (root reads every folder, so an unreadable one needs someone else). */
  uid?: number;
  gid?: number;
}

/** Runs `incident-lens ...args` to the end and returns its exit code and output. */
export function runCli(args: string[], options: CliOptions = {}): CliRun {
  const { env = {}, nodeArgs = [], timeout = 60_000, ...rest } = options;
  const result = spawnSync(process.execPath, [...nodeArgs, CLI, ...args], {
    ...rest,
    encoding: 'utf8',
    timeout,
    maxBuffer: 64 * 1024 * 1024,
    env: { ...process.env, ...env },
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr, signal: result.signal };
}

/** runCli without blocking this process, for runs that must overlap. */
export function runCliAsync(args: string[]): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += String(chunk)));
    child.stderr.on('data', (chunk) => (stderr += String(chunk)));
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, stdout, stderr, signal }));
  });
}
