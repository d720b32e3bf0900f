/**
 * Workspace-relative paths and globs from a record's `code` list. Records are untrusted input: a
 * path that is absolute or climbs out of the workspace must be reported and never read.
 */

/** Why a `code` path or glob is unsafe to read, or undefined when it stays inside the workspace. */
export function unsafePathReason(value: string, isGlob: boolean): string | undefined {
  if (/[\u0000-\u001f]/.test(value)) return 'contains control characters';
  if (/^[A-Za-z]:/.test(value)) return 'starts with a drive letter (absolute path)';
  if (value.startsWith('/') || value.startsWith('\\')) return 'is absolute';
  // In a glob a backslash escapes the next character, so only `/` separates segments there.
  const segments = isGlob ? value.split('/') : value.split(/[\\/]/);
  let depth = 0;
  for (const segment of segments) {
    if (segment === '..') {
      depth--;
      if (depth < 0) return 'climbs out of the workspace folder with `..`';
    } else if (segment === '**') {
      // `**` may match no directory at all, so it cannot be counted as depth gained.
    } else if (segment !== '' && segment !== '.') {
      depth++;
    }
  }
  return undefined;
}

/** Forward slashes, no `./` or empty segments, inner `a/../` folded. Only for paths judged safe. */
export function normalizeCodePath(value: string): string {
  const out: string[] = [];
  for (const segment of value.replace(/\\/g, '/').split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') out.pop();
    else out.push(segment);
  }
  return out.join('/');
}

/** Strips leading `./` from a glob; backslashes stay, as they escape characters in glob syntax. */
export function normalizeCodeGlob(value: string): string {
  let glob = value;
  while (glob.startsWith('./')) glob = glob.slice(2);
  return glob.replace(/\/{2,}/g, '/');
}

/** `"40-72"` or `"40"` or `40` as an inclusive range; undefined when malformed. */
export function parseLineRange(value: unknown): { start: number; end: number } | undefined {
  if (typeof value === 'number') {
    return Number.isInteger(value) && value >= 1 ? { start: value, end: value } : undefined;
  }
  if (typeof value !== 'string') return undefined;
  const m = /^([1-9]\d*)(?:-([1-9]\d*))?$/.exec(value.trim());
  if (!m) return undefined;
  const start = Number(m[1]);
  const end = m[2] === undefined ? start : Number(m[2]);
  return { start, end };
}
