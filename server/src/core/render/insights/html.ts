/**
 * The insights report as one self-contained HTML page: inline CSS and SVG, nothing remote (the one
 * Content-Security-Policy says so to the browser too). Charts where people would rather look than
 * read, tables for the rest. The same page serves `insights --format html`, `--out` and the
 * editor's webview (which adds its nonce'd script; links there carry the index of a target the
 * extension opens, as in the story view).
 */
import { COVERAGE_LABELS, DEPTH_LABELS, type Gathering, type Insights, type Weaving } from '../../features/insights';
import { escapeHtmlAttribute } from '../escape';
import { contentSecurityPolicy, type WebviewFrame } from '../html/csp';

/** HTML text and attribute values from untrusted input (record text, paths): quotes escaped too. */
const esc = escapeHtmlAttribute;

/** What a link in the webview opens: the page posts only the index, never text of its own. */
export type InsightsTarget = { kind: 'story'; id: string } | { kind: 'file'; path: string };

/** The standalone page (`insights --format html`): no script, no link leaves it. */
export function renderInsightsHtml(insights: Insights, folderName: string): string {
  return renderInsightsDocument(folderName, renderInsightsBody(insights, folderName, 'static')).html;
}

const COLORS: Record<Weaving, string> = {
  code: 'var(--vscode-charts-green, #388a34)',
  docs: 'var(--vscode-charts-blue, #1a85ff)',
  'tied-only': 'var(--vscode-charts-yellow, #bf8803)',
  floating: 'var(--vscode-charts-red, #e51400)',
};
const SERIES = [
  'var(--vscode-charts-blue, #1a85ff)',
  'var(--vscode-charts-orange, #d18616)',
  'var(--vscode-charts-green, #388a34)',
  'var(--vscode-charts-purple, #652d90)',
  'var(--vscode-charts-red, #e51400)',
  'var(--vscode-charts-yellow, #bf8803)',
  '#5f9ea0',
  '#8b6f47',
];

