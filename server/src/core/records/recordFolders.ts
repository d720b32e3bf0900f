/**
 * Where new records go: the folders named by the `records` globs. Shared by New Incident Record
 * and `incident-lens import`, so both write where the index reads.
 */

/**
 * The folder part of a records glob that holds no wildcard: `docs/incidents/**` → `docs/incidents`.
 * Undefined when the glob starts with a wildcard (no folder to create the record in).
 */
export function staticFolderOf(glob: string): string | undefined {
  const segments = glob.replace(/\\/g, '/').replace(/^\.\//, '').split('/');
  const fixed: string[] = [];
  for (const segment of segments) {
    if (/[*?[\]{}!]/.test(segment)) break;
    fixed.push(segment);
  }
  // A glob without wildcards names a file or folder; a trailing file name is not a folder to write into.
  if (fixed.length === segments.length && /\.(ya?ml|md)$/i.test(fixed[fixed.length - 1] ?? '')) fixed.pop();
  const folder = fixed.join('/').replace(/\/+$/, '');
  // Never a folder outside the workspace: the globs may come from the repository's own file.
  const climbs = folder.split('/').includes('..');
  return folder === '' || climbs || folder.startsWith('/') || /^[a-zA-Z]:/.test(folder) ? undefined : folder;
}

/** Distinct record folders of the `records` globs, in configuration order. */
export function recordFolders(globs: readonly string[]): string[] {
  const folders: string[] = [];
  for (const glob of globs) {
    const folder = staticFolderOf(glob);
    if (folder !== undefined && !folders.includes(folder)) folders.push(folder);
  }
  return folders;
}

/**
 * Where in `folder` the team keeps its records: `<folder>/<year>` when most records there sit in
 * four-digit year folders (`incidents/2024/INC-2024-017.yaml`), else `folder` itself.
 * `recordPaths` are workspace-relative paths of the existing records (any folder).
 */
export function draftFolder(folder: string, recordPaths: readonly string[], year: number): string {
  const prefix = `${folder.replace(/\/+$/, '')}/`;
  const inside = recordPaths.map((p) => p.replace(/\\/g, '/')).filter((p) => p.startsWith(prefix));
  const byYear = inside.filter((p) => /^\d{4}\/[^/]+$/.test(p.slice(prefix.length)));
  return inside.length > 0 && byYear.length * 2 > inside.length ? `${prefix}${year}` : folder;
}
