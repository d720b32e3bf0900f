/** `review --format text`: the touched incidents for a terminal, strongest first. */
import type { ChangedPlace, ReviewReport, TouchKind } from '../features/review';
import { stripControls } from './escape';

export const TOUCH_LABELS: Record<TouchKind, string> = {
  code: 'code range',
  reference: 'referencing comment',
  record: 'record changed',
  history: 'history',
};

/** Where a place is, `path:12-14` style (just the path when the file is gone). */
export function placeLabel(place: ChangedPlace): string {
  if (place.startLine === undefined) return place.path;
  return place.endLine !== undefined && place.endLine !== place.startLine
    ? `${place.path}:${place.startLine}-${place.endLine}`
    : `${place.path}:${place.startLine}`;
}

export function renderReviewText(report: ReviewReport): string {
  const clean = (text: string) => stripControls(text).replace(/\s*[\r\n]+\s*/g, ' ');
  const out: string[] = [];
  const count = report.incidents.length;
  out.push(
    count === 0
      ? `No past incident is touched by this change (${report.changedFiles} file(s) changed since ${clean(report.base)}).`
      : `${count} past incident(s) touched by this change (${report.changedFiles} file(s) changed since ${clean(report.base)}):`,
  );
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
