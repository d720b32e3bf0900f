/**
 * One postmortem (Markdown, with or without front matter) read into record fields. Only what the
 * source states clearly fills a field; the whole body is kept as the record's narrative, and what
 * no field took is listed so a person can see it.
 */
import { isMap, isNode, isScalar, parseDocument, visit, type Document } from 'yaml';
import { stripControls } from '../render/escape';
import { splitFrontMatter } from '../records/frontMatter';
import type { IdMatcher } from '../references';
import { readClearDate, readClock, statesUtc } from './dates';
import type { ImportedFields } from './fields';
import { mapFrontMatter } from './frontMatter';
import { isKnownLabel, metadataKeyOf, normalizeHeading, sectionKindOf, type MetadataKey, type SectionKind } from './headings';
import { blocks, linkedUrls, outline, plainInline, proseLines, sectionText, type Block, type Section } from './markdown';
import { severityOf, splitList, statusOf } from './values';

/** A source file's text and names. */
export interface SourceText {
  /** What the record's `imported_from` will say: the path relative to the folder. */
  origin: string;
  /** The file's own name (`2019-03-04-db-failover.md`): may carry an id or a title. */
  fileName: string;
  text: string;
}

export interface ReadContext {
  matcher: IdMatcher;
  severities: string[];
}

/** What a postmortem states, ready to become a record. */
export interface ReadPostmortem {
  fields: ImportedFields;
  /** Ids the source carries, with where each was found, best first. */
  ids: Array<{ id: string; from: string }>;
  /** The record's Markdown body: the original body, plus the original front matter when it had one. */
  body: string;
  unmapped: string[];
  notes: string[];
}

/** What reading one source gives: its fields, or why it cannot be imported. */
export type PostmortemReading = ReadPostmortem | { refused: string };

/** Reads one postmortem, or says why it cannot be imported. */
export function readPostmortem(source: SourceText, ctx: ReadContext): PostmortemReading {
  const split = splitFrontMatter(source.text);
  if (split.kind === 'foreign') return { refused: `its front matter is ${split.language}, not YAML: convert it to YAML first` };
  if (split.kind === 'unclosed') return { refused: 'its front matter (--- on line 1) is never closed' };
  let data: Record<string, unknown> = {};
  let body = source.text;
  let frontMatter: string | undefined;
  if (split.kind === 'yaml') {
    // The library's own duplicate-key check is quadratic in the keys of a mapping: ours is one pass.
    const doc = parseDocument(split.yaml, { version: '1.2', schema: 'core', merge: false, uniqueKeys: false, resolveKnownTags: false, prettyErrors: false });
    const error = doc.errors[0] ?? duplicateKey(doc);
    if (error) {
      const line = lineOf(source.text, split.yamlStart + error.pos[0]);
      return { refused: `its front matter is not valid YAML (line ${line}: ${error.message.split('\n')[0]})` };
    }
    if (doc.contents !== null && !isMap(doc.contents)) return { refused: 'its front matter is not a mapping of keys to values' };
    try {
      data = (doc.toJS({ maxAliasCount: 50 }) as Record<string, unknown> | null) ?? {};
    } catch (error) {
      return { refused: `its front matter cannot be read (${(error as Error).message.split('\n')[0]})` };
    }
    body = source.text.slice(split.bodyStart);
    frontMatter = split.yaml;
  }

  const fromFrontMatter = mapFrontMatter(data, ctx.matcher, ctx.severities);
  const unmapped = [...fromFrontMatter.unmapped];
  const notes: string[] = [];
  const ids = fromFrontMatter.ids.map((id) => ({ id, from: 'the front matter' }));
  const body_ = new BodyReader(body, ctx, unmapped, notes);
  const fields = body_.read(fromFrontMatter.fields);
  for (const id of body_.ids) ids.push({ id, from: 'the "Incident ID" line' });

  if (fields.title === undefined) {
    const fromName = titleFromFileName(source.fileName, ctx.matcher);
    if (fromName) {
      fields.title = fromName;
      notes.push('title taken from the file name');
    }
  }
  const nameId = ctx.matcher.findAll(source.fileName)[0];
  if (nameId) ids.push({ id: nameId.id, from: 'the file name' });

  cleanFields(fields, unmapped);
  let recordBody = body.replace(/^\s*\n/, '').trimEnd();
  if (frontMatter !== undefined && frontMatter.trim() !== '') {
    // Nothing is lost: the front matter written for another tool stays, verbatim, after the story.
    const fence = '`'.repeat(Math.max(3, longestRun(frontMatter, '`') + 1));
    recordBody += `${recordBody ? '\n\n' : ''}## Original front matter\n\n${fence}yaml\n${frontMatter.trimEnd()}\n${fence}`;
  }
  return { fields, ids, body: recordBody, unmapped, notes };
}

