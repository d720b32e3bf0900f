/**
 * A real git repository for `review`: a base branch `main` and a feature branch whose change
 * (a) edits lines inside INC-2024-001's code range, (b) edits code under a comment referencing
 * INC-2024-002, (c) edits a file tied to INC-2024-003 only by a commit that mentions it, and
 * (d) edits a file tied to nothing. Severities run against the tie order on purpose (a is SEV3,
 * c is SEV1), so a report in the right order is ordered by tie, not by severity.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { git } from '../git/gitRepo';
import { writeFiles } from '../helpers/workspaces';

// The one git helper of every tier: no user or system configuration, a fixed identity.
export { git };

export function write(dir: string, rel: string, text: string): void {
  writeFiles(dir, { [rel]: text });
}

export const POOL = ['export function pool() {', '  const size = 10;', '  // the pool', '  const timeout = 30;', '  return { size, timeout };', '}', ''].join(
  '\n',
);
export const RETRY = [
  'import time',
  '',
  '',
  'def helper():',
  '    return 1',
  '',
  '',
  '# see INC-2024-002: retries must back off',
  'def retry(call):',
  '    for attempt in range(3):',
  '        time.sleep(2 ** attempt)',
  '        call()',
  '',
].join('\n');
export const CACHE = ['package cache', '', 'func Get(key string) string {', '\treturn key', '}', ''].join('\n');
export const OTHER = ['export const other = 1;', 'export const more = 2;', ''].join('\n');

function record(id: string, severity: string, extra: string): string {
  return `id: ${id}\ntitle: "${id} title"\nseverity: ${severity}\nstatus: published\nstarted: 2024-0${id.slice(-1)}-01\nsummary: Summary of ${id}.\n${extra}`;
}

/** Makes the repository; returns its folder. The feature branch is checked out, its change uncommitted in part. */
export function makeReviewRepo(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'incident-lens-review-'));
  git(dir, 'init', '-q', '-b', 'main');
  write(
    dir,
    'incidents/INC-2024-001.yaml',
    record(
      'INC-2024-001',
      'SEV3',
      'learnings:\n  - "Pool size and timeout move together <img src=x onerror=alert(1)> @oncall-team see https://evil.example/x"\naction_items:\n  - description: "Alert on pool saturation [click](javascript:alert(1))"\n    status: open\n  - description: Done already\n    status: done\ncode:\n  - path: src/pool.ts\n    lines: "3-5"\n',
    ),
  );
  write(dir, 'incidents/INC-2024-002.yaml', record('INC-2024-002', 'SEV2', 'contributing_factors:\n  - Retries without backoff\n'));
  write(dir, 'incidents/INC-2024-003.yaml', record('INC-2024-003', 'SEV1', 'learnings:\n  - The cache key hides the tenant\n'));
  write(dir, 'src/pool.ts', POOL);
  write(dir, 'src/retry.py', RETRY);
  write(dir, 'src/cache.go', CACHE);
  write(dir, 'src/other.ts', OTHER);
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', 'initial import');
  write(dir, 'src/cache.go', CACHE.replace('return key', 'return "t:" + key'));
  git(dir, 'commit', '-q', '-am', 'Fix the tenant leak of INC-2024-003');
  git(dir, 'checkout', '-q', '-b', 'feature');
  // (a) and (b) committed on the branch, (c) staged, (d) left in the working tree.
  write(dir, 'src/pool.ts', POOL.replace('const timeout = 30;', 'const timeout = 5;'));
  write(dir, 'src/retry.py', RETRY.replace('time.sleep(2 ** attempt)', 'time.sleep(0)'));
  git(dir, 'commit', '-q', '-am', 'faster');
  write(dir, 'src/cache.go', `${CACHE.replace('return key', 'return "t:" + key')}\nfunc Put() {}\n`);
  git(dir, 'add', 'src/cache.go');
  write(dir, 'src/other.ts', OTHER.replace('more = 2', 'more = 3'));
  return dir;
}
