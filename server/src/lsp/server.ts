import {
  CodeLensRefreshRequest,
  DidChangeConfigurationNotification,
  ErrorCodes,
  FileChangeType,
  ResponseError,
  TextDocuments,
  TextDocumentSyncKind,
  type Connection,
  type FileEvent,
  type InitializeParams,
  type InitializeResult,
} from 'vscode-languageserver/node';
import { PRODUCT_VERSION } from '../../../common/runtime';
import { TextDocument } from 'vscode-languageserver-textdocument';
import {
  BranchIncidentsRequest,
  FileIncidentsRequest,
  IndexChangedNotification,
  ListIncidentsRequest,
  RecordGlobsRequest,
  ReferenceContextRequest,
  ReindexRequest,
  TrustChangedNotification,
  type BranchIncidentsParams,
  type FileIncidentsParams,
  type IndexChangedParams,
  type InitializationOptions,
  type ListIncidentsParams,
  type RecordGlobsParams,
  type ReferenceContextParams,
  type TrustChangedParams,
} from '../../../common/protocol';
import { CONFIG_FILE } from '../core/config';
import type { Logger } from '../core/ports';
import { HistoryService } from '../host/history';
import { isInSkippedFolder } from '../host/nodeWorkspace';
import type { ServerContext } from './context';
import { DiagnosticsPublisher } from './diagnostics';
import { onCodeAction } from './features/codeActions';
import { onCodeLens } from './features/codeLens';
import { onCompletion, onCompletionResolve } from './features/completion';
import { onBranchIncidents, onFileIncidents, onListIncidents, onRecordGlobs, onReferenceContext } from './features/custom';
import { onHover } from './features/hover';
import { onDefinition, onDocumentLinks, onReferences } from './features/navigation';
import { onWorkspaceSymbol } from './features/symbols';
import { FolderState, ServerWorkspace } from './workspace';

/** How long to wait for more file events before handling a burst (a branch switch) as one pass. */
const WATCH_COALESCE_MS = 75;