/** Reads the Markdown body: title, metadata lines, and the sections by what their headings mean. */
class BodyReader {
  readonly ids: string[] = [];
  private readonly fields: ImportedFields = {};
  private knownParticipants?: Set<string>;

  constructor(
    private readonly body: string,
    private readonly ctx: ReadContext,
    private readonly unmapped: string[],
    private readonly notes: string[],
  ) {}

  read(fromFrontMatter: ImportedFields): ImportedFields {
    const doc = outline(this.body, (label) => sectionKindOf(label) !== undefined);
    const fields = this.fields;
    Object.assign(fields, fromFrontMatter);
    if (fields.title === undefined && doc.h1) fields.title = doc.h1;

    const byKind = new Map<SectionKind, Section[]>();
    const parents: Array<{ level: number; kind: SectionKind | undefined }> = [];
    for (const section of doc.sections) {
      while (parents.length && parents[parents.length - 1].level >= section.level) parents.pop();
      const own = sectionKindOf(section.heading);
      // A sub-heading no template names (`### Database`) belongs to the section around it.
      const kind = own ?? parents[parents.length - 1]?.kind;
      parents.push({ level: section.level, kind });
      if (kind === undefined) {
        if (isKnownLabel(section.heading)) this.metadata([`${section.heading}: ${section.lines.join(' ')}`]);
        else if (section.lines.some((l) => l.trim() !== '')) this.unmapped.push(`section "${section.heading}": no matching field (kept in the body)`);
        continue;
      }
      if (!byKind.has(kind)) byKind.set(kind, []);
      byKind.get(kind)!.push(section);
    }

    this.metadata(doc.lead);
    for (const section of byKind.get('metadata') ?? []) this.metadata(section.lines);

    const summary = this.text(byKind.get('summary'));
    if (summary) fields.summary = summary;
    const impact = this.text(byKind.get('impact'));
    if (impact) fields.impact = impact;
    if (fields.summary === undefined) {
      const lead = blocks(doc.lead).find((b): b is Block & { kind: 'paragraph' } => b.kind === 'paragraph' && !this.isMetadataLine(b.text));
      if (lead) {
        fields.summary = lead.text;
        this.notes.push('summary taken from the lead paragraph');
      }
    }

    const factors = [...this.items(byKind.get('contributing')), ...(this.text(byKind.get('trigger')) ? [this.text(byKind.get('trigger'))!] : [])];
    if (factors.length) fields.contributing_factors = factors;
    const learnings = this.items(byKind.get('lessons'));
    if (learnings.length) fields.learnings = learnings;
    this.actionItems(byKind.get('actions') ?? []);
    this.timeline(byKind.get('timeline') ?? []);
    return fields;
  }

  private isMetadataLine(text: string): boolean {
    const m = /^([^:]{1,40}):/.exec(plainInline(text));
    return Boolean(m && metadataKeyOf(m[1]));
  }

