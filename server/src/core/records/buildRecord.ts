/**
 * The {@link IncidentRecord} of a parsed record file: what the index, hovers and listings read.
 * Only values of the right type are taken (a wrong one has been reported), and `code` entries
 * that would leave the workspace are left out, so nothing downstream may try to read them.
 */

import type { ActionItem, CodeEntry, Difficulty, IncidentRecord, Link, Participant, RecordStatus, Spanned, TimelineEntry } from '../model';
import { recordStartSpan, valueSpanOf, type Checker } from './checker';
import { normalizeCodeGlob, normalizeCodePath, parseLineRange, unsafePathReason } from './codePaths';
import { isFields, listOf, strings, textOr, type Fields } from './fields';

const STATUSES: readonly string[] = ['draft', 'in-review', 'published'];

function spannedStrings(c: Checker, fields: Fields, key: string): Spanned<string>[] {
  const out: Spanned<string>[] = [];
  listOf(fields[key]).forEach((value, i) => {
    if (typeof value !== 'string') return;
    const span = valueSpanOf(c, [key, i]);
    if (span) out.push({ value, span });
  });
  return out;
}

function optionalText<K extends string>(fields: Fields, key: K): Partial<Record<K, string>> {
  const value = fields[key];
  return typeof value === 'string' ? ({ [key]: value } as Partial<Record<K, string>>) : {};
}

/** The record defined by `fields` with id `id`; `body` is a Markdown body standing in for `narrative`. */
export function buildRecord(c: Checker, fields: Fields, id: string, path: string, format: IncidentRecord['format'], body: string | undefined): IncidentRecord {
  const objects = (key: string): Fields[] => listOf(fields[key]).filter(isFields);
  const timeline: TimelineEntry[] = [];
  listOf(fields.timeline).forEach((entry, i) => {
    if (!isFields(entry)) return;
    timeline.push({
      at: textOr(entry.at, ''),
      event: textOr(entry.event, ''),
      source: textOr(entry.source, undefined),
      span: valueSpanOf(c, ['timeline', i]) ?? recordStartSpan(c),
    });
  });
  const code: CodeEntry[] = [];
  listOf(fields.code).forEach((entry, i) => {
    if (!isFields(entry)) return;
    const path = typeof entry.path === 'string' && !unsafePathReason(entry.path, false) ? normalizeCodePath(entry.path) : undefined;
    const glob = typeof entry.glob === 'string' && !unsafePathReason(entry.glob, true) ? normalizeCodeGlob(entry.glob) : undefined;
    // Entries without a safe path or glob are left out: nothing downstream may try to read them.
    if (!path && !glob) return;
    const lines = parseLineRange(entry.lines);
    code.push({
      ...(path !== undefined ? { path } : {}),
      ...(glob !== undefined ? { glob } : {}),
      ...(lines && lines.start <= lines.end ? { lines } : {}),
      ...(typeof entry.note === 'string' ? { note: entry.note } : {}),
      span: valueSpanOf(c, ['code', i, path !== undefined ? 'path' : 'glob']) ?? recordStartSpan(c),
    });
  });
  const difficulties: Difficulty[] = objects('difficulties').map((d) => ({
    kind: textOr(d.kind, ''),
    description: textOr(d.description, ''),
  }));
  const participants: Participant[] = objects('participants').map((p) => ({
    name: textOr(p.name, ''),
    ...optionalText(p, 'role'),
    ...optionalText(p, 'perspective'),
  }));
  const actionItems: ActionItem[] = objects('action_items').map((a) => ({
    description: textOr(a.description, ''),
    ...optionalText(a, 'owner'),
    ...optionalText(a, 'status'),
    ...optionalText(a, 'link'),
  }));
  const links: Link[] = objects('links').map((l) => ({ title: textOr(l.title, ''), url: textOr(l.url, '') }));
  const status = typeof fields.status === 'string' && STATUSES.includes(fields.status) ? (fields.status as RecordStatus) : 'draft';
  const narrative = textOr(fields.narrative, undefined) ?? body;
  const record: IncidentRecord = {
    id,
    idSpan: valueSpanOf(c, ['id']) ?? recordStartSpan(c),
    path,
    format,
    title: textOr(fields.title, ''),
    status,
    services: strings(fields.services),
    summary: textOr(fields.summary, ''),
    timeline,
    contributingFactors: strings(fields.contributing_factors),
    difficulties,
    learnings: strings(fields.learnings),
    participants,
    actionItems,
    code,
    commits: spannedStrings(c, fields, 'commits'),
    related: spannedStrings(c, fields, 'related'),
    links,
    tags: strings(fields.tags),
  };
  const optional = {
    severity: fields.severity,
    started: fields.started,
    detected: fields.detected,
    mitigated: fields.mitigated,
    resolved: fields.resolved,
    narrative,
    impact: fields.impact,
    importedFrom: fields.imported_from,
  };
  for (const [key, value] of Object.entries(optional)) {
    if (typeof value === 'string') (record as unknown as Fields)[key] = value;
  }
  return record;
}
