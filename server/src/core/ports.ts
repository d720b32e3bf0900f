/**
 * The few things the core needs from the world. The host implements them over Node's file system
 * and simple-git; unit tests implement them in memory. The core itself never imports fs or git.
 */

/** Read-only view of one workspace folder. Paths are relative to it, with forward slashes. */
export interface WorkspaceFiles {
  /**
   * Every file the index may read: excludes, always-skipped folders (node_modules, .git, build
   * output) and symlink loops already left out. Sizes let the core skip files over maxFileSize
   * without reading them.
   */
  list(): Promise<Array<{ path: string; size: number }>>;
  /** The text of a file, or undefined when it cannot be read or is binary. Never throws. */
  read(path: string): Promise<string | undefined>;
}

/** Receives log lines (the server's output channel, the CLI's --verbose stderr). */
export interface Logger {
  info(message: string): void;
  warn(message: string): void;
}

export const silentLogger: Logger = { info() {}, warn() {} };
