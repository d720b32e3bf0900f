/**
 * The few things the core needs from the world. The host implements them over Node's file system
 * and git; unit tests implement them in memory. The core itself never imports fs or git.
 */
import type { AnalysisContext, FileAnalysis } from './index/analyseFile';

/** What reading a file for the index gave: its text, or why it was left unread. */
export type IndexRead = { text: string } | { skipped: 'too-large'; size: number } | { skipped: 'binary' | 'unreadable' };

/** Read-only view of one workspace folder. Paths are relative to it, with forward slashes. */
export interface WorkspaceFiles {
  /**
   * Every file the index may read: excludes, always-skipped folders (node_modules, .git, build
   * output) and symbolic links already left out. With `under`, only the files in that folder (a
   * folder that just appeared).
   */
  list(under?: string): Promise<Array<{ path: string }>>;
  /** Whether a path is a real folder (not a link to one); false when it is gone. Never throws. */
  isFolder(path: string): Promise<boolean>;
  /**
   * The text of a file, or undefined when it cannot be read, is binary or is over maxFileSize (a
   * file that big is never read, not even to place a problem). Never throws.
   */
  read(path: string): Promise<string | undefined>;
  /** Reads a file for the index: never more than `maxSize` bytes, never a binary. Never throws. */
  readForIndex(path: string, maxSize: number): Promise<IndexRead>;
  /**
   * The files that may contain a match of any of these regular expressions (POSIX ERE, as
   * `IdMatcher.sources` gives them), found by a fast native search: a superset of the files with
   * references. Undefined when no such search is available: then every file is read.
   */
  candidates?(regexSources: string[], maxSize: number): Promise<Set<string> | undefined>;
  /**
   * Lists the folder (as `list` does) and searches it for these regular expressions in one walk,
   * in batches as they come. Each file says whether it may hold a match, or leaves it undefined
   * when it was not searched (the caller decides: read it, or ask `candidates`).
   */
  listAndSearch?(regexSources: string[]): AsyncIterable<ListedFile[]>;
}

/** A file as `listAndSearch` lists it. */
export interface ListedFile {
  path: string;
  /** False: the search found no id-like text in it; true: it may hold a reference; undefined: not searched. */
  mayHoldReference: boolean | undefined;
}

/** Receives log lines (the server's output channel, the CLI's --verbose stderr). */
export interface Logger {
  info(message: string): void;
  warn(message: string): void;
}

export const silentLogger: Logger = { info() {}, warn() {} };

/** One record file to parse, with what parsing needs to know. */
export interface RecordParseJob {
  path: string;
  text: string;
}

/**
 * Analyses many record files at once, possibly in parallel (the host uses worker threads). Each
 * answer is in the order of its jobs and is exactly what `analyseFile` gives for each.
 */
export interface RecordParser {
  analyse(jobs: RecordParseJob[], context: AnalysisContext): Promise<FileAnalysis[]>;
  /**
   * The caller has nothing else to do until the parses it asked for are done: it lends its own
   * thread to the batches still waiting for a worker.
   */
  helpUntilDone(): Promise<void>;
}

/**
 * What an earlier load left of a folder's files (a cache kept between runs), by path. The host
 * decides what "unchanged" means (size and modification time, a hash of a record's text); the
 * loader only asks, and reads and parses whatever it is not given.
 */
export interface FileCache {
  /** How many files it holds: 0 when there was none, or it could not be used. */
  readonly size: number;
  /**
   * For a file whose size and modification time are those it had when it was cached: what the
   * index held of it (`analysis`), or that it was left unread (`unread`: the native search found
   * no id-like text in it). Undefined when the file must be read. `asRecord`: whether the path is a
   * record now (the `records` globs may have changed since).
   */
  unchanged(path: string, asRecord: boolean): { analysis: FileAnalysis } | { unread: true } | undefined;
  /**
   * For a record read again (its time changed): what the index held of it when its text was this
   * same text, so that a touched but unchanged record is not parsed again.
   */
  sameText(path: string, text: string): FileAnalysis | undefined;
}
