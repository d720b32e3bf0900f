/** Odd files on a real disk, for the CLI and server tests of hostile workspaces. */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

/** A FIFO at `file`, made by the system's mkfifo (Node has no mkfifo of its own). */
export function mkfifo(file: string): void {
  const made = spawnSync('mkfifo', [file], { encoding: 'utf8' });
  assert.equal(made.status, 0, `mkfifo ${file}: ${made.stderr}`);
}

/** A folder with one valid record (INC-1) and one source file that references it and INC-404. */
export function smallWorkspace(prefix: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  mkdirSync(path.join(dir, 'incidents'));
  mkdirSync(path.join(dir, 'src'));
  writeFileSync(path.join(dir, 'incidents/INC-1.yaml'), 'id: INC-1\ntitle: One\nstarted: 2024-01-01\nsummary: s\n');
  writeFileSync(path.join(dir, 'src/app.ts'), '// INC-1 and INC-404\n');
  return dir;
}

/** The preload that reports a process's peak memory (see peakMemory.cjs). */
export const PEAK_MEMORY_PRELOAD = path.join(__dirname, 'peakMemory.cjs');

/** A file of `bytes` zeros that takes no room on disk (a hole), to stand for a huge file. */
export function sparseFile(file: string, bytes: number): void {
  writeFileSync(file, '');
  truncateSync(file, bytes);
}
