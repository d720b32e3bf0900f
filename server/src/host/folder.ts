import { promises as fs } from 'node:fs';
import * as nodePath from 'node:path';
import { CONFIG_FILE, resolveOptions } from '../core/config';
import { IncidentIndex } from '../core/index/incidentIndex';
import { loadFolder, type LoadProgress, type LoadResult } from '../core/index/loader';
import type { Options, Problem } from '../core/model';
import type { Logger } from '../core/ports';
import { compileIdPatterns } from '../core/references';
import { NodeWorkspace } from './nodeWorkspace';
import { withRecordWorkers } from './recordWorkers';

/** One workspace folder, indexed: what the CLI and the language server both start from. */
export interface IndexedFolder {
  root: string;
  options: Options;
  index: IncidentIndex;
  files: NodeWorkspace;
  /** Problems in `.incident-lens.yaml` (reported once, defaults in force for the bad keys). */
  configProblems: Problem[];
  /** Bad editor settings, as messages. */
  settingsErrors: string[];
  load: LoadResult;
}

/** Reads the configuration of a folder (file, then editor settings) into plain options. */
export async function readFolderOptions(root: string, settings?: Record<string, unknown>) {
  let configText: string | undefined;
  try {
    const bytes = await fs.readFile(nodePath.join(root, CONFIG_FILE), 'utf8');
    configText = bytes.charCodeAt(0) === 0xfeff ? bytes.slice(1) : bytes;
  } catch {
    configText = undefined;
  }
  return resolveOptions(configText, settings);
}

/** Reads a folder's configuration, lists it and indexes every file in it. */
export async function indexFolder(
  root: string,
  log: Logger,
  settings?: Record<string, unknown>,
  onProgress?: (progress: LoadProgress) => void,
): Promise<IndexedFolder> {
  const { options, problems, settingsErrors } = await readFolderOptions(root, settings);
  for (const problem of problems) log.warn(`${problem.path}: ${problem.message}`);
  for (const error of settingsErrors) log.warn(error);
  const { matcher } = compileIdPatterns(options.idPatterns);
  const index = new IncidentIndex(options, matcher);
  const files = new NodeWorkspace(root, options.exclude, log);
  const load = await withRecordWorkers(log, (parser) => loadFolder(files, index, log, onProgress, parser));
  return { root, options, index, files, configProblems: problems, settingsErrors, load };
}
