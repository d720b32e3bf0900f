import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as nodePath from 'node:path';
import type { Problem, ProblemCode } from '../../../server/src/core/model';
import { parseRecordFile, type ParsedRecordFile, type RecordContext } from '../../../server/src/core/records';

export const CTX: RecordContext = { severities: ['SEV1', 'SEV2', 'SEV3', 'SEV4', 'SEV5'], blamelessLanguage: 'hint', hindsightLanguage: 'off' };

export function fixture(relative: string): string {
  return readFileSync(nodePath.join(__dirname, '../../fixtures/records', relative), 'utf8');
}

export function parse(path: string, text: string, ctx: RecordContext = CTX): ParsedRecordFile {
  return parseRecordFile(path, text, ctx);
}

/** Problems as `code: covered text`, the form most assertions compare. */
export function summarize(text: string, problems: Problem[]): string[] {
  return problems.map((p) => `${p.code}: ${text.slice(p.span.start, p.span.end)}`);
}

/** The one problem with `code`, failing when there is none or several. */
export function only(problems: Problem[], code: ProblemCode): Problem {
  const found = problems.filter((p) => p.code === code);
  assert.equal(found.length, 1, `expected one ${code}, got ${JSON.stringify(problems, null, 1)}`);
  return found[0];
}
