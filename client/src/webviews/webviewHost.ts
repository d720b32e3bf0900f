/**
 * What every Incident Lens webview shares: a strict Content-Security-Policy (nothing remote; only
 * our own script, by nonce; record text can add no script, style sheet, image or frame) and the
 * one small script that turns clicks on `data-incident` / `data-file` elements of the pure HTML
 * renderers into messages for the extension. The pages themselves come from server/src/core/render.
 */
import { randomBytes } from 'node:crypto';
import type * as vscode from 'vscode';
import { contentSecurityPolicy } from '../../../server/src/core/render/html/csp';

/** A message the page posts when the user activates a link. */
export type WebviewClick = { type: 'incident'; id: string } | { type: 'file'; path: string; line?: number } | { type: 'external'; url: string };

/** A fresh nonce per page (base64url: always 24 characters, valid in a policy and an attribute). */
export function newNonce(): string {
  return randomBytes(18).toString('base64url');
}

/**
 * A webview's policy, from the one builder every Incident Lens page uses (core/render/html/csp.ts;
 * the story's document renderer calls it with the same `webview.cspSource`): nothing remote, our
 * script by nonce. Insights needs `styles: 'inline'` (its charts colour with style attributes).
 */
export function webviewCsp(webview: vscode.Webview, nonce: string, styles: 'nonce' | 'inline'): string {
  return contentSecurityPolicy({ nonce, script: true, styles, webviewSource: webview.cspSource });
}

/**
 * The page's only script: clicks and Enter on marked elements become messages, every other link
 * is inert (no navigation inside the webview). It reads data attributes, never record text as code.
 */
export function clickScript(nonce: string): string {
  return `<script nonce="${nonce}">
(function () {
  const vscode = acquireVsCodeApi();
  const state = vscode.getState() || {};
  if (typeof state.scrollY === 'number') window.scrollTo(0, state.scrollY);
  let pending;
  window.addEventListener('scroll', () => {
    clearTimeout(pending);
    pending = setTimeout(() => vscode.setState({ scrollY: window.scrollY }), 100);
  });
  function activate(event) {
    const target = event.target instanceof Element ? event.target.closest('[data-incident], [data-file], a[href]') : null;
    if (!target) return;
    event.preventDefault();
    if (target.hasAttribute('data-incident')) vscode.postMessage({ type: 'incident', id: target.getAttribute('data-incident') });
    else if (target.hasAttribute('data-file')) {
      const line = Number(target.getAttribute('data-line'));
      vscode.postMessage({ type: 'file', path: target.getAttribute('data-file'), line: Number.isFinite(line) && line > 0 ? line : undefined });
    } else if (/^https?:/i.test(target.getAttribute('href') || '')) vscode.postMessage({ type: 'external', url: target.getAttribute('href') });
  }
  document.addEventListener('click', activate);
  document.addEventListener('keydown', (event) => { if (event.key === 'Enter') activate(event); });
})();
</script>`;
}

/** A message from a page, checked field by field: a webview is a boundary like any other. */
export function parseClick(message: unknown): WebviewClick | undefined {
  if (typeof message !== 'object' || message === null) return undefined;
  const m = message as Record<string, unknown>;
  if (m.type === 'incident' && typeof m.id === 'string' && m.id.length <= 200) return { type: 'incident', id: m.id };
  if (m.type === 'file' && typeof m.path === 'string' && m.path.length <= 4096) {
    return { type: 'file', path: m.path, line: typeof m.line === 'number' && Number.isInteger(m.line) && m.line > 0 ? m.line : undefined };
  }
  if (m.type === 'external' && typeof m.url === 'string' && /^https?:\/\//i.test(m.url)) return { type: 'external', url: m.url };
  return undefined;
}