  /** The Markdown under some sections, as written (sub-headings' text included). */
  private text(sections: Section[] | undefined): string | undefined {
    if (!sections?.length) return undefined;
    const text = sectionText(sections.flatMap((s, i) => (i === 0 ? s.lines : [`${s.heading}:`, ...s.lines])));
    return text === '' ? undefined : text;
  }

  /** List items and paragraphs as one entry each (a lead-in that ends with ':' is not an entry). */
  private items(sections: Section[] | undefined): string[] {
    const out: string[] = [];
    for (const section of sections ?? []) {
      for (const block of blocks(section.lines)) {
        if (block.kind === 'item') out.push(plainInline(block.text));
        else if (block.kind === 'paragraph' && !block.text.endsWith(':')) out.push(plainInline(block.text));
        else if (block.kind === 'table') for (const row of block.rows) out.push(row.map(plainInline).filter(Boolean).join(' — '));
      }
    }
    return out.filter(Boolean);
  }

  /** `Date: …`, `**Severity:** SEV2`, `- Authors: a, b`, and two-column key/value tables. */
  private metadata(lines: string[]): void {
    const pairs: Array<[string, string]> = [];
    for (const block of blocks(lines)) {
      if (block.kind === 'table' && block.header.length === 2) {
        for (const row of [block.header, ...block.rows]) if (row.length >= 2) pairs.push([row[0], row[1]]);
      }
    }
    for (const line of lines) {
      const pair = keyValue(line.replace(/^\s*[-*+]\s+/, '').replace(/\*\*|__/g, ''));
      if (pair) pairs.push(pair);
    }
    for (const [label, raw] of pairs) {
      const key = metadataKeyOf(plainInline(label));
      if (key) this.apply(key, label.trim(), plainInline(raw));
    }
  }

  private apply(key: MetadataKey, label: string, value: string): void {
    const fields = this.fields;
    if (value === '' || /^(n\/a|tbd|none|-|—|unknown)$/i.test(value)) return;
    const zone = statesUtc(value) ? 'Z' : undefined;
    switch (key) {
      case 'title':
      case 'summary':
      case 'impact':
        if (fields[key] === undefined) fields[key] = value;
        return;
      case 'started':
      case 'detected':
      case 'mitigated':
      case 'resolved': {
        const date = readClearDate(value, zone);
        if (!date) this.unmapped.push(`"${label}: ${value}": not a date Incident Lens can read without guessing`);
        else if (fields[key] === undefined) fields[key] = date.iso;
        return;
      }
      case 'severity': {
        const severity = severityOf(value, this.ctx.severities);
        if (severity) fields.severity ??= severity;
        else this.unmapped.push(`"${label}: ${value}": not one of the configured severities`);
        return;
      }
      case 'status': {
        const status = statusOf(value);
        if (status) fields.status ??= status;
        else this.unmapped.push(`"${label}: ${value}": not a record status (draft, in-review, published)`);
        return;
      }
      case 'services':
      case 'tags':
        if (fields[key] === undefined) fields[key] = splitList(value);
        return;
      case 'authors':
      case 'commander': {
        const role = key === 'authors' ? 'author' : 'incident commander';
        // Kept across lines, and added to in place: a thousand `Author:` lines cost a thousand steps.
        const known = (this.knownParticipants ??= new Set((fields.participants ?? []).map((p) => `${p.name}\n${p.role}`)));
        const added = splitList(value).filter((name) => !known.has(`${name}\n${role}`));
        for (const name of added) {
          known.add(`${name}\n${role}`);
          (fields.participants ??= []).push({ name, role });
        }
        return;
      }
      case 'id': {
        const found = this.ctx.matcher.findAll(value)[0];
        if (found) this.ids.push(found.id);
        else this.unmapped.push(`"${label}: ${value}": does not match the id patterns`);
        return;
      }
    }
  }

