/**
 * `review --format sarif`: one `note` per touched incident per changed place, on a changed line
 * (code scanning shows a pull request only the alerts on lines it changed). A place with no line
 * in the working tree (a deleted file) has nowhere to stand and is left out of SARIF only.
 */
import type { ReviewReport, TouchKind } from '../../features/review';
import { oneLine, stripControls } from '../escape';
import { fingerprintsFor, sarifLog, type SarifResult, type SarifRule } from '../sarif';

const READ_MORE =
  'Open the record (its path or link is in the message), read what was surprising or hard for the people involved, and check that this change does not reopen the conditions it describes. The open action items are listed too.';

function rule(kind: TouchKind, id: string, name: string, short: string, full: string): SarifRule {
  return {
    id,
    name,
    shortDescription: short,
    fullDescription: full,
    helpText: `${full} ${READ_MORE}`,
    helpMarkdown: `${full}\n\n${READ_MORE}\n\nFound by \`incident-lens review\` (tie: ${kind}).`,
    level: 'note',
  };
}

/** One rule per kind of tie, strongest first. */
export const REVIEW_RULES: Record<TouchKind, SarifRule> = {
  code: rule(
    'code',
    'incident-code-range',
    'IncidentCodeRange',
    'Changes code a past incident record points at.',
    'The change edits lines inside a code range that an incident record lists under `code` (or a file it lists without lines): code that was part of a past incident.',
  ),
  reference: rule(
    'reference',
    'incident-reference',
    'IncidentReference',
    'Changes code at a comment that references a past incident.',
    'The change edits, moves or removes a comment that references an incident, or the code right under it.',
  ),
  record: rule(
    'record',
    'incident-record-changed',
    'IncidentRecordChanged',
    'Changes an incident record.',
    'The change edits the record of a past incident itself.',
  ),
  history: rule(
    'history',
    'incident-history',
    'IncidentHistory',
    'Changes a file that commits about a past incident changed.',
    'The change edits a file that earlier commits mentioning an incident also changed: it was part of that incident or of its fix.',
  ),
};

export function renderReviewSarif(report: ReviewReport, version: string): string {
  const results: Array<Omit<SarifResult, 'fingerprint'>> = [];
  const keys: string[][] = [];
  for (const incident of report.incidents) {
    for (const place of incident.places) {
      if (place.startLine === undefined) continue;
      const rule = REVIEW_RULES[place.kind];
      const head = `${incident.id}${incident.severity ? ` (${incident.severity})` : ''}: ${incident.title}.`;
      const lesson = incident.lesson ? ` Lesson: ${incident.lesson}` : '';
      const open = incident.openActions.length ? ` Open action items: ${incident.openActions.length}.` : '';
      results.push({
        ruleId: rule.id,
        level: 'note',
        message: sarifMessage(`Touches past incident ${head} Why: ${place.detail}.${lesson}${open} Record: ${incident.link}`),
        path: place.path,
        startLine: place.startLine,
        endLine: place.endLine ?? place.startLine,
      });
      keys.push([rule.id, incident.id, place.path]);
    }
  }
  const fingerprints = fingerprintsFor(keys);
  return sarifLog(
    Object.values(REVIEW_RULES),
    results.map((r, i) => ({ ...r, fingerprint: fingerprints[i] })),
    version,
    'The reviewed workspace folder.',
  );
}

/**
 * SARIF message text: one line; brackets escaped (SARIF reads `[text](n)` as an embedded link) and
 * mentions broken, as record text may hold either.
 */
function sarifMessage(text: string): string {
  return oneLine(stripControls(text))
    .replace(/[[\]]/g, (ch) => `\\${ch}`)
    .replace(/@(?=[\w-])/g, '@\u200b');
}
