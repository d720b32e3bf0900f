/**
 * "Incident Lens: Show Insights": the insights report of a workspace folder, the same page
 * `incident-lens insights --format html` writes (one renderer), in the one webview host
 * (webviewHost.ts): links open incidents and files in the editor, and the report follows the index
 * in place.
 */
import * as vscode from 'vscode';
import { Commands, InsightsRequest, type InsightsParams } from '../../../common/protocol';
import { renderInsightsBody, renderInsightsDocument, type InsightsTarget } from '../../../server/src/core/render/insights/html';
import type { LanguageClient } from 'vscode-languageclient/node';
import { WebviewHost, type WebviewContent } from './webviewHost';

export const SHOW_INSIGHTS_COMMAND = 'incidentLens.showInsights';
const VIEW_TYPE = 'incidentLens.insights';
const INDEXING = '<p>The workspace is still being indexed; the report appears when it is done.</p>';

export class InsightsPanel implements vscode.Disposable {
  private readonly host: WebviewHost<InsightsTarget>;
  private params: InsightsParams | undefined;
  private folderUri: string | undefined;

  constructor(
    private readonly client: LanguageClient,
    private readonly output: vscode.OutputChannel,
  ) {
    this.host = new WebviewHost(VIEW_TYPE, output, { open: (target) => this.open(target), onClosed: () => (this.params = undefined) });
  }

  /** Opens (or reveals) the report; `pathOrUri` narrows it to a folder-relative path and makes a reading list. */
  async show(pathOrUri?: unknown): Promise<void> {
    const params: InsightsParams = { uri: vscode.window.activeTextEditor?.document.uri.toString() ?? vscode.workspace.workspaceFolders?.[0]?.uri.toString() };
    if (pathOrUri instanceof vscode.Uri) params.path = vscode.workspace.asRelativePath(pathOrUri, false);
    else if (typeof pathOrUri === 'string' && pathOrUri !== '') params.path = pathOrUri;
    this.params = params;
    const content = await this.load(params);
    if (content) this.host.show(content);
  }

  /** The index changed: the open report asks again, and is drawn again only where it changed. */
  async refresh(): Promise<void> {
    if (!this.params || !this.host.webviewPanel) return;
    const content = await this.load(this.params).catch(
      (error: unknown) => void this.output.appendLine(`[client] ${InsightsRequest.method} failed: ${String(error)}`),
    );
    if (content) this.host.update(content);
  }

  /** The report for `params`; undefined when the panel has moved on to others (or closed) meanwhile. */
  private async load(params: InsightsParams): Promise<WebviewContent<InsightsTarget> | undefined> {
    const result = await this.client.sendRequest(InsightsRequest, params);
    if (this.params !== params) return undefined;
    this.folderUri = result?.folderUri;
    return {
      title: params.path ? `Incident Insights: ${params.path}` : 'Incident Insights',
      key: JSON.stringify([params.path ?? '', result]),
      render: (frame) => {
        const body = result ? renderInsightsBody(result.insights, result.folderName, 'webview') : { html: INDEXING, targets: [] };
        return frame ? renderInsightsDocument(result?.folderName, body, frame) : body;
      },
    };
  }

  private async open(target: InsightsTarget): Promise<void> {
    if (target.kind === 'story') {
      await vscode.commands.executeCommand(Commands.showStory, target.id);
      return;
    }
    if (!this.folderUri) return;
    const folder = vscode.Uri.parse(this.folderUri);
    const file = vscode.Uri.joinPath(folder, target.path);
    // A path from the report must stay inside the folder it came from.
    if (!file.path.startsWith(`${folder.path.replace(/\/$/, '')}/`)) return;
    await vscode.window.showTextDocument(file, { selection: new vscode.Range(0, 0, 0, 0) });
  }

  dispose(): void {
    this.host.dispose();
  }
}
