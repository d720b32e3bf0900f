/**
 * Record text is untrusted: it comes from whoever wrote the repository. Everything from a record
 * goes through these helpers before it becomes Markdown, so that a title such as
 * `[x](command:workbench.action.terminal.new)` or `<img src=x onerror=alert(1)>` shows as text.
 */

/** Escapes Markdown syntax and HTML so the text renders literally, on one line. */
export function escapeInline(text: string): string {
  return (
    stripControls(text)
      .replace(/\s*[\r\n]+\s*/g, ' ')
      // Everything that can start emphasis, code, a link, an image, a table cell or a heading.
      .replace(/[\\`*_{}[\]#|~]/g, (ch) => `\\${ch}`)
      // Line-start markers (lists, quotes) matter only where a line starts.
      .replace(/^(\s*)([-+>]|\d+[.)])/, (_, space: string, marker: string) => `${space}\\${marker}`)
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
  );
}

/**
 * Escapes a multi-line text, keeping its paragraphs and line breaks but none of its Markdown:
 * narratives are prose, and a record has no business making links or HTML in a hover.
 */
export function escapeBlock(text: string): string {
  return stripControls(text)
    .split(/\r?\n/)
    .map((line) => escapeInline(line.trim()))
    .join('  \n')
    .replace(/( {2}\n){2,}/g, '\n\n');
}

/** A link only for plain web addresses; any other scheme (command:, javascript:, file:) stays text. */
export function safeLink(title: string, url: string): string {
  const label = escapeInline(title || url);
  if (!/^https?:\/\/[^\s<>()]+$/i.test(url)) return `${label} (${escapeInline(url)})`;
  return `[${label}](${url.replace(/[()]/g, encodeURIComponent)})`;
}

/** Drops control characters (terminal escapes, bidi overrides) that could disguise text. */
export function stripControls(text: string): string {
  return text.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g, '');
}
