/**
 * `review --format markdown`: for `$GITHUB_STEP_SUMMARY` and one sticky pull-request comment.
 * A headline, a table (one row per incident, strongest first), then details per incident in
 * `<details>`. It stays under a byte budget (PR comments stop at 65,536 characters) by leaving out
 * the details of the last incidents first, then their rows, which one line sums up; a row is never
 * cut. Record text is hostile: no HTML, no Markdown links, no autolinks, no @mentions from it.
 */
import { placeLabel, TOUCH_LABELS, type ReviewedIncident, type ReviewReport } from '../../features/review';
import { escapeCodeSpan, escapeHtml, escapeInline, neutraliseAutolinks, neutraliseMentions, oneLine } from '../escape';

/** The hidden line a CI job finds its own earlier comment by, to update it instead of adding one. */
export const REVIEW_MARKER = '<!-- incident-lens-review -->';
/** Below this, not even the headline and the summary line fit. */
export const MIN_MARKDOWN_BYTES = 1000;
/** Changed places listed in a table cell before "+N more". */
const PLACES_IN_ROW = 3;

/**
 * Record text as GitHub Markdown that renders literally: Markdown and HTML escaped, and the
 * things GitHub turns into links or notifications broken (mentions, e-mail addresses, bare URLs,
 * `www.` hosts, `#123` issue references).
 */
export function gfmText(text: string): string {
  return escapeInline(neutraliseAutolinks(text));
}

/** Text inside raw HTML (`<summary>`): Markdown is not interpreted there, HTML is. */
function htmlText(text: string): string {
  return neutraliseMentions(escapeHtml(oneLine(neutraliseAutolinks(text))));
}

/** A path or a link as a code span: nothing in it is interpreted. */
function code(text: string): string {
  return `\`${escapeCodeSpan(text)}\``;
}

/** A code span in a table cell: a `|` ends the cell even inside the span unless escaped (GFM). */
function cellCode(text: string): string {
  return code(text).replace(/\|/g, '\\|');
}

/** Our own link to a record: only the blob URL we built (https, no spaces), else the path as code. */
function recordLink(incident: ReviewedIncident): string {
  if (/^https:\/\/[^\s()<>]+$/.test(incident.link)) return `[${code(incident.recordPath)}](${incident.link})`;
  return code(incident.link);
}

function row(incident: ReviewedIncident): string {
  const places = incident.places.slice(0, PLACES_IN_ROW).map((p) => cellCode(placeLabel(p)));
  const more = incident.places.length > PLACES_IN_ROW ? ` +${incident.places.length - PLACES_IN_ROW} more` : '';
  return `| **${gfmText(incident.id)}** ${gfmText(incident.title)} | ${gfmText(incident.severity ?? '')} | ${TOUCH_LABELS[incident.strongest]} | ${places.join(', ')}${more} |`;
}

function details(incident: ReviewedIncident): string {
  const out = [`<details><summary>${htmlText(`${incident.id} · ${incident.title}`)}</summary>`, ''];
  if (incident.lesson) out.push(`**Lesson:** ${gfmText(incident.lesson)}`, '');
  if (incident.openActions.length) {
    out.push('**Open action items:**', '');
    for (const action of incident.openActions) out.push(`- ${gfmText(action)}`);
    out.push('');
  }
  out.push('**Changed places:**', '');
  for (const place of incident.places) out.push(`- ${code(placeLabel(place))} ${gfmText(place.detail)}`);
  out.push('', `Record: ${recordLink(incident)}`, '', '</details>', '');
  return out.join('\n');
}

/** The base's name takes at most an eighth of the budget: a branch name can be 1,000 characters long. */
function headline(report: ReviewReport, maxBytes: number): string {
  const count = report.incidents.length;
  const base = code(clipBytes(report.base, maxBytes >> 3));
  if (count === 0)
    return `### Incident Lens\n\nThis change touches no past incident (${report.changedFiles} file(s) changed since ${base}).\n${configLine(report, maxBytes)}`;
  const historyOnly = report.incidents.filter((i) => i.strongest === 'history').length;
  const note = historyOnly ? `, ${historyOnly} only through history` : '';
  return `### Incident Lens\n\nThis change touches **${count}** past incident(s)${note}: worth rereading before merging (${report.changedFiles} file(s) changed since ${base}).\n${configLine(report, maxBytes)}`;
}

