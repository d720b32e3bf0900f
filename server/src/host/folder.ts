import { promises as fs } from 'node:fs';
import * as nodePath from 'node:path';
import { CONFIG_FILE, resolveOptions } from '../core/config';
import { IncidentIndex } from '../core/index/incidentIndex';
import { loadFolder, NATIVE_SEARCH_MIN_FILES, type LoadProgress, type LoadResult } from '../core/index/loader';
import type { Options, Problem } from '../core/model';
import { silentLogger, type Logger } from '../core/ports';
import { compileIdPatterns } from '../core/references';
import { ExternalRecords, externalRoots } from './externalRecords';
import { cacheFileFor, cacheKeys, IndexCache } from './indexCache';
import { MAX_CONFIG_BYTES, NodeWorkspace } from './nodeWorkspace';
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

/**
 * Reads a folder's configuration, lists it and indexes every file in it, then the records kept
 * outside it: those its configuration names and `recordsFrom` (absolute paths), as the CLI runs
 * where its user asked it to. `externalProblems` names external folders that could not be read.
 * With `cacheFolder`, files unchanged since the last run are taken from its index cache, which is
 * then brought up to date.
 */
export async function indexFolder(
  root: string,
  log: Logger,
  settings?: Record<string, unknown>,
  onProgress?: (progress: LoadProgress) => void,
  recordsFrom: string[] = [],
  cacheFolder?: string,
): Promise<IndexedFolder & { load: LoadResult; externalProblems: string[] }> {
  const { options, problems, settingsErrors, externalRecords } = await readFolderOptions(root, settings);
  for (const problem of problems) log.warn(`${problem.path}: ${problem.message}`);
  for (const error of settingsErrors) log.warn(error);
  const { matcher } = compileIdPatterns(options.idPatterns);
  const index = new IncidentIndex(options, matcher);
  const files = new NodeWorkspace(root, index.policy, log, { maxFileSize: options.maxFileSize });
  // Without a cache the CLI has a folder searched whatever its size: one spawn is little next to
  // starting the process itself, and CI runs (which check that the pre-filter runs) get it on any
  // folder (a large one is listed and searched in one walk). With one, only when enough files
  // changed to repay it.
  const cache = cacheFolder === undefined ? undefined : IndexCache.open(cacheFileFor(cacheFolder, root), cacheKeys(root, index), files, log);
  // Workers only for a folder with enough records to repay starting them (MIN_RECORDS_FOR_WORKERS),
  // as in the editor: a worker loads the whole bundle first, which a small folder's check waited on.
  const load = await withRecordWorkers(log, (parserFor) =>
    loadFolder(files, index, log, { onProgress, parserFor, nativeSearchMinFiles: cache ? NATIVE_SEARCH_MIN_FILES : 0, cache }),
  );
  if (cache && !load.cancelled) await cache.write(cache.snapshot(index, load));
  const external = new ExternalRecords(root, externalRoots(root, externalRecords, true, recordsFrom), log);
  const externalProblems = await external.load(index);
  return { uri: root, root, name: nodePath.basename(root), options, index, files, configProblems: problems, settingsErrors, load, external, externalProblems };
}
