import * as assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as nodePath from 'node:path';
import { parseRecordFile, type RecordContext } from '../../../server/src/core/records';
import { splitFrontMatter } from '../../../server/src/core/records/frontMatter';
import { readPlainYaml } from '../../../server/src/core/records/plainYaml';
import { generateWorkspace } from '../../../bench/tree/generate';

/**
 * Ways to break a record, each applied to the record text as a whole (YAML file or front matter):
 * every one must give the same problems, and the same record, on both paths.
 */
const BREAKS: Array<[string, (text: string) => string]> = [
  ['unknown field', (t) => t.replace(/^severity:/m, 'severty:')],
  ['missing title', (t) => t.replace(/^title:.*\n/m, '')],
  ['date that does not exist', (t) => t.replace(/^started: \d{4}/m, 'started: 2023-02-30T10:00:00Z #')],
  ['resolved before started', (t) => t.replace(/^resolved: .*$/m, 'resolved: 2000-01-01')],
  ['status not allowed', (t) => t.replace(/^status: .*$/m, 'status: closed')],
  ['blaming words', (t) => t.replace(/^impact: /m, 'impact: It was human error; the root cause was a careless operator who should have known. ')],
  ['duplicate key', (t) => t.replace(/^title: /m, 'title: Same again\ntitle: ')],
  ['anchor and alias', (t) => t.replace(/^title: (.*)$/m, 'title: &t $1\nimpact2: *t')],
  ['unsafe code path', (t) => t.replace(/^ {2}- path: .*$/m, '  - path: ../../etc/passwd')],
  ['id that is no incident id', (t) => t.replace(/^id: INC-/m, 'id: INC_')],
  ['conflict markers', (t) => t.replace(/^(title: .*\n)/m, '<<<<<<< HEAD\n$1=======\ntitle: Theirs\n>>>>>>> branch\n')],
  ['tab indentation', (t) => t.replace(/^ {2}- /m, '\t- ')],
  ['CRLF line endings', (t) => t.replace(/\n/g, '\r\n')],
  ['YAML 1.1 scalars', (t) => t.replace(/^title: .*$/m, 'title: on').replace(/^severity: .*$/m, 'severity: 017')],
  ['null value', (t) => t.replace(/^severity: .*$/m, 'severity:')],
  ['comments', (t) => t.replace(/^(title: .*)$/m, '# a comment line\n$1  # and a trailing one')],
  [
    'flow list',
    (t) =>
      t.replace(
        /^tags:\n((?: {2}- .*\n)+)/m,
        (_, items: string) =>
          `tags: [${items
            .trim()
            .split(/\n\s*- /)
            .join(', ')
            .replace(/^- /, '')}]\n`,
      ),
  ],
];

function recordFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = nodePath.join(dir, name);
    return statSync(full).isDirectory() ? recordFiles(full) : /\.(?:ya?ml|md)$/.test(name) ? [full] : [];
  });
}

describe('record parsing: the fast path against the careful path on the benchmark tree', function () {
  this.timeout(300_000);
  let dir: string;
  let tree: string;
  let files: string[];

  before(() => {
    dir = mkdtempSync(nodePath.join(tmpdir(), 'incident-lens-fastpath-'));
    // The benchmark's own generator (bench/tree/generate.ts), at a small size; few source files, as only records are parsed here.
    tree = generateWorkspace({ records: 240, files: 20, seed: 7, dir }).tree;
    files = [...recordFiles(nodePath.join(tree, 'incidents')), ...recordFiles(nodePath.join(tree, 'postmortems'))];
  });

  after(() => rmSync(dir, { recursive: true, force: true }));

  const contexts: Array<[string, RecordContext]> = [
    ['default settings', { severities: ['SEV1', 'SEV2', 'SEV3', 'SEV4', 'SEV5'], blamelessLanguage: 'hint', hindsightLanguage: 'hint' }],
    ['fewer severities, language checks as warnings', { severities: ['SEV1', 'SEV2'], blamelessLanguage: 'warning', hindsightLanguage: 'information' }],
  ];
  for (const [name, ctx] of contexts) {
    it(`gives every record file's full result, spans included, as the careful path does (${name})`, () => {
      assert.ok(files.length >= 240, `${files.length} record files`);
      for (const file of files) {
        const path = nodePath.relative(tree, file);
        const text = readFileSync(file, 'utf8');
        assert.deepEqual(parseRecordFile(path, text, ctx), parseRecordFile(path, text, ctx, { careful: true }), path);
      }
    });
  }

  it('takes the fast path for every record of the tree (they are plain block YAML)', () => {
    const declined = files.filter((file) => {
      const text = readFileSync(file, 'utf8');
      const fm = file.endsWith('.md') ? splitFrontMatter(text) : undefined;
      return !readPlainYaml(fm ? (fm.kind === 'yaml' ? fm.yaml : '') : text);
    });
    assert.deepEqual(declined, []);
  });

  it('gives the same result for every way of breaking a record', () => {
    const ctx = contexts[0][1];
    let withProblems = 0;
    files.forEach((file, i) => {
      const path = nodePath.relative(tree, file);
      const text = readFileSync(file, 'utf8');
      // Four breaks per file, in turn, so that every break meets YAML and Markdown records alike.
      for (let k = 0; k < 4; k++) {
        const [name, breakIt] = BREAKS[(i * 4 + k) % BREAKS.length];
        const broken = breakIt(text);
        const careful = parseRecordFile(path, broken, ctx, { careful: true });
        if (careful.problems.length > 0) withProblems++;
        assert.deepEqual(parseRecordFile(path, broken, ctx), careful, `${path}, ${name}`);
      }
    });
    assert.ok(withProblems > files.length, `only ${withProblems} broken variants had problems`);
  });
});
