import type { FileCache, IndexRead, Logger, RecordParser, WorkspaceFiles } from '../ports';
import type { IncidentIndex } from './incidentIndex';

export interface LoadProgress {
  done: number;
  total: number;
}

export interface LoadResult {
  /** Files read into the index. */
  indexed: number;
  /** Files that could not contain a reference, by this load's native pre-filter, and were not read. */
  prefiltered: number;
  /** Files left unread because they are larger than maxFileSize. */
  tooLarge: string[];
  /** Files that could not be read or are binary. */
  unreadable: string[];
  /** Files taken from the cache as they were (unchanged since), not read. */
  fromCache: number;
  /** Records read again because their time changed, whose text had not: not parsed again. */
  sameText: number;
  /** Stopped before the end because a newer index was asked for: the index is partial. */
  cancelled: boolean;
}

/**
 * How a folder is loaded; everything is optional (the unit tests load an in-memory folder bare).
 */
export interface LoadOptions {
  onProgress?: (progress: LoadProgress) => void;
  /**
   * A parser for this many record files, or none to parse them here: the host starts worker
   * threads only when there are enough records to repay their start.
   */
  parserFor?: (records: number) => RecordParser | undefined;
  /** True once a newer index supersedes this one: the load stops early, leaving a partial index. */
  cancelled?: () => boolean;
  /**
   * The native search (ripgrep) is asked only when at least this many files besides records are
   * to be read; fewer are read at once (a spawn costs more than reading a few hundred small
   * files). 0: it starts right away, alongside the walk of the folder.
   */
  nativeSearchMinFiles?: number;
  /** What an earlier load left: files unchanged since are taken from it, not read again. */
  cache?: FileCache;
}

/** Below this many files to read, reading them beats starting the native search (see LoadOptions). */
export const NATIVE_SEARCH_MIN_FILES = 1000;

/** Files read between two yields to the event loop, so requests are answered while loading. */
const FILES_PER_TURN = 100;
/** Records sent to a parser at once: big enough to amortise the message, small enough to spread. */
const RECORDS_PER_BATCH = 100;

/**
 * Fills an index from a workspace folder: lists it once, reads every record and every file that
 * may hold a reference, and hands each text to the index. Records come first and are parsed
 * (in parallel, when the host offers it) while the host's native search (ripgrep), when there
 * are enough other files to repay it, looks for those worth reading; every other file is only
 * known by its path. Never throws for one bad file. Stops early, leaving a partial index, once
 * `cancelled` says a newer index supersedes this one.
 */
export async function loadFolder(files: WorkspaceFiles, index: IncidentIndex, log: Logger, options: LoadOptions = {}): Promise<LoadResult> {
  const { onProgress, cancelled = () => false, nativeSearchMinFiles = NATIVE_SEARCH_MIN_FILES, cache } = options;
  const maxSize = index.options.maxFileSize;
  const search = () => files.candidates?.(index.matcher.portable ? index.matcher.sources : [], maxSize);
  // With a cache, most files may need no reading at all: the search waits to know how many do.
  let searching = nativeSearchMinFiles <= 0 && !cache ? search() : undefined;
  const listed = await files.list();
  const result: LoadResult = { indexed: 0, prefiltered: 0, tooLarge: [], unreadable: [], fromCache: 0, sameText: 0, cancelled: false };
  const records: string[] = [];
  const others: string[] = [];
  let looked = 0;
  for (const { path } of listed) {
    index.addKnownPath(path);
    if (!index.isIndexable(path)) continue;
    const isRecord = index.isRecordPath(path);
    const cached = cache?.unchanged(path, isRecord);
    if (cached) {
      result.fromCache++;
      if ('analysis' in cached) {
        index.restoreFile(path, cached.analysis);
        result.indexed++;
      }
    } else if (isRecord) records.push(path);
    else others.push(path);
    // Asking the cache looks at the file on disk: let requests in now and then.
    if (cache && ++looked % (FILES_PER_TURN * 10) === 0) await new Promise((resolve) => setTimeout(resolve, 0));
  }
  if (!searching && others.length >= nativeSearchMinFiles) searching = search();
  const parser = records.length > 0 ? options.parserFor?.(records.length) : undefined;

  let done = result.fromCache;
  let total = records.length + others.length + result.fromCache;
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
  let parsedRecords = 0;
  for (let start = 0; start < records.length && !cancelled(); start += RECORDS_PER_BATCH) {
    const batch: Array<{ path: string; text: string }> = [];
    for (const path of records.slice(start, start + RECORDS_PER_BATCH)) {
      const text = textOf(path, await files.readForIndex(path, maxSize));
      const same = text === undefined ? undefined : cache?.sameText(path, text);
      if (same) {
        index.restoreFile(path, same);
        result.indexed++;
        result.sameText++;
        await report();
      } else if (text !== undefined) batch.push({ path, text });
      else await report();
    }
    parsedRecords += batch.length;
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
  if (cache) {
    log.info(
      `Cache: ${result.fromCache} file(s) unchanged since it was written, ${result.sameText} touched record(s) with the same text; ${parsedRecords} record(s) parsed, ${toRead.length} other file(s) read.`,
    );
  }
  if (result.tooLarge.length > 0) {
    log.info(`Skipped ${result.tooLarge.length} file(s) over maxFileSize (${maxSize} bytes), e.g. ${result.tooLarge[0]}.`);
  }
  if (result.unreadable.length > 0) {
    log.info(`Skipped ${result.unreadable.length} unreadable or binary file(s), e.g. ${result.unreadable[0]}.`);
  }
  return result;
}
