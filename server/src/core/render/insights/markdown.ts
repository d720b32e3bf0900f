/**
 * The insights report as Markdown, for a wiki page or a job summary. Record text is escaped: no
 * HTML, links or mentions come from it.
 */
import { COVERAGE_LABELS, DEPTH_LABELS, type Insights } from '../../features/insights';
import { escapeInline } from '../escape';

/** Inline text from a record or a path: literal, and `@team` never pings anyone. */
const md = escapeInline;

const pct = (part: number, whole: number): string => (whole === 0 ? '–' : `${Math.round((part / whole) * 100)}%`);

function idList(list: string[], max = 10): string {
  const shown = list.slice(0, max).map(md).join(', ');
  return list.length > max ? `${shown} and ${list.length - max} more` : shown;
}

export function renderInsightsMarkdown(insights: Insights, folderName: string): string {
  const n = insights.incidentCount;
  const out: string[] = [];
  const scope =
    insights.scope?.path !== undefined
      ? ` tied to \`${insights.scope.path.replace(/`/g, '')}\``
      : insights.scope?.service !== undefined
        ? ` of ${md(insights.scope.service)}`
        : '';
  out.push(
    `## Incident knowledge in ${md(folderName)}`,
    '',
    `${n} incident(s)${scope}.${insights.withHistory ? '' : ' Git history was not read: ties through commits are not counted.'}`,
  );

  const table = (rows: Array<[string, number]>) => {
    out.push('', '| | incidents | share |', '| --- | ---: | ---: |');
    for (const [label, count] of rows) out.push(`| ${label} | ${count} | ${pct(count, n)} |`);
  };
  out.push('', '### Woven into the code');
  table(COVERAGE_LABELS.map(([key, label]) => [key === 'floating' ? `${label}: no way to reach the code` : label, insights.coverage[key]]));
  const floating = insights.weaving.filter((w) => w.weaving === 'floating').map((w) => w.id);
  if (floating.length) out.push('', `Floating: ${idList(floating)}.`);

  const t = insights.depthTotals;
  out.push('', '### Depth of the write-ups');
  table(DEPTH_LABELS.map(([key, label]) => [label, t[key]]));

  out.push('', '### Where incidents gather');
  const gather = (title: string, list: Insights['hotFiles']) => {
    if (!list.length) return;
    out.push('', `| ${title} | incidents |`, '| --- | --- |');
    for (const g of list) out.push(`| ${md(g.name)} | ${g.incidents.length}: ${idList(g.incidents)} |`);
  };
  gather('file', insights.hotFiles);
  gather('folder', insights.hotFolders);
  gather('service', insights.hotServices);
  if (!insights.hotFiles.length && !insights.hotFolders.length && !insights.hotServices.length)
    out.push('', 'No file, folder or service is tied to two or more incidents.');
  if (insights.uncommented.length) {
    out.push('', 'Where a comment would help (tied by `code` or commits, no comment mentions the incident):', '');
    for (const u of insights.uncommented.slice(0, 15)) out.push(`- ${md(u.path)}: ${idList(u.incidents)}`);
  }

  out.push('', '### Follow-through: open action items, oldest first', '');
  if (!insights.openActions.length) out.push('None open.');
  else {
    out.push('| age | incident | action | owner |', '| ---: | --- | --- | --- |');
    for (const a of insights.openActions.slice(0, 30))
      out.push(`| ${a.ageDays === undefined ? '?' : `${a.ageDays} d`} | ${md(a.id)} | ${md(a.description)} | ${a.owner ? md(a.owner) : ''} |`);
  }

  if (insights.wording.length) {
    out.push('', '### Wording', '', '| incident | blame phrases | hindsight phrases |', '| --- | ---: | ---: |');
    for (const w of insights.wording) out.push(`| ${md(w.id)} | ${w.blame} | ${w.hindsight} |`);
  }

  if (insights.scope) {
    out.push('', `### Reading list${scope}`, '');
    if (!insights.readingList.length) out.push('No incident is tied to it.');
    insights.readingList.forEach((r, i) => out.push(`${i + 1}. **${md(r.id)}** ${md(r.title)}: ${md(r.lesson)}`));
  }
  return `${out.join('\n')}\n`;
}
