/**
 * What the checks after parsing share: the file, its YAML tree, where to report, and where in the
 * file a place named by pointer segments is (its key, its value, or the record as a whole).
 */

import type { Node } from 'yaml';
import type { Span } from '../model';
import type { Segments } from './pointers';
import { shift, type Report, type YamlPart } from './yamlPart';
import { locate, nodeSpan } from './yamlTree';

export interface Checker {
  text: string;
  root: Node | null;
  part: YamlPart;
  report: Report;
  /** JSON pointers already reported by the schema, so later checks do not repeat them. */
  reported: Set<string>;
}

/** Span of the key at `segments` (`status` in `status: done`). */
export function keySpanOf(c: Checker, segments: Segments): Span | undefined {
  const found = locate(c.root, segments, c.part.plain.aliases);
  const span = nodeSpan(found?.pair?.key as Node | undefined);
  return span && shift(span, c.part.base);
}

/** Span of the value at `segments`; the key's span when the value is empty (`status:`). */
export function valueSpanOf(c: Checker, segments: Segments): Span | undefined {
  const found = locate(c.root, segments, c.part.plain.aliases);
  if (!found) return undefined;
  const span = nodeSpan(found.node);
  if (span && span.end > span.start) return shift(span, c.part.base);
  const key = nodeSpan(found.pair?.key as Node | undefined);
  return key ? shift(key, c.part.base) : span && shift(span, c.part.base);
}

/** Where a problem about the whole record goes: the start of its first line. */
export function recordStartSpan(c: Checker): Span {
  const span = nodeSpan(c.root);
  if (!span) return { start: c.part.base, end: c.part.base };
  const lineEnd = c.text.slice(span.start + c.part.base, span.end + c.part.base).search(/\r|\n/);
  return shift({ start: span.start, end: lineEnd < 0 ? span.end : span.start + lineEnd }, c.part.base);
}

/** Span of the first key of the mapping at `segments` (the `id` key for the record itself). */
export function mappingAnchorSpan(c: Checker, segments: Segments): Span {
  if (segments.length === 0) {
    const id = keySpanOf(c, ['id']);
    if (id) return id;
  }
  const found = locate(c.root, segments, c.part.plain.aliases);
  const node = found?.node as { items?: Array<{ key?: unknown }> } | null | undefined;
  const firstKey = nodeSpan(node?.items?.[0]?.key as Node | undefined);
  if (firstKey) return shift(firstKey, c.part.base);
  return valueSpanOf(c, segments) ?? recordStartSpan(c);
}
