import * as nodePath from 'node:path';
import {
  DidChangeConfigurationNotification,
  ErrorCodes,
  LSPErrorCodes,
  ResponseError,
  TextDocuments,
  TextDocumentSyncKind,
  CancellationToken,
  type Connection,
  type InitializeParams,
  type InitializeResult,
} from 'vscode-languageserver/node';
import { PRODUCT_VERSION } from '../../../common/runtime';
import { TextDocument } from 'vscode-languageserver-textdocument';
import {
  BranchIncidentsRequest,
  FileIncidentsRequest,
  ImportRequest,
  NewRecordRequest,
  IncidentAtRequest,
  ListIncidentsRequest,
  RecordGlobsRequest,
  ReferenceContextRequest,
  ReindexRequest,
  StoryRequest,
  InsightsRequest,
  TrustChangedNotification,
  type InitializationOptions,
} from '../../../common/protocol';
import type { Logger } from '../core/ports';
import { HistoryService } from '../host/history';
import type { ServerContext } from './context';
import { DiagnosticsPublisher } from './diagnostics';
import { onCodeAction } from './features/codeActions';
import { onCodeLens } from './features/codeLens';
import { onCompletion, onCompletionResolve } from './features/completion';
import { onBranchIncidents, onFileIncidents, onListIncidents, onRecordGlobs, onReferenceContext } from './features/custom';
import { onHover, onIncidentAt } from './features/hover';
import { onImport } from './features/import';
import { onNewRecord } from './features/newRecord';
import { onStory } from './features/story';
import { onInsights } from './features/insights';
import { onDefinition, onDocumentLinks, onReferences } from './features/navigation';
import { onPrepareRename, onRename } from './features/rename';
import { onWorkspaceSymbol } from './features/symbols';
import { RequestCancelledError } from './cancellation';
import { OpenDocuments } from './documents';
import { refuseRepeatedInitialize } from './initializeOnce';
import { IndexingService, type IndexingClient } from './indexing';
import { ServerWorkspace } from './workspace';

