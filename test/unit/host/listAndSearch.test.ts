import * as assert from 'node:assert/strict';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { silentLogger } from '../../../server/src/core/ports';
import { NATIVE_WALK_FROM_FILES, NodeWorkspace } from '../../../server/src/host/nodeWorkspace';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('NodeWorkspace.listAndSearch: ripgrep stops with the listing', function () {
  this.timeout(60_000);
  let dir: string;
  before(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'il-list-search-'));
    mkdirSync(path.join(dir, 'tree'));
    // One file more than a walk in Node takes: the folder goes to ripgrep.
    for (let i = 0; i <= NATIVE_WALK_FROM_FILES; i++) writeFileSync(path.join(dir, 'tree', `f${i}.ts`), '');
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('ends the ripgrep run when the caller stops early (a newer index supersedes this one)', async () => {
    // A ripgrep that names one file, then goes on for half a minute (its pid stays the same: exec).
    const pidFile = path.join(dir, 'pid');
    const script = path.join(dir, 'rg');
    writeFileSync(script, `#!/bin/sh\necho $$ > "${pidFile}"\nfor last; do :; done\nprintf '%s/f0.ts' "$last"\nprintf '\\000'\nprintf '1\\n'\nexec sleep 30\n`);
    chmodSync(script, 0o755);
    const files = new NodeWorkspace(path.join(dir, 'tree'), undefined, silentLogger, { ripgrepPath: script });
    const seen: Array<{ path: string; mayHoldReference: boolean | undefined }> = [];
    for await (const batch of files.listAndSearch(['INC-[0-9]+'])) {
      seen.push(...batch);
      break;
    }
    assert.deepEqual(seen, [{ path: 'f0.ts', mayHoldReference: true }]);
    const pid = Number(readFileSync(pidFile, 'utf8'));
    // Killed, not left to run: wait (bounded) for the process to be gone.
    for (let waited = 0; alive(pid) && waited < 5000; waited += 50) await new Promise((resolve) => setTimeout(resolve, 50));
    assert.ok(!alive(pid), `ripgrep (pid ${pid}) still runs after the listing was stopped`);
  });
});
