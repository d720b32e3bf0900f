/**
 * Splits a Markdown file into its YAML front matter and body. Front matter in another language
 * (`---js`, `---json`, `---toml`, `+++`) is recognised only to be reported: it is never evaluated,
 * since some front-matter libraries run `---js` blocks as code.
 */

import type { Span } from '../model';

/** How a Markdown file starts, with offsets into the whole file text. */
export type FrontMatter =
  | { kind: 'none' }
  /** `yaml` is the text between the fences; `yamlStart` its offset; `body` follows the closing fence. */
  | { kind: 'yaml'; yaml: string; yamlStart: number; bodyStart: number; open: Span }
  /** The opening fence was found but no closing one (as while it is being typed). */
  | { kind: 'unclosed'; open: Span; yamlStart: number }
  /** Front matter in a language other than YAML; `language` is as written. */
  | { kind: 'foreign'; language: string; open: Span; languageSpan: Span };

/** End of the line starting at `from` (before `\r\n`, `\n` or `\r`) and the start of the next. */
function lineBounds(text: string, from: number): { end: number; next: number } {
  for (let i = from; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (ch === 10) return { end: i, next: i + 1 };
    if (ch === 13) return { end: i, next: text.charCodeAt(i + 1) === 10 ? i + 2 : i + 1 };
  }
  return { end: text.length, next: text.length };
}

/** Finds the front matter at the very top of `text` (after an optional BOM). */
export function splitFrontMatter(text: string): FrontMatter {
  const start = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const first = lineBounds(text, start);
  const line = text.slice(start, first.end);
  const open: Span = { start, end: first.end };
  if (!/^---[ \t]*(?:ya?ml)?[ \t]*$/i.test(line)) {
    if (/^\+\+\+[ \t]*$/.test(line)) {
      return { kind: 'foreign', language: 'toml', open, languageSpan: { start, end: start + 3 } };
    }
    const foreign = /^---[ \t]*([A-Za-z][\w-]*)[ \t]*$/.exec(line);
    if (!foreign) return { kind: 'none' };
    const langStart = start + line.indexOf(foreign[1], 3);
    return {
      kind: 'foreign',
      language: foreign[1],
      open,
      languageSpan: { start: langStart, end: langStart + foreign[1].length },
    };
  }
  for (let pos = first.next; pos < text.length;) {
    const bounds = lineBounds(text, pos);
    const candidate = text.slice(pos, bounds.end);
    // `...` is YAML's own end-of-document marker and some generators close front matter with it.
    if (/^(?:---|\.\.\.)[ \t]*$/.test(candidate)) {
      return { kind: 'yaml', yaml: text.slice(first.next, pos), yamlStart: first.next, bodyStart: bounds.next, open };
    }
    if (bounds.next === pos) break;
    pos = bounds.next;
  }
  return { kind: 'unclosed', open, yamlStart: first.next };
}
