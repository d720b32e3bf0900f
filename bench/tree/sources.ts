// Source files of the generated tree: code in 13 languages, comments that mention incidents,
// string literals that must not count, and the binary and minified decoys.
import type { Counts, Ids, PlantedRef } from './manifest';
import { pad } from './ids';
import type { Dice } from './random';
import { NOUNS, REF_PHRASES, SERVICES, VERBS } from './vocabulary';

// Languages: comment syntax, a string-literal line, and code snippets.

interface Language {
  weight: number;
  ext: string;
  line: string | null;
  block?: [string, string];
  doc?: boolean;
}

export const LANGS: Record<string, Language> = {
  ts: { weight: 20, ext: 'ts', line: '//', block: ['/*', '*/'] },
  js: { weight: 9, ext: 'js', line: '//', block: ['/*', '*/'] },
  py: { weight: 15, ext: 'py', line: '#', doc: true },
  go: { weight: 10, ext: 'go', line: '//', block: ['/*', '*/'] },
  java: { weight: 10, ext: 'java', line: '//', block: ['/*', '*/'] },
  rs: { weight: 6, ext: 'rs', line: '//', block: ['/*', '*/'] },
  rb: { weight: 5, ext: 'rb', line: '#' },
  c: { weight: 6, ext: 'c', line: '//', block: ['/*', '*/'] },
  sql: { weight: 4, ext: 'sql', line: '--', block: ['/*', '*/'] },
  yaml: { weight: 6, ext: 'yaml', line: '#' },
  md: { weight: 5, ext: 'md', line: null },
  sh: { weight: 2, ext: 'sh', line: '#' },
  kt: { weight: 2, ext: 'kt', line: '//', block: ['/*', '*/'] },
};

function camel(a: string, b: string): string {
  return a + b[0].toUpperCase() + b.slice(1);
}
function pascal(a: string, b: string): string {
  return a[0].toUpperCase() + a.slice(1) + b[0].toUpperCase() + b.slice(1);
}

