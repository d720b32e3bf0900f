/** `review --format text`: the touched incidents for a terminal, strongest first. */
import { placeLabel, TOUCH_LABELS, type ReviewReport } from '../../features/review';
import { oneLine, stripControls } from '../escape';

export function renderReviewText(report: ReviewReport): string {
  const clean = (text: string) => oneLine(stripControls(text));
  const out: string[] = [];
  const count = report.incidents.length;
  out.push(
    count === 0
      ? `No past incident is touched by this change (${report.changedFiles} file(s) changed since ${clean(report.base)}).`
      : `${count} past incident(s) touched by this change (${report.changedFiles} file(s) changed since ${clean(report.base)}):`,
  );
  if (report.configChange) out.push('', clean(`Configuration changed: ${report.configChange.path}  ${report.configChange.detail}`));
  for (const incident of report.incidents) {
    out.push('');
    out.push(clean(`${incident.id}  ${incident.title}${incident.severity ? `  (${incident.severity})` : ''}  [${TOUCH_LABELS[incident.strongest]}]`));
    if (incident.lesson) out.push(`  lesson: ${clean(incident.lesson)}`);
    for (const action of incident.openActions) out.push(`  open action: ${clean(action)}`);
    for (const place of incident.places) out.push(clean(`  ${placeLabel(place)}  ${place.detail}`));
    out.push(`  record: ${clean(incident.link)}`);
  }
  return out.join('\n');
}
