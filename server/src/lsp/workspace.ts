import * as nodePath from 'node:path';
import { URI } from 'vscode-uri';
import { layBuffers, type BufferToLay } from '../core/index/fileChanges';
import type { LoadProgress } from '../core/index/loader';
import { IncidentIndex } from '../core/index/incidentIndex';
import type { Options, Problem } from '../core/model';
import type { Logger } from '../core/ports';
import { openFolder, type IndexedFolder } from '../host/folder';
import { leavesFolder } from '../host/insideFolder';
import { NodeWorkspace, type NodeWorkspaceOptions } from '../host/nodeWorkspace';
import type { OpenDocuments } from './documents';

/** A folder whose first index has started: its index is there (still growing until `ready`). */
export type ServedFolder = FolderState & IndexedFolder;

/**
 * One workspace folder as the server sees it. Pending until its first index starts; from then on
 * it has its options, index and files (a `ServedFolder`), replaced whole by each re-index.
 */
export class FolderState implements Partial<IndexedFolder> {
  options?: Options;
  index?: IncidentIndex;
  files?: NodeWorkspace;
  configProblems?: Problem[];
  settingsErrors?: string[];
  /** False until the first full index of this folder is built (requests are answered meanwhile). */
  ready = false;
  /** Bumped on every re-index, so a load that was overtaken does not overwrite a newer one. */
  generation = 0;
  /** The editor settings of the latest index started, to tell a real change from a repeat. */
  settingsKey?: string;

  constructor(
    readonly uri: string,
    readonly root: string,
    readonly name: string,
  ) {}

  /** Whether the folder's first index has started (it has an index to answer from). */
  isServed(): this is ServedFolder {
    return this.index !== undefined;
  }

  /** The workspace-relative path (forward slashes) of a file URI inside this folder. */
  relative(uri: string): string | undefined {
    const fsPath = uriToPath(uri);
    if (fsPath === undefined) return undefined;
    const relative = nodePath.relative(this.root, fsPath);
    if (relative === '' || leavesFolder(relative)) return undefined;
    return relative.split(nodePath.sep).join('/');
  }

  /** The URI of a path of the index: inside the folder, or an external record's (`../…`, absolute). */
  uriOf(path: string): string {
    return URI.file(nodePath.resolve(this.root, path)).toString();
  }
}

export type SettingsProvider = (folder: FolderState) => Promise<Record<string, unknown> | undefined>;

/**
 * The folders of the editor's workspace, each with its index, and the open documents, whose
 * text wins over what is on disk.
 */
export class ServerWorkspace {
  folders: FolderState[] = [];
  /** How folders are read (which ripgrep to use as the pre-filter); set from initializationOptions. */
  nativeSearch: NodeWorkspaceOptions = {};
  /**
   * Whether the workspace is trusted: only then is `externalRecords` of a repository's own
   * `.incident-lens.yaml` honoured (a cloned repository must not make the editor read arbitrary
   * folders of the machine in Restricted Mode). The user's own list always is.
   */
  trusted = true;
  /** External record folders the editor passed in initializationOptions (the user's, like settings). */
  userExternalRecords: unknown[] = [];
  /**
   * Where the index cache of each folder is kept (VS Code: the extension's workspace storage, from
   * initializationOptions); none: every start indexes from scratch.
   */
  cacheFolder: string | undefined;

  constructor(
    private readonly documents: OpenDocuments,
    private readonly log: Logger,
    private readonly settingsFor: SettingsProvider,
  ) {}

  setFolders(folders: Array<{ uri: string; name: string }>): void {
    const existing = new Map(this.folders.map((f) => [f.uri, f]));
    this.folders = folders.flatMap(({ uri, name }) => {
      const kept = existing.get(uri);
      if (kept) return [kept];
      const root = uriToPath(uri);
      return root === undefined ? [] : [new FolderState(uri, root, name)];
    });
    // Longest root first, so a nested folder wins over the folder that contains it.
    this.folders.sort((a, b) => b.root.length - a.root.length);
  }

  /** The folder holding a document and the document's path in it, pending folder or not. */
  folderOf(uri: string): { folder: FolderState; path: string } | undefined {
    for (const folder of this.folders) {
      const path = folder.relative(uri);
      if (path !== undefined) return { folder, path };
    }
    return undefined;
  }

  /** The folder holding a document, once that folder has an index, and the document's path in it. */
  locate(uri: string): { folder: ServedFolder; path: string } | undefined {
    const found = this.folderOf(uri);
    return found?.folder.isServed() ? { folder: found.folder, path: found.path } : undefined;
  }

  /** Folders that have an index (even a partial one, while the first load runs). */
  indexedFolders(): ServedFolder[] {
    return this.folders.filter((f) => f.isServed());
  }

  /** The folders whose external records hold a file URI, with the file's absolute path. */
  locateExternal(uri: string): Array<{ folder: ServedFolder; absolute: string }> {
    const absolute = uriToPath(uri);
    if (absolute === undefined) return [];
    return this.indexedFolders()
      .filter((folder) => folder.external?.locate(absolute))
      .map((folder) => ({ folder, absolute }));
  }

  /** Every external record folder of every workspace folder (for file watching). */
  externalRoots(): string[] {
    return [...new Set(this.indexedFolders().flatMap((folder) => folder.external?.roots ?? []))];
  }

