/**
 * The story view: titled with the incident's id, in the one webview host (webviewHost.ts). It asks
 * the server for the story, draws it with the shared HTML renderer (server/src/core/render/html),
 * follows the record as it is edited, and opens what a link stood for (a file at its lines,
 * another story, an http(s) address through VS Code's own confirmation).
 */

import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { StoryRequest, type IncidentStory, type StoryParams, type StoryResult } from '../../../common/protocol';
import { safeHttpUrl } from '../../../server/src/core/render/escape';
import { renderStoryBody, renderStoryDocument, type StoryTarget } from '../../../server/src/core/render/story/html';
import { Debouncer } from '../debounce';
import { WebviewHost, type WebviewContent } from './webviewHost';

export const STORY_VIEW_TYPE = 'incidentLens.story';
/** Edits to a record come in keystrokes: one refresh per pause. */
const REFRESH_DELAY_MS = 300;

export class StoryPanel implements vscode.Disposable {
  private readonly host: WebviewHost<StoryTarget>;
  private story: IncidentStory | undefined;
  private readonly refresher = new Debouncer(() => void this.refresh());
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(
    private readonly client: LanguageClient,
    private readonly output: vscode.OutputChannel,
  ) {
    this.host = new WebviewHost(STORY_VIEW_TYPE, output, { open: (target) => this.open(target), onClosed: () => (this.story = undefined) });
    this.subscriptions.push(
      this.host,
      vscode.workspace.onDidChangeTextDocument((event) => {
        if (this.story?.recordUri && event.document.uri.toString() === vscode.Uri.parse(this.story.recordUri).toString()) this.scheduleRefresh();
      }),
    );
  }

  /** Shows the story of `id` (asking the server), in the one story panel. False when no record defines it. */
  async show(id: string, uri?: string): Promise<boolean> {
    const params: StoryParams = { id, uri };
    const story = await this.client.sendRequest(StoryRequest, params);
    if (!story) {
      void vscode.window.showWarningMessage(`No incident record in this workspace defines ${id}.`);
      return false;
    }
    this.story = story;
    this.host.show(storyContent(story));
    return true;
  }

  /** The record or the index changed: ask again, soon, once. */
  scheduleRefresh(): void {
    if (this.host.webviewPanel && this.story) this.refresher.schedule(REFRESH_DELAY_MS);
  }

  private async refresh(): Promise<void> {
    const id = this.story?.id;
    if (!this.host.webviewPanel || !id) return;
    let story: StoryResult;
    try {
      story = await this.client.sendRequest(StoryRequest, { id, uri: this.story?.recordUri });
    } catch (error) {
      this.output.appendLine(`[client] ${StoryRequest.method} failed: ${String(error)}`);
      return;
    }
    // The record may be mid-edit (its id half typed): keep showing the last good story.
    if (!story || story.id !== this.story?.id) return;
    this.story = story;
    this.host.update(storyContent(story));
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
    this.subscriptions.forEach((s) => s.dispose());
  }
}

/** The story as the host draws it: the same renderer as the CLI's page, in webview mode. */
function storyContent(story: IncidentStory): WebviewContent<StoryTarget> {
  return {
    title: story.id,
    key: JSON.stringify(story),
    render: (frame) => (frame ? renderStoryDocument(story, { mode: 'webview', ...frame }) : renderStoryBody(story, 'webview')),
  };
}
