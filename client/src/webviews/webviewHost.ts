/**
 * The one host of Incident Lens's webviews (the story and insights): one panel, reused; pages from
 * the pure renderers in server/src/core/render under the one Content-Security-Policy, with a fresh
 * nonce and the one script (webviewScript.ts). New content replaces the page's `<main>` in place
 * (the reader keeps scroll and focus); while the panel is hidden nothing is drawn, and the newest
 * content is drawn whole when it shows again. A click comes back as the index of a target the host
 * rendered, for the render it was made on; anything else from the page is ignored.
 */
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import type { WebviewFrame } from '../../../server/src/core/render/html/csp';
import { WEBVIEW_SCRIPT } from './webviewScript';

export interface WebviewContent<Target> {
  title: string;
  /** What the page shows, compared to skip drawing the same again. */
  key: string;
  /** The whole document in `frame`, or (no frame) only what goes inside its `<main>`. */
  render(frame?: WebviewFrame): { html: string; targets: Target[] };
}

export class WebviewHost<Target> implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private content: WebviewContent<Target> | undefined;
  private shownKey: string | undefined;
  private targets: Target[] = [];
  private version = 0;
  /** The version `webview.html` was drawn at: what VS Code shows again after the panel was hidden. */
  private pageVersion = 0;

  constructor(
    private readonly viewType: string,
    private readonly output: vscode.OutputChannel,
    /** `open` acts on the target a link stood for; `onClosed` hears that the user closed the panel. */
    private readonly user: { open(target: Target): Promise<unknown>; onClosed(): void },
  ) {}

  /** The panel, when open (the editor tests read it). */
  get webviewPanel(): vscode.WebviewPanel | undefined {
    return this.panel;
  }

  /** Draws `content` whole in the panel (opening it if needed) and brings it to the front. */
  show(content: WebviewContent<Target>): void {
    const opened = this.panel === undefined;
    const panel = this.ensurePanel(content.title);
    this.content = content;
    try {
      this.renderWhole(panel);
    } catch (error) {
      // No empty tab titled with nothing to read: the caller reports the error.
      if (opened) panel.dispose();
      throw error;
    }
    panel.reveal(panel.viewColumn ?? vscode.ViewColumn.Active);
  }

  /** Newer content for the open panel: in place while it shows, else drawn whole when it shows again. */
  update(content: WebviewContent<Target>): void {
    const panel = this.panel;
    if (!panel) return;
    this.content = content;
    if (!panel.visible || content.key === this.shownKey) return;
    const body = content.render();
    this.shownKey = content.key;
    this.targets = body.targets;
    this.version++;
    void panel.webview.postMessage({ type: 'update', html: body.html, version: this.version });
  }

  private ensurePanel(title: string): vscode.WebviewPanel {
    if (this.panel) return this.panel;
    const panel = vscode.window.createWebviewPanel(this.viewType, title, vscode.ViewColumn.Active, {
      enableScripts: true,
      enableCommandUris: false,
      enableForms: false,
      enableFindWidget: true,
      // Nothing is loaded from disk either: styles and the script are inline under the nonce.
      localResourceRoots: [],
    });
    panel.onDidDispose(() => {
      if (this.panel !== panel) return;
      this.panel = this.content = this.shownKey = undefined;
      this.targets = [];
      this.user.onClosed();
    });
    let wasVisible = true;
    panel.onDidChangeViewState(() => {
      const shownAgain = panel.visible && !wasVisible;
      wasVisible = panel.visible;
      if (!panel.visible) return;
      // A hidden panel's page is dropped and built again from `webview.html`, which in-place
      // updates did not change: shown again after one, the page is drawn whole.
      const pageCurrent = !shownAgain || this.version === this.pageVersion;
      if (pageCurrent && this.content?.key === this.shownKey) return;
      try {
        this.renderWhole(panel);
      } catch (error) {
        this.output.appendLine(`[client] ${this.viewType}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      }
    });
    panel.webview.onDidReceiveMessage((message: unknown) => this.onMessage(message as { type?: unknown; target?: unknown; version?: unknown }));
    this.panel = panel;
    return panel;
  }

  private renderWhole(panel: vscode.WebviewPanel): void {
    const content = this.content!;
    const version = this.version + 1;
    // A fresh nonce per page (base64url: always 24 characters, valid in a policy and an attribute).
    const page = content.render({ nonce: randomBytes(18).toString('base64url'), script: WEBVIEW_SCRIPT, cspSource: panel.webview.cspSource, version });
    this.version = version;
    this.pageVersion = version;
    this.shownKey = content.key;
    this.targets = page.targets;
    panel.title = content.title;
    panel.webview.html = page.html;
  }

  /** The page's one message, `{ type: 'open', target, version }` (webviewScript.ts). */
  private async onMessage(message: { type?: unknown; target?: unknown; version?: unknown }): Promise<void> {
    if (message?.type !== 'open' || message.version !== this.version || !Number.isInteger(message.target)) return;
    const target = this.targets[message.target as number];
    if (target === undefined) return;
    try {
      await this.user.open(target);
    } catch (error) {
      this.output.appendLine(`[client] ${this.viewType}: ${String(error)}`);
      void vscode.window.showErrorMessage(`Incident Lens: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  dispose(): void {
    this.panel?.dispose();
  }
}