/** Returns a function (lang) => snippet string (ending with '\n'), plausible code of that language. */
function snippetFactory(t: Dice, sentence: () => string): (lang: string) => string {
  const { pick, int, chance } = t;
  const n = () => pick(NOUNS);
  const v = () => pick(VERBS);
  const S: Record<string, () => string> = {
    ts: () => {
      const fn = camel(v(), n()),
        a = n(),
        T = pascal(n(), 'options'),
        f = n();
      if (chance(0.3)) {
        return `export interface ${pascal(n(), n())} {\n  ${f}: number;\n  ${n()}?: string;\n  ${n()}: ${T}[];\n  readonly ${n()}Id: string;\n}\n\n`;
      }
      return `${chance(0.4) ? `/**\n * ${sentence()}\n * @param ${a} the ${n()} to ${v()}\n */\n` : ''}export async function ${fn}(${a}: ${T}, limit = ${int(1, 500)}): Promise<${T} | undefined> {\n  const ${f} = ${a}.${n()} ?? ${int(0, 1000)};\n  if (${f} > limit) {\n    // ${sentence()}\n    return undefined;\n  }\n  for (let i = 0; i < ${f}; i++) {\n    await ${camel(v(), n())}(${a}, i);\n  }\n  logger.debug('${v()} ${n()} done', { ${f} });\n  return { ...${a}, ${n()}: ${f} - 1 };\n}\n\n`;
    },
    js: () => {
      const fn = camel(v(), n()),
        a = n(),
        f = n();
      return `${chance(0.4) ? `// ${sentence()}\n` : ''}function ${fn}(${a}, options = {}) {\n  const ${f} = options.${n()} || ${int(1, 200)};\n  if (!${a}) {\n    throw new Error('${v()}: missing ${n()}');\n  }\n  return ${a}.map((item) => ({ ...item, ${f}, at: Date.now() }));\n}\nmodule.exports.${fn} = ${fn};\n\n`;
    },
    py: () => {
      const fn = `${v()}_${n()}`,
        a = n(),
        f = n();
      return `def ${fn}(${a}, ${f}=${int(1, 300)}):\n${chance(0.5) ? `    """${sentence()}"""\n` : ''}    result = []\n    for item in ${a}:\n        if item.${n()} is None:\n            # ${sentence()}\n            continue\n        result.append(${v()}_${n()}(item, ${f}))\n    logger.info("${v()} %s ${n()}s", len(result))\n    return result\n\n\n`;
    },
    go: () => {
      const fn = pascal(v(), n()),
        a = n(),
        T = pascal(n(), 'config');
      return `${chance(0.5) ? `// ${fn} ${sentence()}\n` : ''}func ${fn}(ctx context.Context, ${a} *${T}) (int, error) {\n\tif ${a} == nil {\n\t\treturn 0, fmt.Errorf("${v()} ${n()}: nil ${a}")\n\t}\n\tcount := 0\n\tfor _, item := range ${a}.Items {\n\t\tif err := ${camel(v(), n())}(ctx, item); err != nil {\n\t\t\treturn count, err\n\t\t}\n\t\tcount++\n\t}\n\treturn count, nil\n}\n\n`;
    },
    java: () => {
      const fn = camel(v(), n()),
        a = n(),
        T = pascal(n(), 'request');
      return `${chance(0.4) ? `    /**\n     * ${sentence()}\n     */\n` : ''}    public ${T} ${fn}(${T} ${a}, int ${n()}Limit) {\n        if (${a} == null) {\n            throw new IllegalArgumentException("${n()} is required");\n        }\n        // ${sentence()}\n        List<String> ${n()}s = new ArrayList<>();\n        for (String key : ${a}.keys()) {\n            ${n()}s.add(key.trim());\n        }\n        return ${a}.with${pascal(n(), n())}(${n()}s);\n    }\n\n`;
    },
    rs: () => {
      const fn = `${v()}_${n()}`,
        a = n(),
        T = pascal(n(), 'state');
      return `${chance(0.5) ? `/// ${sentence()}\n` : ''}pub fn ${fn}(${a}: &mut ${T}, limit: usize) -> Result<usize, Error> {\n    let mut count = 0;\n    for item in ${a}.items.iter_mut() {\n        if item.${n()} > limit {\n            // ${sentence()}\n            break;\n        }\n        item.${n()} += 1;\n        count += 1;\n    }\n    Ok(count)\n}\n\n`;
    },
    rb: () => {
      const fn = `${v()}_${n()}`,
        a = n();
      return `  # ${sentence()}\n  def ${fn}(${a}, limit: ${int(1, 100)})\n    return [] if ${a}.nil?\n\n    ${a}.select { |item| item.${n()} < limit }.map do |item|\n      item.merge(${n()}: "${v()}d")\n    end\n  end\n\n`;
    },
    c: () => {
      const fn = `${v()}_${n()}`,
        a = n();
      return `${chance(0.5) ? `/* ${sentence()} */\n` : ''}int ${fn}(struct ${n()}_ctx *${a}, size_t len)\n{\n    size_t i;\n    int rc = 0;\n\n    if (${a} == NULL)\n        return -EINVAL;\n    for (i = 0; i < len; i++) {\n        rc = ${v()}_${n()}(${a}, i);\n        if (rc < 0)\n            break; // ${sentence()}\n    }\n    return rc;\n}\n\n`;
    },
    sql: () => {
      const tbl = `${n()}_${n()}s`;
      return `-- ${sentence()}\nCREATE TABLE IF NOT EXISTS ${tbl} (\n    id BIGSERIAL PRIMARY KEY,\n    ${n()}_id BIGINT NOT NULL,\n    ${n()} TEXT,\n    created_at TIMESTAMPTZ NOT NULL DEFAULT now()\n);\nCREATE INDEX IF NOT EXISTS idx_${tbl}_${n()} ON ${tbl} (${n()}_id);\n\n`;
    },
    yaml: () => {
      return `${chance(0.5) ? `# ${sentence()}\n` : ''}${n()}:\n  ${n()}: ${int(1, 1000)}\n  ${n()}_enabled: ${chance(0.5)}\n  ${n()}s:\n    - name: ${v()}-${n()}\n      timeout: ${int(1, 60)}s\n    - name: ${v()}-${n()}\n      retries: ${int(0, 9)}\n`;
    },
    md: () => {
      return `## ${pascal(v(), n())}\n\n${sentence()} ${sentence()} ${sentence()}\n\n- ${sentence()}\n- ${sentence()}\n\n`;
    },
    sh: () => {
      return `# ${sentence()}\n${v()}_${n()}() {\n  local ${n()}="\${1:-${n()}}"\n  if [ -z "$${n()}" ]; then\n    echo "${v()}: missing ${n()}" >&2\n    return 1\n  fi\n  kubectl rollout status "deploy/$${n()}" --timeout=${int(10, 300)}s\n}\n\n`;
    },
    kt: () => {
      const fn = camel(v(), n()),
        a = n();
      return `// ${sentence()}\nfun ${fn}(${a}: List<${pascal(n(), 'item')}>, limit: Int = ${int(1, 100)}): Int {\n    var count = 0\n    for (item in ${a}) {\n        if (item.${n()} > limit) break\n        count++\n    }\n    return count\n}\n\n`;
    },
  };
  return (lang) => S[lang]();
}

