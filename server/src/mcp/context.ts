/**
 * What every MCP tool handler shares: the indexed folder, git history when allowed, and the
 * helpers that keep answers correct and safe while an agent edits the folder under us.
 */
import * as nodePath from 'node:path';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type { IndexedFolder } from '../host/folder';
import type { HistoryFolder, HistoryService } from '../host/history';
import { leavesFolder } from '../host/insideFolder';
import type { Logger } from '../core/ports';

export interface McpContext {
  folder: IndexedFolder;
  /** Git history (commit ties, story commits): a service that answers "no history" with --no-git. */
  history: { history: HistoryService; key: HistoryFolder };
  /** Whether git may be used at all (history, and the diff of incidents_for_diff). */
  git: boolean;
  log: Logger;
}

/** A failure the agent can act on: a tool result with isError, never a protocol error or a crash. */
export class ToolError extends Error {}

export function toolError(message: string): CallToolResult {
  return { isError: true, content: [{ type: 'text', text: message }] };
}

/** A tool's answer: text for the model to read, and the same data as structured content. */
export function toolResult(text: string, structured: Record<string, unknown>): CallToolResult {
  return { content: [{ type: 'text', text }], structuredContent: structured };
}

/**
 * A path as the agent gave it (relative to the folder, or absolute inside it) as the index names
 * it: relative, forward slashes. Anything outside the folder is refused.
 */
export function folderPath(root: string, given: string): string {
  if (given === '' || given.includes('\0')) throw new ToolError(`"${given}" is not a path`);
  const absolute = nodePath.resolve(root, given);
  const relative = nodePath.relative(root, absolute);
  if (relative === '' || leavesFolder(relative)) {
    throw new ToolError(`${JSON.stringify(given)} is outside the folder ${root}: give paths inside it, relative to it or absolute.`);
  }
  return relative.split(nodePath.sep).join('/');
}

/**
 * Re-reads files into the index before answering about them: the agent may have edited them
 * since the server started (or created or deleted them).
 */
export async function refreshFiles(ctx: McpContext, paths: Iterable<string>): Promise<void> {
  const { index, files, options } = ctx.folder;
  for (const path of paths) {
    if (!index.isIndexable(path)) continue;
    const read = await files.readForIndex(path, options.maxFileSize);
    if ('text' in read) index.setFile(path, read.text);
    else if (read.skipped === 'unreadable') index.removeFile(path);
  }
}
