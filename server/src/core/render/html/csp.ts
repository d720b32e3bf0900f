/**
 * The one Content-Security-Policy of Incident Lens's HTML: the story and insights webviews in VS
 * Code and the story and insights pages the CLI writes. Nothing loads from anywhere (`default-src
 * 'none'`: no images, frames, connections; fonts only from the editor itself); a script runs only
 * under the page's nonce, so nothing in a record can become one. Built from our own pieces only: a
 * value that would change the policy's meaning (a quote, a separator, a keyword) never gets into it.
 */

export interface PolicyOptions {
  /** A fresh random value per page (base64 or base64url): what our own `<style>` and `<script>` carry, if any. */
  nonce?: string;
  /** The page runs our script (the webviews); a static page runs none. */
  script?: boolean;
  /**
   * `nonce`: only our nonce'd `<style>` applies. `inline`: style attributes apply too (the insights
   * charts colour their bars with them); a nonce would switch `'unsafe-inline'` off, so none is given.
   */
  styles: 'nonce' | 'inline';
  /**
   * VS Code's `webview.cspSource` (`'self' https://*.vscode-cdn.net` in VS Code and code-server
   * 1.100): the editor's own origin, allowed for the fonts it serves and nothing else.
   */
  webviewSource?: string;
}

/** What an editor webview adds to a page: its script (never record text) under a fresh nonce, VS Code's sources, the render's version. */
export interface WebviewFrame {
  nonce: string;
  script: string;
  cspSource: string;
  version: number;
}

export function contentSecurityPolicy(options: PolicyOptions): string {
  const nonce = options.nonce;
  if ((options.script || options.styles === 'nonce' || nonce !== undefined) && !/^[A-Za-z0-9+/=_-]{16,}$/.test(nonce ?? ''))
    throw new Error('a CSP nonce must be at least 16 base64 characters');
  const fonts = options.webviewSource === undefined ? [] : editorSources(options.webviewSource);
  return [
    "default-src 'none'",
    options.styles === 'nonce' ? `style-src 'nonce-${nonce}'` : "style-src 'unsafe-inline'",
    options.script ? `script-src 'nonce-${nonce}'` : '',
    fonts.length ? `font-src ${fonts.join(' ')}` : '',
    "img-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
  ]
    .filter(Boolean)
    .join('; ');
}

/** `'self'`, or a scheme with a host (a wildcard label allowed), optionally a port and a path. */
const EDITOR_SOURCE = /^(?:'self'|[a-z][a-z0-9+.-]*:\/\/(?:\*\.)?[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*(?::\d{1,5})?(?:\/[A-Za-z0-9._~%/-]*)?)$/;

/**
 * The source expressions of VS Code's `webview.cspSource` that name the editor's origin. It is a
 * list (VS Code 1.100 gives `'self' https://*.vscode-cdn.net`); anything else in it (a keyword, a
 * bare scheme or `*` that would admit any host, a separator) is left out rather than failing the
 * page: the view needs none of it, so the worst case is a font VS Code serves not loading.
 */
export function editorSources(cspSource: string): string[] {
  return cspSource
    .trim()
    .split(/\s+/)
    .filter((source) => EDITOR_SOURCE.test(source));
}
