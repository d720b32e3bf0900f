// Reading git history at scale: a repository of N commits (10,000 by default, 1,000 in --quick),
// generated with `git fast-import` (seeded, cached under .bench/), then timed in one run:
//   - plain `git log --format=%H` and `git log --name-status -M` over it (what git itself costs);
//   - `incident-lens list --file F` with history and with `--no-git`: the difference is what
//     reading the history (one `git log` pass, commit -> incidents, file -> commits) costs us.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { mulberry32 } from '../tree/random';

const FILES = 300;

/** A repository whose every 10th commit mentions an incident; a record per incident. */
function generateHistoryRepo(dir: string, commits: number, seed = 1): { repo: string; cached: boolean; ms: number } {
  const repo = join(dir, `history-${commits}c-s${seed}`);
  if (existsSync(join(repo, '.done'))) return { repo, cached: true, ms: 0 };
  rmSync(repo, { recursive: true, force: true });
  mkdirSync(repo, { recursive: true });
  const started = performance.now();
  const random = mulberry32(seed);
  const parts: string[] = [];
  const blob = (text: string) => `data ${Buffer.byteLength(text)}\n${text}\n`;
  const incidents = Math.ceil(commits / 10);
  let time = 1_600_000_000;
  for (let i = 1; i <= commits; i++) {
    time += 600 + Math.floor(random() * 3600);
    const mentions = i % 10 === 0 ? ` (INC-2024-${String(i / 10).padStart(4, '0')})` : '';
    const message = `Change ${i}: adjust retry handling${mentions}\n`;
    parts.push(`commit refs/heads/main\nmark :${i}\ncommitter Bench <bench@example.com> ${time} +0000\n${blob(message)}`);
    if (i > 1) parts.push(`from :${i - 1}\n`);
    if (i === 1) {
      for (let n = 1; n <= incidents; n++) {
        const id = `INC-2024-${String(n).padStart(4, '0')}`;
        parts.push(
          `M 100644 inline incidents/${id}.yaml\n${blob(`id: ${id}\ntitle: Incident ${n}\nstarted: 2024-01-01\nsummary: Generated for the history benchmark.\n`)}`,
        );
      }
    }
    const touched = 1 + Math.floor(random() * 3);
    for (let k = 0; k < touched; k++) {
      const file = `src/file-${Math.floor(random() * FILES)}.ts`;
      parts.push(`M 100644 inline ${file}\n${blob(`export const version = ${i}; // ${k}\n`)}`);
    }
    parts.push('\n');
  }
  const git = (args: string[], input?: string) => {
    const r = spawnSync('git', args, { cwd: repo, input, encoding: 'utf8', maxBuffer: 1 << 30 });
    if (r.status !== 0) throw new Error(`git ${args[0]} failed: ${r.stderr}`);
  };
  git(['init', '-q', '-b', 'main']);
  git(['fast-import', '--quiet'], parts.join(''));
  git(['checkout', '-q', '-f', 'main']);
  writeFileSync(join(repo, '.done'), '');
  return { repo, cached: false, ms: performance.now() - started };
}

function timed(cmd: string, args: string[], cwd: string): { ms: number; stdout: string } {
  const started = performance.now();
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', maxBuffer: 1 << 30 });
  const ms = performance.now() - started;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} exited ${r.status}: ${(r.stderr ?? '').slice(0, 300)}`);
  return { ms, stdout: r.stdout };
}

/** Best of three: history reads are short, and the first run also warms the page cache. */
function best(run: () => number): number {
  return Math.min(run(), run(), run());
}

export function measureHistory({ dir, commits, cli, log }: { dir: string; commits: number; cli: string; log: (m: string) => void }) {
  const gen = generateHistoryRepo(dir, commits);
  log(gen.cached ? `reusing ${gen.repo}` : `generated ${commits} commits in ${Math.round(gen.ms)} ms`);
  const file = 'src/file-7.ts';
  const gitLogHashes = best(() => timed('git', ['log', '--format=%H'], gen.repo).ms);
  const gitLogNames = best(() => timed('git', ['log', '--name-status', '-M', '--format=%H%x1f%s'], gen.repo).ms);
  const withGit = best(() => timed(process.execPath, [cli, 'list', gen.repo, '--file', file], gen.repo).ms);
  const withoutGit = best(() => timed(process.execPath, [cli, 'list', gen.repo, '--file', file, '--no-git'], gen.repo).ms);
  const listed = timed(process.execPath, [cli, 'list', gen.repo, '--file', file], gen.repo).stdout;
  return {
    commits,
    repo: gen.repo,
    gitLogHashesMs: Math.round(gitLogHashes),
    gitLogNameStatusMs: Math.round(gitLogNames),
    cliListWithHistoryMs: Math.round(withGit),
    cliListWithoutHistoryMs: Math.round(withoutGit),
    historyReadMs: Math.round(withGit - withoutGit),
    commitReasonsFound: (listed.match(/changed by commit/g) ?? []).length,
  };
}
