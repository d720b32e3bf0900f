/**
 * The shape of a Markdown postmortem, read just far enough to map it: its title, its sections by
 * heading (ATX, setext, and the bold labels many templates use: `**Summary:** text`), and, inside
 * a section, its paragraphs, list items and pipe tables. Fenced code is opaque. Nothing here
 * interprets what a section means; headings.ts does.
 */

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

const ATX = /^ {0,3}(#{1,6})[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$/;
const ATX_EMPTY = /^ {0,3}(#{1,6})[ \t]*$/;
const FENCE = /^ {0,3}(`{3,}|~{3,})/;
/** `**Summary:** text`, `**Summary**: text`, `__Impact__` alone on its line. */
const BOLD_LABEL = /^ {0,3}(?:\*\*|__)([^*_\n]{1,60}?)(?::[ \t]*)?(?:\*\*|__)[ \t]*:?[ \t]*(.*)$/;

/** Removes inline emphasis, code ticks and link syntax: `[text](url)` → `text`. */
export function plainInline(text: string): string {
  return text
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/(\*\*|__)(.+?)\1/g, '$2')
    .replace(/(^|[\s(])[*_]([^*_\s][^*_]*?)[*_](?=[\s).,:;!?]|$)/g, '$1$2')
    .replace(/`([^`]*)`/g, '$1')
    .trim();
}

/**
 * Splits a Markdown body into its title, lead and sections. `isLabel` tells whether a bold label
 * names something worth a section (so `**Note:** ...` in a paragraph stays text).
 */
export function outline(body: string, isLabel: (label: string) => boolean): MarkdownOutline {
  const lines = body.split(/\r\n|\r|\n/);
  const result: MarkdownOutline = { lead: [], sections: [] };
  let current: string[] = result.lead;
  let fence: string | undefined;
  let sawHeading = false;
  const open = (heading: string, level: number, first?: string) => {
    const text = plainInline(heading).replace(/[ \t]*:$/, '');
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
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (fence !== undefined) {
      current.push(line);
      if (line.trimStart().startsWith(fence) && line.trim().replace(/[`~]/g, '') === '') fence = undefined;
      continue;
    }
    const fenceOpen = FENCE.exec(line);
    if (fenceOpen) {
      fence = fenceOpen[1];
      current.push(line);
      continue;
    }
    const atx = ATX.exec(line) ?? ATX_EMPTY.exec(line);
    if (atx) {
      open(atx[2] ?? '', atx[1].length);
      continue;
    }
    // Setext: a paragraph line underlined with === (level 1) or --- (level 2).
    const next = lines[i + 1];
    if (next !== undefined && line.trim() !== '' && /^ {0,3}(=+|-{2,})[ \t]*$/.test(next) && isSetextText(line, current)) {
      open(line.trim(), next.trim().startsWith('=') ? 1 : 2);
      i++;
      continue;
    }
    const label = BOLD_LABEL.exec(line);
    if (label && isLabel(plainInline(label[1]))) {
      open(label[1], 7, label[2].trim() === '' ? undefined : label[2]);
      continue;
    }
    current.push(line);
  }
  return result;
}

/** A line that can be setext heading text: not a list item, table row, quote or in a paragraph. */
function isSetextText(line: string, before: string[]): boolean {
  if (/^\s*([-*+]|\d+[.)])\s|^\s*\||^\s*>/.test(line)) return false;
  const previous = before[before.length - 1];
  return previous === undefined || previous.trim() === '';
}

const BULLET = /^(\s*)(?:[-*+]|\d{1,3}[.)])[ \t]+(?:\[([ xX])\][ \t]+)?(.*)$/;

/** Paragraphs, list items (nested items folded into their parent) and pipe tables of some lines. */
export function blocks(lines: string[]): Block[] {
  const out: Block[] = [];
  let paragraph: string[] = [];
  let item: { text: string[]; checked?: boolean; indent: number } | undefined;
  let fence: string | undefined;
  const flush = () => {
    if (paragraph.length) out.push({ kind: 'paragraph', text: paragraph.join(' ').trim() });
    paragraph = [];
    if (item) out.push({ kind: 'item', text: item.text.join(' ').trim(), ...(item.checked !== undefined ? { checked: item.checked } : {}) });
    item = undefined;
  };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (fence !== undefined) {
      if (line.trimStart().startsWith(fence)) fence = undefined;
      continue;
    }
    const fenceOpen = FENCE.exec(line);
    if (fenceOpen) {
      flush();
      fence = fenceOpen[1];
      continue;
    }
    if (line.trim() === '') {
      if (paragraph.length) flush();
      continue;
    }
    if (isTableRow(line) && isTableSeparator(lines[i + 1] ?? '')) {
      flush();
      const header = cells(line);
      const rows: string[][] = [];
      i += 2;
      while (i < lines.length && isTableRow(lines[i])) rows.push(cells(lines[i++]));
      i--;
      out.push({ kind: 'table', header, rows });
      continue;
    }
    const bullet = BULLET.exec(line);
    if (bullet) {
      const indent = bullet[1].length;
      if (item && indent > item.indent) {
        item.text.push(bullet[3]);
        continue;
      }
      flush();
      item = { text: [bullet[3]], indent, ...(bullet[2] !== undefined ? { checked: bullet[2] !== ' ' } : {}) };
      continue;
    }
    if (item) item.text.push(line.trim());
    else paragraph.push(line.trim());
  }
  flush();
  return out;
}

function isTableRow(line: string): boolean {
  return line.includes('|') && line.trim() !== '';
}

function isTableSeparator(line: string): boolean {
  return /^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$/.test(line) && line.includes('-');
}

function cells(line: string): string[] {
  let trimmed = line.trim();
  if (trimmed.startsWith('|')) trimmed = trimmed.slice(1);
  if (trimmed.endsWith('|') && !trimmed.endsWith('\\|')) trimmed = trimmed.slice(0, -1);
  return trimmed.split(/(?<!\\)\|/).map((cell) => cell.replace(/\\\|/g, '|').trim());
}

/** The text of some lines as Markdown, trimmed, with runs of blank lines kept to one. */
export function sectionText(lines: string[]): string {
  return lines
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
