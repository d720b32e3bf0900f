/**
 * Wires the extension together: language client, sidebar, status bar, commands. Nothing here
 * scans or reads files: the server does all the work after activate() has returned.
 */

import { performance } from 'node:perf_hooks';
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { IndexChangedNotification, TrustChangedNotification, type IndexChangedParams, type TrustChangedParams } from '../../common/protocol';
import { ActiveFileIncidents, type ActiveFileState } from './activeFileIncidents';
import { registerCommands } from './commands';
import { setContext, setHasRecords } from './contextKeys';
import { Debouncer } from './debounce';
import { IndexState } from './indexState';
import { createLanguageClient } from './languageClient';
import type { Services } from './services';
import { ALL_INCIDENTS_VIEW, AllIncidentsTree } from './sidebar/allIncidentsTree';
import { BRANCH_INCIDENTS_VIEW, BranchIncidentsTree } from './sidebar/branchIncidentsTree';
import { FILE_INCIDENTS_VIEW, FileIncidentsTree } from './sidebar/fileIncidentsTree';
import { registerMcpServer, type McpRegistration } from './mcpServer';
import { createStatusBar } from './statusBar';
import { recommendYamlExtension } from './yamlRecommendation';
import { InsightsPanel } from './webviews/insightsPanel';
import { StoryPanel } from './webviews/storyPanel';

/** What activate() returns: lets the integration tests inside VS Code read the views' data. */
export interface IncidentLensApi {
  readonly client: LanguageClient;
  readonly fileIncidents: FileIncidentsTree;
  readonly allIncidents: AllIncidentsTree;
  readonly branchIncidents: BranchIncidentsTree;
  /** The story view (the editor tests read the webview's HTML through it). */
  readonly storyPanel: StoryPanel;
  /** Resolves with the first `incidentLens/indexChanged` that says the full index is built. */
  readonly indexed: Promise<IndexChangedParams>;
  /** Asks the server for the active editor's incidents now (instead of waiting for the debounce). */
  refreshActiveFile(): Promise<ActiveFileState>;
  /** The three tree views (the editor tests read their descriptions and messages). */
  readonly views: { file: vscode.TreeView<unknown>; all: vscode.TreeView<unknown>; branch: vscode.TreeView<unknown> };
  /** Whether `incident-lens mcp` was offered to VS Code's agent mode (1.101+ has the API). */
  readonly mcpServer: McpRegistration;
}

/** True while the This File view has a file to show. */
const HAS_ACTIVE_FILE = 'incidentLens.hasActiveFile';
const RESTRICTED_FILE_MESSAGE = 'Restricted Mode: git history is not read, so incidents tied to this file only through commits are missing.';

/** Index changes come in bursts while files are saved or checked out; one refresh per burst. */
const INDEX_REFRESH_DELAY_MS = 250;

export function startIncidentLens(context: vscode.ExtensionContext, output: vscode.OutputChannel): IncidentLensApi {
  const client = createLanguageClient(context, output);
  const activeFile = new ActiveFileIncidents(client, output);
  const fileTree = new FileIncidentsTree(activeFile);
  const allTree = new AllIncidentsTree(client, output, context.workspaceState);
  const branchTree = new BranchIncidentsTree(client, output);
  const storyPanel = new StoryPanel(client, output);
  const insightsPanel = new InsightsPanel(client, output);
  const index = new IndexState();
  const services: Services = { client, output, index, activeFile, fileTree, allTree, branchTree, storyPanel, insightsPanel };

  const fileView = vscode.window.createTreeView(FILE_INCIDENTS_VIEW, { treeDataProvider: fileTree });
  const allView = vscode.window.createTreeView(ALL_INCIDENTS_VIEW, { treeDataProvider: allTree, showCollapseAll: true });
  allTree.attach(allView);
  const branchView = vscode.window.createTreeView(BRANCH_INCIDENTS_VIEW, { treeDataProvider: branchTree, showCollapseAll: true });
  branchTree.attach(branchView);
  const onActiveFile = activeFile.onDidChange((state) => {
    fileTree.redraw();
    fileView.description = state.uri === undefined ? undefined : vscode.workspace.asRelativePath(state.uri);
    // The welcome is one line while no file is open (see viewsWelcome in package.json).
    setContext(HAS_ACTIVE_FILE, state.uri !== undefined);
    // A list shown in Restricted Mode says what it lacks (an empty one says it in its welcome).
    const listed = state.incidents.length > 0 || state.record !== undefined;
    fileView.message = listed && !vscode.workspace.isTrusted ? RESTRICTED_FILE_MESSAGE : undefined;
  });
  setContext(HAS_ACTIVE_FILE, vscode.window.activeTextEditor?.document.uri.scheme === 'file');

  const indexRefresh = new Debouncer(() => {
    activeFile.scheduleRefresh(0);
    allTree.refresh();
    branchTree.refresh();
    void insightsPanel.refresh();
  });
  let resolveIndexed: (params: IndexChangedParams) => void = () => undefined;
  const indexed = new Promise<IndexChangedParams>((resolve) => (resolveIndexed = resolve));
  client.onNotification(IndexChangedNotification, (params: IndexChangedParams) => {
    // Zero records mid-index means "not found yet", so only a complete index may say "none".
    if (params.records > 0) setHasRecords(true);
    else if (params.complete) setHasRecords(false);
    if (params.complete) resolveIndexed(params);
    index.update(params);
    indexRefresh.schedule(INDEX_REFRESH_DELAY_MS);
    // A record edited or saved, history read: the story shown follows.
    storyPanel.scheduleRefresh();
  });

  const onTrust = vscode.workspace.onDidGrantWorkspaceTrust(() => {
    const params: TrustChangedParams = { trusted: true };
    client.sendNotification(TrustChangedNotification, params).catch((error: unknown) => {
      output.appendLine(`[client] ${TrustChangedNotification.method} failed: ${String(error)}`);
    });
  });

  context.subscriptions.push(
    index,
    activeFile,
    fileTree,
    allTree,
    branchTree,
    fileView,
    allView,
    branchView,
    storyPanel,
    insightsPanel,
    onActiveFile,
    onTrust,
    { dispose: () => indexRefresh.dispose() },
    createStatusBar(activeFile),
    recommendYamlExtension(context, activeFile),
    ...registerCommands(services),
  );

  const mcpServer = registerMcpServer(context, output);

  // Not awaited: activate() returns at once and requests wait for the client to be running.
  const starting = performance.now();
  client.start().then(
    () => {
      output.appendLine(`[client] language server ready in ${Math.round(performance.now() - starting)} ms`);
      activeFile.scheduleRefresh(0);
    },
    (error: unknown) => output.appendLine(`[client] the language server did not start: ${String(error)}`),
  );

  return {
    client,
    fileIncidents: fileTree,
    allIncidents: allTree,
    branchIncidents: branchTree,
    storyPanel,
    indexed,
    refreshActiveFile: () => activeFile.refreshNow(),
    views: { file: fileView, all: allView, branch: branchView },
    mcpServer,
  };
}
