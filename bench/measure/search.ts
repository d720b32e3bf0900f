// The tools we are measured against: `rg -n` and `git grep -n -E` with the id pattern over the
// tree, each run twice, the second run reported (page cache warm).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { messageOf, round, type Failed } from '../shared/figures';
import type { Machine } from '../shared/machine';
import { runCommand, type CommandRun } from '../shared/process';

export const ID_PATTERN = 'INC-[0-9]+(-[0-9]+)*';

export interface SearchRun {
  available: true;
  command: string;
  firstMs: number;
  ms: number;
  cpuMs: number | null;
  matchingLines: number;
  outputBytes: number;
  note: string;
}
export type SearchResult = SearchRun | Failed;
export interface SearchResults {
  rg?: SearchResult;
  gitGrep?: SearchResult;
}

export async function measureSearchTools(tree: string, o: { toolTimeoutMs: number }, machine: Machine, { gitGrep = true } = {}): Promise<SearchResults> {
  const out: SearchResults = {};
  const tools: Array<[keyof SearchResults, string, string[], string | undefined]> = [];
  if (machine.rgPath) tools.push(['rg', machine.rgPath, ['-n', '-e', ID_PATTERN, tree], undefined]);
  else out.rg = { available: false, error: 'rg not found on PATH' };
  if (!gitGrep) out.gitGrep = { available: false, error: 'not measured in this mode' };
  else if (machine.git && existsSync(join(tree, '.git')))
    tools.push(['gitGrep', 'git', ['-c', 'core.fsmonitor=false', '--no-pager', 'grep', '-n', '-E', ID_PATTERN], tree]);
  else out.gitGrep = { available: false, error: machine.git ? 'the workspace is not a git repository' : 'git not found on PATH' };
  const env = { ...process.env };
  delete env.RIPGREP_CONFIG_PATH;
  for (const [name, cmd, args, cwd] of tools) {
    try {
      const runs: CommandRun[] = [];
      for (let i = 0; i < 2; i++) runs.push(await runCommand(cmd, args, { cwd, timeoutMs: o.toolTimeoutMs, env }));
      const last = runs[1];
      if (last.code !== 0 && last.code !== 1) throw new Error(`${cmd} exited ${last.code}: ${last.stderr.slice(0, 300)}`);
      out[name] = {
        available: true,
        command: `${cmd} ${args.map((a) => (a.includes(' ') || a.includes('(') ? `'${a}'` : a)).join(' ')}`,
        firstMs: round(runs[0].ms)!,
        ms: round(last.ms)!,
        cpuMs: round(last.cpuMs),
        matchingLines: last.lines,
        outputBytes: last.bytes,
        note: 'ms is the second of two runs (page cache warm)',
      };
    } catch (e) {
      out[name] = { available: true, error: messageOf(e) };
    }
  }
  return out;
}
