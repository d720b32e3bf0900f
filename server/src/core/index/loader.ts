import type { FileCache, IndexRead, ListedFile, Logger, RecordParser, WorkspaceFiles } from '../ports';
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
   * When the listing did not search the files (a small folder, or a cache), the native search
   * (ripgrep) is asked afterwards only when at least this many files besides records are to be
   * read; fewer are read at once (a spawn costs more than reading a few hundred small files).
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
 * Records waiting, during a walk that lists and searches at once, before a parser is asked for:
 * enough to know the folder repays parsing workers (see LoadOptions.parserFor) without waiting
 * for the end of the walk.
 */
const RECORDS_BEFORE_PARSER = 1000;

/**
 * Fills an index from a workspace folder: lists it once, reads every record and every file that
 * may hold a reference, and hands each text to the index. Records are parsed (in parallel, when
 * the host offers it) while the rest is listed and searched: by one walk that does both, when the
 * host has one (ripgrep, for a large folder), or by the host's native search after the listing,
 * when enough files are left to repay it; every other file is only known by its path. With a
 * cache, a file unchanged since is taken from it unread, and the folder is only listed. Never
 * throws for one bad file. Stops early, leaving a partial index, once `cancelled` says a newer
 * index supersedes this one.
 */
export async function loadFolder(files: WorkspaceFiles, index: IncidentIndex, log: Logger, options: LoadOptions = {}): Promise<LoadResult> {
  const { onProgress, cancelled = () => false, nativeSearchMinFiles = NATIVE_SEARCH_MIN_FILES, cache } = options;
  const maxSize = index.options.maxFileSize;
  const sources = index.matcher.portable ? index.matcher.sources : [];
  // With a cache, most files may need no reading at all: a search of every file would be wasted.
  // An empty one (the first start) has nothing to spare, and still learns every file's stamp.
  const listing: AsyncIterable<ListedFile[]> = !cache?.size && files.listAndSearch ? files.listAndSearch(sources) : listedOnce(files);
  const result: LoadResult = { indexed: 0, prefiltered: 0, tooLarge: [], unreadable: [], fromCache: 0, sameText: 0, cancelled: false };

  let done = 0;
  let total = 0;
  const report = async () => {
    if (++done % FILES_PER_TURN === 0) {
      onProgress?.({ done, total });
      await new Promise((resolve) => setTimeout(resolve, 0));
    }
  };
  /** The text of a read file, or undefined after noting why there is none. */
  const textOf = (path: string, read: IndexRead): string | undefined => {
    if ('text' in read) return read.text;
    (read.skipped === 'too-large' ? result.tooLarge : result.unreadable).push(path);
    index.markSkipped(path, read);
    return undefined;
  };

  let parser: RecordParser | undefined;
  let parserAsked = false;
  const parsing: Array<Promise<void>> = [];
  let parsedRecords = 0;
  /** Reads these records and sends them to be parsed (or takes them from the cache when their text is the same). */
  const parseRecords = async (paths: string[]) => {
    if (!parserAsked) parser = options.parserFor?.(paths.length);
    parserAsked = true;
    for (let start = 0; start < paths.length && !cancelled(); start += RECORDS_PER_BATCH) {
      const batch: Array<{ path: string; text: string }> = [];
      for (const path of paths.slice(start, start + RECORDS_PER_BATCH)) {
        const text = textOf(path, await files.readForIndex(path, maxSize));
        const same = text === undefined ? undefined : cache?.sameText(path, text);
        if (same) {
          index.setAnalysis(path, same);
          result.indexed++;
          result.sameText++;
          await report();
        } else if (text !== undefined) batch.push({ path, text });
        else await report();
      }
      parsedRecords += batch.length;
      const analysed = parser ? parser.analyse(batch, index.analysisContext) : Promise.resolve(undefined);
      parsing.push(
        analysed.then(async (analyses) => {
          for (let i = 0; i < batch.length; i++) {
            if (analyses) index.setAnalysis(batch[i].path, analyses[i]);
            else index.setFile(batch[i].path, batch[i].text);
            result.indexed++;
            await report();
          }
        }),
      );
    }
  };
  let read = 0;
  /** Reads files that are not records into the index. */
  const readFiles = async (paths: string[]) => {
    for (const path of paths) {
      if (cancelled()) return;
      read++;
      const text = textOf(path, await files.readForIndex(path, maxSize));
      if (text !== undefined) {
        index.setFile(path, text);
        result.indexed++;
      }
      await report();
    }
  };

  let records: string[] = [];
  /** Files the walk did not search: read, or searched, once the listing is done. */
  const unsearched: string[] = [];
  let listed = 0;
  let looked = 0;
  for await (const batch of listing) {
    if (cancelled()) break;
    // While the walk goes on, the records of the batches before go to be parsed once there are
    // enough to know how (the parsing runs on other threads). A listing of one batch (a small
    // folder, a cache) parses its records after the loop, once the search has started.
    if (records.length >= RECORDS_BEFORE_PARSER || (parserAsked && records.length >= RECORDS_PER_BATCH)) {
      const ready = records.slice(0, records.length - (records.length % RECORDS_PER_BATCH));
      records = records.slice(ready.length);
      await parseRecords(ready);
    }
    /** Files the walk's search found id-like text in: read at once. */
    const found: string[] = [];
    for (const { path, mayHoldReference } of batch) {
      listed++;
      index.knownPaths.add(path);
      if (!index.isIndexable(path)) continue;
      const isRecord = index.isRecordPath(path);
      const cached = cache?.unchanged(path, isRecord);
      if (cached) {
        result.fromCache++;
        done++;
        total++;
        if ('analysis' in cached) {
          index.setAnalysis(path, cached.analysis);
          result.indexed++;
        }
      } else if (isRecord) {
        records.push(path);
        total++;
      } else if (mayHoldReference === false) result.prefiltered++;
      else {
        (mayHoldReference ? found : unsearched).push(path);
        total++;
      }
      // Asking the cache looks at the file on disk: let requests in now and then.
      if (cache && ++looked % (FILES_PER_TURN * 10) === 0) await new Promise((resolve) => setTimeout(resolve, 0));
    }
    // Read now, while the walk (another process) goes on.
    await readFiles(found);
  }
  // Files the walk did not search are searched now, if there are enough (see nativeSearchMinFiles),
  // while the records are read and parsed.
  const searching = !cancelled() && unsearched.length > 0 && unsearched.length >= nativeSearchMinFiles ? files.candidates?.(sources, maxSize) : undefined;
  if (!cancelled()) await parseRecords(records);

  // Superseded: whatever is in flight finishes (into an index nobody will use), nothing new starts.
  if (cancelled()) {
    await parser?.helpUntilDone();
    await Promise.all(parsing);
    result.cancelled = true;
    return result;
  }
  const candidates = await searching;
  const toRead = candidates ? unsearched.filter((path) => candidates.has(path)) : unsearched;
  const searchedAfter = unsearched.length - toRead.length;
  result.prefiltered += searchedAfter;
  total -= searchedAfter;
  await readFiles(toRead);
  if (cancelled()) result.cancelled = true;
  await parser?.helpUntilDone();
  await Promise.all(parsing);
  onProgress?.({ done: total, total });
  if (result.prefiltered > 0) log.info(`Native search left ${result.prefiltered} of ${listed} file(s) unread: no id-like text in them.`);
  if (cache) {
    log.info(
      `Cache: ${result.fromCache} file(s) unchanged since it was written, ${result.sameText} touched record(s) with the same text; ${parsedRecords} record(s) parsed, ${read} other file(s) read.`,
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

/** The folder's listing as one batch, its files unsearched. */
async function* listedOnce(files: WorkspaceFiles): AsyncGenerator<ListedFile[], void, undefined> {
  yield (await files.list()).map(({ path }) => ({ path, mayHoldReference: undefined }));
}
