import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as nodePath from 'node:path';
import Ajv from 'ajv';
import { parse as parseYaml } from 'yaml';
import { RECORD_SCHEMA } from '../../../server/src/core/records';
import { fixture } from './helpers';

const schemaPath = nodePath.join(__dirname, '../../../incidents-schema/incident.schema.json');
const schema = JSON.parse(readFileSync(schemaPath, 'utf8')) as Record<string, unknown>;

/** What a YAML editor would validate: the record's data, front matter only for Markdown. */
function dataOf(text: string): unknown {
  const fm = /^---\r?\n([\s\S]*?)\r?\n---\r?\n/.exec(text);
  return parseYaml(fm ? fm[1] : text, { version: '1.2', schema: 'core' });
}

function walkSchemas(node: unknown, visit: (schema: Record<string, unknown>, where: string) => void, where = '#'): void {
  if (!node || typeof node !== 'object') return;
  const s = node as Record<string, unknown>;
  visit(s, where);
  for (const key of ['properties', 'definitions']) {
    const children = s[key] as Record<string, unknown> | undefined;
    for (const [name, child] of Object.entries(children ?? {})) walkSchemas(child, visit, `${where}/${key}/${name}`);
  }
  if (s.items) walkSchemas(s.items, visit, `${where}/items`);
}

describe('incidents-schema/incident.schema.json', () => {
  const ajv = new Ajv({ allErrors: true, strict: false });
  const validate = ajv.compile(schema);

  it('is a valid draft-07 schema that ajv compiles without network access', () => {
    assert.equal(ajv.validateSchema(schema), true, JSON.stringify(ajv.errors));
    assert.equal(schema.$schema, 'http://json-schema.org/draft-07/schema#');
    const text = readFileSync(schemaPath, 'utf8');
    const refs = [...text.matchAll(/"\$ref":\s*"([^"]*)"/g)].map((m) => m[1]);
    assert.ok(refs.length > 0);
    assert.ok(
      refs.every((ref) => ref.startsWith('#/')),
      refs.join(', '),
    );
  });

  it('is the schema the parser validates with', () => {
    assert.deepEqual(RECORD_SCHEMA, schema);
  });

  it('describes every field, for hovers in YAML editors', () => {
    const missing: string[] = [];
    walkSchemas(schema, (s, where) => {
      if (/\/properties\/[^/]+$/.test(where) && typeof s.description !== 'string') missing.push(where);
    });
    assert.deepEqual(missing, []);
    const fields = Object.keys(schema.properties as object);
    for (const field of [
      'id',
      'title',
      'status',
      'severity',
      'started',
      'detected',
      'mitigated',
      'resolved',
      'services',
      'summary',
      'narrative',
      'impact',
      'timeline',
      'contributing_factors',
      'difficulties',
      'learnings',
      'participants',
      'action_items',
      'code',
      'commits',
      'related',
      'links',
      'tags',
    ]) {
      assert.ok(fields.includes(field), field);
    }
    assert.deepEqual(schema.required, ['id', 'title', 'started', 'summary']);
  });

  it('accepts the valid fixtures', () => {
    for (const name of ['valid/INC-2024-017.yaml', 'valid/INC-2023-004.md']) {
      assert.equal(validate(dataOf(fixture(name))), true, `${name}: ${JSON.stringify(validate.errors)}`);
    }
  });

  it('rejects the broken fixture, with each kind of violation', () => {
    assert.equal(validate(dataOf(fixture('broken/schema-errors.yaml'))), false);
    const keywords = new Set((validate.errors ?? []).map((e) => e.keyword));
    for (const keyword of ['enum', 'pattern', 'additionalProperties', 'oneOf', 'type']) assert.ok(keywords.has(keyword), keyword);
  });

  const base = { id: 'INC-1', title: 't', started: '2024-03-05', summary: 's' };
  const cases: Array<[string, Record<string, unknown>, boolean]> = [
    ['date-time with offset', { started: '2024-03-05T14:02:00+01:00' }, true],
    ['date-time without seconds or zone', { started: '2024-03-05T14:02' }, true],
    ['space as separator', { started: '2024-03-05 14:02Z' }, true],
    ['month 13', { started: '2024-13-05' }, false],
    ['free text date', { started: 'March 5th' }, false],
    ['short commit', { commits: ['3f2a9c1'] }, true],
    ['six hex digits', { commits: ['3f2a9c'] }, false],
    ['41 hex digits', { commits: ['a'.repeat(41)] }, false],
    ['lines range', { code: [{ path: 'a', lines: '40-72' }] }, true],
    ['lines as a number', { code: [{ path: 'a', lines: 40 }] }, true],
    ['lines open range', { code: [{ path: 'a', lines: '40-' }] }, false],
    ['code with glob', { code: [{ glob: 'src/**' }] }, true],
    ['code with both', { code: [{ path: 'a', glob: 'b' }] }, false],
    ['code with neither', { code: [{ note: 'n' }] }, false],
    ['unknown status', { status: 'done' }, false],
    ['unknown timeline source', { timeline: [{ at: '2024-03-05', event: 'e', source: 'email' }] }, false],
    [
      'every timeline source',
      { timeline: ['log', 'chat', 'dashboard', 'deploy', 'page', 'interview', 'other'].map((source) => ({ at: '2024-03-05', event: 'e', source })) },
      true,
    ],
    ['unknown difficulty kind', { difficulties: [{ kind: 'fear', description: 'd' }] }, false],
    ['action item wont-do', { action_items: [{ description: 'd', status: 'wont-do' }] }, true],
    ['action item unknown status', { action_items: [{ description: 'd', status: 'closed' }] }, false],
    ['numeric id', { id: 42 }, false],
    ['typo field', { contributing_factor: ['x'] }, false],
  ];
  for (const [name, patch, valid] of cases) {
    it(`${valid ? 'accepts' : 'rejects'} ${name}`, () => {
      assert.equal(validate({ ...base, ...patch }), valid, JSON.stringify(validate.errors));
    });
  }
});
