/**
 * Finding incident ids in commit messages, and a loose POSIX ERE that git can pre-filter commits
 * with. The JavaScript expressions decide; the ERE only has to match at least as much.
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

const ERE_SPECIAL = new Set(['.', '[', ']', '(', ')', '*', '+', '?', '{', '}', '|', '^', '$', '\\']);
const CLASS_ESCAPES: Record<string, string> = {
  d: '[0-9]',
  D: '[^0-9]',
  w: '[A-Za-z0-9_]',
  W: '[^A-Za-z0-9_]',
  s: '[[:space:]]',
  S: '[^[:space:]]',
};

/**
 * Translates a JavaScript regex source into a POSIX extended regular expression that matches
 * every line the source matches (it may match more: assertions are dropped, classes with escapes
 * become `.`). `undefined` when the source uses something this translation does not handle
 * (back-references, unicode escapes...): the caller then scans without a pre-filter.
 */
export function toGitGrepPattern(source: string): string | undefined {
  let out = '';
  let i = 0;
  const n = source.length;
  // Stack of open groups: whether each one is being dropped (a lookaround).
  const groups: boolean[] = [];
  let dropDepth = 0; // > 0 while inside a dropped lookaround
  const emit = (s: string) => {
    if (dropDepth === 0) out += s;
  };
  while (i < n) {
    const c = source[i];
    if (c === '\\') {
      const e = source[i + 1];
      if (e === undefined) return undefined;
      i += 2;
      if (e in CLASS_ESCAPES) emit(CLASS_ESCAPES[e]);
      else if (e === 'b' || e === 'B') emit('');
      else if (e === 't') emit('\t');
      else if (/[A-Za-z0-9]/.test(e)) return undefined; // \1, \k, \u, \x, \p, \n, \c...
      else emit(ERE_SPECIAL.has(e) ? `\\${e}` : e);
      continue;
    }
    if (c === '[') {
      // A class: copied as is when it has no escapes (same meaning in ERE), else any character.
      let j = i + 1;
      if (source[j] === '^') j++;
      if (source[j] === ']') j++;
      let escaped = false;
      while (j < n && source[j] !== ']') {
        if (source[j] === '\\') {
          escaped = true;
          j++;
        }
        j++;
      }
      if (j >= n) return undefined;
      const cls = source.slice(i, j + 1);
      emit(escaped || cls === '[]' || cls === '[^]' ? '.' : cls);
      i = j + 1;
      continue;
    }
    if (c === '(') {
      if (source[i + 1] === '?') {
        const rest = source.slice(i + 2);
        if (rest.startsWith(':')) {
          groups.push(false);
          emit('(');
          i += 3;
        } else if (/^(?:=|!|<=|<!)/.test(rest)) {
          groups.push(true);
          dropDepth++;
          i += 2 + (rest[0] === '<' ? 2 : 1);
        } else {
          const named = /^<([A-Za-z_$][\w$]*)>/.exec(rest);
          if (!named) return undefined;
          groups.push(false);
          emit('(');
          i += 2 + named[0].length;
        }
      } else {
        groups.push(false);
        emit('(');
        i++;
      }
      continue;
    }
    if (c === ')') {
      const dropped = groups.pop();
      if (dropped === undefined) return undefined;
      if (dropped) dropDepth--;
      else emit(')');
      i++;
      // A quantifier after a dropped group applies to nothing: skip it.
      if (dropped) {
        const q = /^(?:[*+?]|\{\d+(?:,\d*)?\})\??/.exec(source.slice(i));
        if (q) i += q[0].length;
      }
      continue;
    }
    if (c === '*' || c === '+' || c === '?' || c === '}') {
      emit(c);
      i++;
      if (source[i] === '?') i++; // lazy quantifier: same set of matches
      continue;
    }
    emit(c);
    i++;
  }
  if (groups.length > 0) return undefined;
  // An empty alternative or an empty pattern would make git reject or match everything.
  if (out === '' || /(^|\|)(\||$)|\(\||\|\)|\(\)/.test(out)) return undefined;
  return out;
}
