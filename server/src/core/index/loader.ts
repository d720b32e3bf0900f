import type { Logger, WorkspaceFiles } from '../ports';
import type { IncidentIndex } from './incidentIndex';

export interface LoadProgress {
  done: number;
  total: number;
}

export interface LoadResult {
  /** Files read into the index. */
  indexed: number;
  /** Files that could not contain a reference, by the native pre-filter, and were not read. */
  prefiltered: number;
  /** Files left unread because they are larger than maxFileSize. */
  tooLarge: string[];
  /** Files that could not be read or are binary. */
  unreadable: string[];
}

/** Files read between two yields to the event loop, so requests are answered while loading. */
const FILES_PER_TURN = 100;

/**
 * Fills an index from a workspace folder: lists it once, reads every record and every file that
 * may hold a reference, and hands each text to the index. When the host has a native search
 * (ripgrep), only the files it finds an id-like match in are read besides the records; every
 * other file is only known by its path. Never throws for one bad file.
 */
export async function loadFolder(
  files: WorkspaceFiles,
  index: IncidentIndex,
  log: Logger,
  onProgress?: (progress: LoadProgress) => void,
): Promise<LoadResult> {
  const maxSize = index.options.maxFileSize;
  const [listed, candidates] = await Promise.all([files.list(), files.candidates?.(index.matcher.portable ? index.matcher.sources : [], maxSize)]);
  const result: LoadResult = { indexed: 0, prefiltered: 0, tooLarge: [], unreadable: [] };
  const toRead: string[] = [];
  for (const { path } of listed) {
    index.addKnownPath(path);
    if (!index.isIndexable(path)) continue;
    if (candidates && !candidates.has(path) && !index.isRecordPath(path)) result.prefiltered++;
    else toRead.push(path);
  }
  for (let i = 0; i < toRead.length; i++) {
    const path = toRead[i];
    const read = await files.readForIndex(path, maxSize);
    if ('text' in read) {
      index.setFile(path, read.text);
      result.indexed++;
    } else if (read.skipped === 'too-large') {
      result.tooLarge.push(path);
      index.markSkipped(path, `it is ${read.size} bytes, over maxFileSize (${maxSize} bytes)`);
    } else {
      result.unreadable.push(path);
      index.markSkipped(path, 'it could not be read as text (binary, or unreadable)');
    }
    if ((i + 1) % FILES_PER_TURN === 0) {
      onProgress?.({ done: i + 1, total: toRead.length });
      await new Promise((resolve) => setTimeout(resolve, 0));
    }
  }
  onProgress?.({ done: toRead.length, total: toRead.length });
  if (candidates) log.info(`Native search left ${result.prefiltered} of ${listed.length} file(s) unread: no id-like text in them.`);
  if (result.tooLarge.length > 0) {
    log.info(`Skipped ${result.tooLarge.length} file(s) over maxFileSize (${maxSize} bytes), e.g. ${result.tooLarge[0]}.`);
  }
  if (result.unreadable.length > 0) {
    log.info(`Skipped ${result.unreadable.length} unreadable or binary file(s), e.g. ${result.unreadable[0]}.`);
  }
  return result;
}
