import { promises as fs } from 'node:fs';
import * as nodePath from 'node:path';
import { CONFIG_FILE, resolveOptions } from '../core/config';
import { IncidentIndex } from '../core/index/incidentIndex';
import { IndexPolicy } from '../core/index/indexPolicy';
import { loadFolder, NATIVE_SEARCH_MIN_FILES, type LoadProgress, type LoadResult } from '../core/index/loader';
import type { Options, Problem } from '../core/model';
import { silentLogger, type Logger } from '../core/ports';
import { compileIdPatterns } from '../core/references';
import { ExternalRecords, externalRoots } from './externalRecords';
import type { HistoryService } from './history';
import { leavesFolder } from './insideFolder';
import { cacheFileFor, cacheKeys, IndexCache } from './indexCache';
import { MAX_CONFIG_BYTES, NodeWorkspace, type NodeWorkspaceOptions } from './nodeWorkspace';
import { withRecordWorkers } from './recordWorkers';

/**
 * One workspace folder with its index: what the CLI, the language server and git history all work
 * with (the server's folders are this once their first index has started).
 */
export interface IndexedFolder {
  /** A key for the folder: its URI in the server, its path in the CLI. */
  uri: string;
  root: string;
  /** What messages call it (the editor's folder name, the last path segment in the CLI). */
  name: string;
  options: Options;
  index: IncidentIndex;
  files: NodeWorkspace;
  /** Problems in `.incident-lens.yaml` (reported once, defaults in force for the bad keys). */
  configProblems: Problem[];
  /** Bad editor settings, as messages. */
  settingsErrors: string[];
  /** Records read from outside the folder (`externalRecords`, `--records-from`): read-only context. */
  external?: ExternalRecords;
}

/**
 * Reads the configuration of a folder (file, then editor settings) into plain options. The file
 * is read like a record: a regular file only (a link could point at /dev/stdin or /dev/zero, or
 * out of the folder), never more than 1 MiB; one that is refused is reported, defaults in force.
 */
export async function readFolderOptions(root: string, settings?: Record<string, unknown>) {
  let configText: string | undefined;
  let refused: Problem | undefined;
  const present = await fs.lstat(nodePath.join(root, CONFIG_FILE)).then(
    () => true,
    () => false,
  );
  if (present) {
    const read = await new NodeWorkspace(root, undefined, silentLogger).readForIndex(CONFIG_FILE, MAX_CONFIG_BYTES);
    if ('text' in read) configText = read.text;
    else {
      const why =
        read.skipped === 'too-large'
          ? `it is ${read.size} bytes, over ${MAX_CONFIG_BYTES}`
          : 'it is not a regular text file (a link, a folder, a FIFO or device, or a binary)';
      refused = { path: CONFIG_FILE, span: { start: 0, end: 0 }, severity: 'error', code: 'config', message: `Not read: ${why}; using the defaults.` };
    }
  }
  const resolved = resolveOptions(configText, settings);
  return refused ? { ...resolved, problems: [refused, ...resolved.problems] } : resolved;
}

/** How a front end wants a folder opened. */
export interface OpenFolderOptions {
  log: Logger;
  /** A key for the folder (the server's folder URI); the root itself by default (the CLI). */
  uri?: string;
  /** What messages call it; the last path segment by default. */
  name?: string;
  /** Editor settings, under the configuration file. */
  settings?: Record<string, unknown>;
  /**
   * Which folders of the repository's own `externalRecords` are read: all (a trusted workspace,
   * the CLI's `--trust-config`), only those inside the folder (the CLI: a pull request must not
   * make CI read a sibling checkout), or none (an untrusted workspace).
   */
  trustConfig: boolean | 'inside';
  /** External record folders the user named (editor setting, `--records-from`): always read. */
  userExternalRecords?: readonly unknown[];
  /** Workspace-relative folders that are workspace folders of their own (the server's nested roots). */
  nestedRoots?: string[];
  /** How files are listed and searched (the editor's ripgrep). */
  nativeSearch?: NodeWorkspaceOptions;
  /**
   * Search with ripgrep whatever the folder's size when there is no cache (the CLI: one spawn is
   * little next to starting the process itself, and CI runs check that the pre-filter runs); with a
   * cache, only when enough files changed to repay it.
   */
  searchAnySize?: boolean;
  /** Where the index cache of each folder is kept between runs; none: index from scratch. */
  cacheFolder?: string;
  /** Paths whose text in the index may not be the disk's (open editor buffers): left out of the cache. */
  uncachedPaths?: () => Set<string>;
  onProgress?: (progress: LoadProgress) => void;
  /** Stops the load early (a newer index of the folder was asked for). */
  cancelled?: () => boolean;
  /** Called once the index exists, before it fills: the server answers from it while it grows. */
  onIndexStarted?: (started: IndexedFolder) => void;
}

