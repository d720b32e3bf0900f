/**
 * Turns a `yaml` document tree into plain data for validation, without the library's own `toJS`:
 * that one recurses without a depth limit and keeps the last of duplicate keys, while records need
 * a bounded walk (deep nesting, alias bombs) and the first key (duplicates are reported at the
 * second). The tree is kept so that any JSON pointer can be mapped back to a node and its range.
 */

import { isAlias, isMap, isScalar, isSeq, type Alias, type Node, type Pair, type YAMLMap } from 'yaml';
import type { Span } from '../model';

/** Deeper than any record needs (4 levels), shallow enough that recursion can never overflow. */
export const MAX_DEPTH = 64;
/** Values an alias may expand to, in total: ample for reuse, fatal to a "billion laughs". */
export const MAX_ALIAS_EXPANSION = 10_000;

/** A duplicate key: `span` of the repeated key, `first` of the one that is kept. */
export interface DuplicateKey {
  key: string;
  span: Span;
  first: Span;
}

/** Result of {@link toPlain}; spans are relative to the parsed source (not yet shifted). */
export interface PlainResult {
  value: unknown;
  duplicates: DuplicateKey[];
  /** Keys that are mappings or lists, which a record never uses and JSON cannot hold. */
  complexKeys: Span[];
  /** Set when nesting exceeded {@link MAX_DEPTH}: where it did. */
  tooDeep?: Span;
  /** Set when alias expansion exceeded {@link MAX_ALIAS_EXPANSION}: at the alias that did. */
  aliasBomb?: Span;
  /** The node each alias stands for, to map pointers through aliases. */
  aliases: Map<Alias, Node>;
}

/** The range of a node as a span: its value, without trailing comments. */
export function nodeSpan(node: Node | null | undefined): Span | undefined {
  const range = node?.range;
  return range ? { start: range[0], end: range[1] } : undefined;
}

/** A map key as the string a JSON pointer would use; undefined for mapping or list keys. */
export function keyString(key: unknown): string | undefined {
  if (isScalar(key)) return key.value === null ? '' : String(key.value);
  if (key === null || key === undefined) return '';
  return undefined;
}

/** Converts the tree under `root` to plain data, bounded in depth and alias expansion. */
export function toPlain(root: Node | null | undefined): PlainResult {
  const anchors = new Map<string, Node>();
  const result: PlainResult = { value: null, duplicates: [], complexKeys: [], aliases: new Map() };
  let expansion = 0;
  let expanding = 0;

  const convert = (node: unknown, depth: number): unknown => {
    if (result.tooDeep || result.aliasBomb) return null;
    if (!node || typeof node !== 'object') return null;
    if (depth > MAX_DEPTH) {
      result.tooDeep = nodeSpan(node as Node) ?? { start: 0, end: 0 };
      return null;
    }
    if (expanding > 0 && ++expansion > MAX_ALIAS_EXPANSION) {
      result.aliasBomb ??= { start: 0, end: 0 };
      return null;
    }
    let value: unknown;
    if (isAlias(node)) {
      const target = anchors.get(node.source);
      if (!target) return null;
      result.aliases.set(node, target);
      expanding++;
      value = convert(target, depth);
      expanding--;
      // Reported at the outermost alias: the one written in the record's own fields.
      if (result.aliasBomb && expanding === 0) result.aliasBomb = nodeSpan(node) ?? result.aliasBomb;
      return value;
    }
    if (isScalar(node)) {
      value = node.value;
    } else if (isMap(node)) {
      // A null prototype, so that a `__proto__` key stays data instead of changing the object.
      const out: Record<string, unknown> = Object.create(null);
      const firstKeys = new Map<string, Span>();
      for (const pair of node.items) {
        const key = keyString(pair.key);
        const keySpan = nodeSpan(pair.key as Node) ?? nodeSpan(node) ?? { start: 0, end: 0 };
        if (key === undefined) {
          result.complexKeys.push(keySpan);
          continue;
        }
        const first = firstKeys.get(key);
        if (first) {
          if (expanding === 0) result.duplicates.push({ key, span: keySpan, first });
          continue;
        }
        firstKeys.set(key, keySpan);
        out[key] = convert(pair.value, depth + 1);
      }
      value = out;
    } else if (isSeq(node)) {
      value = node.items.map((item) => convert(item, depth + 1));
    } else {
      value = null;
    }
    // Registered after the node's own content, so a self-referencing alias resolves to nothing.
    const anchor = (node as { anchor?: string }).anchor;
    if (anchor && expanding === 0) anchors.set(anchor, node as Node);
    return value;
  };

  result.value = convert(root, 0);
  return result;
}

/** A node reached by a pointer, with the map pair it is the value of (for the key's span). */
export interface Located {
  node: Node | null;
  pair?: Pair;
}

const pairIndexes = new WeakMap<YAMLMap, Map<string, Pair>>();

/**
 * The pairs of a mapping by key (the first of duplicates, as {@link toPlain} keeps), built once
 * per mapping: every problem locates its key, and a scan per lookup made a record with 32,000
 * unknown keys take 21 s.
 */
function pairsByKey(map: YAMLMap): Map<string, Pair> {
  let index = pairIndexes.get(map);
  if (!index) {
    index = new Map();
    for (const pair of map.items) {
      const key = keyString(pair.key);
      if (key !== undefined && !index.has(key)) index.set(key, pair);
    }
    pairIndexes.set(map, index);
  }
  return index;
}

/** Follows JSON pointer segments from `root`, through aliases; undefined when it leads nowhere. */
export function locate(root: Node | null | undefined, segments: ReadonlyArray<string | number>, aliases: Map<Alias, Node>): Located | undefined {
  let current: Located = { node: root ?? null };
  for (const segment of segments) {
    let node: unknown = current.node;
    if (isAlias(node)) node = aliases.get(node);
    if (isMap(node)) {
      const pair = pairsByKey(node).get(String(segment));
      if (!pair) return undefined;
      current = { node: (pair.value as Node | null) ?? null, pair };
    } else if (isSeq(node)) {
      const item = node.items[Number(segment)];
      if (item === undefined) return undefined;
      current = { node: (item as Node | null) ?? null };
    } else {
      return undefined;
    }
  }
  return current;
}

/**
 * Offset of the first `[` or `{` nested deeper than {@link MAX_DEPTH}, found by a linear scan.
 * Quotes are followed only inside flow collections (an apostrophe in block text is prose), and
 * a miscount can only undercount, which leaves the parser's own overflow handling as a backstop.
 */
export function tooDeepFlowBracket(source: string): number | undefined {
  let depth = 0;
  let quote = 0;
  for (let i = 0; i < source.length; i++) {
    const ch = source.charCodeAt(i);
    if (quote !== 0) {
      if (ch === 92 /* backslash */ && quote === 34) i++;
      else if (ch === quote) quote = 0;
      continue;
    }
    if (ch === 35 /* # */ && (i === 0 || /\s/.test(source[i - 1]))) {
      const lineEnd = source.indexOf('\n', i);
      if (lineEnd < 0) break;
      i = lineEnd;
    } else if (ch === 91 /* [ */ || ch === 123 /* { */) {
      if (++depth > MAX_DEPTH) return i;
    } else if (ch === 93 /* ] */ || ch === 125 /* } */) {
      if (depth > 0) depth--;
    } else if ((ch === 34 || ch === 39) && depth > 0) {
      quote = ch;
    }
  }
  return undefined;
}
