/**
 * Front matter written for other tools (a blog, a postmortem collection, an incident tool's
 * export) mapped onto record fields: only the keys whose meaning is clear, only values of a clear
 * shape. Everything else is reported as unmapped; the original front matter stays in the body.
 */
import type { IdMatcher } from '../references';
import { readWholeDate } from './dates';
import type { ImportedFields } from './fields';
import { severityOf, statusOf, splitList } from './values';

type FieldTarget =
  'title' | 'summary' | 'started' | 'detected' | 'mitigated' | 'resolved' | 'severity' | 'status' | 'services' | 'tags' | 'links' | 'authors' | 'id' | 'impact';

const KEYS: Record<FieldTarget, string[]> = {
  title: ['title', 'name', 'headline'],
  summary: ['summary', 'description', 'tldr', 'tl_dr', 'excerpt', 'abstract'],
  started: ['started', 'start', 'start_time', 'started_at', 'start_date', 'start_datetime', 'began_at', 'incident_date', 'date', 'occurred_at'],
  detected: ['detected', 'detected_at', 'reported_at', 'declared_at', 'identified_at'],
  mitigated: ['mitigated', 'mitigated_at'],
  resolved: ['resolved', 'resolved_at', 'end', 'end_time', 'ended_at', 'end_date', 'closed_at'],
  severity: ['severity', 'sev', 'priority'],
  status: ['status'],
  services: ['services', 'service', 'product', 'products', 'component', 'components', 'systems', 'affected_services'],
  tags: ['tags', 'categories', 'category', 'keywords', 'labels'],
  links: ['url', 'link', 'permalink', 'source_url', 'source'],
  authors: ['authors', 'author', 'owners', 'written_by'],
  id: ['id', 'incident_id', 'incident', 'incident_number', 'number', 'key', 'ref'],
  impact: ['impact', 'customer_impact'],
};

const targetByKey = new Map<string, FieldTarget>();
for (const [target, keys] of Object.entries(KEYS)) for (const key of keys) targetByKey.set(key, target as FieldTarget);

/** `startTime`, `Start-Time`, `start time` → `start_time`. */
function normalizeKey(key: string): string {
  return key
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_|_$/g, '');
}

export interface FrontMatterMapping {
  fields: ImportedFields;
  ids: string[];
  unmapped: string[];
}

/** Maps one front matter mapping (already plain JS) onto record fields. */
export function mapFrontMatter(data: Record<string, unknown>, matcher: IdMatcher, severities: string[]): FrontMatterMapping {
  const fields: ImportedFields = {};
  const ids: string[] = [];
  const unmapped: string[] = [];
  const refuse = (key: string, why: string) => unmapped.push(`front matter "${key}": ${why}`);
  const listed: Partial<Record<'services' | 'tags', Set<string>>> = {};
  for (const [key, value] of Object.entries(data)) {
    const target = targetByKey.get(normalizeKey(key));
    if (value === null || value === undefined || value === '') continue;
    if (!target) {
      refuse(key, 'no matching field');
      continue;
    }
    const text = typeof value === 'string' ? value.trim() : typeof value === 'number' ? String(value) : undefined;
    switch (target) {
      case 'title':
      case 'summary':
      case 'impact':
        if (target === 'title' && text && /[\r\n]/.test(text)) refuse(key, 'more than one line (a title is one line)');
        else if (text && !(target in fields)) fields[target] = text;
        else if (!text) refuse(key, 'not text');
        break;
      case 'started':
      case 'detected':
      case 'mitigated':
      case 'resolved': {
        const date = text ? readWholeDate(text) : undefined;
        if (date) {
          if (!(target in fields)) fields[target] = date;
        } else refuse(key, 'not a date Incident Lens can read without guessing');
        break;
      }
      case 'severity': {
        const severity = text ? severityOf(text, severities) : undefined;
        if (severity) fields.severity = severity;
        else refuse(key, `not one of the configured severities (${severities.join(', ')})`);
        break;
      }
      case 'status': {
        const status = text ? statusOf(text) : undefined;
        if (status) fields.status = status;
        else refuse(key, 'not draft, in-review or published');
        break;
      }
      case 'services':
      case 'tags': {
        const list = listOf(value);
        if (list) {
          // Many keys can name one field (`tags`, `_tags`, `Tags_`): each adds to it in place.
          const into = (fields[target] ??= []);
          const had = (listed[target] ??= new Set(into));
          for (const item of list.filter((name) => !had.has(name))) {
            had.add(item);
            into.push(item);
          }
        } else refuse(key, 'not a list of names');
        break;
      }
      case 'authors': {
        const list = listOf(value, (item) =>
          item && typeof item === 'object' && typeof (item as { name?: unknown }).name === 'string' ? (item as { name: string }).name : undefined,
        );
        if (list) {
          const into = (fields.participants ??= []);
          for (const name of list) into.push({ name, role: 'author' });
        } else refuse(key, 'not a list of names');
        break;
      }
      case 'links':
        if (text && /^https?:\/\/\S+$/i.test(text)) fields.links = [...(fields.links ?? []), { title: key, url: text }];
        else refuse(key, 'not a web address');
        break;
      case 'id':
        if (text && matcher.matches(text)) ids.push(text);
        else refuse(key, 'does not match the id patterns');
        break;
    }
  }
  return { fields, ids, unmapped };
}

/** A list of names from a YAML list or a comma-separated string. */
function listOf(value: unknown, fromObject?: (item: unknown) => string | undefined): string[] | undefined {
  if (typeof value === 'string') return splitList(value);
  if (typeof value === 'number') return [String(value)];
  if (!Array.isArray(value)) return undefined;
  const out: string[] = [];
  for (const item of value) {
    const name = typeof item === 'string' || typeof item === 'number' ? String(item).trim() : fromObject?.(item);
    if (name === undefined) return undefined;
    if (name !== '') out.push(name);
  }
  return out;
}
