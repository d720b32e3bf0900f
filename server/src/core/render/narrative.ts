/**
 * A record's narrative is Markdown written by anyone with commit access: it is rendered by
 * markdown-it with raw HTML off, and every construct that could reach out or run something is
 * taken over here. Links become links only for http(s) addresses (through the caller, which
 * decides how a link opens); images never load (their alt text and address show as text);
 * headings move down two levels so a narrative's `#` does not compete with the page's own.
 */
import MarkdownIt from 'markdown-it';
import { escapeHtml, safeHttpUrl } from './escape';

type Token = MarkdownIt.Token;

/**
 * What the page does with a safe link: the attributes of its `<a>` (already escaped), e.g. an
 * `href` in a static page, or a `data-target` the webview's script posts back to the extension.
 */
export type LinkAttributes = (url: string) => string;

interface RenderEnv {
  linkAttributes: LinkAttributes;
  /** For each open link, whether it became an `<a>` (its close must match). */
  openLinks: boolean[];
}

const md = new MarkdownIt('default', { html: false, linkify: false, typographer: false, breaks: false });
// markdown-it keeps `javascript:`, `vbscript:`, `file:` and `data:` out already; `command:` and
// every other scheme are refused at render time below, where the URL is known.

md.renderer.rules.link_open = (tokens, idx, _options, env: RenderEnv) => {
  const href = tokens[idx].attrGet('href') ?? '';
  const safe = safeHttpUrl(href);
  env.openLinks.push(safe !== undefined);
  if (safe === undefined) return `<span class="unsafe-link" title="${escapeHtml(`Not a web address, not opened: ${href}`)}">`;
  return `<a ${env.linkAttributes(safe)}>`;
};

md.renderer.rules.link_close = (_tokens, _idx, _options, env: RenderEnv) => {
  const wasLink = env.openLinks.pop();
  return wasLink ? '</a>' : '</span>';
};

md.renderer.rules.image = (tokens, idx) => {
  const token = tokens[idx];
  const alt = plainText(token.children ?? []);
  const src = token.attrGet('src') ?? '';
  // Nothing loads: an image in a record could beacon out to whoever wrote its address.
  return `<span class="image-placeholder">[image${alt ? `: ${escapeHtml(alt)}` : ''}] <code>${escapeHtml(src)}</code></span>`;
};

const headingOpen = md.renderer.rules.heading_open;
md.renderer.rules.heading_open = (tokens, idx, options, env, self) => {
  shiftHeading(tokens[idx]);
  return headingOpen ? headingOpen(tokens, idx, options, env, self) : self.renderToken(tokens, idx, options);
};
md.renderer.rules.heading_close = (tokens, idx, options, _env, self) => {
  shiftHeading(tokens[idx]);
  return self.renderToken(tokens, idx, options);
};

function shiftHeading(token: Token): void {
  const level = Number(token.tag.slice(1));
  if (level >= 1 && level <= 6) token.tag = `h${Math.min(6, level + 2)}`;
}

/** The narrative as HTML: no raw HTML, no image loads, links only where `linkAttributes` puts them. */
export function renderNarrativeHtml(markdown: string, linkAttributes: LinkAttributes): string {
  const env: RenderEnv = { linkAttributes, openLinks: [] };
  return md.render(markdown, env);
}

/**
 * The first paragraph of a narrative as plain text (no Markdown left), cut at a word boundary
 * near `limit` characters. Headings before it are skipped: they name the story, they do not tell
 * it. Empty when the narrative has no paragraph.
 */
export function firstParagraphText(markdown: string, limit: number): string {
  const tokens = md.parse(markdown, {});
  for (let i = 0; i < tokens.length; i++) {
    if (tokens[i].type !== 'paragraph_open' || tokens[i].level !== 0) continue;
    const text = plainText(tokens[i + 1]?.children ?? [])
      .replace(/\s+/g, ' ')
      .trim();
    if (text) return cut(text, limit);
  }
  return '';
}

function plainText(children: Token[]): string {
  return children
    .map((child) => {
      if (child.type === 'text' || child.type === 'code_inline') return child.content;
      if (child.type === 'softbreak' || child.type === 'hardbreak') return ' ';
      if (child.type === 'image') return plainText(child.children ?? []);
      return '';
    })
    .join('');
}

function cut(text: string, limit: number): string {
  if (text.length <= limit) return text;
  const slice = text.slice(0, limit);
  const space = slice.lastIndexOf(' ');
  return `${(space > limit * 0.6 ? slice.slice(0, space) : slice).trimEnd()}…`;
}
