import * as assert from 'node:assert/strict';
import { existsSync, rmSync } from 'node:fs';
import { CLI, runCli } from '../helpers/cli';
import { tempWorkspace } from '../helpers/workspaces';

/** Runs `incident-lens check` on a folder, as CI would. */
const check = (folder: string) => runCli(['check', folder], { timeout: 120_000 });

const RECORD = 'id: INC-2024-001\ntitle: Queue stalled\nstarted: 2024-01-01\nsummary: The queue stalled.\n';

describe('incident-lens CLI: limits on id patterns and globs (the real binary)', function () {
  this.timeout(300_000);
  const made: string[] = [];
  before(() => assert.ok(existsSync(CLI), 'dist/cli.js is missing: run `npm run build` first'));
  after(() => made.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

  it('uses the first 64 id patterns of 200 and reports the rest at the key', () => {
    const patterns = Array.from({ length: 200 }, (_, k) => `  - 'P${k}-\\d+'`);
    const dir = tempWorkspace('incident-lens-patterns-', {
      '.incident-lens.yaml': `severities: [SEV1]\nidPatterns:\n${patterns.join('\n')}\n  - 'INC-\\d+(?:-\\d+)*'\n`,
      'incidents/INC-2024-001.yaml': RECORD,
      'src/a.ts': '// P63-1 is the last pattern used; P64-1 is not an id here\n// INC-2024-002 is not looked for either\n',
    });
    made.push(dir);
    const { code, stdout, stderr } = check(dir);
    assert.equal(code, 1, stderr);
    assert.match(stdout, /^\.incident-lens\.yaml:2:1: error: 201 id patterns are configured; only the first 64 are used/m);
    assert.match(stdout, /src\/a\.ts:1:4: warning: Unknown incident P63-1/);
    assert.doesNotMatch(stdout, /P64-1|INC-2024-002/);
  });

  it('reports globs too complex to match at the glob (record) and at the key (configuration), and finishes', () => {
    const bomb = `**/${'{*,*}'.repeat(10)}.zzz`;
    const dir = tempWorkspace('incident-lens-patterns-', {
      '.incident-lens.yaml': `exclude:\n  - vendor/**\n  - "${bomb}"\n`,
      'incidents/INC-2024-001.yaml': `${RECORD}code:\n  - glob: "${bomb}"\n  - glob: src/**\n`,
      'src/a.zzz': 'INC-2024-001\n',
      'src/b.ts': '// INC-2024-001\n',
      'vendor/c.ts': '// INC-2099-001\n',
    });
    made.push(dir);
    const { code, stdout, stderr } = check(dir);
    assert.equal(code, 1, stderr);
    assert.match(stdout, /^\.incident-lens\.yaml:1:1: error: exclude: the glob "\*\*\/\{\*,\*\}.*" has 20 wildcards .*; it is ignored\. \[config\]$/m);
    assert.match(stdout, /^incidents\/INC-2024-001\.yaml:6:11: error: `code\[0\]\.glob` has 20 wildcards .* \[complex-glob\]$/m);
    // The other globs still apply: vendor/ is excluded, so its unknown id is not reported.
    assert.doesNotMatch(stdout, /INC-2099-001/);
    const list = runCli(['list', dir, '--file', 'src/b.ts'], { timeout: 120_000 });
    assert.match(list.stdout, /INC-2024-001/);
  });
});
