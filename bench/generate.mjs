#!/usr/bin/env node
// Deterministic workspace generator for the Incident Lens benchmark.
//
//   node bench/generate.mjs [--records N] [--files M] [--seed S] [--dir DIR] [--force]
//
// Writes DIR/ws-<N>r-<M>f-s<S>-g<version>/tree (a git repository with one commit) and, last of all,
// manifest.json beside it: ground truth (reference positions, counts) that bench/run.mjs reads. A
// tree whose manifest exists is reused as is, so re-runs with the same (N, M, seed) are fast.
// Everything comes from one seeded PRNG stream, walked in a fixed order: same options, same bytes.

import { mkdirSync, writeFileSync, existsSync, rmSync, readFileSync, renameSync, readdirSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join, dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Bump when the generated content changes, so cached trees are not reused. */
export const GENERATOR_VERSION = 2;

const here = dirname(fileURLToPath(import.meta.url));
export const DEFAULT_DIR = resolve(here, '..', '.bench');

// ---------------------------------------------------------------------------------------------
// PRNG and helpers

/** mulberry32: a tiny, fast, seedable 32-bit PRNG. */
export function mulberry32(seed) {
  let a = seed >>> 0;
  return function next() {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function makeTools(rand) {
  const int = (lo, hi) => lo + Math.floor(rand() * (hi - lo + 1)); // inclusive
  const pick = (arr) => arr[Math.floor(rand() * arr.length)];
  const chance = (p) => rand() < p;
  const weighted = (entries) => {
    // entries: [[value, weight], ...]
    let total = 0;
    for (const [, w] of entries) total += w;
    let x = rand() * total;
    for (const [v, w] of entries) {
      x -= w;
      if (x < 0) return v;
    }
    return entries[entries.length - 1][0];
  };
  /** Log-uniform size between lo and hi (most files small, a tail of bigger ones). */
  const logSize = (lo, hi) => Math.round(Math.exp(Math.log(lo) + rand() * (Math.log(hi) - Math.log(lo))));
  return { int, pick, chance, weighted, logSize };
}

const pad = (n, w) => String(n).padStart(w, '0');

// ---------------------------------------------------------------------------------------------
// Vocabulary

const SERVICES = [
  'payments',
  'checkout',
  'auth',
  'ledger',
  'search',
  'notifications',
  'inventory',
  'billing',
  'gateway',
  'scheduler',
  'catalog',
  'identity',
  'shipping',
  'pricing',
  'recommendations',
  'ingest',
  'analytics',
  'messaging',
  'storage',
  'reporting',
  'fraud',
  'onboarding',
  'accounts',
  'media',
];
const NOUNS = [
  'retry',
  'queue',
  'cache',
  'token',
  'session',
  'worker',
  'batch',
  'cursor',
  'lease',
  'shard',
  'replica',
  'snapshot',
  'backoff',
  'timeout',
  'buffer',
  'handler',
  'client',
  'pool',
  'schema',
  'migration',
  'index',
  'ledger',
  'invoice',
  'refund',
  'order',
  'account',
  'webhook',
  'limit',
  'budget',
  'deadline',
  'heartbeat',
  'circuit',
  'partition',
  'offset',
  'manifest',
  'config',
  'flag',
  'rollout',
  'canary',
  'quota',
  'lock',
  'cron',
  'export',
  'import',
  'event',
  'stream',
];
const VERBS = [
  'load',
  'parse',
  'flush',
  'retry',
  'resolve',
  'fetch',
  'store',
  'update',
  'validate',
  'compute',
  'apply',
  'drain',
  'schedule',
  'publish',
  'refresh',
  'merge',
  'build',
  'render',
  'encode',
  'decode',
  'sync',
  'reconcile',
  'expire',
  'renew',
  'acquire',
  'release',
  'emit',
  'collect',
];
const ADJ = [
  'stale',
  'pending',
  'partial',
  'slow',
  'duplicate',
  'expired',
  'missing',
  'noisy',
  'hot',
  'cold',
  'large',
  'concurrent',
  'delayed',
  'orphaned',
  'unbounded',
  'regional',
  'primary',
];
const PEOPLE = [
  'Amara Okafor',
  'Bea Lindqvist',
  'Chen Wei',
  'Dario Russo',
  'Elif Demir',
  'Farah Haddad',
  'Goran Petrovic',
  'Hana Sato',
  'Ines Moreau',
  'Jonas Berg',
  'Kavya Rao',
  'Luis Ortega',
  'Maya Cohen',
  'Nils Eriksen',
  'Oona Virtanen',
  'Priya Nair',
  'Quentin Blanc',
  'Rosa Alvarez',
];
const ROLES = ['incident commander', 'on-call engineer', 'communications lead', 'subject matter expert', 'scribe'];
const SEVERITIES = ['SEV1', 'SEV2', 'SEV3', 'SEV3', 'SEV4', 'SEV4', 'SEV5'];
const STATUSES = ['published', 'published', 'published', 'in-review', 'draft'];
const SOURCES = ['log', 'chat', 'dashboard', 'deploy', 'page', 'interview', 'other'];
const KINDS = ['confusion', 'uncertainty', 'ambiguity', 'surprise'];
const TAGS = [
  'database',
  'network',
  'deploy',
  'config',
  'capacity',
  'dependency',
  'dns',
  'tls',
  'alerting',
  'data-loss',
  'latency',
  'availability',
  'security',
  'cost',
  'customer-facing',
];

function sentenceFactory(t) {
  const { pick, int, chance } = t;
  const templates = [
    () => `The ${pick(NOUNS)} ${pick(NOUNS)} in ${pick(SERVICES)} started to ${pick(VERBS)} ${pick(ADJ)} ${pick(NOUNS)}s faster than expected`,
    () => `Responders first believed the ${pick(ADJ)} ${pick(NOUNS)} was caused by the ${pick(SERVICES)} deploy`,
    () => `Nobody on the call knew that ${pick(SERVICES)} would ${pick(VERBS)} every ${pick(NOUNS)} after a ${pick(NOUNS)} failure`,
    () => `The dashboard for ${pick(SERVICES)} showed ${int(2, 99)} percent of ${pick(NOUNS)}s as ${pick(ADJ)}`,
    () => `It took ${int(3, 90)} minutes to see that the ${pick(NOUNS)} limit had been lowered in an unrelated change`,
    () => `The ${pick(ROLES)} asked whether it was safe to ${pick(VERBS)} the ${pick(NOUNS)} while traffic was still ${pick(ADJ)}`,
    () => `Alerts fired for ${pick(SERVICES)} and ${pick(SERVICES)} at the same time, which made the signal ambiguous`,
    () => `Rolling back the ${pick(NOUNS)} change reduced errors but did not ${pick(VERBS)} the ${pick(ADJ)} backlog`,
    () => `Several people had a different picture of how the ${pick(NOUNS)} path worked`,
    () => `The runbook said to ${pick(VERBS)} the ${pick(NOUNS)} but that step had been removed ${int(2, 14)} months earlier`,
    () => `Load on the ${pick(ADJ)} ${pick(NOUNS)} grew by a factor of ${int(2, 40)} within a few minutes`,
    () => `We learned that ${pick(NOUNS)} ${pick(VERBS)} is not idempotent when the ${pick(NOUNS)} is ${pick(ADJ)}`,
  ];
  return () => {
    let s = pick(templates)();
    if (chance(0.25)) s += `, and the ${pick(NOUNS)} ${pick(VERBS)} loop kept going`;
    return s + '.';
  };
}

// ---------------------------------------------------------------------------------------------
// Languages: comment syntax, a string-literal line, and code snippets.

const LANGS = {
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

function camel(a, b) {
  return a + b[0].toUpperCase() + b.slice(1);
}
function pascal(a, b) {
  return a[0].toUpperCase() + a.slice(1) + b[0].toUpperCase() + b.slice(1);
}

/** Returns a function (lang) => snippet string (ending with '\n'), plausible code of that language. */
function snippetFactory(t, sentence) {
  const { pick, int, chance } = t;
  const n = () => pick(NOUNS);
  const v = () => pick(VERBS);
  const S = {
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

function header(lang, t, name) {
  const { pick } = t;
  switch (lang) {
    case 'ts':
      return `import { logger } from '../../lib/logger';\nimport type { ${pascal(pick(NOUNS), 'options')} } from './types';\n\n`;
    case 'js':
      return `'use strict';\n\nconst logger = require('../lib/logger');\n\n`;
    case 'py':
      return `"""${name}: helpers for the ${pick(NOUNS)} path."""\nimport logging\nfrom typing import Any\n\nlogger = logging.getLogger(__name__)\n\n\n`;
    case 'go':
      return `package ${pick(NOUNS)}\n\nimport (\n\t"context"\n\t"fmt"\n)\n\n`;
    case 'java':
      return `package com.acme.${pick(SERVICES)};\n\nimport java.util.ArrayList;\nimport java.util.List;\n\npublic class ${pascal(pick(NOUNS), 'service')} {\n\n`;
    case 'rs':
      return `use crate::error::Error;\nuse std::collections::HashMap;\n\n`;
    case 'rb':
      return `# frozen_string_literal: true\n\nclass ${pascal(pick(NOUNS), 'job')}\n`;
    case 'c':
      return `#include <errno.h>\n#include <stddef.h>\n#include "${pick(NOUNS)}.h"\n\n`;
    case 'sql':
      return `-- migration: ${name}\nBEGIN;\n\n`;
    case 'yaml':
      return `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\ndata:\n`;
    case 'md':
      return `# ${pascal(pick(NOUNS), pick(NOUNS))} design\n\n`;
    case 'sh':
      return `#!/usr/bin/env bash\nset -euo pipefail\n\n`;
    case 'kt':
      return `package com.acme.${pick(SERVICES)}\n\n`;
  }
  return '';
}
function footer(lang) {
  switch (lang) {
    case 'java':
      return '}\n';
    case 'rb':
      return 'end\n';
    case 'sql':
      return 'COMMIT;\n';
    default:
      return '';
  }
}

/** A line that mentions `id` inside a string literal (must not count as a reference). */
function stringLine(lang, id, t) {
  const w = t.pick(NOUNS);
  switch (lang) {
    case 'ts':
    case 'js':
      return `const ${w}IncidentTag = "${id}";\n`;
    case 'py':
      return `${w.toUpperCase()}_INCIDENT = "${id}"\n`;
    case 'go':
      return `var ${w}Incident = "${id}"\n`;
    case 'java':
      return `    private static final String INCIDENT_${w.toUpperCase()} = "${id}";\n`;
    case 'rs':
      return `const INCIDENT_${w.toUpperCase()}: &str = "${id}";\n`;
    case 'rb':
      return `  INCIDENT_${w.toUpperCase()} = '${id}'\n`;
    case 'c':
      return `static const char *${w}_incident = "${id}";\n`;
    case 'sql':
      return `INSERT INTO audit_notes (note) VALUES ('${id}');\n`;
    case 'yaml':
      return `  incident_${w}: "${id}"\n`;
    case 'sh':
      return `INCIDENT_${w.toUpperCase()}="${id}"\n`;
    case 'kt':
      return `val ${w}Incident = "${id}"\n`;
  }
  return null;
}

const REF_PHRASES = [
  (id) => `See ${id}: the retry budget is capped on purpose.`,
  (id) => `Regression guard for ${id}; read the review before changing this.`,
  (id) => `This ordering matters, see ${id} for what happened when it was reversed.`,
  (id) => `Workaround from ${id}. Remove once the upstream fix lands.`,
  (id) => `${id} - the lock must be released before publishing.`,
  (id) => `Do not lower this timeout (${id}).`,
];

/**
 * A comment line (or block/doc comment) that mentions `id`. Returns {text, col} where col is the
 * 0-based column of the id in the line holding it, and text holds exactly one line.
 */
function commentLine(lang, id, t) {
  const L = LANGS[lang];
  const phrase = t.pick(REF_PHRASES)(id);
  const indent = lang === 'java' || lang === 'rb' ? '    ' : '';
  let prefix,
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

function pngLike(t, size, embedId) {
  const buf = Buffer.alloc(size);
  for (let i = 0; i < size; i++) buf[i] = Math.floor(t.rand() * 256);
  for (let i = 16; i < size; i += 97) buf[i] = 0; // plenty of NULs
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52]).copy(buf, 0);
  if (embedId && size > 200) Buffer.from(`tEXtComment\0${embedId}`).copy(buf, 100);
  return buf;
}

function minified(t, size, ids, decoy) {
  const parts = [];
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

function layoutFor(lang, t, dirs) {
  // a few hundred directories per language family, ~30 files each
  const svc = t.pick(SERVICES);
  const mod = t.pick(NOUNS);
  const d = t.int(0, dirs);
  switch (lang) {
    case 'ts':
      return `web/packages/${svc}/src/${mod}${d % 7}`;
    case 'js':
      return `web/legacy/${svc}/lib${d % 5}`;
    case 'py':
      return `python/${svc}/${svc}/${mod}${d % 6}`;
    case 'go':
      return `go/${svc}/internal/${mod}${d % 6}`;
    case 'java':
      return `java/${svc}/src/main/java/com/acme/${svc}/${mod}${d % 5}`;
    case 'rs':
      return `rust/${svc}/src/${mod}${d % 4}`;
    case 'rb':
      return `ruby/${svc}/app/${mod}${d % 4}`;
    case 'c':
      return `native/lib${svc}/src${d % 3}`;
    case 'sql':
      return `db/migrations/${svc}`;
    case 'yaml':
      return `deploy/${svc}/${t.pick(['dev', 'staging', 'prod', 'eu', 'us'])}`;
    case 'md':
      return `docs/${t.pick(['architecture', 'runbooks', 'design', 'adr'])}/${svc}`;
    case 'sh':
      return `scripts/${svc}`;
    case 'kt':
      return `android/${svc}/src/main/kotlin/${mod}`;
  }
  return 'misc';
}

// ---------------------------------------------------------------------------------------------
// Records

function yamlList(key, items, indent = '') {
  if (!items.length) return '';
  return `${indent}${key}:\n` + items.map((x) => `${indent}  - ${x}\n`).join('');
}

function block(key, text) {
  // literal block scalar; text lines wrapped at ~100 chars
  const lines = [];
  for (const para of text.split('\n\n')) {
    let line = '';
    for (const word of para.split(' ')) {
      if (line.length + word.length > 96) {
        lines.push(line);
        line = word;
      } else line = line ? `${line} ${word}` : word;
    }
    lines.push(line);
    lines.push('');
  }
  lines.pop();
  return `${key}: |\n` + lines.map((l) => (l ? `  ${l}\n` : '\n')).join('');
}

function isoAt(year, dayOfYear, minutes) {
  const d = new Date(Date.UTC(year, 0, 1) + dayOfYear * 86400000 + minutes * 60000);
  return d.toISOString().replace('.000Z', 'Z');
}

// ---------------------------------------------------------------------------------------------
// Main

export function workspacePaths({ records, files, seed, dir = DEFAULT_DIR }) {
  const root = join(dir, `ws-${records}r-${files}f-s${seed}-g${GENERATOR_VERSION}`);
  return { root, tree: join(root, 'tree'), manifest: join(root, 'manifest.json') };
}

/**
 * Generates (or reuses) the workspace. Returns {tree, manifest, cached, timings}.
 * manifest: {options, counts, refs: [{path, line, col, id, known}], records: [{id, path, idLine, idCol}]}
 */
export function generateWorkspace({ records = 10000, files = 100000, seed = 1, dir = DEFAULT_DIR, force = false, log = () => {} } = {}) {
  const paths = workspacePaths({ records, files, seed, dir });
  if (!force && existsSync(paths.manifest)) {
    const manifest = JSON.parse(readFileSync(paths.manifest, 'utf8'));
    return { tree: paths.tree, manifest, cached: true, timings: manifest.timings };
  }
  // Build in a private directory and rename it into place at the end: a run that is interrupted,
  // or two runs at once, never leave (or read) a half-written tree.
  const final = paths;
  const work = { root: `${final.root}.tmp-${process.pid}` };
  work.tree = join(work.root, 'tree');
  work.manifest = join(work.root, 'manifest.json');
  removeAbandoned(final.root);
  rmSync(work.root, { recursive: true, force: true });
  mkdirSync(work.tree, { recursive: true });
  return finish(buildInto(work, { records, files, seed, log }), work, final, force);
}

/** Removes <root>.tmp-<pid> / .old-<pid> directories left by runs that no longer exist. */
function removeAbandoned(root) {
  const parent = dirname(root);
  const prefix = root.slice(parent.length + 1);
  if (!existsSync(parent)) return;
  for (const name of readdirSync(parent)) {
    const m = name.startsWith(prefix) ? /\.(?:tmp|old)-(\d+)$/.exec(name.slice(prefix.length)) : null;
    if (!m) continue;
    let alive = true;
    try {
      process.kill(Number(m[1]), 0);
    } catch {
      alive = false;
    }
    if (!alive) rmSync(join(parent, name), { recursive: true, force: true });
  }
}

function finish(result, work, final, force) {
  if (existsSync(final.root)) {
    if (!force && existsSync(final.manifest)) {
      // another run finished first: use its tree
      rmSync(work.root, { recursive: true, force: true });
      const manifest = JSON.parse(readFileSync(final.manifest, 'utf8'));
      return { tree: final.tree, manifest, cached: true, timings: manifest.timings };
    }
    const old = `${final.root}.old-${process.pid}`;
    renameSync(final.root, old);
    rmSync(old, { recursive: true, force: true });
  }
  renameSync(work.root, final.root);
  return { ...result, tree: final.tree };
}

function buildInto(paths, { records, files, seed, log }) {
  const t0 = performance.now();
  const rand = mulberry32(seed);
  const t = { rand, ...makeTools(rand) };
  const sentence = sentenceFactory(t);
  const snippet = snippetFactory(t, sentence);

  // Pools of snippets per language: generating every snippet fresh for 100k files would dominate;
  // pools keep generation fast while files still differ (names, order, sizes, comments).
  const POOL = 400;
  const pools = {};
  for (const lang of Object.keys(LANGS)) {
    pools[lang] = [];
    for (let i = 0; i < POOL; i++) {
      const s = snippet(lang);
      let nl = 0;
      for (let j = 0; j < s.length; j++) if (s.charCodeAt(j) === 10) nl++;
      pools[lang].push({ s, nl });
    }
  }

  // ---- record ids (generated first: sources reference them)
  const YEARS = 12;
  const firstYear = 2015;
  const perYear = Math.ceil(records / YEARS);
  const width = Math.max(3, String(perYear).length);
  const recs = [];
  for (let i = 0; i < records; i++) {
    const year = firstYear + Math.floor(i / perYear);
    const id = `INC-${year}-${pad((i % perYear) + 1, width)}`;
    recs.push({ id, year, md: t.chance(0.3) });
  }
  const ids = recs.map((r) => r.id);
  // Ids no record defines. INC-2099-*: real unknown references (in comments, docs, `related`), each
  // should be reported once. Decoys that must never be reported (the text is not a reference or the
  // file is skipped): INC-2097-* in string literals, INC-2096-* in node_modules, INC-2095-* in
  // minified (over maxFileSize) and binary files.
  const seqs = { 2099: 0, 2097: 0, 2096: 0, 2095: 0 };
  const fakeId = (year) => `INC-${year}-${pad(++seqs[year], width)}`;
  const unknownId = () => fakeId(2099);

  const mkdirs = new Set();
  const ensureDir = (d) => {
    if (!mkdirs.has(d)) {
      mkdirSync(join(paths.tree, d), { recursive: true });
      mkdirs.add(d);
    }
  };
  let bytes = 0;
  const write = (rel, content) => {
    ensureDir(dirname(rel));
    writeFileSync(join(paths.tree, rel), content);
    bytes += typeof content === 'string' ? Buffer.byteLength(content) : content.length;
  };

  // ---- source files
  const langEntries = Object.entries(LANGS).map(([k, L]) => [k, L.weight]);
  const dirsPerLang = Math.max(4, Math.round(files / 30 / 10));
  const usedPaths = new Set();
  const sourcePaths = [];
  const refs = [];
  const counts = {
    sourceFiles: 0,
    refFiles: 0,
    commentRefs: 0,
    unknownCommentRefs: 0,
    stringRefs: 0,
    stringOnlyFiles: 0,
    minified: 0,
    binary: 0,
    nodeModulesFiles: 0,
    recordFiles: 0,
    yamlRecords: 0,
    mdRecords: 0,
    recordRefs: 0,
    unknownRelated: 0,
    missingCodePaths: 0,
    bytes: 0,
  };
  for (let i = 0; i < files; i++) {
    const lang = t.weighted(langEntries);
    const L = LANGS[lang];
    const d = layoutFor(lang, t, dirsPerLang);
    let base = lang === 'sql' ? `${pad(i, 6)}_${t.pick(VERBS)}_${t.pick(NOUNS)}` : `${t.pick(VERBS)}_${t.pick(NOUNS)}`;
    let rel = `${d}/${base}.${L.ext}`;
    if (usedPaths.has(rel)) rel = `${d}/${base}_${i}.${L.ext}`;
    usedPaths.add(rel);

    const target = t.logSize(1000, 10000);
    const refKind = t.rand(); // < 0.03: references in comments; < 0.035: string literal only
    const parts = [header(lang, t, base)];
    let line = 0;
    for (let j = 0; j < parts[0].length; j++) if (parts[0].charCodeAt(j) === 10) line++;
    let size = parts[0].length;
    // where to put references: a few snippet boundaries
    const inserts = [];
    if (refKind < 0.03) {
      const k = t.int(1, 3);
      for (let j = 0; j < k; j++) {
        const unknown = t.chance(0.06);
        inserts.push({ kind: 'comment', id: unknown ? unknownId() : t.pick(ids), known: !unknown, at: t.rand() * target });
      }
      if (lang !== 'md' && t.chance(0.3)) inserts.push({ kind: 'string', id: t.chance(0.5) ? fakeId(2097) : t.pick(ids), at: t.rand() * target });
      counts.refFiles++;
    } else if (refKind < 0.035 && lang !== 'md') {
      inserts.push({ kind: 'string', id: t.chance(0.5) ? fakeId(2097) : t.pick(ids), at: t.rand() * target });
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
          refs.push({ path: rel, line, col: c.col, id: x.id, known: x.known });
          parts.push(c.text);
          size += c.text.length;
          line++;
          if (x.known) counts.commentRefs++;
          else counts.unknownCommentRefs++;
        } else {
          const s = stringLine(lang, x.id, t);
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
    parts.push(footer(lang));
    write(rel, parts.join(''));
    sourcePaths.push(rel);
    counts.sourceFiles++;
  }

  // ---- minified bundles (one 2 MB single line, a few smaller) and binary files
  write(
    'web/vendor/bundle.min.js',
    minified(t, 2 * 1024 * 1024, ids, () => fakeId(2095)),
  );
  counts.minified++;
  for (let i = 0; i < 3; i++) {
    write(
      `web/vendor/chunk-${i}.min.js`,
      minified(t, t.int(100_000, 400_000), ids, () => fakeId(2095)),
    );
    counts.minified++;
  }
  const nBinary = Math.max(3, Math.round(files * 0.002));
  for (let i = 0; i < nBinary; i++) {
    write(`assets/img/${t.pick(NOUNS)}-${i}.png`, pngLike(t, t.int(2000, 50000), t.chance(0.3) ? fakeId(2095) : null));
    counts.binary++;
  }

  // ---- node_modules (ignored by .gitignore, must be skipped by the indexer)
  const nNodeModules = Math.max(20, Math.round(files * 0.01));
  for (let i = 0; i < nNodeModules; i++) {
    const pkg = `${t.pick(NOUNS)}-${t.pick(VERBS)}${i % 40}`;
    const c = commentLine('js', fakeId(2096), t);
    write(`node_modules/${pkg}/lib/${t.pick(NOUNS)}_${i}.js`, `'use strict';\n${c.text}${pools.js[i % POOL].s}`);
    counts.nodeModulesFiles++;
  }
  write('.gitignore', 'node_modules/\n');

  // ---- records
  const recMeta = [];
  for (let i = 0; i < records; i++) {
    const r = recs[i];
    const day = t.int(0, 360);
    const startMin = t.int(0, 1439);
    const started = isoAt(r.year, day, startMin);
    const detected = isoAt(r.year, day, startMin + t.int(1, 60));
    const mitigated = isoAt(r.year, day, startMin + t.int(61, 300));
    const resolved = isoAt(r.year, day, startMin + t.int(301, 2000));
    const svc = [t.pick(SERVICES), t.pick(SERVICES)].filter((x, k, a) => a.indexOf(x) === k);
    const adj = t.pick(ADJ);
    const title = `${adj[0].toUpperCase()}${adj.slice(1)} ${t.pick(NOUNS)} ${t.pick(VERBS)} in ${svc[0]} caused ${t.pick(ADJ)} ${t.pick(NOUNS)}s`;
    const summary = `${sentence()} ${sentence()}`;
    const paras = [];
    const nParas = t.logSize(1, 8);
    for (let p = 0; p < nParas; p++) {
      const ss = [];
      for (let s = t.int(2, 5); s > 0; s--) ss.push(sentence());
      if (t.chance(0.15)) ss.push(`It looked a lot like ${t.pick(ids)} at first.`);
      paras.push(ss.join(' '));
    }
    const narrative = paras.join('\n\n');
    const timeline = [];
    for (let k = 0, m = startMin, nt = t.int(2, 8); k < nt; k++) {
      m += t.int(1, 40);
      timeline.push({ at: isoAt(r.year, day, m), event: sentence().replace(/[:#]/g, ''), source: t.pick(SOURCES) });
    }
    const factors = [];
    for (let k = t.int(1, 4); k > 0; k--) factors.push(sentence());
    const difficulties = [];
    for (let k = t.int(0, 3); k > 0; k--) difficulties.push({ kind: t.pick(KINDS), description: sentence() });
    const actions = [];
    for (let k = t.int(0, 4); k > 0; k--) actions.push({ description: sentence(), owner: t.pick(PEOPLE), status: t.pick(['open', 'done', 'done', 'wont-do']) });
    const code = [];
    for (let k = t.int(0, 3); k > 0; k--) {
      if (t.chance(0.15)) {
        const p = t.pick(sourcePaths);
        code.push({ glob: `${dirname(p)}/*.${p.slice(p.lastIndexOf('.') + 1)}` });
      } else if (t.chance(0.01)) {
        code.push({ path: `services/removed/${t.pick(NOUNS)}.go` }); // stale path: a diagnostic
        counts.missingCodePaths++;
      } else {
        const a = t.int(1, 80);
        code.push({ path: t.pick(sourcePaths), lines: t.chance(0.5) ? `${a}-${a + t.int(3, 40)}` : undefined, note: t.chance(0.5) ? sentence() : undefined });
      }
    }
    const related = [];
    for (let k = t.int(0, 2); k > 0; k--) related.push(t.pick(ids));
    if (t.chance(0.005)) {
      related.push(unknownId());
      counts.unknownRelated++;
    }
    const filteredRelated = [...new Set(related)].filter((x) => x !== r.id);
    counts.recordRefs += filteredRelated.length;
    const tags = [...new Set([t.pick(TAGS), t.pick(TAGS)])];
    const participants = [];
    for (let k = t.int(1, 3); k > 0; k--) participants.push({ name: t.pick(PEOPLE), role: t.pick(ROLES) });

    // YAML mapping (front matter for Markdown records, without the narrative)
    let y = '';
    y += `id: ${r.id}\n`;
    y += `title: ${title}\n`;
    y += `status: ${t.pick(STATUSES)}\n`;
    y += `severity: ${t.pick(SEVERITIES)}\n`;
    y += `started: ${started}\ndetected: ${detected}\nmitigated: ${mitigated}\nresolved: ${resolved}\n`;
    y += yamlList('services', svc);
    y += `summary: >-\n  ${summary}\n`;
    if (!r.md) y += block('narrative', narrative);
    y += `impact: ${sentence()}\n`;
    if (timeline.length) y += 'timeline:\n' + timeline.map((e) => `  - at: ${e.at}\n    event: ${e.event}\n    source: ${e.source}\n`).join('');
    y += yamlList('contributing_factors', factors);
    if (difficulties.length) y += 'difficulties:\n' + difficulties.map((d) => `  - kind: ${d.kind}\n    description: ${d.description}\n`).join('');
    y += yamlList('learnings', [sentence()]);
    y += 'participants:\n' + participants.map((p) => `  - name: ${p.name}\n    role: ${p.role}\n`).join('');
    if (actions.length)
      y += 'action_items:\n' + actions.map((a) => `  - description: ${a.description}\n    owner: ${a.owner}\n    status: ${a.status}\n`).join('');
    if (code.length) {
      y +=
        'code:\n' +
        code
          .map((c) => {
            let s = c.glob ? `  - glob: "${c.glob}"\n` : `  - path: ${c.path}\n`;
            if (c.lines) s += `    lines: "${c.lines}"\n`;
            if (c.note) s += `    note: ${c.note}\n`;
            return s;
          })
          .join('');
    }
    y += yamlList('related', filteredRelated);
    y += `links:\n  - title: Incident channel\n    url: https://chat.example.invalid/archives/${r.id.toLowerCase()}\n`;
    y += yamlList('tags', tags);

    let rel, content, idLine;
    if (r.md) {
      const slug = title.toLowerCase().split(' ').slice(0, 5).join('-');
      rel = `postmortems/${r.year}/${r.id}-${slug}.md`;
      content = `---\n${y}---\n\n# ${title}\n\n## What happened\n\n${narrative}\n\n## Contributing factors\n\n${factors.map((f) => `- ${f}`).join('\n')}\n`;
      idLine = 1;
      counts.mdRecords++;
    } else {
      rel = `incidents/${r.year}/${r.id}.yaml`;
      content = y;
      idLine = 0;
      counts.yamlRecords++;
    }
    write(rel, content);
    counts.recordFiles++;
    recMeta.push({ id: r.id, path: rel, idLine, idCol: 4 });
  }
  counts.bytes = bytes;
  counts.unknownIds = seqs[2099];
  counts.decoyIds = { stringLiterals: seqs[2097], nodeModules: seqs[2096], minifiedOrBinary: seqs[2095] };
  const tWrite = performance.now();

  // ---- git: one commit, fast and hermetic
  const gitEnv = {
    ...process.env,
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_AUTHOR_NAME: 'bench',
    GIT_AUTHOR_EMAIL: 'bench@example.invalid',
    GIT_COMMITTER_NAME: 'bench',
    GIT_COMMITTER_EMAIL: 'bench@example.invalid',
    GIT_AUTHOR_DATE: '2026-01-01T00:00:00Z',
    GIT_COMMITTER_DATE: '2026-01-01T00:00:00Z',
  };
  const gitOpts = [
    '-c',
    'core.fsmonitor=false',
    '-c',
    'core.hooksPath=/dev/null',
    '-c',
    'gc.auto=0',
    '-c',
    'core.looseCompression=1',
    '-c',
    'core.autocrlf=false',
    '-c',
    'commit.gpgsign=false',
    '-c',
    'init.defaultBranch=main',
  ];
  const git = (...args) =>
    execFileSync('git', [...gitOpts, ...args], { cwd: paths.tree, env: gitEnv, stdio: ['ignore', 'ignore', 'pipe'], maxBuffer: 64 << 20 });
  let gitAvailable = true;
  try {
    execFileSync('git', ['--version'], { stdio: 'ignore' });
  } catch {
    gitAvailable = false; // the tree is still usable; the benchmark reports git grep as unavailable
    log('git not found: the workspace is not a git repository');
  }
  if (gitAvailable) {
    git('init', '-q');
    git('add', '-A');
  }
  const tAdd = performance.now();
  if (gitAvailable) git('commit', '-q', '--no-verify', '-m', 'Generated benchmark workspace');
  const tGit = performance.now();
  counts.gitRepository = gitAvailable;

  const timings = {
    writeMs: Math.round(tWrite - t0),
    gitAddMs: Math.round(tAdd - tWrite),
    gitCommitMs: Math.round(tGit - tAdd),
    totalMs: Math.round(tGit - t0),
  };
  const manifest = {
    generatorVersion: GENERATOR_VERSION,
    options: { records, files, seed },
    counts,
    timings,
    refs,
    records: recMeta,
  };
  const tmp = paths.manifest + '.tmp';
  writeFileSync(tmp, JSON.stringify(manifest));
  renameSync(tmp, paths.manifest); // written last: its presence marks a complete tree
  log(
    `generated ${records} records + ${files} files (${(bytes / 1048576).toFixed(0)} MB) in ${timings.totalMs} ms (write ${timings.writeMs}, git add ${timings.gitAddMs}, commit ${timings.gitCommitMs})`,
  );
  return { tree: paths.tree, manifest, cached: false, timings };
}

export function parseArgs(argv, defaults) {
  const o = { ...defaults };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const num = (name) => {
      const v = Number(argv[++i]);
      if (!Number.isInteger(v) || v < 0) throw new Error(`${name} needs a non-negative integer, got ${argv[i]}`);
      return v;
    };
    if (a === '--records') o.records = num(a);
    else if (a === '--files') o.files = num(a);
    else if (a === '--seed') o.seed = num(a);
    else if (a === '--requests') o.requests = num(a);
    else if (a === '--dir') o.dir = resolve(argv[++i]);
    else if (a === '--quick') o.quick = true;
    else if (a === '--force') o.force = true;
    else if (a === '--keep-going') o.keepGoing = true;
    else if (a === '--help' || a === '-h') o.help = true;
    else throw new Error(`unknown option ${a}`);
  }
  return o;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    const o = parseArgs(process.argv.slice(2), { records: 10000, files: 100000, seed: 1, dir: DEFAULT_DIR });
    if (o.quick) {
      o.records = 300;
      o.files = 3000;
    }
    const r = generateWorkspace({ ...o, log: (m) => console.error(m) });
    console.log(JSON.stringify({ tree: r.tree, cached: r.cached, timings: r.timings, counts: r.manifest.counts }, null, 2));
  } catch (e) {
    console.error(`generate: ${e.message}`);
    process.exit(2);
  }
}