  /** A file's text: the open editor buffer when there is one, else the file on disk. */
  async textOf(folder: ServedFolder, path: string): Promise<string | undefined> {
    const open = this.documents.get(folder.uriOf(path));
    if (open) return open.getText();
    if (folder.index.isExternalPath(path)) return folder.external?.read(path);
    return folder.files.read(path);
  }

  /**
   * (Re)builds a folder's index from its configuration and its files, then lays the open
   * buffers over it. Answers from the previous (or partial) index go on meanwhile. Returns false
   * when a newer index of the folder was asked for meanwhile (see `supersede`): this one stopped
   * early and was dropped.
   */
  async indexFolder(folder: FolderState, onProgress?: (progress: LoadProgress) => void): Promise<boolean> {
    const generation = ++folder.generation;
    const superseded = () => generation !== folder.generation;
    const settings = await this.settingsFor(folder).catch(() => undefined);
    folder.settingsKey = settingsKey(settings);
    const nestedRoots = this.folders
      .filter((other) => other !== folder && other.root.startsWith(folder.root + nodePath.sep))
      .map((other) => nodePath.relative(folder.root, other.root).split(nodePath.sep).join('/'));
    // Records kept outside the folder: the file's list only in a trusted workspace, the user's always.
    const userExternalRecords = [settings?.externalRecords, this.userExternalRecords].flatMap((list) => (Array.isArray(list) ? (list as unknown[]) : []));
    const opened = await openFolder(folder.root, {
      log: this.log,
      uri: folder.uri,
      name: folder.name,
      settings,
      trustConfig: this.trusted,
      userExternalRecords,
      nestedRoots,
      nativeSearch: this.nativeSearch,
      cacheFolder: this.cacheFolder,
      // Open documents are left out of the cache (their text in the index may be the editor's).
      uncachedPaths: () => this.openPathsOf(folder),
      onProgress,
      cancelled: superseded,
      // The first load fills the live index so requests see results while it grows; a re-index
      // builds aside and swaps in at the end, so nobody sees a half-empty index.
      onIndexStarted: ({ options, index, files, configProblems, settingsErrors }) => {
        if (!folder.isServed()) Object.assign(folder, { options, index, files, configProblems, settingsErrors });
      },
    });
    for (const problem of opened.externalProblems) this.log.warn(problem);
    if (opened.untrustedExternalRecords.length) this.log.info(`${folder.name}: externalRecords of .incident-lens.yaml not read: the workspace is not trusted.`);
    if (superseded()) return false;
    const { options, index, files, external, configProblems, settingsErrors } = opened;
    Object.assign(folder, { options, index, files, external, configProblems, settingsErrors, ready: true });
    layBuffers(index, this.openBuffersOf(folder));
    // Written once the editor has been told the index is complete (see writeCaches).
    this.cacheWrites.set(folder, opened.writeCache);
    return true;
  }

  /** Cache snapshots taken by the indexes just built, waiting to be written. */
  private readonly cacheWrites = new Map<FolderState, () => Promise<void>>();
  /** The writes under way, one after the other (a write never rejects). */
  private writing: Promise<void> = Promise.resolve();

  /**
   * Writes the index caches of the folders just built, after those under way; settles when all
   * are written. Called once the editor knows the index is complete (writing tens of megabytes
   * is nothing anybody should wait for; it leaves requests in between its slices), and at shutdown.
   */
  writeCaches(): Promise<void> {
    const writes = [...this.cacheWrites.values()];
    this.cacheWrites.clear();
    this.writing = this.writing.then(async () => {
      for (const write of writes) await write();
    });
    return this.writing;
  }

  /** Stops the index of a folder being built, if any: a newer one is coming. */
  supersede(folder: FolderState): void {
    folder.generation++;
  }

  /** Whether the editor settings of a folder differ from those its index was (or is being) built with. */
  async settingsChanged(folder: FolderState): Promise<boolean> {
    // No index has read them yet (the editor repeats its settings at start, before it answers the
    // first index's request for them): that index will read them as they are now.
    if (folder.settingsKey === undefined) return false;
    const settings = await this.settingsFor(folder).catch(() => undefined);
    return settingsKey(settings) !== folder.settingsKey;
  }

  /** The paths of the documents open in a folder. */
  private openPathsOf(folder: FolderState): Set<string> {
    const paths = new Set<string>();
    for (const document of this.documents.all()) {
      const located = this.folderOf(document.uri);
      if (located?.folder === folder) paths.add(located.path);
    }
    return paths;
  }

  /** The open documents of a folder (not of a folder nested in it), as the core lays them. */
  private *openBuffersOf(folder: FolderState): Iterable<BufferToLay> {
    for (const document of this.documents.all()) {
      const located = this.folderOf(document.uri);
      if (located?.folder !== folder) continue;
      yield { path: located.path, text: document.getText(), edited: this.documents.isEdited(document) };
    }
  }
}

function settingsKey(settings: Record<string, unknown> | undefined): string {
  return JSON.stringify(settings ?? null);
}

export function uriToPath(uri: string): string | undefined {
  try {
    const parsed = URI.parse(uri);
    return parsed.scheme === 'file' ? parsed.fsPath : undefined;
  } catch {
    return undefined;
  }
}
