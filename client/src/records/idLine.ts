/** Where a record defines its id, found in the record's text without parsing YAML. */

export interface TextPosition {
  line: number;
  character: number;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * The position of `id` in its `id:` line (YAML record or Markdown front matter). Falls back to the
 * first mention of the id, then to the top of the file, so opening a record never fails.
 */
export function findIdPosition(text: string, id: string): TextPosition {
  const lines = text.split(/\r\n|\r|\n/);
  const definition = new RegExp(`^(\\s*id\\s*:\\s*['"]?)${escapeRegExp(id)}(['"]?)\\s*(#.*)?$`);
  for (let line = 0; line < lines.length; line++) {
    const match = definition.exec(lines[line]);
    if (match) return { line, character: match[1].length };
  }
  const mention = new RegExp(`(^|[^\\w-])${escapeRegExp(id)}(?![\\w-])`);
  for (let line = 0; line < lines.length; line++) {
    const match = mention.exec(lines[line]);
    if (match) return { line, character: match.index + match[1].length };
  }
  return { line: 0, character: 0 };
}
