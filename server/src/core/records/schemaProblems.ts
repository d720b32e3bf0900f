/**
 * Schema violations (ajv errors) as messages a record's author can act on, each at the key or
 * value it is about: "did you mean" for unknown fields, "quote it" for numbers that should be text,
 * one message for a failed `oneOf` instead of one per branch.
 */

import { isScalar } from 'yaml';
import type { ErrorObject } from 'ajv';
import { editDistance } from '../editDistance';
import { keySpanOf, mappingAnchorSpan, recordStartSpan, valueSpanOf, type Checker } from './checker';
import { nearestRecordDate } from './dates';
import { labelOf, segmentsOf } from './pointers';
import { locate, nodeSpan } from './yamlTree';

const TYPE_NAMES: Record<string, string> = {
  string: 'text',
  integer: 'a whole number',
  number: 'a number',
  array: 'a list',
  object: 'a mapping of fields',
  boolean: 'true or false',
};

/** The known field closest to a misspelt one, when it is close enough to be what was meant. */
function closestName(name: string, candidates: string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Math.max(2, Math.floor(name.length / 3)) + 1;
  for (const candidate of candidates) {
    // The distance is at least the difference in length: a long key needs no full computation.
    if (Math.abs(candidate.length - name.length) >= bestDistance) continue;
    const d = editDistance(name.toLowerCase(), candidate, bestDistance - 1);
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best;
}

function patternMessage(error: ErrorObject): string {
  if (error.schemaPath.includes('isoDate')) {
    return 'must be an ISO 8601 date (`2024-03-05`) or date-time (`2024-03-05T14:02:00Z`)';
  }
  if (error.instancePath.startsWith('/commits/')) return 'must be a commit hash of 7 to 40 hex digits';
  if (error.instancePath.endsWith('/lines')) return 'must be a line (`40`) or a range of lines (`"40-72"`)';
  return `must match \`${String((error.params as { pattern?: string }).pattern)}\``;
}

/**
 * Whether `schemaPath` lies in a branch of one of the failed `oneOf`s (given as `…/oneOf/`). Looked
 * up per `/oneOf/` in the path rather than by scanning every failed `oneOf` per error, which was
 * quadratic in a record with thousands of bad `code` entries.
 */
function underOneOf(schemaPath: string, oneOfPaths: ReadonlySet<string>): boolean {
  if (oneOfPaths.size === 0) return false;
  for (let at = schemaPath.indexOf('/oneOf/'); at >= 0; at = schemaPath.indexOf('/oneOf/', at + 1)) {
    if (oneOfPaths.has(schemaPath.slice(0, at + '/oneOf/'.length))) return true;
  }
  return false;
}

/** Reports each schema error at its place, and notes its pointer in `c.reported`. */
export function reportSchemaErrors(c: Checker, errors: ErrorObject[]): void {
  // With allErrors, a failed `oneOf` also reports each branch's own failures; its message covers them.
  const oneOfPaths = new Set(errors.filter((e) => e.keyword === 'oneOf').map((e) => `${e.schemaPath}/`));
  // A value of the wrong type also fails its enum or pattern; the type is the one thing to fix.
  const wrongType = new Set(errors.filter((e) => e.keyword === 'type').map((e) => e.instancePath));
  for (const error of errors) {
    if (underOneOf(error.schemaPath, oneOfPaths)) continue;
    if (error.keyword !== 'type' && wrongType.has(error.instancePath)) continue;
    const segments = segmentsOf(error.instancePath);
    const label = labelOf(segments);
    const params = error.params as Record<string, unknown>;
    c.reported.add(error.instancePath);
    switch (error.keyword) {
      case 'additionalProperties': {
        const key = String(params.additionalProperty);
        const known = Object.keys((error.parentSchema as { properties?: object } | undefined)?.properties ?? {});
        const suggestion = closestName(key, known);
        const where = segments.length === 0 ? '' : ` in \`${label}\``;
        c.report(
          keySpanOf(c, [...segments, key]) ?? recordStartSpan(c),
          'warning',
          'schema',
          `Unknown field \`${key}\`${where}${suggestion ? `: did you mean \`${suggestion}\`?` : ` (known fields: ${known.join(', ')})`}`,
          // The quick fix renames the key, unless the mapping already has the one it means.
          suggestion && !siblingKeys(c, segments).has(suggestion) ? [suggestion] : undefined,
        );
        break;
      }
      case 'required': {
        const where = segments.length === 0 ? '' : ` in \`${label}\``;
        c.report(mappingAnchorSpan(c, segments), 'error', 'schema', `Missing required field \`${String(params.missingProperty)}\`${where}.`);
        break;
      }
      case 'oneOf': {
        const both = Array.isArray(params.passingSchemas);
        const span = both ? keySpanOf(c, [...segments, 'glob']) : undefined;
        c.report(
          span ?? mappingAnchorSpan(c, segments),
          'error',
          'schema',
          both ? `\`${label}\` has both \`path\` and \`glob\`: use exactly one.` : `\`${label}\` needs a \`path\` (one file) or a \`glob\` (several files).`,
        );
        break;
      }
      case 'type': {
        if (segments.length === 0) {
          c.report(
            recordStartSpan(c),
            'error',
            'schema',
            c.part.plain.value === null
              ? 'The record is empty: it needs at least `id`, `title`, `started` and `summary`.'
              : 'A record must be a mapping of fields (`id: INC-42`, `title: ...`), not a list or a single value.',
          );
          break;
        }
        const expected = String(params.type)
          .split(',')
          .map((t) => TYPE_NAMES[t] ?? t)
          .join(' or ');
        const found = locate(c.root, segments, c.part.plain.aliases)?.node;
        const span = nodeSpan(found);
        const written = span ? c.text.slice(span.start + c.part.base, span.end + c.part.base) : '';
        // `commits: [1234567]` or `id: 2024` read as numbers: the fix is quoting, say so.
        const plainNumber = isScalar(found) && found.type === 'PLAIN' && typeof found.value === 'number';
        const hint = plainNumber && String(params.type).startsWith('string') ? ` (quote it: "${written}")` : '';
        c.report(valueSpanOf(c, segments) ?? recordStartSpan(c), 'error', 'schema', `\`${label}\` must be ${expected}${hint}.`);
        break;
      }
      case 'enum':
        c.report(
          valueSpanOf(c, segments) ?? recordStartSpan(c),
          'error',
          'schema',
          `\`${label}\` must be one of: ${(params.allowedValues as unknown[]).join(', ')}.`,
        );
        break;
      case 'pattern': {
        const nearest = error.schemaPath.includes('isoDate') && typeof error.data === 'string' ? nearestRecordDate(error.data) : undefined;
        c.report(valueSpanOf(c, segments) ?? recordStartSpan(c), 'error', 'schema', `\`${label}\` ${patternMessage(error)}.`, nearest ? [nearest] : undefined);
        break;
      }
      case 'minimum':
        c.report(valueSpanOf(c, segments) ?? recordStartSpan(c), 'error', 'schema', `\`${label}\` must be 1 or more.`);
        break;
      case 'minLength':
        c.report(valueSpanOf(c, segments) ?? recordStartSpan(c), 'error', 'schema', `\`${label}\` must not be empty.`);
        break;
      default:
        c.report(valueSpanOf(c, segments) ?? recordStartSpan(c), 'error', 'schema', `\`${label}\` ${error.message ?? 'is not valid'}.`);
    }
  }
}

/** The keys the mapping at `segments` has. */
function siblingKeys(c: Checker, segments: Array<string | number>): Set<string> {
  const found = segments.length === 0 ? { node: c.root } : locate(c.root, segments, c.part.plain.aliases);
  const items = (found?.node as { items?: Array<{ key?: unknown }> } | null | undefined)?.items ?? [];
  const keys = new Set<string>();
  for (const item of items) {
    const key = (item.key as { value?: unknown } | null | undefined)?.value;
    if (typeof key === 'string') keys.add(key);
  }
  return keys;
}
