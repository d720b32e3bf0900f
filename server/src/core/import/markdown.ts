/**
 * The shape of a Markdown postmortem, read just far enough to map it: its title, its sections by
 * heading (ATX, setext, and the bold labels many templates use: `**Summary:** text`), and, inside
 * a section, its paragraphs, list items and pipe tables. Fenced code is opaque. Nothing here
 * interprets what a section means; headings.ts does.
 *
 * markdown-it finds the blocks (one reading of fences, lists and tables, in time linear in the
 * text) and says which lines each one spans; nothing here matches Markdown with patterns.
 */
import MarkdownIt from 'markdown-it';

type Token = MarkdownIt.Token;

/** One heading and the lines under it, up to the next heading of any level. */
export interface Section {
  /** The heading as written, without `#`, emphasis or a trailing colon. */
  heading: string;
  /** 1-6 for real headings; 7 for a bold label, which sits under whatever heading precedes it. */
  level: number;
  lines: string[];
}

export interface MarkdownOutline {
  /** The first heading, when it is a level-1 heading (the usual title of a postmortem). */
  h1?: string;
  /** Lines before the first section heading (after the H1): where `Date:` lines usually stand. */
  lead: string[];
  sections: Section[];
}

/** A block inside a section. */
export type Block =
  { kind: 'paragraph'; text: string } | { kind: 'item'; text: string; checked?: boolean } | { kind: 'table'; header: string[]; rows: string[][] };

// Raw HTML stays text, as it was written; nothing is linked or made typographic.
const md = new MarkdownIt('default', { html: false, linkify: false, typographer: false });

/** Lines as markdown-it numbers them. */
function splitLines(text: string): string[] {
  return text.split(/\r\n|\r|\n/);
}

/** Removes inline emphasis, code ticks and link syntax: `[text](url)` → `text`. */
export function plainInline(text: string): string {
  let out = '';
  for (const token of md.parseInline(text, {})[0]?.children ?? []) {
    if (token.type === 'text' || token.type === 'code_inline' || token.type === 'image') out += token.content;
    else if (token.type === 'softbreak' || token.type === 'hardbreak') out += '\n';
  }
  return out.trim();
}

/** Where the links of some inline Markdown point, in order. */
export function linkedUrls(text: string): string[] {
  const children = md.parseInline(text, {})[0]?.children ?? [];
  return children.filter((token) => token.type === 'link_open').map((token) => token.attrGet('href') ?? '');
}

/** A block's text on one line: its lines trimmed and joined by spaces. */
function oneLine(content: string): string {
  return splitLines(content)
    .map((line) => line.trim())
    .join(' ')
    .trim();
}

/**
 * Splits a Markdown body into its title, lead and sections. `isLabel` tells whether a bold label
 * names something worth a section (so `**Note:** ...` in a paragraph stays text).
 */
export function outline(body: string, isLabel: (label: string) => boolean): MarkdownOutline {
  const lines = splitLines(body);
  const result: MarkdownOutline = { lead: [], sections: [] };
  let current: string[] = result.lead;
  // Lines before `placed` are in the lead or a section already.
  let placed = 0;
  const keepUntil = (line: number) => {
    for (; placed < line; placed++) current.push(lines[placed]);
  };
  let sawHeading = false;
  const open = (heading: string, level: number, first?: string) => {
    const plain = plainInline(heading);
    const text = plain.endsWith(':') ? plain.slice(0, -1).trimEnd() : plain;
    if (!sawHeading && level === 1 && result.h1 === undefined && result.sections.length === 0 && !isLabel(text)) {
      result.h1 = text;
      sawHeading = true;
      current = result.lead;
      return;
    }
    sawHeading = true;
    const section: Section = { heading: text, level, lines: first ? [first] : [] };
    result.sections.push(section);
    current = section.lines;
  };
  const tokens = md.parse(body, {});
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i];
    if (token.level !== 0 || !token.map) continue;
    if (token.type === 'heading_open') {
      keepUntil(token.map[0]);
      open(oneLine(tokens[i + 1].content), Number(token.tag.slice(1)));
      placed = token.map[1];
    } else if (token.type === 'paragraph_open') {
      for (let line = token.map[0]; line < token.map[1]; line++) {
        const label = boldLabel(lines[line]);
        if (!label || !isLabel(plainInline(label.label))) continue;
        keepUntil(line);
        open(label.label, 7, label.rest.trim() === '' ? undefined : label.rest);
        placed = line + 1;
      }
    }
  }
  keepUntil(lines.length);
  return result;
}