/** Wires the Incident Lens language service to a connection. Each handler is one line of glue. */
export function startServer(connection: Connection): void {
  const documents = new TextDocuments(TextDocument);
  const log: Logger = {
    info: (message) => connection.console.info(message),
    warn: (message) => connection.console.warn(message),
  };
  let supportsConfiguration = false;
  let supportsProgress = false;
  let supportsFolders = false;
  let supportsCodeLensRefresh = false;
  const history = new HistoryService(log, true, { waitForHistory: false, onUpdated: () => notifyIndexChanged(0) });
  const workspace = new ServerWorkspace(documents, log, async (folder) => {
    if (!supportsConfiguration) return undefined;
    const settings = (await connection.workspace.getConfiguration({ scopeUri: folder.uri, section: 'incidentLens' })) as Record<string, unknown> | undefined;
    history.configure(folder, settings?.git as { enabled?: unknown; maxCommits?: unknown } | undefined);
    return settings ?? undefined;
  });
  const ctx: ServerContext = { connection, documents, workspace, log };
  const publisher = new DiagnosticsPublisher(ctx, history);

  /** Never down: a failing request is logged and answered with an error; the server goes on. */
  function guard<P, R>(name: string, handler: (params: P) => R | Promise<R>) {
    return async (params: P): Promise<R | ResponseError<void>> => {
      try {
        return await handler(params);
      } catch (error) {
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

  let indexedOnce = false;
  function notifyIndexChanged(durationMs: number): void {
    const folders = workspace.indexedFolders();
    const params: IndexChangedParams = {
      records: folders.reduce((n, f) => n + f.index.recordCount, 0),
      files: folders.reduce((n, f) => n + f.index.fileCount, 0),
      complete: indexedOnce && workspace.folders.every((f) => f.ready),
      durationMs,
    };
    void connection.sendNotification(IndexChangedNotification, params);
    // Lenses asked for while the index was being built came back empty, and an editor asks again
    // only when told to (or when the document changes).
    if (supportsCodeLensRefresh) connection.sendRequest(CodeLensRefreshRequest.type).catch(() => undefined);
  }

  async function indexFolders(folders: FolderState[]): Promise<void> {
    const started = Date.now();
    const progress = supportsProgress ? await connection.window.createWorkDoneProgress() : undefined;
    progress?.begin('Indexing incidents', 0, undefined, false);
    for (const folder of folders) {
      const built = await workspace.indexFolder(folder, ({ done, total }) =>
        progress?.report(total ? Math.round((100 * done) / total) : 100, `${folder.name}: ${done}/${total} files`),
      );
      if (!built) continue;
      for (const problem of folder.configProblems) log.warn(`${folder.name}/${problem.path}: ${problem.message}`);
      for (const error of folder.settingsErrors) void connection.window.showWarningMessage(`Incident Lens: ${error}`);
      await publisher.publishFolder(folder);
      void history.refresh(folder);
    }
    progress?.done();
    indexedOnce = true;
    const duration = Date.now() - started;
    log.info(`Indexed ${workspace.indexedFolders().reduce((n, f) => n + f.index.fileCount, 0)} files in ${duration} ms.`);
    notifyIndexChanged(duration);
  }

  /** A file's new text is in the index: refresh diagnostics of everything it can affect. */
  async function afterFileChange(folder: FolderState, path: string, changedIds: Set<string>): Promise<void> {
    const affected = new Set<string>([path, ...folder.index.pathsReferencing(changedIds)]);
    for (const id of changedIds) for (const record of folder.index.definitions(id)) affected.add(record.path);
    await publisher.publish(folder, affected);
  }

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    const caps = params.capabilities;
    supportsConfiguration = Boolean(caps.workspace?.configuration);
    supportsProgress = Boolean(caps.window?.workDoneProgress);
    supportsFolders = Boolean(caps.workspace?.workspaceFolders);
    supportsCodeLensRefresh = Boolean(caps.workspace?.codeLens?.refreshSupport);
    const options = (params.initializationOptions ?? {}) as InitializationOptions;
    history.setTrusted(options.gitEnabled !== false);
    if (typeof options.ripgrepPath === 'string' && options.ripgrepPath) workspace.nativeSearch = { ripgrepPath: options.ripgrepPath };
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
        workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
      },
      serverInfo: { name: 'incident-lens', version: PRODUCT_VERSION },
    };
  });

  connection.onInitialized(() => {
    if (supportsConfiguration) void connection.client.register(DidChangeConfigurationNotification.type, { section: 'incidentLens' });
    if (supportsFolders) {
      connection.workspace.onDidChangeWorkspaceFolders(
        guardNotification('workspace folders', async (event) => {
          const removed = new Set(event.removed.map((f) => f.uri));
          for (const folder of workspace.folders.filter((f) => removed.has(f.uri))) await publisher.clearFolder(folder);
          const kept = workspace.folders.filter((f) => !removed.has(f.uri)).map((f) => ({ uri: f.uri, name: f.name }));
          workspace.setFolders([...kept, ...event.added]);
          await indexFolders(workspace.folders.filter((f) => !f.ready));
        }),
      );
    }
    void indexFolders(workspace.folders).catch((error) => log.warn(`Indexing failed: ${(error as Error).stack ?? error}`));
  });

  connection.onDidChangeConfiguration(guardNotification('configuration', () => indexFolders(workspace.folders)));

  documents.onDidChangeContent(
    guardNotification('document change', async ({ document }) => {
      const located = workspace.locate(document.uri);
      if (!located?.folder.index) return;
      const { folder, path } = located;
      if (path === CONFIG_FILE) return; // takes effect on save, through the watcher: half-typed config is noise
      if (!folder.index.isIndexable(path) || isInSkippedFolder(path)) return;
      const changed = folder.index.setFile(path, document.getText());
      await afterFileChange(folder, path, changed);
      scheduleIndexChanged();
    }),
  );

  documents.onDidClose(
    guardNotification('document close', async ({ document }) => {
      const located = workspace.locate(document.uri);
      if (!located?.folder.index || !located.folder.index.isIndexable(located.path) || isInSkippedFolder(located.path)) return;
      // The buffer no longer wins: go back to what is on disk (or forget a file never saved).
      const { folder, path } = located;
      const text = await folder.files.read(path);
      const changed = text === undefined ? folder.index.removeFile(path) : folder.index.setFile(path, text);
      await afterFileChange(folder, path, changed);
    }),
  );

  let pendingEvents: FileEvent[] = [];
  let watchTimer: NodeJS.Timeout | undefined;
  connection.onDidChangeWatchedFiles((params) => {
    pendingEvents.push(...params.changes);
    if (watchTimer) clearTimeout(watchTimer);
    watchTimer = setTimeout(() => {
      const batch = pendingEvents;
      pendingEvents = [];
      watchTimer = undefined;
      guardNotification('file events', () => applyFileEvents(batch))(undefined);
    }, WATCH_COALESCE_MS);
  });

  /** One pass over a burst of file events: read each changed file once, then publish once. */
  async function applyFileEvents(events: FileEvent[]): Promise<void> {
    const started = Date.now();
    const latest = new Map<string, FileEvent>();
    for (const event of events) latest.set(event.uri, event);
    const touched = new Map<FolderState, { paths: Set<string>; ids: Set<string> }>();
    const reindex = new Set<FolderState>();
    const headMoved = new Set<FolderState>();
    for (const event of latest.values()) {
      const located = workspace.locate(event.uri);
      if (!located?.folder.index) continue;
      const { folder, path } = located;
      if (path === '.git' || path.startsWith('.git/')) {
        headMoved.add(folder);
        continue;
      }
      if (path === CONFIG_FILE) {
        reindex.add(folder);
        continue;
      }
      if (documents.get(event.uri)) continue; // the open buffer wins over the disk
      // node_modules, build output...: never read by the cold index, so not by events either.
      if (isInSkippedFolder(path) && event.type !== FileChangeType.Deleted) continue;
      let entry = touched.get(folder);
      if (!entry) touched.set(folder, (entry = { paths: new Set(), ids: new Set() }));
      const changed = await applyFileEvent(folder, path, event.type, entry.paths);
      for (const id of changed) entry.ids.add(id);
    }
    for (const [folder, { paths, ids }] of touched) {
      if (reindex.has(folder)) continue;
      const affected = new Set<string>([...paths, ...folder.index.pathsReferencing(ids)]);
      for (const id of ids) for (const record of folder.index.definitions(id)) affected.add(record.path);
      await publisher.publish(folder, affected);
    }
    for (const folder of headMoved) void history.refresh(folder);
    if (reindex.size) await indexFolders([...reindex]);
    else if (touched.size) notifyIndexChanged(Date.now() - started);
  }

  async function applyFileEvent(folder: FolderState, path: string, type: FileChangeType, paths: Set<string>): Promise<Set<string>> {
    const index = folder.index;
    if (type === FileChangeType.Deleted) {
      const gone = index.fileKind(path) !== undefined || index.pathExists(path) ? [path] : [];
      // A deleted folder arrives as one event: forget everything under it.
      const prefix = `${path}/`;
      for (const known of [...index.allPaths()]) if (known.startsWith(prefix)) gone.push(known);
      const changed = new Set<string>();
      for (const p of gone) {
        paths.add(p);
        for (const id of index.removeFile(p)) changed.add(id);
      }
      return changed;
    }
    if (type === FileChangeType.Created && (await folder.files.isFolder(path))) {
      // A folder moved or copied in arrives as one event: read everything in it.
      const changed = new Set<string>();
      for (const { path: inner } of await folder.files.list(path)) {
        for (const id of await applyFileEvent(folder, inner, FileChangeType.Created, paths)) changed.add(id);
      }
      return changed;
    }
    paths.add(path);
    if (!index.isIndexable(path)) {
      index.addKnownPath(path);
      return new Set();
    }
    const read = await folder.files.readForIndex(path, folder.options.maxFileSize);
    if ('text' in read) return index.setFile(path, read.text);
    if (read.skipped === 'too-large') return index.markSkipped(path, `it is ${read.size} bytes, over maxFileSize (${folder.options.maxFileSize} bytes)`);
    return index.markSkipped(path, 'it could not be read as text (binary, or unreadable)');
  }

  let indexChangedTimer: NodeJS.Timeout | undefined;
  function scheduleIndexChanged(): void {
    if (indexChangedTimer) return;
    indexChangedTimer = setTimeout(() => {
      indexChangedTimer = undefined;
      notifyIndexChanged(0);
    }, 300);
  }

  connection.onHover(guard('hover', (params) => onHover(ctx, history, params)));
  connection.onDefinition(guard('definition', (params) => onDefinition(ctx, params)));
  connection.onReferences(guard('references', (params) => onReferences(ctx, params)));
  connection.onDocumentLinks(guard('document links', (params) => onDocumentLinks(ctx, params)));
  connection.onCodeLens(guard('code lens', (params) => onCodeLens(ctx, history, params)));
  connection.onCompletion(guard('completion', (params) => onCompletion(ctx, params)));
  connection.onCompletionResolve(guard('completion resolve', (item) => onCompletionResolve(ctx, item)));
  connection.onCodeAction(guard('code action', (params) => onCodeAction(ctx, params)));
  connection.onWorkspaceSymbol(guard('workspace symbols', (params) => onWorkspaceSymbol(ctx, params)));
  connection.onRequest(
    FileIncidentsRequest,
    guard('fileIncidents', (params: FileIncidentsParams) => onFileIncidents(ctx, history, params)),
  );
  connection.onRequest(
    ListIncidentsRequest,
    guard('listIncidents', (params: ListIncidentsParams) => onListIncidents(ctx, params)),
  );
  connection.onRequest(
    ReferenceContextRequest,
    guard('referenceContext', (params: ReferenceContextParams) => onReferenceContext(ctx, params)),
  );
  connection.onRequest(
    BranchIncidentsRequest,
    guard('branchIncidents', (params: BranchIncidentsParams) => onBranchIncidents(ctx, history, params)),
  );
  connection.onRequest(
    RecordGlobsRequest,
    guard('recordGlobs', (params: RecordGlobsParams) => onRecordGlobs(ctx, params)),
  );
  connection.onRequest(
    ReindexRequest,
    guard('reindex', () => indexFolders(workspace.folders)),
  );
  connection.onNotification(
    TrustChangedNotification,
    guardNotification('trust', (params: TrustChangedParams) => {
      history.setTrusted(params.trusted);
      return indexFolders(workspace.folders);
    }),
  );

  documents.listen(connection);
  connection.listen();
}
