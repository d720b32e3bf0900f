import * as assert from 'node:assert/strict';
import { applySettings, parseConfigFile } from '../../../server/src/core/config';
import { DEFAULT_OPTIONS } from '../../../server/src/core/model';
import { compileIdPatterns, MAX_ID_PATTERNS } from '../../../server/src/core/references';

describe('configuration', () => {
  it('reads every key over the defaults', () => {
    const { options, problems } = parseConfigFile(
      'records: [reviews/**]\nidPatterns: ["OPS-\\\\d+"]\nexclude: [third_party/**]\nmaxFileSize: 2048\nseverities: [low, high]\nblamelessLanguage: warning\nhindsightLanguage: off\n',
    );
    assert.deepEqual(problems, []);
    assert.deepEqual(options, {
      records: ['reviews/**'],
      idPatterns: ['OPS-\\d+'],
      exclude: ['third_party/**'],
      maxFileSize: 2048,
      severities: ['low', 'high'],
      blamelessLanguage: 'warning',
      hindsightLanguage: 'off',
    });
  });

  it('reports each bad key at its place and keeps the default for it', () => {
    const text = 'records: reviews\nmaxFileSize: -3\nidPatterns: ["(a+)+$"]\nblamelessLanguage: loud\ncolour: blue\nseverities: [SEV1]\n';
    const { options, problems } = parseConfigFile(text);
    assert.deepEqual(
      problems.map((p) => text.slice(p.span.start, p.span.end)),
      ['reviews', '-3', '["(a+)+$"]', 'loud', 'colour'],
    );
    assert.ok(problems.every((p) => p.code === 'config' && p.severity === 'error'));
    assert.deepEqual(options, { ...DEFAULT_OPTIONS, severities: ['SEV1'] });
  });

  it('uses at most MAX_ID_PATTERNS id patterns and reports the rest at the key', () => {
    const patterns = Array.from({ length: 1000 }, (_, k) => `P${k}-\\d+`);
    const text = `severities: [SEV1]\nidPatterns:\n${patterns.map((p) => `  - '${p}'`).join('\n')}\n`;
    const { options, problems } = parseConfigFile(text);
    assert.equal(problems.length, 1);
    assert.equal(text.slice(problems[0].span.start, problems[0].span.end), 'idPatterns');
    assert.match(problems[0].message, new RegExp(`1000 id patterns are configured; only the first ${MAX_ID_PATTERNS} are used`));
    assert.deepEqual(options.idPatterns, patterns.slice(0, MAX_ID_PATTERNS));
    // Editor settings and any other caller of the compiler meet the same bound, and are told.
    assert.equal(applySettings(DEFAULT_OPTIONS, { idPatterns: patterns }).errors.length, 1);
    const compiled = compileIdPatterns(patterns);
    assert.equal(compiled.matcher.patterns.length, MAX_ID_PATTERNS);
    assert.deepEqual(
      compiled.errors.map((e) => e.index),
      [MAX_ID_PATTERNS],
    );
  });

  it('survives malformed YAML and alias bombs with one clear problem', () => {
    const broken = parseConfigFile('records: [unclosed\n');
    assert.equal(broken.problems.length >= 1, true);
    assert.deepEqual(broken.options, DEFAULT_OPTIONS);
    const bomb = ['a: &a [x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 10; i++)
      bomb.push(
        `${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(9)
          .fill('*' + String.fromCharCode(96 + i))
          .join(', ')}]`,
      );
    const result = parseConfigFile(bomb.join('\n') + '\n');
    assert.equal(result.problems.length, 1);
    assert.deepEqual(result.options, DEFAULT_OPTIONS);
  });

  it('lets editor settings override the file and reports bad settings', () => {
    const { options, errors } = applySettings({ ...DEFAULT_OPTIONS, maxFileSize: 10 }, { maxFileSize: 99, severities: 'SEV1', records: [] });
    assert.equal(options.maxFileSize, 99);
    assert.deepEqual(options.records, DEFAULT_OPTIONS.records);
    assert.deepEqual(errors, ['incidentLens.severities: severities must be a non-empty list of strings; using the default.']);
  });
});
