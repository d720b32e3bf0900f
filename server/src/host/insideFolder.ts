import * as nodePath from 'node:path';

/**
 * Whether a path made by `path.relative(folder, target)` leaves the folder: an absolute path (another
 * drive), `..` itself, or one starting with the `..` segment. A name that merely starts with two dots
 * (`..notes.md`, `...`) is inside.
 */
export function leavesFolder(relative: string): boolean {
  return nodePath.isAbsolute(relative) || relative === '..' || relative.startsWith(`..${nodePath.sep}`) || relative.startsWith('../');
}
