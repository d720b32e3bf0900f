/**
 * Finding incident ids in commit messages. Git does not pre-filter with --grep: the scan needs the
 * renames of every commit anyway, and JavaScript expressions (lookbehind, \d) are not POSIX ERE.
 */

/** Compiles id regex sources with word boundaries; sources that do not compile are left out. */
export function compileIdRegexes(sources: string[]): RegExp[] {
  const out: RegExp[] = [];
  for (const source of sources) {
    try {
      const re = new RegExp(`(?<!\\w)(?:${source})(?!\\w)`, 'g');
      // A pattern that matches the empty string would match everywhere and loop forever.
      if (!re.test('')) out.push(re);
      re.lastIndex = 0;
    } catch {
      // Reported by the configuration loader; here it just finds nothing.
    }
  }
  return out;
}

/** Incident ids mentioned in `text`, in order of first mention, without duplicates. */
export function findIds(text: string, regexes: RegExp[]): string[] {
  const found: Array<{ at: number; id: string }> = [];
  for (const re of regexes) {
    re.lastIndex = 0;
    for (let m = re.exec(text); m; m = re.exec(text)) {
      if (m[0] === '') {
        re.lastIndex++;
        continue;
      }
      found.push({ at: m.index, id: m[0] });
    }
  }
  found.sort((a, b) => a.at - b.at);
  const seen = new Set<string>();
  const ids: string[] = [];
  for (const { id } of found) {
    if (!seen.has(id)) {
      seen.add(id);
      ids.push(id);
    }
  }
  return ids;
}