/**
 * `**Summary:** text`, `**Summary**: text`, `__Impact__` alone on its line: the label (1 to 60
 * characters, no `*` or `_`, its colon dropped) and the rest of the line.
 */
function boldLabel(line: string): { label: string; rest: string } | undefined {
  let at = 0;
  while (at < 3 && line[at] === ' ') at++;
  const opening = line.slice(at, at + 2);
  if (opening !== '**' && opening !== '__') return undefined;
  let end = at + 2;
  while (end < line.length && line[end] !== '*' && line[end] !== '_') end++;
  const closing = line.slice(end, end + 2);
  if (closing !== '**' && closing !== '__') return undefined;
  const inside = line.slice(at + 2, end);
  const colon = inside.trimEnd().endsWith(':') && inside.trimEnd().length > 1;
  const label = colon ? inside.trimEnd().slice(0, -1) : inside;
  if (label.length < 1 || label.length > 60) return undefined;
  let rest = line.slice(end + 2).trimStart();
  if (rest.startsWith(':')) rest = rest.slice(1).trimStart();
  return { label, rest };
}

/** Paragraphs, list items (nested items folded into their parent) and pipe tables of some lines. */
export function blocks(lines: string[]): Block[] {
  const tokens = md.parse(lines.join('\n'), {});
  const out: Block[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i];
    if (token.type === 'paragraph_open') out.push({ kind: 'paragraph', text: oneLine(tokens[i + 1].content) });
    else if (token.type === 'bullet_list_open' || token.type === 'ordered_list_open') i = listItems(tokens, i, out);
    else if (token.type === 'table_open') i = table(tokens, i, out);
  }
  return out;
}

/** The items of the list opening at `start`, each with the text of all it holds; returns the list's end. */
function listItems(tokens: Token[], start: number, out: Block[]): number {
  const level = tokens[start].level;
  let item: string[] | undefined;
  let i = start + 1;
  for (; i < tokens.length && tokens[i].level > level; i++) {
    const token = tokens[i];
    if (token.type === 'list_item_open' && token.level === level + 1) item = [];
    else if (token.type === 'inline') item?.push(oneLine(token.content));
    else if (token.type === 'list_item_close' && token.level === level + 1 && item) out.push(taskItem(item.join(' ').trim()));
  }
  return i;
}

/** An item, with its checkbox (`[ ]`, `[x]`) read off its start. */
function taskItem(text: string): Block {
  if (text[0] === '[' && text[2] === ']' && (text[3] === ' ' || text[3] === '\t') && ' xX'.includes(text[1])) {
    return { kind: 'item', text: text.slice(4).trim(), checked: text[1] !== ' ' };
  }
  return { kind: 'item', text };
}

/** The header and rows of the table opening at `start`; returns the table's end. */
function table(tokens: Token[], start: number, out: Block[]): number {
  const header: string[] = [];
  const rows: string[][] = [];
  let row: string[] = header;
  let i = start + 1;
  for (; i < tokens.length && tokens[i].type !== 'table_close'; i++) {
    const token = tokens[i];
    if (token.type === 'tr_open' && header.length > 0) rows.push((row = []));
    else if (token.type === 'inline') row.push(token.content.trim());
  }
  out.push({ kind: 'table', header, rows });
  return i;
}

/** The lines that are not fenced code: where prose written line by line (a timeline) can stand. */
export function proseLines(lines: string[]): string[] {
  const fenced = new Set<number>();
  for (const token of md.parse(lines.join('\n'), {})) {
    if (token.type === 'fence' && token.map) for (let line = token.map[0]; line < token.map[1]; line++) fenced.add(line);
  }
  return lines.filter((_, line) => !fenced.has(line));
}

/** The text of some lines as Markdown, trimmed, with runs of blank lines kept to one. */
export function sectionText(lines: string[]): string {
  return lines
    .filter((line, i) => !(line === '' && i > 0 && lines[i - 1] === ''))
    .join('\n')
    .trim();
}
