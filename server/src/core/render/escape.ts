/**
 * The one escaping module every renderer uses. Record text is untrusted: it comes from whoever
 * wrote the repository. Everything from a record goes through these helpers before it becomes
 * HTML, Markdown or terminal output, so that a title such as
 * `[x](command:workbench.action.terminal.new)` or `<img src=x onerror=alert(1)>` shows as text.
 * One function per target; none of them is a stand-in for another.
 */

// ---- plain text --------------------------------------------------------------------------------

/** Drops control characters (terminal escapes, bidi overrides) that could disguise text. */
export function stripControls(text: string): string {
  return text.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g, '');
}

/** Joins a text's lines with single spaces: a line break of its own would start a new line of output. */
export function oneLine(text: string): string {
  return text.replace(/\s*[\r\n]+\s*/g, ' ');
}

// ---- terminal and CI logs ------------------------------------------------------------------------

/** C0 and C1 controls, DEL, Unicode line separators, and the bidi controls that reorder what a reader sees. */
const TERMINAL_CONTROLS = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]/g;
const VISIBLE_CONTROLS: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t', '\u001b': '\\e' };

/**
 * One line of human-readable terminal or CI-log output. Every control character of `text` (line
 * breaks, carriage returns, escape sequences, bidi overrides) is shown as a visible escape (`\n`,
 * `\r`, `\e`, `\x07`, `\u{202E}`) instead of acting: a file name cannot start a line of its own
 * (GitHub Actions obeys a line that starts with `::error`), a title cannot return the cursor and
 * overwrite itself, and nothing is dropped that a reader would need to find the file.
 */
export function escapeTerminal(text: string): string {
  return text.replace(TERMINAL_CONTROLS, (ch) => {
    const code = ch.charCodeAt(0);
    return VISIBLE_CONTROLS[ch] ?? (code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u{${code.toString(16).toUpperCase()}}`);
  });
}

// ---- HTML -----------------------------------------------------------------------------------------

const HTML_ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text content of an HTML element: nothing in it can open a tag or an entity. */
export function escapeHtml(text: string): string {
  return stripControls(text).replace(/[&<>"']/g, (ch) => HTML_ENTITIES[ch]);
}

/**
 * A value inside a double- or single-quoted HTML attribute. The same characters as text (quotes
 * included), kept as its own function so a reader sees which context each value lands in; line
 * breaks become spaces, which no attribute of ours wants.
 */
export function escapeHtmlAttribute(text: string): string {
  return escapeHtml(text).replace(/[\r\n\t]+/g, ' ');
}

/**
 * A URL that may become a link: absolute `http:` or `https:` only, with no credentials, spaces or
 * control characters, given back in its normalised form. Anything else (`javascript:`,
 * `command:`, `file:`, `data:`, relative paths) is undefined: the caller shows it as text.
 */
export function safeHttpUrl(url: string): string | undefined {
  const trimmed = url.trim();
  if (!/^https?:\/\/[^\s<>"'`\\]+$/i.test(trimmed)) return undefined;
  let parsed: URL;
  try {
    parsed = new URL(trimmed);
  } catch {
    return undefined;
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return undefined;
  if (parsed.username || parsed.password || !parsed.hostname) return undefined;
  return parsed.href;
}

// ---- Markdown ---------------------------------------------------------------------------------------

/**
 * `@name` notifies people on GitHub, GitLab and chat: a zero-width space after the `@` keeps the
 * text readable and mentions nobody. An e-mail address (a word character before the `@`) is left.
 */
export function neutraliseMentions(text: string): string {
  return text.replace(/(^|[^\w@\u200b])@(?=[A-Za-z0-9_])/g, '$1@\u200b');
}

/**
 * Markdown that is posted (a pull-request comment, a job summary) is read by GitHub and GitLab,
 * which turn bare URLs, `www.` hosts, e-mail addresses and `#123` into links on their own. A
 * zero-width space keeps each readable and unlinked. Apply it to raw text, before escaping.
 */
export function neutraliseAutolinks(text: string): string {
  return text
    .replace(/@(?=[\w-])/g, '@\u200b')
    .replace(/([a-z][a-z0-9+.-]*):(?=\/\/)/gi, '$1:\u200b')
    .replace(/\b(www)\./gi, '$1\u200b.')
    .replace(/([#!])(?=\d)/g, '$1\u200b');
}

/** Escapes Markdown syntax and HTML so the text renders literally, on one line, mentioning nobody. */
export function escapeInline(text: string): string {
  return neutraliseMentions(
    oneLine(stripControls(text))
      // Everything that can start emphasis, code, a link, an image, a table cell or a heading.
      .replace(/[\\`*_{}[\]#|~]/g, (ch) => `\\${ch}`)
      // Line-start markers (lists, quotes) matter only where a line starts.
      .replace(/^(\s*)([-+>]|\d+[.)])/, (_, space: string, marker: string) => `${space}\\${marker}`)
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;'),
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
  const safe = safeHttpUrl(url);
  if (!safe) return `${label} (${escapeInline(url)})`;
  // encodeURIComponent leaves parentheses alone, and a `)` would end the Markdown link early.
  return `[${label}](${safe.replace(/\(/g, '%28').replace(/\)/g, '%29')})`;
}

/** Inside a code span nothing is interpreted, but a backtick would end it early. */
export function escapeCodeSpan(text: string): string {
  return stripControls(text)
    .replace(/`/g, "'")
    .replace(/[\r\n]+/g, ' ');
}
