import type { IndexRead, Logger, ParseRecordsInParallel, WorkspaceFiles } from '../ports';
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
/** Records sent to a parsing worker at once: big enough to amortise the message, small enough to spread. */
const RECORDS_PER_BATCH = 100;

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
  parseRecords?: ParseRecordsInParallel,
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
  let done = 0;
  const report = async () => {
    if (++done % FILES_PER_TURN === 0) {
      onProgress?.({ done, total: toRead.length });
      await new Promise((resolve) => setTimeout(resolve, 0));
    }
  };
  const take = (path: string, read: IndexRead): read is { text: string } => {
    if ('text' in read) return true;
    if (read.skipped === 'too-large') {
      result.tooLarge.push(path);
      index.markSkipped(path, `it is ${read.size} bytes, over maxFileSize (${maxSize} bytes)`);
    } else {
      result.unreadable.push(path);
      index.markSkipped(path, 'it could not be read as text (binary, or unreadable)');
    }
    return false;
  };
  // Records are the costly part (YAML, schema): with a parallel parser they are read first and
  // parsed in batches on other threads while this one scans the other files.
  const records = parseRecords ? toRead.filter((path) => index.isRecordPath(path)) : [];
  const recordSet = new Set(records);
  const parsing: Array<Promise<void>> = [];
  for (let start = 0; start < records.length; start += RECORDS_PER_BATCH) {
    const batch: Array<{ path: string; text: string }> = [];
    for (const path of records.slice(start, start + RECORDS_PER_BATCH)) {
      const read = await files.readForIndex(path, maxSize);
      if (take(path, read)) batch.push({ path, text: read.text });
      else await report();
    }
    parsing.push(
      parseRecords!(batch, index.recordContext).then(async (parsed) => {
        for (let i = 0; i < batch.length; i++) {
          index.setFile(batch[i].path, batch[i].text, parsed[i]);
          result.indexed++;
          await report();
        }
      }),
    );
  }
  for (const path of toRead) {
    if (recordSet.has(path)) continue;
    const read = await files.readForIndex(path, maxSize);
    if (take(path, read)) {
      index.setFile(path, read.text);
      result.indexed++;
    }
    await report();
  }
  await Promise.all(parsing);
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
