/**
 * The insights report for a terminal. Record text and paths are untrusted: every piece goes
 * through `plain`, which leaves no control character or line break of theirs in the output.
 */
import { COVERAGE_LABELS, DEPTH_LABELS, type Insights } from '../../features/insights';
import { stripControls } from '../escape';

const plain = (text: string): string => stripControls(text).replace(/[\r\n]+/g, ' ');

function bar(part: number, whole: number, width = 20): string {
  const filled = whole === 0 ? 0 : Math.round((part / whole) * width);
  return `${'█'.repeat(filled)}${'░'.repeat(width - filled)}`;
}

function ids(list: string[], max = 8): string {
  const shown = list.slice(0, max).map(plain).join(', ');
  return list.length > max ? `${shown} and ${list.length - max} more` : shown;
}

export function renderInsightsText(insights: Insights, folderName: string): string {
  const out: string[] = [];
  const n = insights.incidentCount;
  const scope =
    insights.scope?.path !== undefined
      ? ` tied to ${plain(insights.scope.path)}`
      : insights.scope?.service !== undefined
        ? ` of ${plain(insights.scope.service)}`
        : '';
  out.push(`Incident knowledge in ${plain(folderName)}: ${n} incident(s)${scope}`);
  if (!insights.withHistory) out.push('(git history not read: ties through commits are not counted)');

  const row = (label: string, count: number, extra = '') => out.push(`  ${label.padEnd(34)} ${bar(count, n)} ${String(count).padStart(4)} of ${n}${extra}`);
  out.push('', 'Woven into the code');
  for (const [key, label] of COVERAGE_LABELS) row(key === 'floating' ? `${label} (no way to reach code)` : label, insights.coverage[key]);
  const floating = insights.weaving.filter((w) => w.weaving === 'floating').map((w) => w.id);
  if (floating.length) out.push(`    floating: ${ids(floating)}`);

  const t = insights.depthTotals;
  out.push('', 'Depth of the write-ups');
  for (const [key, label] of DEPTH_LABELS) row(label, t[key]);
  const templateOnly = insights.depth.filter((d) => d.templateOnly).map((d) => d.id);
  if (templateOnly.length) out.push(`    template-only: ${ids(templateOnly)}`);

  out.push('', 'Where incidents gather');
  const gather = (title: string, list: Insights['hotFiles']) => {
    if (!list.length) return out.push(`  ${title}: none tied to two or more incidents`);
    out.push(`  ${title}:`);
    for (const g of list) out.push(`    ${plain(g.name)}  ${g.incidents.length} incidents: ${ids(g.incidents)}`);
  };
  gather('files', insights.hotFiles);
  gather('folders', insights.hotFolders);
  gather('services', insights.hotServices);
  if (insights.uncommented.length) {
    out.push('  where a comment would help (tied by `code` or commits, no comment mentions the incident):');
    for (const u of insights.uncommented.slice(0, 10)) out.push(`    ${plain(u.path)}  ${ids(u.incidents)}`);
    if (insights.uncommented.length > 10) out.push(`    and ${insights.uncommented.length - 10} more file(s)`);
  }

  out.push('', 'Follow-through: open action items, oldest first');
  if (!insights.openActions.length) out.push('  none open');
  for (const a of insights.openActions.slice(0, 20)) {
    const age = a.ageDays === undefined ? '   ? days' : `${String(a.ageDays).padStart(4)} days`;
    out.push(`  ${age}  ${plain(a.id)}  ${plain(a.description)}${a.owner ? ` (owner: ${plain(a.owner)})` : ''}`);
  }
  if (insights.openActions.length > 20) out.push(`  and ${insights.openActions.length - 20} more`);

  out.push('', 'Wording (blame and hindsight phrases, per record)');
  if (!insights.wording.length) out.push('  none found');
  for (const w of insights.wording) out.push(`  ${plain(w.id)}  ${w.blame} blame, ${w.hindsight} hindsight`);

  if (insights.scope) {
    out.push('', `Reading list${scope}: most tied first`);
    if (!insights.readingList.length) out.push('  no incident is tied to it');
    for (const r of insights.readingList) {
      out.push(`  ${plain(r.id)}  ${plain(r.title)}${r.started ? `  (${plain(r.started.slice(0, 10))})` : ''}`);
      out.push(`      ${plain(r.lesson)}`);
    }
  }
  return out.join('\n');
}