/** The report's sections (the page's `<main>`); in the webview, each link is the index of one of `targets`. */
export function renderInsightsBody(insights: Insights, folderName: string, mode: 'static' | 'webview'): { html: string; targets: InsightsTarget[] } {
  const targets: InsightsTarget[] = [];
  // No href (VS Code's webview would scroll to the top on "#"); a saved page has no story page
  // beside it to point at, so its links lead nowhere.
  const link = (className: string, target: InsightsTarget, data: string, label: string): string =>
    `<a class="${className}" ${mode === 'webview' ? `data-target="${targets.push(target) - 1}"` : data} tabindex="0">${label}</a>`;
  const incident = (id: string, label = id): string => link('incident', { kind: 'story', id }, `data-incident="${esc(id)}"`, esc(label));
  const file = (path: string): string => link('file', { kind: 'file', path }, `data-file="${esc(path)}"`, `<code>${esc(path)}</code>`);
  const ids = (list: string[]) => list.map((id) => incident(id)).join(', ');
  const n = insights.incidentCount;
  const scope =
    insights.scope?.path !== undefined
      ? ` tied to <code>${esc(insights.scope.path)}</code>`
      : insights.scope?.service !== undefined
        ? ` of ${esc(insights.scope.service)}`
        : '';

  const sections: string[] = [];
  sections.push(`<header><h1>Incident knowledge in ${esc(folderName)}</h1>
<p>${n} incident(s)${scope}. What is measured here is how the stories reach the code and how much they hold: never counts of people, durations or blame.${
    insights.withHistory ? '' : ' Git history was not read: ties through commits are not counted.'
  }</p></header>`);

  // Woven into the code: one stacked bar, then the floating ones by name.
  const c = insights.coverage;
  // The bar shows the four ways (architecture documents overlap them); HTML has no code spans.
  const segments: Array<[string, number, string]> = COVERAGE_LABELS.filter((entry): entry is readonly [Weaving, string] => entry[0] !== 'architectureDocs').map(
    ([key, label]) => [label.replace(/`/g, ''), c[key], COLORS[key]],
  );
  const floating = insights.weaving.filter((w) => w.weaving === 'floating').map((w) => w.id);
  sections.push(`<section aria-labelledby="woven"><h2 id="woven">Woven into the code</h2>
${stackedBar(segments, n)}
<ul class="legend">${segments.map(([label, count, color]) => `<li><span class="swatch" style="background:${color}"></span>${esc(label)}: <strong>${count}</strong></li>`).join('')}</ul>
<p>Cited by architecture documents: <strong>${c.architectureDocs}</strong> of ${n}.</p>
${floating.length ? `<p class="warn">Floating (the story has no way to reach the code): ${ids(floating)}</p>` : ''}
</section>`);

  // The six parts as bars; template-only and one root cause are told in the sentence below.
  const t = insights.depthTotals;
  sections.push(`<section aria-labelledby="depth"><h2 id="depth">Depth of the write-ups</h2>
${barChart(
  DEPTH_LABELS.slice(0, 6).map(([key, label]) => ({ label, value: t[key] })),
  n,
  'Records with each part',
)}
<p>Template-only (the required fields and little else): <strong>${t.templateOnly}</strong>. Naming one root cause: <strong>${t.singleRootCause}</strong>.</p>
<details><summary>Per record</summary>
<table><thead><tr><th>incident</th><th>narrative</th><th>perspectives</th><th>difficulties</th><th>factors</th><th>learnings</th><th>timeline</th></tr></thead><tbody>
${insights.depth
  .map(
    (d) =>
      `<tr><td>${incident(d.id)}${d.templateOnly ? ' <em>template-only</em>' : ''}</td>${[
        d.narrative,
        d.perspectives,
        d.difficulties,
        d.severalFactors,
        d.learnings,
        d.timeline,
      ]
        .map((v) => `<td class="mark">${v ? '✓' : '·'}</td>`)
        .join('')}</tr>`,
  )
  .join('\n')}
</tbody></table></details>
</section>`);

  const years = insights.perYearByService;
  sections.push(`<section aria-labelledby="gather"><h2 id="gather">Where incidents gather</h2>
${years.length ? `<h3>Incidents per year, by service</h3>${yearChart(years)}` : ''}
${insights.hotFolders.length ? `<h3>Folders tied to two or more incidents</h3>${barChart(gatheringBars(insights.hotFolders), undefined, 'Incidents per folder')}` : ''}
${gatheringTable('File', insights.hotFiles, (name) => file(name), ids)}
${gatheringTable('Service', insights.hotServices, (name) => esc(name), ids)}
${!insights.hotFiles.length && !insights.hotFolders.length && !insights.hotServices.length ? '<p>No file, folder or service is tied to two or more incidents.</p>' : ''}
${
  insights.uncommented.length
    ? `<h3>Where a comment would help</h3><p>Files tied to an incident by its record's <code>code</code> or by commits, where no comment mentions it.</p>
<ul>${insights.uncommented
        .slice(0, 30)
        .map((u) => `<li>${file(u.path)}: ${ids(u.incidents)}</li>`)
        .join('')}</ul>`
    : ''
}
</section>`);

  sections.push(`<section aria-labelledby="follow"><h2 id="follow">Follow-through: open action items, oldest first</h2>
${
  insights.openActions.length
    ? `<table><thead><tr><th>age</th><th>incident</th><th>action</th><th>owner</th></tr></thead><tbody>
${insights.openActions
  .map(
    (a) =>
      `<tr><td class="num">${a.ageDays === undefined ? '?' : `${a.ageDays} d`}</td><td>${incident(a.id)}</td><td>${esc(a.description)}</td><td>${a.owner ? esc(a.owner) : ''}</td></tr>`,
  )
  .join('\n')}
</tbody></table>`
    : '<p>None open.</p>'
}
</section>`);

  if (insights.wording.length) {
    sections.push(`<section aria-labelledby="wording"><h2 id="wording">Wording</h2>
<p>Blame and hindsight phrases found in each record (the editor marks each one with the reason).</p>
<table><thead><tr><th>incident</th><th>blame</th><th>hindsight</th></tr></thead><tbody>
${insights.wording.map((w) => `<tr><td>${incident(w.id)}</td><td class="num">${w.blame}</td><td class="num">${w.hindsight}</td></tr>`).join('\n')}
</tbody></table></section>`);
  }

  if (insights.scope) {
    sections.push(`<section aria-labelledby="reading"><h2 id="reading">Reading list${scope}</h2>
${
  insights.readingList.length
    ? `<ol>${insights.readingList.map((r) => `<li>${incident(r.id, `${r.id}: ${r.title}`)}<br><span class="lesson">${esc(r.lesson)}</span></li>`).join('\n')}</ol>`
    : '<p>No incident is tied to it.</p>'
}</section>`);
  }

  return { html: sections.join('\n'), targets };
}

/**
 * The whole page around a body (of a folder's report, or a notice without one). In the webview
 * (`frame`), the host's script runs under its nonce and `<main>` carries the render's version.
 */
export function renderInsightsDocument(folderName: string | undefined, body: { html: string; targets: InsightsTarget[] }, frame?: WebviewFrame) {
  // Style attributes colour the charts: `inline` styles, so no nonce in style-src.
  const csp = contentSecurityPolicy({ nonce: frame?.nonce, script: frame !== undefined, styles: 'inline', webviewSource: frame?.cspSource });
  const title = folderName === undefined ? 'Incident Insights' : `Incident knowledge in ${folderName}`;
  const main = frame ? `<main id="insights" data-id="${esc(title)}" data-version="${frame.version}">` : '<main>';
  const html = `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${esc(csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${esc(title)}</title>
<style>${STYLE}</style>
</head>
<body>
${main}
${body.html}
</main>
${frame ? `<script nonce="${frame.nonce}">${frame.script}</script>` : ''}
</body>
</html>
`;
  return { html, targets: body.targets };
}

function stackedBar(segments: Array<[string, number, string]>, total: number): string {
  const width = 600;
  let x = 0;
  const rects = segments
    .filter(([, count]) => count > 0)
    .map(([label, count, color]) => {
      const w = total === 0 ? 0 : (count / total) * width;
      const rect = `<rect x="${x.toFixed(1)}" y="0" width="${w.toFixed(1)}" height="28" style="fill:${color}"><title>${esc(label)}: ${count} of ${total}</title></rect>`;
      x += w;
      return rect;
    });
  return `<svg class="chart" role="img" aria-label="How incidents reach the code" viewBox="0 0 ${width} 28" width="100%" preserveAspectRatio="none"><rect class="track" x="0" y="0" width="${width}" height="28"/>${rects.join('')}</svg>`;
}

interface Bar {
  label: string;
  value: number;
  title?: string;
}

function gatheringBars(list: Gathering[]): Bar[] {
  return list.map((g) => ({ label: g.name, value: g.incidents.length, title: g.incidents.join(', ') }));
}

/** Horizontal bars, one per row; `max` is the full scale (the incident count, or the largest bar). */
function barChart(bars: Bar[], max: number | undefined, label: string): string {
  // Folded, not spread: there can be more bars than a call can take as arguments.
  const scale = Math.max(1, max ?? bars.reduce((largest, b) => Math.max(largest, b.value), 1));
  const rowHeight = 26;
  const labelWidth = 260;
  const barWidth = 300;
  const rows = bars.map((bar, i) => {
    const y = i * rowHeight;
    const w = (bar.value / scale) * barWidth;
    const text = bar.label.length > 40 ? `…${bar.label.slice(-39)}` : bar.label;
    return `<g transform="translate(0 ${y})"><text x="0" y="17" class="label">${esc(text)}</text><rect class="track" x="${labelWidth}" y="4" width="${barWidth}" height="16"/><rect class="bar" x="${labelWidth}" y="4" width="${w.toFixed(1)}" height="16"><title>${esc(bar.title ?? `${bar.label}: ${bar.value}`)}</title></rect><text x="${labelWidth + barWidth + 8}" y="17" class="value">${bar.value}${max !== undefined ? ` of ${max}` : ''}</text></g>`;
  });
  const height = Math.max(rowHeight, bars.length * rowHeight);
  return `<svg class="chart" role="img" aria-label="${esc(label)}" viewBox="0 0 ${labelWidth + barWidth + 80} ${height}" width="100%" style="max-width:${labelWidth + barWidth + 80}px">${rows.join('')}</svg>`;
}

function yearChart(years: Insights['perYearByService']): string {
  const totals = new Map<string, number>();
  for (const y of years) for (const [service, count] of Object.entries(y.services)) totals.set(service, (totals.get(service) ?? 0) + count);
  // The largest services get their own colour; the rest share "other".
  const named = [...totals]
    .sort((a, b) => b[1] - a[1])
    .slice(0, SERIES.length - 1)
    .map(([s]) => s);
  const series = [...named, ...(totals.size > named.length ? ['other'] : [])];
  const colorOf = (s: string) => SERIES[series.indexOf(s) % SERIES.length];
  const max = years.reduce(
    (largest, y) =>
      Math.max(
        largest,
        Object.values(y.services).reduce((a, b) => a + b, 0),
      ),
    1,
  );
  const col = 48;
  const gap = 16;
  const height = 160;
  const bars = years.map((y, i) => {
    const x = 30 + i * (col + gap);
    let top = height;
    const stacks: string[] = [];
    const counts = new Map<string, number>();
    for (const [service, count] of Object.entries(y.services)) {
      const key = named.includes(service) ? service : 'other';
      counts.set(key, (counts.get(key) ?? 0) + count);
    }
    for (const s of series) {
      const count = counts.get(s) ?? 0;
      if (!count) continue;
      const h = (count / max) * (height - 10);
      top -= h;
      stacks.push(
        `<rect x="${x}" y="${top.toFixed(1)}" width="${col}" height="${h.toFixed(1)}" style="fill:${colorOf(s)}"><title>${esc(y.year)}, ${esc(s || 'no service named')}: ${count}</title></rect>`,
      );
    }
    return `${stacks.join('')}<text x="${x + col / 2}" y="${height + 16}" class="axis" text-anchor="middle">${esc(y.year)}</text>`;
  });
  const width = 30 + years.length * (col + gap);
  const legend = series.map((s) => `<li><span class="swatch" style="background:${colorOf(s)}"></span>${esc(s || 'no service named')}</li>`).join('');
  return `<svg class="chart" role="img" aria-label="Incidents per year by service" viewBox="0 0 ${width} ${height + 24}" width="100%" style="max-width:${Math.max(width, 200)}px"><line x1="26" y1="${height}" x2="${width}" y2="${height}" class="axisline"/>${bars.join('')}</svg><ul class="legend">${legend}</ul>`;
}

function gatheringTable(heading: string, list: Gathering[], name: (n: string) => string, ids: (l: string[]) => string): string {
  if (!list.length) return '';
  return `<table><thead><tr><th>${heading}</th><th>incidents</th></tr></thead><tbody>
${list.map((g) => `<tr><td>${name(g.name)}</td><td>${g.incidents.length}: ${ids(g.incidents)}</td></tr>`).join('\n')}
</tbody></table>`;
}

const STYLE = `
:root { color-scheme: light dark; }
body { font-family: var(--vscode-font-family, system-ui, sans-serif); font-size: var(--vscode-font-size, 14px);
  color: var(--vscode-foreground, #1f2328); background: var(--vscode-editor-background, #fff); margin: 0; line-height: 1.5; }
main { max-width: 960px; margin: 0 auto; padding: 16px 24px 48px; }
h1 { font-size: 1.6em; margin: 0.4em 0; } h2 { font-size: 1.25em; margin-top: 1.6em; border-bottom: 1px solid var(--vscode-panel-border, #d0d7de); }
h3 { font-size: 1.05em; }
table { border-collapse: collapse; width: 100%; margin: 0.6em 0; }
th, td { text-align: left; padding: 4px 8px; border-bottom: 1px solid var(--vscode-panel-border, #d0d7de); vertical-align: top; }
td.num, td.mark { text-align: right; font-variant-numeric: tabular-nums; } td.mark { text-align: center; }
code { font-family: var(--vscode-editor-font-family, ui-monospace, monospace); font-size: 0.95em; }
a { color: var(--vscode-textLink-foreground, #0969da); cursor: pointer; text-decoration: none; }
a:hover, a:focus { text-decoration: underline; }
a:focus-visible { outline: 2px solid var(--vscode-focusBorder, #0969da); outline-offset: 2px; }
.chart { display: block; margin: 8px 0; }
.chart .track { fill: var(--vscode-editorWidget-background, #eef1f4); }
.chart .bar { fill: var(--vscode-charts-blue, #1a85ff); }
.chart text { fill: var(--vscode-foreground, #1f2328); font-size: 12px; }
.chart .axisline { stroke: var(--vscode-panel-border, #d0d7de); }
.legend { list-style: none; padding: 0; display: flex; flex-wrap: wrap; gap: 4px 16px; }
.swatch { display: inline-block; width: 10px; height: 10px; margin-right: 6px; border-radius: 2px; }
.warn { color: var(--vscode-editorWarning-foreground, #9a6700); }
.lesson { color: var(--vscode-descriptionForeground, #57606a); }
@media print { a { color: inherit; } details { display: block; } details > summary { display: none; } main { max-width: none; } }
`;