  private actionItems(sections: Section[]): void {
    const items: NonNullable<ImportedFields['action_items']> = [];
    const unmappedColumns = new Set<string>();
    let prose = false;
    for (const section of sections) {
      for (const block of blocks(section.lines)) {
        if (block.kind === 'item') {
          const link = firstUrl(block.text);
          const description = plainInline(block.text);
          if (description)
            items.push({
              description,
              ...(block.checked !== undefined ? { status: block.checked ? ('done' as const) : ('open' as const) } : {}),
              ...(link ? { link } : {}),
            });
        } else if (block.kind === 'table') for (const item of this.actionTable(block, unmappedColumns)) items.push(item);
        else if (block.kind === 'paragraph' && !block.text.endsWith(':')) prose = true;
      }
    }
    for (const column of unmappedColumns) this.unmapped.push(column);
    if (items.length) this.fields.action_items = items;
    else if (prose) this.unmapped.push('action items written as prose, not as a list or table (kept in the body)');
  }

  private actionTable(table: Block & { kind: 'table' }, unmapped: Set<string>): NonNullable<ImportedFields['action_items']> {
    const roles = table.header.map((h) => actionColumn(normalizeHeading(plainInline(h))));
    let descriptionAt = roles.indexOf('description');
    if (descriptionAt === -1) descriptionAt = roles.findIndex((r) => r === undefined);
    if (descriptionAt === -1) return [];
    roles.forEach((role, i) => {
      if (i !== descriptionAt && role === undefined && table.header[i])
        unmapped.add(`action items column "${plainInline(table.header[i])}": no matching field (kept in the body)`);
    });
    const out: NonNullable<ImportedFields['action_items']> = [];
    for (const row of table.rows) {
      const description = plainInline(row[descriptionAt] ?? '');
      if (!description) continue;
      const item: NonNullable<ImportedFields['action_items']>[number] = { description };
      roles.forEach((role, i) => {
        const cell = row[i] ?? '';
        const plain = plainInline(cell);
        if (!plain || /^(n\/a|tbd|-|—|none|\?)$/i.test(plain)) return;
        if (role === 'owner') item.owner = plain;
        else if (role === 'status') {
          const status = actionStatusOf(plain);
          if (status) item.status = status;
          else unmapped.add(`action items column "${plainInline(table.header[i])}": "${plain}" is not open, done or wont-do`);
        } else if (role === 'link') {
          const url = firstUrl(cell);
          if (url) item.link = url;
          else unmapped.add(`action items column "${plainInline(table.header[i])}": values that are not web addresses (kept in the body)`);
        }
      });
      out.push(item);
    }
    return out;
  }