export interface OpenedFolder extends IndexedFolder {
  load: LoadResult;
  /** External record folders that could not be read, one message each. */
  externalProblems: string[];
  /** The repository's `externalRecords` entries that were not read (not trusted), as written. */
  untrustedExternalRecords: string[];
  /** Brings the index cache up to date (nothing without one, or after a cancelled load). */
  writeCache: () => Promise<void>;
}

/**
 * Opens a folder as every front end does: reads its configuration (file, then editor settings),
 * lists and indexes every file in it (files unchanged since the last run taken from the cache),
 * then reads the records kept outside it. The one place these steps are written.
 */
export async function openFolder(root: string, opened: OpenFolderOptions): Promise<OpenedFolder> {
  const { log, settings, cancelled } = opened;
  const { options, problems, settingsErrors, externalRecords } = await readFolderOptions(root, settings);
  const { matcher } = compileIdPatterns(options.idPatterns);
  const index = new IncidentIndex(options, matcher, new IndexPolicy(options, opened.nestedRoots ?? []));
  const files = new NodeWorkspace(root, index.policy, log, { ...opened.nativeSearch, maxFileSize: options.maxFileSize });
  const folder: IndexedFolder = {
    uri: opened.uri ?? root,
    root,
    name: opened.name ?? nodePath.basename(root),
    options,
    index,
    files,
    configProblems: problems,
    settingsErrors,
  };
  opened.onIndexStarted?.(folder);
  const cache = opened.cacheFolder === undefined ? undefined : IndexCache.open(cacheFileFor(opened.cacheFolder, root), cacheKeys(root, index), files, log);
  // Workers and the native search only for a folder big enough to repay starting them (see
  // `searchAnySize` for the CLI's exception).
  const nativeSearchMinFiles = opened.searchAnySize && !cache ? 0 : NATIVE_SEARCH_MIN_FILES;
  const load = await withRecordWorkers(log, (parserFor) =>
    loadFolder(files, index, log, { onProgress: opened.onProgress, parserFor, cancelled, nativeSearchMinFiles, cache }),
  );
  // Taken now, before anything else reaches the index (open buffers, external records).
  const snapshot = cache && !load.cancelled ? cache.snapshot(index, load, opened.uncachedPaths?.()) : undefined;
  const trusted = await trustedEntries(root, externalRecords, opened.trustConfig);
  const external = new ExternalRecords(root, externalRoots(root, trusted, true, opened.userExternalRecords ?? []), log);
  const externalProblems = await external.load(index);
  return {
    ...folder,
    external,
    load,
    externalProblems,
    untrustedExternalRecords: externalRecords.filter((entry) => !trusted.includes(entry)),
    writeCache: async () => {
      if (cache && snapshot) await cache.write(snapshot);
    },
  };
}

/** The entries of the repository's `externalRecords` that `trust` lets be read. */
async function trustedEntries(root: string, entries: readonly string[], trust: boolean | 'inside'): Promise<string[]> {
  if (trust !== 'inside') return trust ? [...entries] : [];
  const realRoot = await fs.realpath(root).catch(() => root);
  const inside: string[] = [];
  for (const entry of entries) {
    // `~` is a home folder; a link inside the folder may point out of it: judged where it leads.
    if (entry.startsWith('~')) continue;
    const real = await fs.realpath(nodePath.resolve(root, entry)).catch(() => nodePath.resolve(realRoot, entry));
    const relative = nodePath.relative(realRoot, real);
    if (relative !== '' && !leavesFolder(relative)) inside.push(entry);
  }
  return inside;
}

/**
 * Every problem of one file of a folder, as the editor shows them and `check` reports them: the
 * configuration file's, or the index's and git history's (hashes a record lists that do not exist).
 */
export async function problemsOf(folder: IndexedFolder, path: string, history: HistoryService): Promise<Problem[]> {
  if (path === CONFIG_FILE) return folder.configProblems;
  return [...folder.index.problemsIn(path), ...(await history.problemsIn(folder, path))];
}