/** The first lines of a file, by language. */
const HEADERS: Record<string, (pick: Dice['pick'], name: string) => string> = {
  ts: (pick) => `import { logger } from '../../lib/logger';\nimport type { ${pascal(pick(NOUNS), 'options')} } from './types';\n\n`,
  js: () => `'use strict';\n\nconst logger = require('../lib/logger');\n\n`,
  py: (pick, name) =>
    `"""${name}: helpers for the ${pick(NOUNS)} path."""\nimport logging\nfrom typing import Any\n\nlogger = logging.getLogger(__name__)\n\n\n`,
  go: (pick) => `package ${pick(NOUNS)}\n\nimport (\n\t"context"\n\t"fmt"\n)\n\n`,
  java: (pick) =>
    `package com.acme.${pick(SERVICES)};\n\nimport java.util.ArrayList;\nimport java.util.List;\n\npublic class ${pascal(pick(NOUNS), 'service')} {\n\n`,
  rs: () => `use crate::error::Error;\nuse std::collections::HashMap;\n\n`,
  rb: (pick) => `# frozen_string_literal: true\n\nclass ${pascal(pick(NOUNS), 'job')}\n`,
  c: (pick) => `#include <errno.h>\n#include <stddef.h>\n#include "${pick(NOUNS)}.h"\n\n`,
  sql: (_pick, name) => `-- migration: ${name}\nBEGIN;\n\n`,
  yaml: (_pick, name) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\ndata:\n`,
  md: (pick) => `# ${pascal(pick(NOUNS), pick(NOUNS))} design\n\n`,
  sh: () => `#!/usr/bin/env bash\nset -euo pipefail\n\n`,
  kt: (pick) => `package com.acme.${pick(SERVICES)}\n\n`,
};
/** The last line of a file, in the languages that close what the header opened. */
const FOOTERS: Record<string, string> = { java: '}\n', rb: 'end\n', sql: 'COMMIT;\n' };

/** A line that mentions `id` inside a string literal (must not count as a reference), `w` naming its variable. */
const STRING_LINES: Record<string, (w: string, id: string) => string> = {
  ts: (w, id) => `const ${w}IncidentTag = "${id}";\n`,
  js: (w, id) => `const ${w}IncidentTag = "${id}";\n`,
  py: (w, id) => `${w.toUpperCase()}_INCIDENT = "${id}"\n`,
  go: (w, id) => `var ${w}Incident = "${id}"\n`,
  java: (w, id) => `    private static final String INCIDENT_${w.toUpperCase()} = "${id}";\n`,
  rs: (w, id) => `const INCIDENT_${w.toUpperCase()}: &str = "${id}";\n`,
  rb: (w, id) => `  INCIDENT_${w.toUpperCase()} = '${id}'\n`,
  c: (w, id) => `static const char *${w}_incident = "${id}";\n`,
  sql: (_w, id) => `INSERT INTO audit_notes (note) VALUES ('${id}');\n`,
  yaml: (w, id) => `  incident_${w}: "${id}"\n`,
  sh: (w, id) => `INCIDENT_${w.toUpperCase()}="${id}"\n`,
  kt: (w, id) => `val ${w}Incident = "${id}"\n`,
};

