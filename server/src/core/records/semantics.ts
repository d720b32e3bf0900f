/**
 * Checks that need more than the schema: configured severities, real calendar dates, `resolved`
 * not before `started`, timeline order, code paths that stay inside the workspace, line ranges
 * that run forward, and blaming or hindsight wording in the narrative fields.
 */

import { compileGlob } from '../globs';
import type { Options, Span } from '../model';
import { findBlameLanguage } from './blameless';
import { findHindsightLanguage, thinNarrativeReason } from './hindsight';
import { recordStartSpan, valueSpanOf, type Checker } from './checker';
import { parseLineRange, unsafePathReason } from './codePaths';
import { compareRecordDates, nearestRecordDate, parseRecordDate, type RecordDate } from './dates';
import { isFields, listOf, locateValue, type Fields } from './fields';
import { labelOf, pointerOf, type Segments } from './pointers';
import { shift } from './yamlPart';
import { locate, nodeSpan } from './yamlTree';

const DATE_FIELDS = ['started', 'detected', 'mitigated', 'resolved'] as const;

/** Checks that need more than the schema: configured severities, real dates, order, code paths. */
export function checkSemantics(c: Checker, fields: Fields, severities: readonly string[]): void {
  const severity = fields.severity;
  if (typeof severity === 'string' && severities.length > 0 && !severities.includes(severity)) {
    c.report(
      valueSpanOf(c, ['severity']) ?? recordStartSpan(c),
      'error',
      'schema',
      `\`severity\` must be one of the configured severities: ${severities.join(', ')}.`,
    );
  }
  const dateAt = (segments: Segments): RecordDate | undefined => {
    const value = locateValue(fields, segments);
    if (typeof value !== 'string') return undefined;
    const date = parseRecordDate(value);
    if (!date && !c.reported.has(pointerOf(segments))) {
      const nearest = nearestRecordDate(value);
      c.report(
        valueSpanOf(c, segments) ?? recordStartSpan(c),
        'error',
        'schema',
        `\`${labelOf(segments)}\` is not a real date or time: ${value}${nearest ? ` (the nearest real one is ${nearest})` : ''}.`,
        nearest ? [nearest] : undefined,
      );
    }
    return date;
  };
  const dates = new Map(DATE_FIELDS.map((field) => [field, dateAt([field])]));
  const started = dates.get('started');
  const resolved = dates.get('resolved');
  if (started && resolved && compareRecordDates(resolved, started) < 0) {
    c.report(
      valueSpanOf(c, ['resolved']) ?? recordStartSpan(c),
      'error',
      'resolved-before-started',
      `\`resolved\` (${String(fields.resolved)}) is before \`started\` (${String(fields.started)}).`,
    );
  }

  let previous: { date: RecordDate; text: string } | undefined;
  listOf(fields.timeline).forEach((entry, i) => {
    if (!isFields(entry)) return;
    const date = dateAt(['timeline', i, 'at']);
    if (!date) return;
    if (previous && compareRecordDates(date, previous.date) < 0) {
      c.report(
        valueSpanOf(c, ['timeline', i, 'at']) ?? recordStartSpan(c),
        'warning',
        'timeline-order',
        `Timeline out of order: ${String(entry.at)} is earlier than the entry before it (${previous.text}).`,
      );
    }
    previous = { date, text: String(entry.at) };
  });

  listOf(fields.code).forEach((entry, i) => {
    if (!isFields(entry)) return;
    for (const key of ['path', 'glob'] as const) {
      const value = entry[key];
      if (typeof value !== 'string') continue;
      const reason = unsafePathReason(value, key === 'glob');
      const complexity = !reason && key === 'glob' ? compileGlob(value) : undefined;
      if (typeof complexity === 'string') {
        c.report(
          valueSpanOf(c, ['code', i, key]) ?? recordStartSpan(c),
          'error',
          'complex-glob',
          `\`code[${i}].glob\` ${complexity}, so it ties no file to this incident.`,
        );
      }
      if (reason) {
        c.report(
          valueSpanOf(c, ['code', i, key]) ?? recordStartSpan(c),
          'error',
          'unsafe-code-path',
          `\`code[${i}].${key}\` ${reason}: code paths must stay inside the workspace folder, so this one is never read.`,
        );
      }
    }
    const range = parseLineRange(entry.lines);
    if (range && range.end < range.start) {
      c.report(
        valueSpanOf(c, ['code', i, 'lines']) ?? recordStartSpan(c),
        'error',
        'schema',
        `\`code[${i}].lines\` ends (${range.end}) before it starts (${range.start}).`,
      );
    }
  });
}

/** The free-text fields where people describe what happened, as pointers into the record. */
function narrativePointers(fields: Fields): Segments[] {
  const pointers: Segments[] = [['summary'], ['narrative'], ['impact']];
  listOf(fields.contributing_factors).forEach((_, i) => pointers.push(['contributing_factors', i]));
  listOf(fields.learnings).forEach((_, i) => pointers.push(['learnings', i]));
  listOf(fields.difficulties).forEach((_, i) => pointers.push(['difficulties', i, 'description']));
  listOf(fields.timeline).forEach((_, i) => pointers.push(['timeline', i, 'event']));
  return pointers;
}

/** Where people describe what happened: the narrative fields' values (and a Markdown body standing in for `narrative`). */
function narrativeRegions(c: Checker, fields: Fields, body: Span | undefined): Span[] {
  const regions: Span[] = [];
  for (const segments of narrativePointers(fields)) {
    if (typeof locateValue(fields, segments) !== 'string') continue;
    const found = locate(c.root, segments, c.part.plain.aliases);
    const span = nodeSpan(found?.node);
    if (span) regions.push(shift(span, c.part.base));
  }
  if (body && fields.narrative === undefined) regions.push(body);
  return regions;
}

/** Blaming wording in the narrative fields. */
export function checkBlameLanguage(c: Checker, fields: Fields, level: Options['blamelessLanguage'], body: Span | undefined): void {
  if (level === 'off') return;
  for (const region of narrativeRegions(c, fields, body)) {
    for (const match of findBlameLanguage(c.text, region.start, region.end)) {
      c.report({ start: match.start, end: match.end }, level, 'blameless-language', match.message);
    }
  }
}

/**
 * The writing coach beyond blame: counterfactual and hindsight phrasing, a single root cause, and
 * a narrative that is empty or only restates the summary.
 */
export function checkHindsightLanguage(c: Checker, fields: Fields, level: Options['hindsightLanguage'], body: Span | undefined): void {
  if (level === 'off') return;
  for (const region of narrativeRegions(c, fields, body)) {
    for (const match of findHindsightLanguage(c.text, region.start, region.end)) {
      c.report({ start: match.start, end: match.end }, level, 'hindsight-language', match.message);
    }
  }
  const summary = typeof fields.summary === 'string' ? fields.summary : '';
  if (typeof fields.narrative === 'string') {
    const reason = thinNarrativeReason(fields.narrative, summary);
    const span = nodeSpan(locate(c.root, ['narrative'], c.part.plain.aliases)?.node);
    if (reason && span) c.report(shift(span, c.part.base), level, 'thin-narrative', reason);
  } else if (body && fields.narrative === undefined) {
    const reason = thinNarrativeReason(c.text.slice(body.start, body.end), summary);
    if (reason) c.report(body, level, 'thin-narrative', reason);
  }
}