  private timeline(sections: Section[]): void {
    const entries: Array<{ at?: string; event: string }> = [];
    for (const section of sections) {
      let zone = statesUtc(section.heading) ? 'Z' : undefined;
      let day: string | undefined;
      const marker = readClearDate(section.heading, zone);
      if (marker && isOnlyDate(section.heading, marker.length)) day = marker.iso.slice(0, 10);
      for (const block of blocks(section.lines)) {
        if (block.kind !== 'table') continue;
        const roles = block.header.map((h) => normalizeHeading(plainInline(h)));
        const timeAt = roles.findIndex((r) => /^(time|when|date|timestamp|at|date time|datetime|time utc|date and time|utc)$/.test(r));
        if (timeAt === -1) continue;
        const tableZone = statesUtc(block.header[timeAt]) ? 'Z' : zone;
        let eventAt = roles.findIndex(
          (r, i) => i !== timeAt && /^(event|events|description|what happened|action|activity|details|update|notes|summary)$/.test(r),
        );
        if (eventAt === -1) eventAt = timeAt === 0 ? 1 : 0;
        for (const row of block.rows) {
          const when = plainInline(row[timeAt] ?? '');
          const event = plainInline(row[eventAt] ?? '');
          if (!when && !event) continue;
          entries.push({ at: this.when(when, day, tableZone)?.at, event });
        }
      }
      for (const raw of proseLines(section.lines)) {
        if (raw.includes('|') || raw.trim() === '') continue;
        const line = plainInline(raw.replace(/^\s*(?:[-*+]|\d{1,3}[.)])\s+/, ''));
        const date = readClearDate(line, zone);
        if (date && isOnlyDate(line, date.length)) {
          day = date.iso.slice(0, 10);
          if (statesUtc(line)) zone = 'Z';
          continue;
        }
        const when = this.when(line, day, zone);
        if (when)
          entries.push({
            at: when.at,
            event: line
              .slice(when.length)
              .replace(/^[\s:|–—-]+/, '')
              .trim(),
          });
        else if (entries.length && /^\s{2,}/.test(raw)) entries[entries.length - 1].event += ` ${line}`;
        else if (entries.length === 0 && statesUtc(line)) zone = 'Z';
      }
    }
    const events = entries.filter((e) => e.event !== '');
    if (!events.length) return;
    if (events.every((e) => e.at !== undefined)) {
      this.fields.timeline = events.map((e) => ({ at: e.at!, event: e.event }));
      if (this.fields.started === undefined) {
        this.fields.started = events[0].at;
        this.notes.push('started taken from the first timeline entry');
      }
    } else {
      this.unmapped.push('timeline: some times have no date, so it was not made a timeline (kept in the body)');
      const first = events[0].at;
      if (this.fields.started === undefined && first) {
        this.fields.started = first;
        this.notes.push('started taken from the first timeline entry');
      }
    }
  }

  /** A date-time, or a time of day on a known day, at the start of a line. */
  private when(text: string, day: string | undefined, zone: string | undefined): { at?: string; length: number } | undefined {
    const date = readClearDate(text, zone);
    if (date) return { at: date.iso, length: date.length };
    const clock = readClock(text, zone);
    if (!clock) return undefined;
    return { at: day ? `${day}T${clock.clock}` : undefined, length: clock.length };
  }
}

/**
 * Field values never carry control characters (terminal escapes, bidi overrides: they mean nothing
 * in a field and could mislead a reader); the body keeps the source's text as it is. A title is
 * one line: a title over several lines is not taken.
 */
function cleanFields(fields: ImportedFields, unmapped: string[]): void {
  const clean = (value: unknown): unknown =>
    typeof value === 'string'
      ? stripControls(value).trim()
      : Array.isArray(value)
        ? value.map(clean)
        : value && typeof value === 'object'
          ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k, clean(v)]))
          : value;
  for (const key of Object.keys(fields) as Array<keyof ImportedFields>) (fields as Record<string, unknown>)[key] = clean(fields[key]);
  if (fields.title !== undefined && (/[\r\n]/.test(fields.title) || fields.title === '')) {
    unmapped.push('title: more than one line, not taken (a title is one line)');
    delete fields.title;
  }
}

/** `Label: value` with a short label of words: `Date: 2024-03-05`, `Incident commander: ana`. */
function keyValue(line: string): [string, string] | undefined {
  const colon = line.indexOf(':');
  if (colon === -1) return undefined;
  const label = line.slice(0, colon).trim();
  const value = line.slice(colon + 1).trim();
  return label.length <= 41 && /^[A-Za-z][\w ()/.&;-]*$/.test(label) && value !== '' ? [label, value] : undefined;
}

/** Whether what follows a date is no more than a remark on it: `(all times UTC)`, `- times in UTC`, `UTC:`. */
function isOnlyDate(text: string, length: number): boolean {
  const rest = text.slice(length).trim();
  const bare = rest.endsWith(':') ? rest.slice(0, -1).trimEnd() : rest;
  if (bare === '' || /^(?:utc|gmt)$/i.test(bare)) return true;
  if (bare.startsWith('(') && bare.endsWith(')')) return true;
  return /^[-–—:,]?\s*(?:all\s+)?times?\b/i.test(rest);
}

