import type { IndexRead, WorkspaceFiles } from '../../server/src/core/ports';

/** A workspace folder held in memory: the core's twin of the host's file system, for unit tests. */
export class MemoryWorkspace implements WorkspaceFiles {
  readonly files = new Map<string, string>();
  readonly reads: string[] = [];

  constructor(files: Record<string, string> = {}) {
    for (const [path, text] of Object.entries(files)) this.files.set(path, text);
  }

  async list(under = ''): Promise<Array<{ path: string }>> {
    const prefix = under ? `${under}/` : '';
    return [...this.files.keys()].filter((path) => path.startsWith(prefix)).map((path) => ({ path }));
  }

  /** A folder exists while a file lies under it. */
  async isFolder(path: string): Promise<boolean> {
    for (const file of this.files.keys()) if (file.startsWith(`${path}/`)) return true;
    return false;
  }

  async readForIndex(path: string, maxSize: number): Promise<IndexRead> {
    const text = this.files.get(path);
    if (text === undefined) return { skipped: 'unreadable' };
    const size = Buffer.byteLength(text);
    if (size > maxSize) return { skipped: 'too-large', size };
    this.reads.push(path);
    return text.includes('\u0000') ? { skipped: 'binary' } : { text };
  }

  async read(path: string): Promise<string | undefined> {
    this.reads.push(path);
    const text = this.files.get(path);
    return text === undefined || text.includes('\u0000') ? undefined : text;
  }
}
