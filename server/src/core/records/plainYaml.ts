/**
 * The fast path of record parsing. Composing a document with the `yaml` library (a node and its
 * exact range for every key and value, every error and warning) took about two thirds of the CPU
 * of parsing a record, yet nearly every record is the same plain block YAML: `key: value` lines,
 * `- ` lists, `|` and `>` blocks. This reads only that plain subset, line by line, and builds the
 * very node tree the library would build (the same values and the same ranges), so that every
 * check after it runs unchanged.
 *
 * Comments are read where the library keeps them out of every node, and lists of text on one
 * line (`tags: [a, b]`). It steps aside (returns undefined, and parse.ts reads the file the careful
 * way) at anything else, where it would have to know what the library reports or how it reads an
 * edge case: comment lines indented past the line after them, flow mappings and nested flow
 * collections, anchors, aliases, tags, directives and document markers, quoted scalars that span
 * lines or hold escapes, plain scalars that span lines, `+` chomping and indentation indicators, a
 * block scalar in a list, empty values, duplicate keys, keys that are not plain words, scalars
 * that read as anything but text or a plain whole number, tabs, CR and control characters,
 * whitespace-only lines, indentation that does not line up, and brackets the careful path would
 * count as nested too deep. Conflict markers and front matter fences are never lines of a mapping,
 * so they step aside too.
 *
 * parse.ts also steps aside whenever a record read this way has any problem at all, so every
 * problem is reported by the careful path. test/unit/records/plainYaml.test.ts compares the trees
 * and parse results of both paths; fastPathBenchTree.test.ts the parse results on the benchmark's
 * records and broken variants of them.
 */

import { Document, Pair, Scalar, YAMLMap, YAMLSeq, type Node } from 'yaml';
import { YAML_OPTIONS } from './yamlPart';
import { tooDeepFlowBracket } from './yamlTree';

