import type { IndexRead, Logger, RecordParser, WorkspaceFiles } from '../ports';
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
  /** Stopped before the end because a newer index was asked for: the index is partial. */
  cancelled: boolean;
}

/** Files read between two yields to the event loop, so requests are answered while loading. */
const FILES_PER_TURN = 100;
/** Records sent to a parser at once: big enough to amortise the message, small enough to spread. */
const RECORDS_PER_BATCH = 100;

/**
 * Fills an index from a workspace folder: lists it once, reads every record and every file that
 * may hold a reference, and hands each text to the index. Records come first and are parsed
 * (in parallel, when the host offers it) while the host's native search (ripgrep) looks for the
 * other files worth reading; every other file is only known by its path. Never throws for one
 * bad file. Stops early, leaving a partial index, once `cancelled` says a newer index supersedes
 * this one.
 */
export async function loadFolder(
  files: WorkspaceFiles,
  index: IncidentIndex,
  log: Logger,
  onProgress?: (progress: LoadProgress) => void,
  parser?: RecordParser,
  cancelled: () => boolean = () => false,
): Promise<LoadResult> {
  const maxSize = index.options.maxFileSize;
  const searching = files.candidates?.(index.matcher.portable ? index.matcher.sources : [], maxSize);
  const listed = await files.list();
  const result: LoadResult = { indexed: 0, prefiltered: 0, tooLarge: [], unreadable: [], cancelled: false };
  const records: string[] = [];
  const others: string[] = [];
  for (const { path } of listed) {
    index.addKnownPath(path);
    if (!index.isIndexable(path)) continue;
    if (index.isRecordPath(path)) records.push(path);
    else others.push(path);
  }

  let done = 0;
  let total = records.length + others.length;
  const report = async () => {
    if (++done % FILES_PER_TURN === 0) {
      onProgress?.({ done, total });
      await new Promise((resolve) => setTimeout(resolve, 0));
    }
  };
  /** The text of a read file, or undefined after noting why there is none. */
  const textOf = (path: string, read: IndexRead): string | undefined => {
    if ('text' in read) return read.text;
    if (read.skipped === 'too-large') {
      result.tooLarge.push(path);
      index.markSkipped(path, `it is ${read.size} bytes, over maxFileSize (${maxSize} bytes)`);
    } else {
      result.unreadable.push(path);
      index.markSkipped(path, 'it could not be read as text (binary, or unreadable)');
    }
    return undefined;
  };

  const parsing: Array<Promise<void>> = [];
  for (let start = 0; start < records.length && !cancelled(); start += RECORDS_PER_BATCH) {
    const batch: Array<{ path: string; text: string }> = [];
    for (const path of records.slice(start, start + RECORDS_PER_BATCH)) {
      const text = textOf(path, await files.readForIndex(path, maxSize));
      if (text !== undefined) batch.push({ path, text });
      else await report();
    }
    const parsed = parser ? parser.parse(batch, index.recordContext) : Promise.resolve(undefined);
    parsing.push(
      parsed.then(async (results) => {
        for (let i = 0; i < batch.length; i++) {
          index.setFile(batch[i].path, batch[i].text, results?.[i]);
          result.indexed++;
          await report();
        }
      }),
    );
  }

  // Superseded: whatever is in flight finishes (into an index nobody will use), nothing new starts.
  if (cancelled()) {
    await parser?.helpUntilDone();
    await Promise.all(parsing);
    result.cancelled = true;
    return result;
  }
  const candidates = await searching;
  const toRead = candidates ? others.filter((path) => candidates.has(path)) : others;
  result.prefiltered = others.length - toRead.length;
  total -= result.prefiltered;
  for (const path of toRead) {
    if (cancelled()) {
      result.cancelled = true;
      break;
    }
    const text = textOf(path, await files.readForIndex(path, maxSize));
    if (text !== undefined) {
      index.setFile(path, text);
      result.indexed++;
    }
    await report();
  }
  await parser?.helpUntilDone();
  await Promise.all(parsing);
  onProgress?.({ done: total, total });
  if (candidates) log.info(`Native search left ${result.prefiltered} of ${listed.length} file(s) unread: no id-like text in them.`);
  if (result.tooLarge.length > 0) {
    log.info(`Skipped ${result.tooLarge.length} file(s) over maxFileSize (${maxSize} bytes), e.g. ${result.tooLarge[0]}.`);
  }
  if (result.unreadable.length > 0) {
    log.info(`Skipped ${result.unreadable.length} unreadable or binary file(s), e.g. ${result.unreadable[0]}.`);
  }
  return result;
}
