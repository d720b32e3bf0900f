import type { HistoryIndex } from '../history';
import type { IncidentRecord } from '../model';
import { openActionItems } from './lesson';
import { describeMilestones, milestonesOf, missingResolution } from './milestones';
import { escapeBlock, escapeCodeSpan as escapeCode, escapeInline, safeLink } from '../render/escape';
import { firstParagraphText } from '../render/narrative';

/** A commit shown in a hover: one that mentions the incident, or one a record lists. */
export interface HoverCommit {
  shortHash: string;
  subject: string;
  date?: string;
}

export interface HoverContext {
  /**
   * What the closing "N references · Open record" line needs: a link target that opens the record
   * at its id (a file URI with a `#L<line>` fragment) and how many places mention the incident.
   * Absent when the editor draws these actions itself (VS Code, on the first line).
   */
  closingLine?: { recordLink: string; referenceCount: number };
  /** Commits whose message mentions the incident, newest first (git, trusted workspaces only). */
  mentioningCommits?: HoverCommit[];
  /** How many commits mention it in all (the hover shows a few). */
  mentioningCommitCount?: number;
  /** Subjects of the commits the record lists, by hash as written in the record. */
  listedCommits?: Map<string, HoverCommit>;
}

/** How many mentioning commits a hover lists. */
const HOVER_COMMITS = 3;

/**
 * What a hover adds from history: the newest commits that mention the incident, and those its
 * record lists that git has described (`described`, by hash as written).
 */
export function hoverHistory(history: HistoryIndex, record: IncidentRecord, described: ReadonlyMap<string, HoverCommit>): Partial<HoverContext> {
  const mentioning = history.commitsForIncident(record.id);
  const listed = new Map<string, HoverCommit>();
  for (const { value } of record.commits) {
    const found = described.get(value);
    if (found) listed.set(value, found);
  }
  return {
    mentioningCommits: mentioning.slice(0, HOVER_COMMITS).map((c) => ({ shortHash: c.shortHash, subject: c.subject, date: c.date })),
    mentioningCommitCount: mentioning.length,
    listedCommits: listed,
  };
}

const MAX_LISTED = 5;
const SUMMARY_LIMIT = 600;
/** The hover shows the narrative's first paragraph, cut near this many characters. */
export const HOVER_NARRATIVE_LIMIT = 400;

/**
 * The hover for a reference, as Markdown: the story first (summary, contributing factors,
 * difficulties), then what is still open, then where to read more. Every record value is escaped.
 */
export function renderIncidentHover(record: IncidentRecord, context: HoverContext): string {
  const parts: string[] = [];
  const badges = [record.severity, record.status].filter(Boolean).map((b) => `\`${escapeCode(b!)}\``);
  parts.push(`**${escapeInline(record.id)}** — ${escapeInline(record.title || '(untitled)')}${badges.length ? '  ' + badges.join(' ') : ''}`);

  const when = describeWhen(record);
  const meta = [when, record.services.length ? `Services: ${record.services.map(escapeInline).join(', ')}` : ''].filter(Boolean).join('  \n');
  if (meta) parts.push(meta);

  if (record.summary) parts.push(escapeBlock(truncate(record.summary, SUMMARY_LIMIT)));
  // A taste of the story itself, as plain text (the story view renders the whole narrative).
  const opening = record.narrative ? firstParagraphText(record.narrative, HOVER_NARRATIVE_LIMIT) : '';
  if (opening) parts.push(`*${escapeInline(opening)}*`);

  if (record.contributingFactors.length) {
    parts.push(`**Contributing factors**\n\n${bullets(record.contributingFactors.map((f) => escapeInline(f)))}`);
  }
  if (record.difficulties.length) {
    parts.push(`**What was hard**\n\n${bullets(record.difficulties.map((d) => `*${escapeInline(d.kind)}*: ${escapeInline(d.description)}`))}`);
  }
  const open = openActionItems(record);
  if (open.length) {
    parts.push(`**Open action items**\n\n${bullets(open.map((a) => escapeInline(a.description) + (a.owner ? ` (${escapeInline(a.owner)})` : '')))}`);
  }
  if (context.mentioningCommits?.length) {
    const total = context.mentioningCommitCount ?? context.mentioningCommits.length;
    const more = total > context.mentioningCommits.length ? ` (newest ${context.mentioningCommits.length} of ${total})` : '';
    parts.push(`**Commits mentioning it**${more}\n\n${bullets(context.mentioningCommits.map(commitLine))}`);
  }
  if (record.commits.length && context.listedCommits) {
    const lines = record.commits.map((c) => {
      const found = context.listedCommits!.get(c.value);
      return found ? commitLine(found) : `\`${escapeCode(c.value)}\` (not found in this repository)`;
    });
    parts.push(`**Commits listed in the record**\n\n${bullets(lines)}`);
  }
  if (record.links.length) {
    parts.push(`**Links**\n\n${bullets(record.links.map((l) => safeLink(l.title, l.url)))}`);
  }
  if (context.closingLine) {
    const { recordLink, referenceCount } = context.closingLine;
    parts.push(`${referenceCount === 1 ? '1 reference' : `${referenceCount} references`} · [Open record](${recordLink})`);
  }
  return parts.join('\n\n');
}

/**
 * "Started 2024-03-05 14:02 · detected after 7 min · mitigated after 39 min · resolved after 2 h
 * 18 min": each phase the record has, measured from the start, so the time to mitigation (often
 * what the summary calls the impact) is not hidden behind the time to resolution.
 */
export function describeWhen(record: IncidentRecord): string {
  if (!record.started) return '';
  const pieces = [`Started ${escapeInline(record.started.replace('T', ' '))}`];
  const milestones = milestonesOf(record);
  if (milestones.length) pieces.push(describeMilestones(milestones));
  // A `resolved` that cannot be measured from the start is still shown as written.
  if (record.resolved && !milestones.some((m) => m.mark === 'resolved')) pieces.push(`resolved ${escapeInline(record.resolved)}`);
  const missing = missingResolution(record);
  if (missing) pieces.push(missing);
  return pieces.join(' · ');
}

function commitLine(commit: HoverCommit): string {
  const date = commit.date ? ` (${escapeInline(commit.date.slice(0, 10))})` : '';
  return `\`${escapeCode(commit.shortHash)}\` ${escapeInline(commit.subject)}${date}`;
}

function bullets(lines: string[]): string {
  const shown = lines.slice(0, MAX_LISTED).map((line) => `- ${line}`);
  if (lines.length > MAX_LISTED) shown.push(`- … and ${lines.length - MAX_LISTED} more`);
  return shown.join('\n');
}

function truncate(text: string, limit: number): string {
  return text.length > limit ? `${text.slice(0, limit).trimEnd()}…` : text;
}
