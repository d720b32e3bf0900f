/**
 * Where in a record the cursor is, as a key path, for completion. Works on half-typed text: the
 * `yaml` library recovers a tree from incomplete input, and an empty value (`path: `) or list item
 * (`- `) still has a zero-width node at the cursor.
 */

import { isMap, isSeq, parseDocument, type Node } from 'yaml';
import { splitFrontMatter } from './frontMatter';
import { YAML_OPTIONS } from './yamlPart';
import { keyString, tooDeepFlowBracket } from './yamlTree';

/**
 * The key path at `offset` in a YAML record or a Markdown front matter, e.g. `['related', 2]` or
 * `['code', 0, 'path']`. On a key, the path ends with that key (as on its value); between entries
 * of a mapping it is the mapping's path (`[]` at the top level). Undefined outside the YAML: in a
 * Markdown body, or in a Markdown file without front matter.
 */
export function yamlPathAt(path: string, text: string, offset: number): Array<string | number> | undefined {
  let source = text;
  let base = 0;
  if (/\.(?:md|markdown)$/i.test(path)) {
    const fm = splitFrontMatter(text);
    if (fm.kind !== 'yaml' && fm.kind !== 'unclosed') return undefined;
    const end = fm.kind === 'yaml' ? fm.yamlStart + fm.yaml.length : text.length;
    if (offset < fm.yamlStart || offset > end) return undefined;
    source = text.slice(fm.yamlStart, end);
    base = fm.yamlStart;
  }
  if (offset < 0 || offset > text.length) return undefined;
  const at = offset - base;
  // As in parsing: text nested too deep is cut before the line that goes too deep.
  const deepBracket = tooDeepFlowBracket(source);
  if (deepBracket !== undefined) source = source.slice(0, source.lastIndexOf('\n', deepBracket) + 1);
  const doc = parseDocument(source, YAML_OPTIONS);
  const keyPath: Array<string | number> = [];
  let node = doc.contents as Node | null;
  // A loop rather than recursion: the text may be nested arbitrarily deep.
  for (;;) {
    if (isMap(node)) {
      let next: Node | null = null;
      for (const pair of node.items) {
        const key = keyString(pair.key);
        const keyRange = (pair.key as Node | null)?.range;
        if (key !== undefined && keyRange && at >= keyRange[0] && at <= keyRange[1]) return [...keyPath, key];
        const valueRange = (pair.value as Node | null)?.range;
        if (key !== undefined && valueRange && at >= valueRange[0] && at <= valueRange[1]) {
          keyPath.push(key);
          next = pair.value as Node;
          break;
        }
      }
      if (!next) return keyPath;
      node = next;
    } else if (isSeq(node)) {
      const items = node.items as Array<Node | null>;
      const index = items.findIndex((item) => item?.range && at >= item.range[0] && at <= item.range[1]);
      if (index < 0) {
        // Past the last item of a flow list being typed (`[INC-1, |`): the cursor starts a new one.
        const before = items.filter((item) => item?.range && item.range[0] < at).length;
        return [...keyPath, before];
      }
      keyPath.push(index);
      node = items[index];
    } else {
      return keyPath;
    }
  }
}
