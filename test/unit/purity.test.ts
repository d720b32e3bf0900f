import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';

/** The core must stay pure: it is shared by the server, the CLI and any other editor. */
const FORBIDDEN = /^(node:)?(fs|fs\/promises|child_process|net|http|https|worker_threads)$|^vscode(-languageserver.*|-languageclient.*)?$|^simple-git$/;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? sourceFiles(full) : full.endsWith('.ts') ? [full] : [];
  });
}

describe('the pure core', () => {
  const core = path.join(__dirname, '../../server/src/core');

  it('imports nothing from the editor, the file system, processes or git', () => {
    const offenders: string[] = [];
    for (const file of sourceFiles(core)) {
      const text = readFileSync(file, 'utf8');
      for (const match of text.matchAll(/(?:from\s+|import\s*\(\s*|require\s*\(\s*|import\s+)['"]([^'"]+)['"]/g)) {
        if (FORBIDDEN.test(match[1])) offenders.push(`${path.relative(core, file)} imports ${match[1]}`);
      }
    }
    assert.deepEqual(offenders, []);
  });

  it('is checked by a rule that would catch an offender', () => {
    assert.ok(
      FORBIDDEN.test('fs') &&
        FORBIDDEN.test('node:fs') &&
        FORBIDDEN.test('vscode') &&
        FORBIDDEN.test('vscode-languageserver/node') &&
        FORBIDDEN.test('simple-git'),
    );
    assert.ok(!FORBIDDEN.test('yaml') && !FORBIDDEN.test('./model'));
  });
});
