// Incident records of the generated tree: 70% YAML `incidents/YYYY/INC-YYYY-NNN.yaml`, 30% Markdown
// with front matter under `postmortems/YYYY/`, 2–6 KB, every field of the contract.
import { dirname } from 'node:path';
import type { PlannedRecord } from './ids';
import type { Counts, Ids } from './manifest';
import type { Dice } from './random';
import { ADJ, KINDS, NOUNS, PEOPLE, ROLES, SERVICES, SEVERITIES, SOURCES, STATUSES, TAGS, VERBS } from './vocabulary';

function yamlList(key: string, items: string[], indent = ''): string {
  if (!items.length) return '';
  return `${indent}${key}:\n` + items.map((x) => `${indent}  - ${x}\n`).join('');
}

function block(key: string, text: string): string {
  // literal block scalar; text lines wrapped at ~100 chars
  const lines: string[] = [];
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

function isoAt(year: number, dayOfYear: number, minutes: number): string {
  const d = new Date(Date.UTC(year, 0, 1) + dayOfYear * 86400000 + minutes * 60000);
  return d.toISOString().replace('.000Z', 'Z');
}

/**
 * The file of one record: `code` entries point at `sourcePaths` (some globs, ~1% stale paths),
 * `related` at other ids (0.5% unknown). `idLine` is the line of its `id:` (its value at column 4).
 */
export function recordFile(
  r: PlannedRecord,
  t: Dice,
  sentence: () => string,
  ids: Ids,
  sourcePaths: string[],
  counts: Counts,
): { rel: string; content: string; idLine: number } {
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
    if (t.chance(0.15)) ss.push(`It looked a lot like ${t.pick(ids.known)} at first.`);
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
  for (let k = t.int(0, 2); k > 0; k--) related.push(t.pick(ids.known));
  if (t.chance(0.005)) {
    related.push(ids.fake(2099));
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

  let rel: string, content: string, idLine: number;
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
  return { rel, content, idLine };
}