type ActionRole = 'description' | 'owner' | 'link' | 'status';

function actionColumn(header: string): ActionRole | undefined {
  if (/^(action items?|actions?|items?|description|task|tasks|title|what|follow ups?|remediation|summary)$/.test(header)) return 'description';
  if (/^(owners?|assignees?|assigned to|who|responsible|dri)$/.test(header)) return 'owner';
  if (/^(bug|bugs|ticket|tickets|issue|issues|link|links|tracking|jira|url|pr|reference)$/.test(header)) return 'link';
  if (/^(status|state|done)$/.test(header)) return 'status';
  return undefined;
}

function actionStatusOf(value: string): 'open' | 'done' | 'wont-do' | undefined {
  const v = value
    .toLowerCase()
    .replace(/[^a-z ✅]/g, '')
    .trim();
  if (/^(done|complete|completed|fixed|closed|resolved|yes|✅|finished|shipped)$/.test(v)) return 'done';
  if (/^(open|todo|to do|in progress|inprogress|not started|pending|planned|started|new|started)$/.test(v)) return 'open';
  if (/^(wont do|wont fix|wontfix|wontdo|cancelled|canceled|declined|rejected|dropped)$/.test(v)) return 'wont-do';
  return undefined;
}

/** The first web address a Markdown link points to, else the first one written out. */
function firstUrl(text: string): string | undefined {
  return linkedUrls(text).find((url) => /^https?:\/\/./i.test(url)) ?? bareUrl(text);
}

/** `https://…` written out: the address up to a space, `<`, `>`, `|` or `)`. */
function bareUrl(text: string): string | undefined {
  const scheme = /https?:\/\//gi;
  for (let found = scheme.exec(text); found; found = scheme.exec(text)) {
    let end = scheme.lastIndex;
    while (end < text.length && !/[\s<>|)]/.test(text[end])) end++;
    if (end > scheme.lastIndex) return text.slice(found.index, end);
  }
  return undefined;
}

/**
 * A title from a file name when it is made of words (`2019-03-04-db-failover.md` → "Db
 * failover"); a name that is only a date, an id or a generic word ("postmortem") gives none.
 */
export function titleFromFileName(fileName: string, matcher: IdMatcher): string | undefined {
  let stem = fileName.replace(/\.[^.]+$/, '');
  for (const match of matcher.findAll(stem).reverse()) stem = stem.slice(0, match.start) + ' ' + stem.slice(match.end);
  const words = stem
    .replace(/\d{4}-?\d{2}-?\d{2}/g, ' ')
    .split(/[\s_.-]+/)
    .filter(Boolean);
  const generic = /^(post|mortem|postmortem|post-mortem|incident|incidents|report|review|pir|rca|readme|index|untitled|draft|copy|final|v\d+|\d+)$/i;
  if (!words.some((w) => !generic.test(w) && /[a-z]/i.test(w))) return undefined;
  const title = words.join(' ');
  return title.charAt(0).toUpperCase() + title.slice(1);
}

/** The first key given twice in one mapping, as the YAML library words it. */
function duplicateKey(doc: Document): { pos: [number, number]; message: string } | undefined {
  let found: { pos: [number, number]; message: string } | undefined;
  visit(doc, {
    Map(_, map) {
      const seen = new Set<unknown>();
      for (const { key } of map.items) {
        const value = isScalar(key) ? key.value : key;
        if (seen.has(value)) {
          found = { pos: [isNode(key) ? (key.range?.[0] ?? 0) : 0, 0], message: 'Map keys must be unique' };
          return visit.BREAK;
        }
        seen.add(value);
      }
      return undefined;
    },
  });
  return found;
}

function lineOf(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

function longestRun(text: string, ch: string): number {
  let longest = 0;
  let run = 0;
  for (const c of text) {
    run = c === ch ? run + 1 : 0;
    if (run > longest) longest = run;
  }
  return longest;
}