/** Characters the subset leaves to the library: tabs, CR and other controls, line separators, BOM. */
const UNSUPPORTED_CHARACTER = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029\ufeff\ufffe\uffff]/;
/** A whitespace-only line (the library's reading of those depends on where they stand). */
const BLANK_WITH_SPACES = /^ +$/m;
/** A key the subset reads: a plain word, not too long for an implicit key. */
const KEY_LINE = /^([A-Za-z_][A-Za-z0-9_-]{0,99}):(?: +(.*))?$/;
/** The first character of a plain scalar the subset reads (no indicator, no quote). */
const PLAIN_START = /^[^-?:,[\]{}#&*!|>'"%@`\s]/;
/** A line holding only a comment. */
const COMMENT_LINE = /^ *#/;
/** A comment after a value on its line. */
const TRAILING_COMMENT = / +#/;
/** Deeper than any record; beyond it the careful path applies its own limits. */
const MAX_DEPTH = 12;

/** The core schema's tags that resolve a plain scalar to something other than text. */
let nonTextTags: Array<{ tag: string; format?: string; test: RegExp }> | undefined;

function resolvingTags(): Array<{ tag: string; format?: string; test: RegExp }> {
  nonTextTags ??= new Document(null, YAML_OPTIONS).schema.tags.flatMap((tag) =>
    (tag.default === true || tag.default === 'key') && tag.test ? [{ tag: tag.tag, format: tag.format, test: tag.test }] : [],
  );
  return nonTextTags;
}

/** Declines the file: it is read by the careful path. */
class Decline extends Error {}

function decline(): never {
  throw new Decline();
}

/** The value of a plain scalar as the core schema reads it: text, or a plain whole number; anything else declines. */
function plainValue(text: string): string | number {
  const tag = resolvingTags().find((t) => t.test.test(text));
  if (!tag) return text;
  if (tag.tag === 'tag:yaml.org,2002:int' && tag.format === undefined && /^[0-9]{1,15}$/.test(text)) return Number.parseInt(text, 10);
  return decline();
}

function scalar(value: string | number, type: Scalar.Type, start: number, valueEnd: number, nodeEnd: number): Scalar {
  const node = new Scalar(value);
  node.type = type;
  node.range = [start, valueEnd, nodeEnd];
  return node;
}

class Reader {
  private readonly lines: string[];
  private readonly starts: number[] = [];
  private line = 0;

  constructor(private readonly source: string) {
    this.lines = source.split('\n');
    let offset = 0;
    for (const text of this.lines) {
      this.starts.push(offset);
      offset += text.length + 1;
    }
  }

  /** The root mapping, which must start at column 0 and take the whole text. */
  root(): YAMLMap {
    // The library counts a comment line indented past the line after it into the node before it.
    let next = 0;
    for (let line = this.lines.length - 1; line >= 0; line--) {
      if (this.lines[line] === '') continue;
      const indent = this.indentOf(line);
      if (!COMMENT_LINE.test(this.lines[line])) next = indent;
      else if (indent > next) decline();
    }
    this.skipEmpty();
    if (this.line >= this.lines.length || this.indentOf(this.line) !== 0) decline();
    const map = this.mapping(0, 0);
    this.skipEmpty();
    if (this.line < this.lines.length) decline();
    return map;
  }

  private indentOf(line: number): number {
    const text = this.lines[line];
    let i = 0;
    while (text.charCodeAt(i) === 32) i++;
    return i;
  }

  /** Skips empty lines and comment lines (the library keeps comments apart from the nodes' values and ranges). */
  private skipEmpty(): void {
    while (this.line < this.lines.length && (this.lines[this.line] === '' || COMMENT_LINE.test(this.lines[this.line]))) this.line++;
  }

  /** Offset just past the line break of `line` (the end of the text on the last line). */
  private afterLine(line: number): number {
    return Math.min(this.starts[line] + this.lines[line].length + 1, this.source.length);
  }

  /** The next non-empty line's indentation, or -1 at the end; leaves `line` on it. */
  private nextIndent(): number {
    this.skipEmpty();
    return this.line < this.lines.length ? this.indentOf(this.line) : -1;
  }

  /** A block mapping whose first key is at `column` of the current line; later keys start lines at `column`. */
  private mapping(column: number, depth: number): YAMLMap {
    if (depth > MAX_DEPTH) decline();
    const map = new YAMLMap();
    const keys = new Set<string>();
    let first = true;
    for (;;) {
      if (!first) {
        const indent = this.nextIndent();
        if (indent < column) break;
        if (indent > column) decline();
      }
      const lineText = this.lines[this.line];
      const match = KEY_LINE.exec(lineText.slice(column));
      if (!match) decline();
      const key = match[1];
      if (keys.has(key) || resolvingTags().some((t) => t.test.test(key))) decline();
      keys.add(key);
      const keyStart = this.starts[this.line] + column;
      const keyNode = scalar(key, 'PLAIN', keyStart, keyStart + key.length, keyStart + key.length);
      const rest = match[2] ?? '';
      const valueColumn = column + lineText.slice(column).length - rest.length;
      const nested = rest === '' || rest.startsWith('#');
      map.items.push(new Pair(keyNode, nested ? this.nested(column, depth) : this.inline(valueColumn, column, true)));
      first = false;
    }
    return finishCollection(map, (map.items[0].key as Scalar).range?.[0] ?? 0);
  }

  /** A collection on the lines after a `key:` line at `column`; an empty value declines. */
  private nested(column: number, depth: number): Node {
    this.line++;
    const indent = this.nextIndent();
    // A list may start at the key's own column (`related:` then `- INC-1` below it).
    if (indent === column && this.lines[this.line].startsWith('- ', indent)) return this.sequence(indent, depth + 1, true);
    if (indent <= column) decline();
    const text = this.lines[this.line];
    if (text.startsWith('- ', indent)) return this.sequence(indent, depth + 1, false);
    return this.mapping(indent, depth + 1);
  }

  /** A block sequence whose `-` lines start at `column`; `atKeyColumn`: a mapping's next key may follow at that column. */
  private sequence(column: number, depth: number, atKeyColumn: boolean): YAMLSeq {
    if (depth > MAX_DEPTH) decline();
    const seq = new YAMLSeq();
    const start = this.starts[this.line] + column;
    for (;;) {
      const indent = this.nextIndent();
      if (indent < column) break;
      if (indent > column) decline();
      const text = this.lines[this.line];
      if (!text.startsWith('- ', column)) {
        if (atKeyColumn) break;
        decline();
      }
      let itemColumn = column + 2;
      while (text.charCodeAt(itemColumn) === 32) itemColumn++;
      const item = text.slice(itemColumn);
      if (KEY_LINE.test(item)) seq.items.push(this.mapping(itemColumn, depth + 1));
      else seq.items.push(this.inline(itemColumn, column, false));
    }
    return finishCollection(seq, start);
  }

  /**
   * A scalar starting at `column` of the current line: plain or quoted on this line alone, or (as
   * a mapping value) a block scalar; `parent` is the indentation of the mapping or list it is in.
   */
  private inline(column: number, parent: number, blockAllowed: boolean): Node {
    const lineText = this.lines[this.line];
    const start = this.starts[this.line] + column;
    const text = lineText.slice(column);
    const first = text.charCodeAt(0);
    let node: Node;
    if (first === 124 /* | */ || first === 62 /* > */) {
      if (!blockAllowed) decline();
      return this.blockScalar(column, parent);
    } else if (first === 91 /* [ */) {
      if (!blockAllowed) decline();
      node = this.flowSequence(text, start);
    } else if (first === 34 /* " */ || first === 39 /* ' */) {
      const close = text.indexOf(first === 34 ? '"' : "'", 1);
      // Escapes, a quote doubled inside, or anything but spaces and a comment after the closing quote: left to the library.
      if (close < 0 || (first === 34 && text.slice(0, close).includes('\\'))) decline();
      const after = text.slice(close + 1);
      if (!/^ *$|^ +#/.test(after)) decline();
      node = scalar(text.slice(1, close), first === 34 ? 'QUOTE_DOUBLE' : 'QUOTE_SINGLE', start, start + close + 1, this.afterLine(this.line));
    } else {
      const comment = TRAILING_COMMENT.exec(text);
      // Spaces only: the library keeps other white space, such as a no-break space, in the value.
      const value = (comment ? text.slice(0, comment.index) : text).replace(/ +$/, '');
      if (!PLAIN_START.test(value) || value.includes(': ') || value.endsWith(':')) decline();
      node = scalar(plainValue(value), 'PLAIN', start, start + value.length, this.afterLine(this.line));
    }
    this.line++;
    // A more indented line next would continue the scalar on it.
    if (this.nextIndent() > parent) decline();
    return node;
  }

  /**
   * A list on one line, `[a, "b", 'c']`, of plain or quoted text (`text` from its `[`, at `start`
   * in the source); nested collections, mappings (`[a: b]`), empty items and commas in quotes decline.
   */
  private flowSequence(text: string, start: number): YAMLSeq {
    const close = text.indexOf(']');
    if (close < 0 || !/^ *$|^ +#/.test(text.slice(close + 1))) decline();
    const inner = text.slice(1, close);
    if (/[[\]{}:#]/.test(inner)) decline();
    const seq = new YAMLSeq();
    seq.flow = true;
    let offset = start + 1;
    if (inner.trim() !== '') {
      for (const piece of inner.split(',')) {
        const lead = piece.length - piece.replace(/^ +/, '').length;
        const item = piece.slice(lead).replace(/ +$/, '');
        const itemStart = offset + lead;
        const end = itemStart + item.length;
        const q = item.charCodeAt(0);
        if (q === 34 /* " */ || q === 39 /* ' */) {
          const quote = item[0];
          if (item.length < 2 || !item.endsWith(quote) || item.slice(1, -1).includes(quote) || item.includes('\\')) decline();
          seq.items.push(scalar(item.slice(1, -1), q === 34 ? 'QUOTE_DOUBLE' : 'QUOTE_SINGLE', itemStart, end, offset + piece.length));
        } else {
          if (!PLAIN_START.test(item) || /["']/.test(item)) decline();
          seq.items.push(scalar(plainValue(item), 'PLAIN', itemStart, end, offset + piece.length));
        }
        offset += piece.length + 1;
      }
    }
    seq.range = [start, start + close + 1, this.afterLine(this.line)];
    return seq;
  }

  /** A `|`, `|-`, `>` or `>-` block scalar whose header is at `column`; its lines are indented past `parent`. */
  private blockScalar(column: number, parent: number): Scalar {
    const header = this.lines[this.line].slice(column);
    if (header !== '|' && header !== '|-' && header !== '>' && header !== '>-') decline();
    const start = this.starts[this.line] + column;
    this.line++;
    if (this.line >= this.lines.length || this.lines[this.line] === '') decline();
    const indent = this.indentOf(this.line);
    if (indent <= parent) decline();
    const content: string[] = [];
    let last = this.line;
    while (this.line < this.lines.length) {
      const text = this.lines[this.line];
      if (text !== '') {
        if (this.indentOf(this.line) < indent) break;
        last = this.line;
      }
      content.push(text.slice(indent));
      this.line++;
    }
    // The last content line needs its line break; a line between `parent` and the content's indentation is an error.
    if (last + 1 >= this.lines.length || (this.line < this.lines.length && this.indentOf(this.line) > parent)) decline();
    const lines = content.slice(0, last - (this.line - content.length) + 1);
    const folded = header.startsWith('>');
    let value = '';
    if (folded) {
      // Lines more indented than the first keep their line breaks when folded: left to the library.
      if (lines.some((l) => l.startsWith(' '))) decline();
      let emptyRun = 0;
      lines.forEach((l, i) => {
        if (l === '') {
          emptyRun++;
          return;
        }
        value += i === 0 ? l : emptyRun > 0 ? `${'\n'.repeat(emptyRun)}${l}` : ` ${l}`;
        emptyRun = 0;
      });
    } else {
      value = lines.join('\n');
    }
    if (!header.endsWith('-')) value += '\n';
    const end = this.afterLine(last);
    this.line = last + 1;
    return scalar(value, folded ? 'BLOCK_FOLDED' : 'BLOCK_LITERAL', start, end, end);
  }
}

/** A collection's range runs from `start` (its first key, or first `-`) to where its last item's node ends. */
function finishCollection<T extends YAMLMap | YAMLSeq>(collection: T, start: number): T {
  const last = collection.items[collection.items.length - 1] as Pair | Node;
  const end = ((last instanceof Pair ? last.value : last) as Node).range?.[2] ?? 0;
  collection.range = [start, end, end];
  return collection;
}

/**
 * The node tree of `source` as the `yaml` library composes it with {@link YAML_OPTIONS}, when the
 * source is a block mapping in the plain subset described above; undefined otherwise.
 */
export function readPlainYaml(source: string): YAMLMap | undefined {
  if (UNSUPPORTED_CHARACTER.test(source) || BLANK_WITH_SPACES.test(source)) return undefined;
  // The careful path counts brackets in plain text too, and reports nesting too deep for many unclosed ones.
  if (tooDeepFlowBracket(source) !== undefined) return undefined;
  try {
    return new Reader(source).root();
  } catch (error) {
    if (error instanceof Decline) return undefined;
    throw error;
  }
}
