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
/**
 * A pause in typing this long sends a buffer's text to the index and its diagnostics out. Short
 * enough that a problem shows while the hand is still on the keys; long enough that a burst of
 * changes (a paste, a macro, a flood) is one computation.
 */
const TYPING_PAUSE_MS = 75;
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
  /** Folders waiting for a full index, and those whose index is being built. */
  private readonly queued = new Set<FolderState>();
  private readonly building = new Set<FolderState>();
  private draining: Promise<void> | undefined;
  /** Documents typed in whose text has not reached the index yet, with their pause timer. */
  private readonly typing = new Map<string, NodeJS.Timeout>();
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

  /**
   * Asks for a full index of these folders. Requests coalesce: while an index is being built, a
   * new request stops it (its folders are built again, once) rather than piling another index on
   * top; every caller's promise settles when the queue is empty.
   */
  indexFolders(folders: Iterable<FolderState>): Promise<void> {
    for (const folder of folders) this.queued.add(folder);
    for (const folder of this.building) {
      if (!this.queued.has(folder)) continue;
      // Said in the log: a folder built twice in a row is worth noticing (tests look for it).
      this.ctx.log.info(`${folder.name}: a newer index was asked for; the one being built stops.`);
      this.ctx.workspace.supersede(folder);
    }
    this.draining ??= this.drainAll().finally(() => (this.draining = undefined));
    return this.draining;
  }

  /**
   * Drains until nothing is queued. A request that arrives while a drain is finishing (after its
   * last folder, while it registers watchers and logs) joins that drain's promise: so the queue is
   * looked at again before the promise settles, or the request would settle on an older index.
   */
  private async drainAll(): Promise<void> {
    do await this.drain();
    while (this.queued.size > 0);
  }

  /** Builds what is queued, folder by folder, until nothing is: one progress, one log line. */
  private async drain(): Promise<void> {
    const { connection, log, workspace } = this.ctx;
    const started = Date.now();
    const progress = this.client.progress ? await connection.window.createWorkDoneProgress() : undefined;
    progress?.begin('Indexing incidents', 0, undefined, false);
    try {
      while (this.queued.size > 0) {
        const [folder] = this.queued;
        this.queued.delete(folder);
        this.building.add(folder);
        const built = await workspace
          .indexFolder(folder, ({ done, total }) => progress?.report(total ? Math.round((100 * done) / total) : 100, `${folder.name}: ${done}/${total} files`))
          .finally(() => this.building.delete(folder));
        // Removed from the workspace meanwhile, or superseded (then it is queued again).
        if (!built || !folder.isServed() || !workspace.folders.includes(folder)) continue;
        for (const problem of folder.configProblems) log.warn(`${folder.name}/${problem.path}: ${problem.message}`);
        for (const error of folder.settingsErrors) void connection.window.showWarningMessage(`Incident Lens: ${error}`);
        await this.publisher.publishFolder(folder);
        void this.history.refresh(folder);
      }
    } finally {
      progress?.done();
    }
    this.indexedOnce = true;
    await this.watchExternalRecords();
    const duration = Date.now() - started;
    log.info(`Indexed ${workspace.indexedFolders().reduce((n, f) => n + f.index.fileCount, 0)} files in ${duration} ms.`);
    this.notifyIndexChanged(duration);
    // Not waited for: the next index need not wait on a write (shutdown does, see server.ts).
    void workspace.writeCaches();
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

  /**
   * The editor's settings changed (or it repeats them, as VS Code does at start, twice): only the
   * folders whose settings really differ are indexed again.
   */
  async configurationChanged(): Promise<void> {
    const changed: FolderState[] = [];
    for (const folder of this.ctx.workspace.folders) if (await this.ctx.workspace.settingsChanged(folder)) changed.push(folder);
    if (changed.length > 0) await this.indexFolders(changed);
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

  /**
   * A buffer's text changed (or it was opened). Typing is coalesced per document: its text
   * reaches the index (and its diagnostics are computed) once the keys pause, or at once when a
   * request needs it (`flushTyping`), never once per keystroke.
   */
  documentChanged(document: TextDocument): void {
    const uri = document.uri;
    clearTimeout(this.typing.get(uri));
    this.typing.set(
      uri,
      setTimeout(() => {
        this.typing.delete(uri);
        this.applyBuffer(uri);
      }, TYPING_PAUSE_MS),
    );
  }

  /** Every buffer typed in reaches the index now: a request is about to read it. */
  flushTyping(): void {
    for (const [uri, timer] of this.typing) {
      clearTimeout(timer);
      this.typing.delete(uri);
      this.applyBuffer(uri);
    }
  }

  /** A buffer's current text replaces the file's in the index; diagnostics follow, unless superseded. */
  private applyBuffer(uri: string): void {
    const document = this.ctx.documents.get(uri);
    const located = document && this.ctx.workspace.locate(uri);
    if (!document || !located) return;
    const affected = applyBufferText(located.folder.index, located.path, document.getText());
    if (!affected) return;
    const version = document.version;
    // Typed again before its diagnostics were computed: those of the newer text will follow.
    const superseded = (target: string) => target === uri && (this.typing.has(uri) || this.ctx.documents.get(uri)?.version !== version);
    this.publisher.publish(located.folder, affected, superseded).catch((error) => this.ctx.log.warn(`diagnostics failed: ${(error as Error).stack ?? error}`));
    this.scheduleIndexChanged();
  }

  /** A buffer was closed: the file on disk counts again (or nothing, when there is none). */
  async documentClosed(document: TextDocument): Promise<void> {
    clearTimeout(this.typing.get(document.uri));
    this.typing.delete(document.uri);
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
