import {
  CodeLensRefreshRequest,
  DidChangeWatchedFilesNotification,
  FileChangeType,
  type Disposable,
  type FileEvent,
  type WorkspaceFoldersChangeEvent,
} from 'vscode-languageserver/node';
import { URI } from 'vscode-uri';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { IndexChangedNotification, type IndexChangedParams } from '../../../common/protocol';
import { applyBufferText, applyFileChanges, revertBufferToDisk, type FileChange, type FileChangeKind } from '../core/index/fileChanges';
import type { HistoryService } from '../host/history';
import type { ServerContext } from './context';
import type { DiagnosticsPublisher } from './diagnostics';
import type { FolderState, ServedFolder } from './workspace';

/** How long to wait for more file events before handling a burst (a branch switch) as one pass. */
const WATCH_COALESCE_MS = 75;
/** Typing refreshes the views at most this often. */
const VIEW_REFRESH_MS = 300;

const CHANGE_KIND: Record<FileChangeType, FileChangeKind> = {
  [FileChangeType.Created]: 'created',
  [FileChangeType.Changed]: 'changed',
  [FileChangeType.Deleted]: 'deleted',
};

/** What the editor told the server it can do, as far as indexing cares. */
export interface IndexingClient {
  progress: boolean;
  codeLensRefresh: boolean;
  /** File watchers may be registered for folders outside the workspace (relative patterns). */
  watchRelativePatterns: boolean;
}

/**
 * The server's side of indexing: when to (re)build a folder's index, how editor and file events
 * reach the core's update rules (core/index/fileChanges.ts), and what the editor is told after.
 */
export class IndexingService {
  private indexedOnce = false;
  private pendingEvents: FileEvent[] = [];
  private watchTimer: NodeJS.Timeout | undefined;
  private viewRefreshTimer: NodeJS.Timeout | undefined;
  private externalWatch: Disposable | undefined;
  private watchedRoots = '';

  constructor(
    private readonly ctx: ServerContext,
    private readonly history: HistoryService,
    private readonly publisher: DiagnosticsPublisher,
    private readonly client: IndexingClient,
  ) {}

  /** Builds (or rebuilds) the index of these folders, one after the other, with progress. */
  async indexFolders(folders: FolderState[]): Promise<void> {
    const { connection, log, workspace } = this.ctx;
    const started = Date.now();
    const progress = this.client.progress ? await connection.window.createWorkDoneProgress() : undefined;
    progress?.begin('Indexing incidents', 0, undefined, false);
    for (const folder of folders) {
      const built = await workspace.indexFolder(folder, ({ done, total }) =>
        progress?.report(total ? Math.round((100 * done) / total) : 100, `${folder.name}: ${done}/${total} files`),
      );
      if (!built || !folder.isServed()) continue;
      for (const problem of folder.configProblems) log.warn(`${folder.name}/${problem.path}: ${problem.message}`);
      for (const error of folder.settingsErrors) void connection.window.showWarningMessage(`Incident Lens: ${error}`);
      await this.publisher.publishFolder(folder);
      void this.history.refresh(folder);
    }
    progress?.done();
    this.indexedOnce = true;
    await this.watchExternalRecords();
    const duration = Date.now() - started;
    log.info(`Indexed ${workspace.indexedFolders().reduce((n, f) => n + f.index.fileCount, 0)} files in ${duration} ms.`);
    this.notifyIndexChanged(duration);
  }

  /**
   * Asks the editor to send file events for the external record folders too (they are outside
   * the workspace, so its own watcher does not see them), where it can watch relative patterns.
   */
  private async watchExternalRecords(): Promise<void> {
    const roots = this.ctx.workspace.externalRoots();
    if (!this.client.watchRelativePatterns || roots.join('\n') === this.watchedRoots) return;
    this.watchedRoots = roots.join('\n');
    this.externalWatch?.dispose();
    this.externalWatch = undefined;
    if (roots.length === 0) return;
    const watchers = roots.map((root) => ({ globPattern: { baseUri: URI.file(root).toString(), pattern: '**/*.{yaml,yml,md}' } }));
    this.externalWatch = await this.ctx.connection.client.register(DidChangeWatchedFilesNotification.type, { watchers }).catch((error: unknown) => {
      this.ctx.log.warn(`Cannot watch external records: ${String(error)}`);
      return undefined;
    });
  }

  /** The editor added or removed workspace folders. */
  async foldersChanged(event: WorkspaceFoldersChangeEvent): Promise<void> {
    const { workspace } = this.ctx;
    const removed = new Set(event.removed.map((f) => f.uri));
    for (const folder of workspace.indexedFolders().filter((f) => removed.has(f.uri))) await this.publisher.clearFolder(folder);
    const kept = workspace.folders.filter((f) => !removed.has(f.uri)).map((f) => ({ uri: f.uri, name: f.name }));
    workspace.setFolders([...kept, ...event.added]);
    await this.indexFolders(workspace.folders.filter((f) => !f.ready));
  }

