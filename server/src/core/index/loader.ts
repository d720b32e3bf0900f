import type { Logger, WorkspaceFiles } from '../ports';
import type { IncidentIndex } from './incidentIndex';

export interface LoadProgress {
  done: number;
  total: number;
}

export interface LoadResult {
  /** Files read into the index. */
  indexed: number;
  /** Files left unread because they are larger than maxFileSize. */
  tooLarge: string[];
  /** Files that could not be read or are binary. */
  unreadable: string[];
}

/** How many reads are in flight at once: enough to keep the disk busy, few enough to bound memory. */
const READ_CONCURRENCY = 64;

/**
 * Fills an index from a workspace folder: lists it once, reads every indexable file, and hands
 * each text to the index. Never throws for one bad file; reports progress every few hundred files.
 */
export async function loadFolder(
  files: WorkspaceFiles,
  index: IncidentIndex,
  log: Logger,
  onProgress?: (progress: LoadProgress) => void,
): Promise<LoadResult> {
  const listed = await files.list();
  const result: LoadResult = { indexed: 0, tooLarge: [], unreadable: [] };
  const toRead: string[] = [];
  for (const { path, size } of listed) {
    if (!index.isIndexable(path)) {
      index.addKnownPath(path);
      continue;
    }
    index.addKnownPath(path);
    if (size > index.options.maxFileSize) {
      result.tooLarge.push(path);
      index.markSkipped(path, `it is ${size} bytes, over maxFileSize (${index.options.maxFileSize} bytes)`);
    } else toRead.push(path);
  }
  let done = 0;
  let next = 0;
  const worker = async () => {
    while (next < toRead.length) {
      const path = toRead[next++];
      const text = await files.read(path);
      if (text === undefined) {
        result.unreadable.push(path);
        index.markSkipped(path, 'it could not be read as text (binary, or unreadable)');
      }
      else {
        index.setFile(path, text);
        result.indexed++;
      }
      done++;
      if (onProgress && done % 500 === 0) onProgress({ done, total: toRead.length });
    }
  };
  await Promise.all(Array.from({ length: Math.min(READ_CONCURRENCY, toRead.length) }, worker));
  onProgress?.({ done, total: toRead.length });
  if (result.tooLarge.length > 0) {
    log.info(`Skipped ${result.tooLarge.length} file(s) over maxFileSize (${index.options.maxFileSize} bytes), e.g. ${result.tooLarge[0]}.`);
  }
  if (result.unreadable.length > 0) {
    log.info(`Skipped ${result.unreadable.length} unreadable or binary file(s), e.g. ${result.unreadable[0]}.`);
  }
  return result;
}
