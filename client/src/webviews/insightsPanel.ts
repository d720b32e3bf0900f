/**
 * "Incident Lens: Show Insights": the insights report of a workspace folder in a webview, the same
 * page `incident-lens insights --format html` writes (one renderer), with links that open
 * incidents and files in the editor. One panel, reused, refreshed when the index changes.
 */
import * as vscode from 'vscode';
import { Commands, InsightsRequest, type InsightsParams } from '../../../common/protocol';
import { renderInsightsHtml } from '../../../server/src/core/render/insights/html';
import type { Services } from '../services';
import { clickScript, newNonce, parseClick, webviewCsp } from './webviewHost';

export const SHOW_INSIGHTS_COMMAND = 'incidentLens.showInsights';
const VIEW_TYPE = 'incidentLens.insights';

let panel: { view: vscode.WebviewPanel; params: InsightsParams; folderUri?: string; shown?: string } | undefined;

/** Opens (or reveals) the report; `pathOrUri` narrows it to a folder-relative path and makes a reading list. */
export async function showInsights(services: Services, pathOrUri?: unknown): Promise<void> {
  const params: InsightsParams = { uri: vscode.window.activeTextEditor?.document.uri.toString() ?? vscode.workspace.workspaceFolders?.[0]?.uri.toString() };
  if (pathOrUri instanceof vscode.Uri) params.path = vscode.workspace.asRelativePath(pathOrUri, false);
  else if (typeof pathOrUri === 'string' && pathOrUri !== '') params.path = pathOrUri;
  if (!panel) {
    const view = vscode.window.createWebviewPanel(VIEW_TYPE, 'Incident Insights', vscode.ViewColumn.Active, {
      enableScripts: true,
      enableCommandUris: false,
      localResourceRoots: [],
      retainContextWhenHidden: false,
    });
    panel = { view, params };
    view.onDidDispose(() => (panel = undefined));
    view.webview.onDidReceiveMessage((message: unknown) => onClick(message));
  }
  panel.params = params;
  panel.view.reveal();
  await renderInto(services);
}

/** Redraws the open report with fresh figures (the index changed). */
export function refreshInsights(services: Services): void {
  if (panel) void renderInto(services);
}

async function renderInto(services: Services): Promise<void> {
  if (!panel) return;
  const { view, params } = panel;
  const result = await services.client.sendRequest(InsightsRequest, params);
  if (!panel || panel.view !== view) return;
  // The index changes far more often than the report does (every edit of a file): the page is
  // drawn again only when what it shows changed, or it would reload under the reader, losing
  // the scroll position and the click in flight.
  const shown = JSON.stringify([params.path ?? '', result]);
  if (shown === panel.shown) return;
  panel.shown = shown;
  const nonce = newNonce();
  if (!result) {
    view.webview.html = `<!DOCTYPE html><html><head><meta http-equiv="Content-Security-Policy" content="${webviewCsp(view.webview, nonce, 'inline')}"></head><body><p>The workspace is still being indexed; the report appears when it is done.</p></body></html>`;
    return;
  }
  panel.folderUri = result.folderUri;
  view.title = params.path ? `Incident Insights: ${params.path}` : 'Incident Insights';
  view.webview.html = renderInsightsHtml(result.insights, result.folderName, { csp: webviewCsp(view.webview, nonce, 'inline'), bodyEnd: clickScript(nonce) });
}

async function onClick(message: unknown): Promise<void> {
  const click = parseClick(message);
  if (!click || !panel) return;
  if (click.type === 'incident') {
    // The story when the extension has it; the record itself otherwise.
    const commands = await vscode.commands.getCommands(true);
    await vscode.commands.executeCommand(commands.includes(Commands.showStory) ? Commands.showStory : Commands.openIncident, click.id);
    return;
  }
  if (click.type === 'file' && panel.folderUri) {
    const folder = vscode.Uri.parse(panel.folderUri);
    const target = vscode.Uri.joinPath(folder, click.path);
    // A path from the page must stay inside the folder it came from.
    if (!target.path.startsWith(`${folder.path.replace(/\/$/, '')}/`)) return;
    const line = (click.line ?? 1) - 1;
    await vscode.window.showTextDocument(target, { selection: new vscode.Range(line, 0, line, 0) });
    return;
  }
  if (click.type === 'external') {
    // VS Code asks the user before it opens an outside link.
    await vscode.env.openExternal(vscode.Uri.parse(click.url));
  }
}