/**
 * A comment line (or block/doc comment) that mentions `id`. Returns {text, col} where col is the
 * 0-based column of the id in the line holding it, and text holds exactly one line.
 */
export function commentLine(lang: string, id: string, t: Dice): { text: string; col: number } {
  const L = LANGS[lang];
  const phrase = t.pick(REF_PHRASES)(id);
  const indent = lang === 'java' || lang === 'rb' ? '    ' : '';
  let prefix: string,
    suffix = '';
  if (lang === 'md') {
    prefix = '';
  } else if (L.block && t.chance(0.25)) {
    prefix = `${indent}${L.block[0]} `;
    suffix = ` ${L.block[1]}`;
  } else if (L.doc && t.chance(0.25)) {
    // a docstring statement on its own line
    prefix = `${indent}"""`;
    suffix = `"""`;
  } else {
    prefix = `${indent}${L.line} `;
  }
  const text = prefix + phrase + suffix;
  return { text: text + '\n', col: text.indexOf(id) };
}

// ---------------------------------------------------------------------------------------------
// Binary and minified content

export function pngLike(t: Dice, size: number, embedId: string | null): Buffer {
  const buf = Buffer.alloc(size);
  for (let i = 0; i < size; i++) buf[i] = Math.floor(t.rand() * 256);
  for (let i = 16; i < size; i += 97) buf[i] = 0; // plenty of NULs
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52]).copy(buf, 0);
  if (embedId && size > 200) Buffer.from(`tEXtComment\0${embedId}`).copy(buf, 100);
  return buf;
}

export function minified(t: Dice, size: number, ids: string[], decoy: () => string): string {
  const parts: string[] = [];
  let len = 0;
  let k = 0;
  while (len < size) {
    const a = `${t.pick(NOUNS)[0]}${k % 97}`;
    let s = `function ${a}(e,t){var n=e.${t.pick(NOUNS)}||${k % 1000},r=t&&t.${t.pick(NOUNS)};if(!r)return n;for(var o=0;o<n;o++)r.push(o*${(k % 7) + 1});return r}`;
    if (k % 500 === 7 && ids.length) s += `/* ${t.pick(ids)} */var ${a}_i="${decoy()}";`;
    parts.push(s);
    len += s.length;
    k++;
  }
  return parts.join(';') + '\n';
}

// ---------------------------------------------------------------------------------------------
// Layout

/** The folder of a file: a few hundred per language family, ~30 files each. */
const FOLDERS: Record<string, (svc: string, mod: string, d: number, pick: Dice['pick']) => string> = {
  ts: (svc, mod, d) => `web/packages/${svc}/src/${mod}${d % 7}`,
  js: (svc, _mod, d) => `web/legacy/${svc}/lib${d % 5}`,
  py: (svc, mod, d) => `python/${svc}/${svc}/${mod}${d % 6}`,
  go: (svc, mod, d) => `go/${svc}/internal/${mod}${d % 6}`,
  java: (svc, mod, d) => `java/${svc}/src/main/java/com/acme/${svc}/${mod}${d % 5}`,
  rs: (svc, mod, d) => `rust/${svc}/src/${mod}${d % 4}`,
  rb: (svc, mod, d) => `ruby/${svc}/app/${mod}${d % 4}`,
  c: (svc, _mod, d) => `native/lib${svc}/src${d % 3}`,
  sql: (svc) => `db/migrations/${svc}`,
  yaml: (svc, _mod, _d, pick) => `deploy/${svc}/${pick(['dev', 'staging', 'prod', 'eu', 'us'])}`,
  md: (svc, _mod, _d, pick) => `docs/${pick(['architecture', 'runbooks', 'design', 'adr'])}/${svc}`,
  sh: (svc) => `scripts/${svc}`,
  kt: (svc, mod) => `android/${svc}/src/main/kotlin/${mod}`,
};

interface Snippet {
  s: string;
  nl: number;
}
export type SnippetPools = Record<string, Snippet[]>;
export const POOL = 400;

/**
 * Pools of snippets per language: generating every snippet fresh for 100k files would dominate;
 * pools keep generation fast while files still differ (names, order, sizes, comments).
 */
