/**
 * The incidents tied to the active editor's file, fetched once and shared by the This File view
 * and the status bar item, so switching editors costs one request, not one per consumer.
 */

import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import {
  FileIncidentsRequest,
  StoryRequest,
  type FileIncidentsParams,
  type FileIncidentsResult,
  type IncidentStory,
  type StoryParams,
} from '../../common/protocol';
import { Debouncer } from './debounce';

export interface ActiveFileState {
  /** The file the incidents are about; undefined when no file editor is active. */
  uri: vscode.Uri | undefined;
  incidents: FileIncidentsResult;
  /** When the file is an incident record: its story (where it is cited, related incidents). */
  record?: IncidentStory;
}

/** A record's own id: a top-level `id:` line of a YAML record or of Markdown front matter. */
const ID_LINE = /^id:[ \t]*["']?([^\s"'#]+)/m;

/** Short enough to feel immediate, long enough to skip editors flipped through with Ctrl+Tab. */
const EDITOR_SWITCH_DELAY_MS = 60;

/** How long typing must pause before the This File view and the status bar ask again. */
const TYPING_DELAY_MS = 400;

export class ActiveFileIncidents implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<ActiveFileState>();
  readonly onDidChange = this.changed.event;
  private current: ActiveFileState = { uri: undefined, incidents: [] };
  private readonly debouncer = new Debouncer(() => void this.refreshNow());
  /** Bumped per request, so a slow answer for a previous editor never overwrites a newer one. */
  private generation = 0;
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(
    private readonly client: LanguageClient,
    private readonly output: vscode.OutputChannel,
  ) {
    this.subscriptions.push(
      this.changed,
      vscode.window.onDidChangeActiveTextEditor(() => this.scheduleRefresh(EDITOR_SWITCH_DELAY_MS)),
      vscode.workspace.onDidSaveTextDocument((document) => {
        if (document.uri.toString() === this.activeFileUri()?.toString()) this.scheduleRefresh(0);
      }),
      // Typing moves references to other lines before anything is saved: follow the buffer,
      // once the typing pauses.
      vscode.workspace.onDidChangeTextDocument((event) => {
        if (event.contentChanges.length > 0 && event.document.uri.toString() === this.activeFileUri()?.toString()) {
          this.scheduleRefresh(TYPING_DELAY_MS);
        }
      }),
    );
  }

  get state(): ActiveFileState {
    return this.current;
  }

  scheduleRefresh(delayMs: number): void {
    this.debouncer.schedule(delayMs);
  }

  /** Asks the server now; resolves once the state (and its listeners) are up to date. */
  async refreshNow(): Promise<ActiveFileState> {
    const uri = this.activeFileUri();
    const generation = ++this.generation;
    let incidents: FileIncidentsResult = [];
    if (uri !== undefined) {
      try {
        const params: FileIncidentsParams = { uri: this.client.code2ProtocolConverter.asUri(uri) };
        incidents = await this.client.sendRequest(FileIncidentsRequest, params);
      } catch (error) {
        // A failed request leaves the view empty rather than showing stale incidents for this file.
        this.output.appendLine(`[client] ${FileIncidentsRequest.method} failed for ${uri.fsPath}: ${String(error)}`);
      }
    }
    const record = uri === undefined ? undefined : await this.recordStory(uri);
    if (generation === this.generation) {
      this.current = { uri, incidents: incidents ?? [], ...(record ? { record } : {}) };
      this.changed.fire(this.current);
    }
    return this.current;
  }

  /**
   * The story of the record this file is, or undefined when it is not one: asked only when the
   * text has an `id:` line, and kept only when the server says that id's record is this file.
   */
  private async recordStory(uri: vscode.Uri): Promise<IncidentStory | undefined> {
    const document = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
    const id = document && ID_LINE.exec(document.getText(new vscode.Range(0, 0, 200, 0)))?.[1];
    if (!id) return undefined;
    try {
      const params: StoryParams = { id, uri: this.client.code2ProtocolConverter.asUri(uri) };
      const story = await this.client.sendRequest(StoryRequest, params);
      const recordUri = story?.recordUri && this.client.protocol2CodeConverter.asUri(story.recordUri);
      return recordUri && recordUri.toString() === uri.toString() ? story : undefined;
    } catch (error) {
      this.output.appendLine(`[client] ${StoryRequest.method} failed for ${uri.fsPath}: ${String(error)}`);
      return undefined;
    }
  }

  private activeFileUri(): vscode.Uri | undefined {
    const uri = vscode.window.activeTextEditor?.document.uri;
    if (uri?.scheme === 'file') return uri;
    // Output, terminal-like and diff panes are text editors too; while the file the user was on is
    // still visible, it stays the one of interest.
    const previous = this.current.uri?.toString();
    const stillVisible = vscode.window.visibleTextEditors.some((editor) => editor.document.uri.toString() === previous);
    return stillVisible ? this.current.uri : undefined;
  }

  dispose(): void {
    this.debouncer.dispose();
    for (const subscription of this.subscriptions) subscription.dispose();
  }
}