/** Wires the Incident Lens language service to a connection. Each handler is one line of glue. */
export function startServer(connection: Connection): void {
  const textDocuments = new TextDocuments(TextDocument);
  const documents = new OpenDocuments(textDocuments);
  const log: Logger = {
    info: (message) => connection.console.info(message),
    warn: (message) => connection.console.warn(message),
  };
  let supportsConfiguration = false;
  let supportsFolders = false;
  /** The client draws the hover's actions (InitializationOptions.hoverActions). */
  let hoverActionsByClient = false;
  const history = new HistoryService(log, true, { waitForHistory: false, onUpdated: () => indexing.notifyIndexChanged(0) });
  const workspace = new ServerWorkspace(documents, log, async (folder) => {
    if (!supportsConfiguration) return undefined;
    const settings = (await connection.workspace.getConfiguration({ scopeUri: folder.uri, section: 'incidentLens' })) as Record<string, unknown> | undefined;
    history.configure(folder, settings?.git as { enabled?: unknown; maxCommits?: unknown } | undefined);
    return settings ?? undefined;
  });
  const ctx: ServerContext = { connection, documents, workspace, log };
  const publisher = new DiagnosticsPublisher(ctx, history);
  const client: IndexingClient = { progress: false, codeLensRefresh: false, watchRelativePatterns: false };
  const indexing = new IndexingService(ctx, history, publisher, client);

  /**
   * Never down: a failing request is logged and answered with an error; the server goes on. A
   * request the editor cancelled is answered RequestCancelled, whether the handler stopped early
   * or finished.
   */
  function guard<P, R>(name: string, handler: (params: P, token: CancellationToken) => R | Promise<R>) {
    return async (params: P, token: CancellationToken): Promise<R | ResponseError<void>> => {
      const cancelled = () => new ResponseError(LSPErrorCodes.RequestCancelled, `Incident Lens: ${name} cancelled`);
      try {
        indexing.flushTyping();
        const result = await handler(params, token);
        return token.isCancellationRequested ? cancelled() : result;
      } catch (error) {
        if (error instanceof RequestCancelledError) return cancelled();
        log.warn(`${name} failed: ${(error as Error).stack ?? error}`);
        return new ResponseError(ErrorCodes.InternalError, `Incident Lens: ${name} failed: ${(error as Error).message}`);
      }
    };
  }
  /** The same for notifications, which have nobody to answer. */
  function guardNotification<P>(name: string, handler: (params: P) => unknown) {
    return (params: P): void => {
      Promise.resolve()
        .then(() => handler(params))
        .catch((error) => log.warn(`${name} failed: ${(error as Error).stack ?? error}`));
    };
  }

  refuseRepeatedInitialize(connection);
  connection.onInitialize((params: InitializeParams): InitializeResult => {
    const caps = params.capabilities;
    supportsConfiguration = Boolean(caps.workspace?.configuration);
    client.progress = Boolean(caps.window?.workDoneProgress);
    supportsFolders = Boolean(caps.workspace?.workspaceFolders);
    client.codeLensRefresh = Boolean(caps.workspace?.codeLens?.refreshSupport);
    const watch = caps.workspace?.didChangeWatchedFiles;
    client.watchRelativePatterns = Boolean(watch?.dynamicRegistration && watch.relativePatternSupport);
    const options = (params.initializationOptions ?? {}) as InitializationOptions;
    history.setTrusted(options.gitEnabled !== false);
    workspace.trusted = options.gitEnabled !== false;
    if (Array.isArray(options.externalRecords)) workspace.userExternalRecords = options.externalRecords;
    if (typeof options.ripgrepPath === 'string' && options.ripgrepPath) workspace.nativeSearch = { ripgrepPath: options.ripgrepPath };
    if (typeof options.cacheFolder === 'string' && nodePath.isAbsolute(options.cacheFolder)) workspace.cacheFolder = options.cacheFolder;
    hoverActionsByClient = options.hoverActions === true;
    const folders = params.workspaceFolders ?? (params.rootUri ? [{ uri: params.rootUri, name: params.rootUri.split('/').pop() ?? 'workspace' }] : []);
    workspace.setFolders(folders);
    return {
      capabilities: {
        textDocumentSync: TextDocumentSyncKind.Incremental,
        hoverProvider: true,
        definitionProvider: true,
        referencesProvider: true,
        documentLinkProvider: { resolveProvider: false },
        codeLensProvider: { resolveProvider: false },
        completionProvider: { triggerCharacters: ['-'], resolveProvider: true },
        codeActionProvider: { codeActionKinds: ['quickfix'] },
        workspaceSymbolProvider: true,
        renameProvider: { prepareProvider: true },
        workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
      },
      serverInfo: { name: 'incident-lens', version: PRODUCT_VERSION },
    };
  });

  connection.onInitialized(() => {
    if (supportsConfiguration) void connection.client.register(DidChangeConfigurationNotification.type, { section: 'incidentLens' });
    if (supportsFolders) connection.workspace.onDidChangeWorkspaceFolders(guardNotification('workspace folders', (event) => indexing.foldersChanged(event)));
    guardNotification('indexing', () => indexing.indexFolders(workspace.folders))(undefined);
  });
  // A cache being written (or waiting to be) is finished first: the editor may close right after
  // the index is complete, and the next start should not pay a cold index for it.
  connection.onShutdown(() => workspace.writeCaches());
  connection.onDidChangeConfiguration(guardNotification('configuration', () => indexing.configurationChanged()));
  textDocuments.onDidChangeContent(({ document }) => indexing.documentChanged(document));
  textDocuments.onDidClose(guardNotification('document close', ({ document }) => indexing.documentClosed(document)));
  connection.onDidChangeWatchedFiles(({ changes }) =>
    indexing.fileEvents(changes, (error) => log.warn(`file events failed: ${(error as Error).stack ?? error}`)),
  );

  connection.onHover(guard('hover', (params) => onHover(ctx, history, params, { actionsByClient: hoverActionsByClient })));
  connection.onDefinition(guard('definition', (params) => onDefinition(ctx, params)));
  connection.onReferences(guard('references', (params, token) => onReferences(ctx, params, token)));
  connection.onDocumentLinks(guard('document links', (params) => onDocumentLinks(ctx, params)));
  connection.onCodeLens(guard('code lens', (params) => onCodeLens(ctx, history, params)));
  connection.onCompletion(guard('completion', (params, token) => onCompletion(ctx, params, token)));
  connection.onCompletionResolve(guard('completion resolve', (item) => onCompletionResolve(ctx, item)));
  connection.onCodeAction(guard('code action', (params) => onCodeAction(ctx, params)));
  connection.onPrepareRename(guard('prepare rename', (params) => onPrepareRename(ctx, params)));
  connection.onRenameRequest(guard('rename', (params) => onRename(ctx, params)));
  connection.onWorkspaceSymbol(guard('workspace symbols', (params, token) => onWorkspaceSymbol(ctx, params, token)));
  connection.onRequest(
    IncidentAtRequest,
    guard('incidentAt', (params) => onIncidentAt(ctx, params)),
  );
  connection.onRequest(
    FileIncidentsRequest,
    guard('fileIncidents', (params) => onFileIncidents(ctx, history, params)),
  );
  connection.onRequest(
    ListIncidentsRequest,
    guard('listIncidents', (params) => onListIncidents(ctx, history, params)),
  );
  connection.onRequest(
    ReferenceContextRequest,
    guard('referenceContext', (params) => onReferenceContext(ctx, params)),
  );
  connection.onRequest(
    BranchIncidentsRequest,
    guard('branchIncidents', (params) => onBranchIncidents(ctx, history, params)),
  );
  connection.onRequest(
    RecordGlobsRequest,
    guard('recordGlobs', (params) => onRecordGlobs(ctx, params)),
  );
  connection.onRequest(
    ImportRequest,
    guard('import', (params, token) => onImport(ctx, indexing, params, token)),
  );
  connection.onRequest(
    NewRecordRequest,
    guard('newRecord', (params) => onNewRecord(ctx, indexing, params)),
  );
  connection.onRequest(
    StoryRequest,
    guard('story', (params) => onStory(ctx, history, params)),
  );
  connection.onRequest(
    InsightsRequest,
    guard('insights', (params) => onInsights(ctx, history, params)),
  );
  // No parameters; a client that sends `null` anyway gets the token second.
  connection.onRequest(ReindexRequest, (first: CancellationToken, second?: CancellationToken) =>
    guard('reindex', () => indexing.indexFolders(workspace.folders).then(() => null))(
      undefined,
      CancellationToken.is(first) ? first : (second ?? CancellationToken.None),
    ),
  );
  connection.onNotification(
    TrustChangedNotification,
    guardNotification('trust', (params) => {
      history.setTrusted(params.trusted);
      workspace.trusted = params.trusted;
      return indexing.indexFolders(workspace.folders);
    }),
  );

  textDocuments.listen(connection);
  connection.listen();
}
