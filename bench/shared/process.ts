// Processes the bench starts: every one is killed on any way out, and so is every temporary tree
// removed; CPU and memory read from /proc (Linux only, null elsewhere).
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { round } from './figures';

/** Servers and commands started by this run: killed on any way out, so none outlives the benchmark. */
export const liveChildren = new Set<ChildProcess>();
/** Trees of the scaling run (under the OS temporary folder): removed on any way out too. */
export const temporaryDirs = new Set<string>();
process.on('exit', () => {
  for (const p of liveChildren) p.kill('SIGKILL');
  for (const d of temporaryDirs) rmSync(d, { recursive: true, force: true });
});
for (const sig of ['SIGINT', 'SIGTERM'] as const) {
  process.on(sig, () => {
    for (const p of liveChildren) p.kill('SIGKILL');
    process.exit(130);
  });
}

/** Tracks `child` in liveChildren until it exits. */
export function watched(child: ChildProcess): ChildProcess {
  liveChildren.add(child);
  child.on('exit', () => liveChildren.delete(child));
  return child;
}

export interface CommandRun {
  ms: number;
  /** CPU of the command (reaped children of this process while it ran), or null off Linux. */
  cpuMs: number | null;
  code: number | null;
  signal: NodeJS.Signals | null;
  lines: number;
  bytes: number;
  /** The first `keep` bytes of stdout. */
  stdout: string;
  stderr: string;
}

/** Runs a command to completion, draining stdout (counting lines and bytes, keeping the first `keep` bytes), with a timeout. */
export function runCommand(
  cmd: string,
  args: string[],
  { cwd, timeoutMs, keep = 0, env = process.env }: { cwd?: string; timeoutMs: number; keep?: number; env?: NodeJS.ProcessEnv },
): Promise<CommandRun> {
  return new Promise((resolvePromise, reject) => {
    const t0 = performance.now();
    const cpu0 = procCpu();
    let child: ChildProcess;
    try {
      child = watched(spawn(cmd, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] }));
    } catch (e) {
      reject(e as Error);
      return;
    }
    let lines = 0,
      bytes = 0;
    const kept: Buffer[] = [];
    let keptBytes = 0;
    let stderr = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      bytes += chunk.length;
      for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) lines++;
      if (keptBytes < keep) {
        kept.push(chunk);
        keptBytes += chunk.length;
      }
    });
    child.stderr!.on('data', (c: Buffer) => {
      if (stderr.length < 8192) stderr += c.toString();
    });
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${cmd} ${args.join(' ')}: timed out after ${timeoutMs} ms`));
    }, timeoutMs);
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const ms = performance.now() - t0;
      const cpu1 = procCpu();
      // children's CPU accrues to ours when they are reaped; valid because runs are sequential
      const cpuMs = cpu0 && cpu1 ? cpu1.children - cpu0.children : null;
      resolvePromise({ ms, cpuMs, code, signal, lines, bytes, stdout: Buffer.concat(kept).toString('utf8'), stderr });
    });
  });
}

/** The first line of `cmd --version`, or null when it does not run. */
export function versionOf(cmd: string, args = ['--version']): string | null {
  try {
    return execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 10_000 })
      .split('\n')[0]
      .trim();
  } catch {
    return null;
  }
}

export function findRg(): string | null {
  for (const c of ['rg', '/usr/bin/rg', '/usr/local/bin/rg']) if (versionOf(c)) return c;
  return null;
}

let clockTicks: number | null = null;
/** CPU time from /proc/<pid>/stat, in ms: {self: utime+stime, children: cutime+cstime}. */
export function procCpu(pid: number | 'self' = 'self'): { self: number; children: number } | null {
  try {
    clockTicks ??= Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    const ticks = clockTicks;
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' '); // f[0] is field 3 (state)
    const ms = (n: number) => (n * 1000) / ticks;
    return { self: ms(Number(f[11]) + Number(f[12])), children: ms(Number(f[13]) + Number(f[14])) };
  } catch {
    return null;
  }
}

/** VmHWM / VmRSS of a live process, in MB. */
export function procMem(pid: number | undefined): { hwmMB: number | null; rssMB: number | null } | null {
  try {
    const s = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (k: string) => {
      const m = new RegExp(`^${k}:\\s+(\\d+) kB`, 'm').exec(s);
      return m ? Number(m[1]) / 1024 : null;
    };
    return { hwmMB: round(kb('VmHWM')), rssMB: round(kb('VmRSS')) };
  } catch {
    return null;
  }
}
