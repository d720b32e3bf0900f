import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as nodePath from 'node:path';
import { runInThisContext } from 'node:vm';
import type { ValidateFunction } from 'ajv';
import { parse as parseYaml } from 'yaml';
import { compileRecordValidator } from '../../../server/src/core/records/recordValidator';
import { YAML_OPTIONS } from '../../../server/src/core/records/yamlPart';

const repo = nodePath.join(__dirname, '../../..');
const fromRepo = createRequire(nodePath.join(repo, 'package.json'));

/** The validator the bundles carry: scripts/recordValidator.cjs's build-time code, loaded as a module. */
function buildTimeValidator(): ValidateFunction {
  const { standaloneRecordValidator } = fromRepo('./scripts/recordValidator.cjs') as { standaloneRecordValidator: () => string };
  const module = { exports: {} as { compileRecordValidator?: () => ValidateFunction } };
  const load = runInThisContext(`(function (exports, require, module) {\n${standaloneRecordValidator()}\n})`) as (
    exports: object,
    require: NodeJS.Require,
    module: object,
  ) => void;
  load(module.exports, fromRepo, module);
  assert.ok(module.exports.compileRecordValidator, 'the build-time module exports compileRecordValidator');
  return module.exports.compileRecordValidator();
}

/** Every record-like YAML in the fixtures (Markdown: its front matter), as the record parser reads it. */
function fixtureData(): unknown[] {
  const found: unknown[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = nodePath.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (/\.(ya?ml|md)$/.test(entry.name)) {
        const text = readFileSync(full, 'utf8');
        const fm = /^---\r?\n([\s\S]*?)\r?\n---\r?\n/.exec(text);
        if (entry.name.endsWith('.md') && !fm) continue;
        try {
          found.push(parseYaml(fm ? fm[1] : text, { ...YAML_OPTIONS, maxAliasCount: 100, logLevel: 'silent' }));
        } catch {
          // Not YAML the library reads as a whole (a bomb, a tab): the record parser reports it.
        }
      }
    }
  };
  walk(nodePath.join(repo, 'test/fixtures'));
  return found;
}

/** A valid record, then the same with each field (and each nested one) broken in every way. */
function mutations(): unknown[] {
  const valid = {
    id: 'INC-2024-001',
    title: 'T',
    started: '2024-01-01',
    summary: 's',
    status: 'published',
    severity: 'SEV2',
    services: ['api'],
    timeline: [{ at: '2024-01-01T10:00:00Z', event: 'e', source: 'chat' }],
    contributing_factors: ['f'],
    difficulties: [{ kind: 'surprise', description: 'd' }],
    participants: [{ name: 'n', role: 'r', perspective: 'p' }],
    action_items: [{ description: 'd', owner: 'o', status: 'open', link: 'https://example.invalid' }],
    code: [{ path: 'src/a.ts', lines: '1-2', note: 'n' }, { glob: 'src/**' }],
    commits: ['abc1234'],
    related: ['INC-1'],
    links: [{ title: 't', url: 'https://example.invalid' }],
    tags: ['t'],
  };
  const wrong: unknown[] = [null, 0, 1.5, -1, true, '', 'x', 'not-a-date', [], [1], ['x'], {}, { a: 1 }, [{}], [{ bogus: 1 }]];
  const out: unknown[] = [valid, null, 'text', [valid], {}];
  const visit = (value: unknown, replace: (v: unknown) => unknown): void => {
    for (const w of wrong) out.push(replace(w));
    if (Array.isArray(value)) value.forEach((item, i) => visit(item, (v) => replace(value.map((x, j) => (j === i ? v : x)))));
    else if (value && typeof value === 'object') {
      const object = value as Record<string, unknown>;
      out.push(replace({ ...object, unknown_field: 1, contributing_factor: 'typo' }));
      for (const key of Object.keys(object)) {
        const { [key]: _dropped, ...rest } = object;
        out.push(replace(rest));
        visit(object[key], (v) => replace({ ...object, [key]: v }));
      }
    }
  };
  visit(valid, (v) => v);
  out.push({ ...valid, code: [{ path: 'a', glob: 'b' }] }, { ...valid, code: [{ note: 'only' }] }, { ...valid, code: [{ path: 'a', lines: 'x' }] });
  return out;
}

describe('the record validator compiled at build time', () => {
  it('reports exactly what the validator compiled at run time reports, on every fixture and every broken field', () => {
    const atRunTime = compileRecordValidator();
    const atBuildTime = buildTimeValidator();
    const corpus = [...fixtureData(), ...mutations()];
    assert.ok(corpus.length > 500, `a corpus of ${corpus.length} records`);
    let invalid = 0;
    for (const data of corpus) {
      const expected = atRunTime(data);
      // ajv sets a new array of errors on each call: this one stays as it is.
      const expectedErrors = atRunTime.errors ?? null;
      assert.equal(atBuildTime(data), expected, JSON.stringify(data));
      assert.deepEqual(atBuildTime.errors ?? null, expectedErrors, JSON.stringify(data));
      if (!expected) invalid++;
    }
    assert.ok(invalid > corpus.length / 2, `most of the corpus is invalid (${invalid} of ${corpus.length})`);
  });
});