/** The change to the configuration the gate reads, in its own line (its path as long as a base's name at most). */
function configLine(report: ReviewReport, maxBytes: number): string {
  const change = report.configChange;
  return change ? `\n**Configuration changed:** ${code(oneLine(clipBytes(change.path, maxBytes >> 3)))} ${gfmText(change.detail)}\n` : '';
}

const bytes = (text: string) => new TextEncoder().encode(text).length;

/** `text` cut to at most `max` bytes of UTF-8, between characters, an ellipsis showing the cut. */
function clipBytes(text: string, max: number): string {
  if (bytes(text) <= max) return text;
  let kept = '';
  let used = bytes('…');
  for (const ch of text) {
    used += bytes(ch);
    if (used > max) break;
    kept += ch;
  }
  return `${kept}…`;
}

/** The review in GitHub Markdown, at most `maxBytes` bytes of UTF-8. */
export function renderReviewMarkdown(report: ReviewReport, maxBytes: number): string {
  const head = `${REVIEW_MARKER}\n${headline(report, maxBytes)}`;
  if (report.incidents.length === 0) return head;
  const tableHead = '\n| Incident | Severity | Why | Changed places |\n| --- | --- | --- | --- |\n';
  const rows = report.incidents.map((i) => `${row(i)}\n`);
  const blocks = report.incidents.map((i) => `${details(i)}\n`);
  const rowBytes = rows.map(bytes);
  const blockBytes = blocks.map(bytes);
  const fixed = bytes(head) + bytes(tableHead) + 1;

  // Keep as many rows as fit (with room for the line that sums up the rest and for the note on
  // left-out details), then as many details, both from the top: the strongest ties first.
  const detailsNote = (left: number) =>
    `\n_Details of ${left} more incident(s) are left out to stay under ${maxBytes} bytes; run \`incident-lens review\` to see them all._\n`;
  const idParts = report.incidents.map((i) => `${gfmText(i.id)}${i.severity ? ` (${gfmText(i.severity)})` : ''}`);
  const idBytes = idParts.map(bytes);
  const restLine = (from: number) => restSummary(idParts, idBytes, from, maxBytes >> 3);
  const reserve = (kept: number) => (kept < rows.length ? bytes(restLine(kept)) : 0) + (kept > 0 ? bytes(detailsNote(kept)) : 0);
  let keptRows = rows.length;
  let total = fixed + rowBytes.reduce((a, b) => a + b, 0);
  while (keptRows > 0 && total + reserve(keptRows) > maxBytes) {
    keptRows--;
    total -= rowBytes[keptRows];
  }
  const rest = keptRows < rows.length ? restLine(keptRows) : '';
  total += bytes(rest);
  const noteRoom = keptRows > 0 ? bytes(detailsNote(keptRows)) : 0;
  let keptDetails = 0;
  while (keptDetails < keptRows) {
    const last = keptDetails === keptRows - 1;
    if (total + blockBytes[keptDetails] + (last ? 0 : noteRoom) > maxBytes) break;
    total += blockBytes[keptDetails];
    keptDetails++;
  }
  const out = [head, tableHead, ...rows.slice(0, keptRows), rest, '\n', ...blocks.slice(0, keptDetails)];
  if (keptDetails < keptRows) out.push(detailsNote(keptRows - keptDetails));
  return out.join('');
}

/** "…and N more: INC-1 (SEV2), INC-7, …" for the incidents from `from` on, within `budget` bytes. */
function restSummary(parts: string[], partBytes: number[], from: number, budget: number): string {
  const prefix = `\n…and ${parts.length - from} more incident(s): `;
  const listed: string[] = [];
  let used = bytes(prefix) + 2;
  for (let i = from; i < parts.length; i++) {
    if (used + partBytes[i] + 2 + 4 > budget) {
      listed.push('…');
      break;
    }
    listed.push(parts[i]);
    used += partBytes[i] + 2;
  }
  return `${prefix}${listed.join(', ')}\n`;
}
