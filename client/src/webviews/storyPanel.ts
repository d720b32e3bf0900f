/**
 * The story view: one webview panel, reused, titled with the incident's id. A thin host over the
 * shared HTML renderer (server/src/core/render/html): it asks the server for the story, renders
 * it with a fresh nonce under a strict Content-Security-Policy, and acts on clicks by the index of
 * a target it rendered itself (open a file at its lines, another story, an http(s) address through
 * VS Code's own confirmation). Command URIs are off; nothing remote loads.
 */

import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { StoryRequest, type IncidentStory, type StoryParams, type StoryResult } from '../../../common/protocol';
import { safeHttpUrl } from '../../../server/src/core/render/escape';
import { renderStoryBody, renderStoryDocument, type StoryTarget } from '../../../server/src/core/render/story/html';
import { Debouncer } from '../debounce';
import { STORY_SCRIPT } from './storyScript';
import { newNonce } from './webviewHost';

export const STORY_VIEW_TYPE = 'incidentLens.story';
/** Edits to a record come in keystrokes: one refresh per pause. */
const REFRESH_DELAY_MS = 300;

interface OpenMessage {
  type: 'open';
  target: number;
  version: number;
}

export class StoryPanel implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private story: IncidentStory | undefined;
  private targets: StoryTarget[] = [];
  private version = 0;
  /** A newer story arrived while the panel was hidden: render it when it shows again. */
  private stale = false;
  private readonly refresher = new Debouncer(() => void this.refresh());
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(
    private readonly client: LanguageClient,
    private readonly output: vscode.OutputChannel,
  ) {
    this.subscriptions.push(
      vscode.workspace.onDidChangeTextDocument((event) => {
        if (this.story?.recordUri && event.document.uri.toString() === vscode.Uri.parse(this.story.recordUri).toString()) this.scheduleRefresh();
      }),
    );
  }

  /** The id shown, if the panel is open (for tests and the command's default). */
  get currentId(): string | undefined {
    return this.panel ? this.story?.id : undefined;
  }

  /** The panel, when open (the editor tests read its HTML through it). */
  get webviewPanel(): vscode.WebviewPanel | undefined {
    return this.panel;
  }

  /** Shows the story of `id` (asking the server), in the one story panel. False when no record defines it. */
  async show(id: string, uri?: string): Promise<boolean> {
    const params: StoryParams = { id, uri };
    const story = await this.client.sendRequest(StoryRequest, params);
    if (!story) {
      void vscode.window.showWarningMessage(`No incident record in this workspace defines ${id}.`);
      return false;
    }
    const opened = this.panel === undefined;
    const panel = this.ensurePanel();
    this.story = story;
    try {
      this.renderWhole(panel);
    } catch (error) {
      // No empty tab titled with nothing to read: the command reports the error.
      if (opened) panel.dispose();
      throw error;
    }
    panel.reveal(panel.viewColumn ?? vscode.ViewColumn.Active);
    return true;
  }

  /** The record or the index changed: ask again, soon, once. */
  scheduleRefresh(): void {
    if (this.panel && this.story) this.refresher.schedule(REFRESH_DELAY_MS);
  }

  private async refresh(): Promise<void> {
    const panel = this.panel;
    const id = this.story?.id;
    if (!panel || !id) return;
    let story: StoryResult;
    try {
      story = await this.client.sendRequest(StoryRequest, { id, uri: this.story?.recordUri });
    } catch (error) {
      this.output.appendLine(`[client] ${StoryRequest.method} failed: ${String(error)}`);
      return;
    }
    // The record may be mid-edit (its id half typed): keep showing the last good story.
    if (!story || panel !== this.panel || story.id !== this.story?.id) return;
    this.story = story;
    if (!panel.visible) {
      this.stale = true;
      return;
    }
    // In place, so the reader's scroll position and focus stay where they were.
    const body = renderStoryBody(story, 'webview');
    this.targets = body.targets;
    this.version++;
    void panel.webview.postMessage({ type: 'update', html: body.html, version: this.version });
  }

  private ensurePanel(): vscode.WebviewPanel {
    if (this.panel) return this.panel;
    const panel = vscode.window.createWebviewPanel(STORY_VIEW_TYPE, 'Incident Story', vscode.ViewColumn.Active, {
      enableScripts: true,
      enableCommandUris: false,
      enableForms: false,
      enableFindWidget: true,
      // Nothing is loaded from disk either: styles and the script are inline under the nonce.
      localResourceRoots: [],
    });
    panel.onDidDispose(() => {
      if (this.panel === panel) {
        this.panel = undefined;
        this.story = undefined;
        this.targets = [];
      }
    });
    panel.onDidChangeViewState(() => {
      if (!panel.visible || !this.stale) return;
      try {
        this.renderWhole(panel);
      } catch (error) {
        this.output.appendLine(`[client] story view: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      }
    });
    panel.webview.onDidReceiveMessage((message: unknown) => this.onMessage(message as OpenMessage));
    this.panel = panel;
    return panel;
  }

  private renderWhole(panel: vscode.WebviewPanel): void {
    const story = this.story!;
    const version = this.version + 1;
    // The same policy builder as the insights view and the CLI's page, with VS Code's own source list.
    const page = renderStoryDocument(story, {
      mode: 'webview',
      nonce: newNonce(),
      script: STORY_SCRIPT,
      cspSource: panel.webview.cspSource,
      version,
    });
    this.version = version;
    this.stale = false;
    this.targets = page.targets;
    panel.title = story.id;
    panel.webview.html = page.html;
  }

  private async onMessage(message: OpenMessage): Promise<void> {
    if (message?.type !== 'open' || message.version !== this.version || !Number.isInteger(message.target)) return;
    const target = this.targets[message.target];
    if (!target) return;
    try {
      await this.open(target);
    } catch (error) {
      this.output.appendLine(`[client] story view: ${String(error)}`);
      void vscode.window.showErrorMessage(`Incident Lens: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  private async open(target: StoryTarget): Promise<void> {
    if (target.kind === 'story') {
      await this.show(target.id);
      return;
    }
    if (target.kind === 'external') {
      // Checked again here: only http(s) leaves the editor, and VS Code asks before it does.
      const url = safeHttpUrl(target.url);
      if (url) await vscode.env.openExternal(vscode.Uri.parse(url, true));
      return;
    }
    const uri = vscode.Uri.parse(target.uri, true);
    if (uri.scheme !== 'file' || !vscode.workspace.getWorkspaceFolder(uri)) return;
    const start = target.line ?? 0;
    const selection = new vscode.Range(start, 0, target.endLine ?? start, target.endLine !== undefined ? Number.MAX_SAFE_INTEGER : 0);
    // Beside the story, so the reader keeps the story in view.
    await vscode.window.showTextDocument(uri, { selection, viewColumn: vscode.ViewColumn.Beside, preview: true });
  }

  dispose(): void {
    this.refresher.dispose();
    this.panel?.dispose();
    this.subscriptions.forEach((s) => s.dispose());
  }
}