export function snippetPools(t: Dice, sentence: () => string): SnippetPools {
  const snippet = snippetFactory(t, sentence);
  const pools: SnippetPools = {};
  for (const lang of Object.keys(LANGS)) {
    pools[lang] = [];
    for (let i = 0; i < POOL; i++) {
      const s = snippet(lang);
      let nl = 0;
      for (let j = 0; j < s.length; j++) if (s.charCodeAt(j) === 10) nl++;
      pools[lang].push({ s, nl });
    }
  }
  return pools;
}

interface Insert {
  kind: 'comment' | 'string';
  id: string;
  known?: boolean;
  at: number;
}

/**
 * Source file number `i`: a header, snippets up to a log-uniform size, and for ~3% references in
 * comments (planted in `refs`) and string literals. Paths already in `usedPaths` get `_i` added.
 */
export function sourceFile(
  i: number,
  files: number,
  t: Dice,
  pools: SnippetPools,
  ids: Ids,
  usedPaths: Set<string>,
  refs: PlantedRef[],
  counts: Counts,
): { rel: string; content: string } {
  const lang = t.weighted(LANG_WEIGHTS);
  const L = LANGS[lang];
  const folder = FOLDERS[lang](t.pick(SERVICES), t.pick(NOUNS), t.int(0, Math.max(4, Math.round(files / 30 / 10))), t.pick);
  const base = lang === 'sql' ? `${pad(i, 6)}_${t.pick(VERBS)}_${t.pick(NOUNS)}` : `${t.pick(VERBS)}_${t.pick(NOUNS)}`;
  let rel = `${folder}/${base}.${L.ext}`;
  if (usedPaths.has(rel)) rel = `${folder}/${base}_${i}.${L.ext}`;
  usedPaths.add(rel);

  const target = t.logSize(1000, 10000);
  const refKind = t.rand(); // < 0.03: references in comments; < 0.035: string literal only
  const parts = [HEADERS[lang](t.pick, base)];
  let line = 0;
  for (let j = 0; j < parts[0].length; j++) if (parts[0].charCodeAt(j) === 10) line++;
  let size = parts[0].length;
  // where to put references: a few snippet boundaries
  const inserts: Insert[] = [];
  if (refKind < 0.03) {
    const k = t.int(1, 3);
    for (let j = 0; j < k; j++) {
      const unknown = t.chance(0.06);
      inserts.push({ kind: 'comment', id: unknown ? ids.fake(2099) : t.pick(ids.known), known: !unknown, at: t.rand() * target });
    }
    if (lang !== 'md' && t.chance(0.3)) inserts.push({ kind: 'string', id: t.chance(0.5) ? ids.fake(2097) : t.pick(ids.known), at: t.rand() * target });
    counts.refFiles++;
  } else if (refKind < 0.035 && lang !== 'md') {
    inserts.push({ kind: 'string', id: t.chance(0.5) ? ids.fake(2097) : t.pick(ids.known), at: t.rand() * target });
    counts.stringOnlyFiles++;
  }
  inserts.sort((a, b) => a.at - b.at);
  let ins = 0;
  const pool = pools[lang];
  while (size < target || ins < inserts.length) {
    while (ins < inserts.length && (inserts[ins].at <= size || size >= target)) {
      const x = inserts[ins++];
      if (x.kind === 'comment') {
        const c = commentLine(lang, x.id, t);
        refs.push({ path: rel, line, col: c.col, id: x.id, known: !!x.known });
        parts.push(c.text);
        size += c.text.length;
        line++;
        if (x.known) counts.commentRefs++;
        else counts.unknownCommentRefs++;
      } else {
        const w = t.pick(NOUNS);
        const s = STRING_LINES[lang]?.(w, x.id);
        if (s) {
          parts.push(s);
          size += s.length;
          line++;
          counts.stringRefs++;
        }
      }
    }
    if (size >= target) break;
    const p = pool[Math.floor(t.rand() * pool.length)];
    parts.push(p.s);
    size += p.s.length;
    line += p.nl;
  }
  parts.push(FOOTERS[lang] ?? '');
  counts.sourceFiles++;
  return { rel, content: parts.join('') };
}

const LANG_WEIGHTS = Object.entries(LANGS).map(([k, L]) => [k, L.weight] as const);