  /** Tells the editor the index changed: the sidebar refreshes and lenses are asked for again. */
  notifyIndexChanged(durationMs: number): void {
    const { connection, workspace } = this.ctx;
    const folders = workspace.indexedFolders();
    const params: IndexChangedParams = {
      records: folders.reduce((n, f) => n + f.index.recordCount, 0),
      files: folders.reduce((n, f) => n + f.index.fileCount, 0),
      complete: this.indexedOnce && workspace.folders.every((f) => f.ready),
      durationMs,
    };
    void connection.sendNotification(IndexChangedNotification, params);
    // Lenses asked for while the index was being built came back empty, and an editor asks again
    // only when told to (or when the document changes).
    if (this.client.codeLensRefresh) connection.sendRequest(CodeLensRefreshRequest.type).catch(() => undefined);
  }

  /** The same, at most every VIEW_REFRESH_MS while someone types. */
  private scheduleIndexChanged(): void {
    if (this.viewRefreshTimer) return;
    this.viewRefreshTimer = setTimeout(() => {
      this.viewRefreshTimer = undefined;
      this.notifyIndexChanged(0);
    }, VIEW_REFRESH_MS);
  }

  /** A buffer's text changed (or it was opened): its text replaces the file's in the index. */
  async documentChanged(document: TextDocument): Promise<void> {
    const located = this.ctx.workspace.locate(document.uri);
    if (!located) return;
    const affected = applyBufferText(located.folder.index, located.path, document.getText());
    if (!affected) return;
    await this.publisher.publish(located.folder, affected);
    this.scheduleIndexChanged();
  }

  /** A buffer was closed: the file on disk counts again (or nothing, when there is none). */
  async documentClosed(document: TextDocument): Promise<void> {
    const located = this.ctx.workspace.locate(document.uri);
    if (!located) return;
    const { folder, path } = located;
    const affected = await revertBufferToDisk(folder.index, folder.files, path);
    if (!affected) return;
    await this.publisher.publish(folder, affected);
    this.scheduleIndexChanged();
  }

  /** File events from the editor's watcher: a burst (a branch switch) is handled as one pass. */
  fileEvents(changes: FileEvent[], onError: (error: unknown) => void): void {
    for (const change of changes) this.pendingEvents.push(change);
    if (this.watchTimer) clearTimeout(this.watchTimer);
    this.watchTimer = setTimeout(() => {
      const batch = this.pendingEvents;
      this.pendingEvents = [];
      this.watchTimer = undefined;
      this.applyFileEvents(batch).catch(onError);
    }, WATCH_COALESCE_MS);
  }

  /** One pass over a burst of file events: each folder's changes go to the core in one call. */
  private async applyFileEvents(events: FileEvent[]): Promise<void> {
    const { workspace, documents } = this.ctx;
    const started = Date.now();
    const byFolder = new Map<ServedFolder, FileChange[]>();
    const external = new Map<ServedFolder, Set<string>>();
    for (const event of events) {
      const located = workspace.locate(event.uri);
      if (!located) {
        // A record of a central repository outside the workspace: re-read it as context.
        for (const { folder, absolute } of workspace.locateExternal(event.uri)) {
          const ids = external.get(folder) ?? new Set<string>();
          for (const id of (await folder.external?.refresh(folder.index, absolute)) ?? []) ids.add(id);
          external.set(folder, ids);
        }
        continue;
      }
      let changes = byFolder.get(located.folder);
      if (!changes) byFolder.set(located.folder, (changes = []));
      changes.push({ path: located.path, kind: CHANGE_KIND[event.type] ?? 'changed' });
    }
    const reindex: FolderState[] = [];
    let indexChanged = false;
    for (const [folder, changes] of byFolder) {
      const isOpen = (path: string) => documents.get(folder.uriOf(path)) !== undefined;
      const outcome = await applyFileChanges(folder.index, folder.files, changes, { isOpen });
      for (const path of outcome.deletedWhileOpen) documents.fileDeleted(folder.uriOf(path));
      if (outcome.headMoved) void this.history.refresh(folder);
      if (outcome.configChanged) {
        reindex.push(folder);
        continue;
      }
      if (outcome.indexChanged) indexChanged = true;
      await this.publisher.publish(folder, outcome.affected);
    }
    for (const [folder, ids] of external) {
      if (ids.size === 0) continue;
      indexChanged = true;
      // Only the citing files: nothing is ever reported inside the external folder.
      await this.publisher.publish(folder, folder.index.pathsReferencing(ids));
    }
    if (reindex.length) await this.indexFolders(reindex);
    else if (indexChanged) this.notifyIndexChanged(Date.now() - started);
  }
}
