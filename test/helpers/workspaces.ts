/** Workspaces for the tests that run the real binary, server or editor: temporary folders, removed by the test. */
import { cpSync, mkdirSync, mkdtempSync, readdirSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

/** The example shop (examples/shop): records, code tied to them, a configuration. */
export const EXAMPLE = path.join(__dirname, '../../examples/shop');
/** A workspace with one problem of each kind (test/fixtures/workspaces/broken). */
export const BROKEN = path.join(__dirname, '../fixtures/workspaces/broken');

/** Writes each file (path relative to `root` → text) under `root`, making its folders. */
export function writeFiles(root: string, files: Record<string, string>): void {
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    writeFileSync(path.join(root, rel), text);
  }
}

/** A new temporary folder holding `files`. */
export function tempWorkspace(prefix: string, files: Record<string, string> = {}): string {
  const root = mkdtempSync(path.join(tmpdir(), prefix));
  writeFiles(root, files);
  return root;
}

/** A temporary copy of `source` (the example shop unless said) with `files` written over it. */
export function copyOfWorkspace(prefix: string, files: Record<string, string> = {}, source = EXAMPLE): string {
  const root = mkdtempSync(path.join(tmpdir(), prefix));
  cpSync(source, root, { recursive: true });
  writeFiles(root, files);
  return root;
}

/** Every file under a folder, relative, sorted. */
export function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)))
    .sort();
}

/** Sets every file's time an hour back: files written a moment ago are never trusted by time alone. */
export function ageFiles(dir: string): void {
  const past = new Date(Date.now() - 3600_000);
  for (const file of filesUnder(dir)) utimesSync(path.join(dir, file), past, past);
}
