import * as assert from 'node:assert/strict';
import picomatch from 'picomatch';
import { parseConfigFile } from '../../server/src/core/config';
import { compileGlob, MAX_SEGMENT_ALTERNATIVES } from '../../server/src/core/globs';
import { IncidentIndex } from '../../server/src/core/index/incidentIndex';
import { DEFAULT_OPTIONS } from '../../server/src/core/model';
import { compileIdPatterns } from '../../server/src/core/references';
import { cpuClock, describeDoubling, measureDoubling } from '../helpers/scaling';
import { only, parse } from './records/helpers';

/** `**\/{*,*}{*,*}….zzz` with `groups` brace groups: picomatch's regex doubles its work per group. */
const bomb = (groups: number) => `**/${'{*,*}'.repeat(groups)}.zzz`;

function accepted(source: string) {
  const glob = compileGlob(source);
  assert.notEqual(typeof glob, 'string', `${source}: ${String(glob)}`);
  return glob as Exclude<typeof glob, string>;
}

describe('globs from a repository', () => {
  it('answers as picomatch does for the globs people write', () => {
    const globs = [
      '**/*.ts',
      'src/**',
      'incidents/**',
      'src/**/*.{ts,tsx}',
      '**/__tests__/**/*.test.*',
      '*.md',
      '{src,lib}/**/*.js',
      'src/[a-z]*.ts',
      'a/?.ts',
      '**/@(x|y)/*.ts',
      '**/*.{spec,test}.{ts,tsx,js,jsx}',
      'src/*',
      '**',
      '*',
      '**/.github/**',
      '[!a]*.ts',
      'src/\\*.ts',
      '!src/**',
      './src/*.ts',
      'src/**/!(*.d).ts',
      '**/generated/**',
      'a/**/**/b',
      '*/**',
      'src/',
      'src/**/',
      'a**b',
      '**/*.+(ts|js)',
      'src//a.ts',
    ];
    const paths = ['src/a.ts', 'src/x/y.test.ts', 'a/.hidden/b.ts', 'src/a.d.ts', 'src', 'src/', 'src/x/', 'a/b', 'a/x/y/b', 'lib/z.js'];
    paths.push('src/__tests__/q.test.js', '.github/workflows/ci.yml', 'b.ts', 'a.ts', 'x/generated/', 'x/generated/a.ts', 'axxb', 'src/*.ts');
    for (const source of globs) {
      const ours = accepted(source);
      const theirs = picomatch(source, { dot: true });
      for (const path of paths) assert.equal(ours.test(path), theirs(path), `${source} on ${path}`);
    }
  });

  it('refuses globs that could take minutes on one path, saying why', () => {
    assert.match(String(compileGlob(bomb(10))), /20 wildcards in the path segment/);
    assert.match(String(compileGlob('*a*a*b')), /3 wildcards/);
    assert.match(String(compileGlob(`x.{${'a,'.repeat(MAX_SEGMENT_ALTERNATIVES)}b}`)), /alternatives/);
    assert.match(String(compileGlob('{a,b/c}/**')), /`\/` inside braces/);
    assert.match(String(compileGlob('a/'.repeat(600))), /longer than/);
    // Wildcards in different segments are matched one segment at a time: fine.
    assert.equal(accepted('*a*/*a*/*a*/*a*b').test('xa/ay/za/aab'), true);
  });

  it('matches in time linear in the path, where picomatch backtracks polynomially', async () => {
    // Each `*a*` segment could split a run of `a`s many ways; a backtracking regex retries them all.
    const glob = accepted('**/a/**/*a*/*a*b');
    const path = (segments: number) => `${'a/'.repeat(segments)}${'a'.repeat(200)}/${'a'.repeat(200)}`;
    assert.equal(glob.test(path(10)), false);
    const doubling = await measureDoubling(
      (segments) => {
        const text = path(segments);
        for (let k = 0; k < 100; k++) glob.test(text);
      },
      2000,
      5,
      cpuClock,
    );
    console.log(`      ${describeDoubling('100 matches on a 4,400-character path', doubling)}`);
    assert.ok(doubling.ratio < 3, describeDoubling('doubling the path', doubling));
  });

  it('reports a refused `code` glob at its value and ties no file through it', () => {
    const head = 'id: INC-1\ntitle: t\nstarted: 2024-03-05\nsummary: s\n';
    const text = `${head}code:\n  - glob: "${bomb(10)}"\n  - glob: src/**\n`;
    const { problems, record } = parse('incidents/INC-1.yaml', text);
    const problem = only(problems, 'complex-glob');
    assert.equal(text.slice(problem.span.start, problem.span.end), `"${bomb(10)}"`);
    assert.match(problem.message, /^`code\[0\]\.glob` has 20 wildcards/);
    const index = new IncidentIndex(DEFAULT_OPTIONS, compileIdPatterns(DEFAULT_OPTIONS.idPatterns).matcher);
    index.setFile('incidents/INC-1.yaml', text);
    assert.deepEqual(record?.code.length, 2);
    assert.deepEqual(
      index.incidentsTouching('x/y.zzz').map((tie) => tie.record.id),
      [],
    );
    assert.deepEqual(
      index.incidentsTouching('src/a.ts').map((tie) => tie.record.id),
      ['INC-1'],
    );
  });

  it('reports refused `records` and `exclude` globs at their key and keeps the others', () => {
    const text = `records: [incidents/**]\nexclude:\n  - vendor/**\n  - "${bomb(3)}"\n`;
    const { options, problems } = parseConfigFile(text);
    assert.equal(problems.length, 1);
    assert.equal(text.slice(problems[0].span.start, problems[0].span.end), 'exclude');
    assert.match(problems[0].message, /^exclude: the glob ".*" has 6 wildcards .*; it is ignored\.$/);
    assert.deepEqual(options.exclude, ['vendor/**']);
    const onlyBad = parseConfigFile(`records: ["${bomb(3)}"]\n`);
    assert.deepEqual(onlyBad.options.records, DEFAULT_OPTIONS.records);
  });
});
