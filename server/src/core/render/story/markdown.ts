/**
 * The story of an incident as Markdown, for wikis, chat and pull requests. Record text is escaped
 * (core/render/escape.ts): it makes no link but http(s) ones, no HTML, no image and mentions
 * nobody. The narrative keeps its paragraphs, not its Markdown: a wiki page must not load what a
 * record's author pointed it at.
 */
import { describeMilestones, missingResolution } from '../../features/milestones';
import type { IncidentStory } from '../../features/story';
import { escapeCodeSpan, escapeInline, safeLink } from '../escape';

export function renderStoryMarkdown(story: IncidentStory): string {
  const out: string[] = [];
  out.push(`# ${escapeInline(story.id)}: ${escapeInline(story.title || '(untitled)')}`);
  const facts = [
    story.severity ? `**${escapeInline(story.severity)}**` : '',
    escapeInline(story.status),
    story.started ? `started ${escapeInline(story.started.replace('T', ' '))}` : '',
    describeMilestones(story.milestones ?? []),
    missingResolution(story) ?? '',
    story.services.length ? `services: ${story.services.map(escapeInline).join(', ')}` : '',
  ].filter(Boolean);
  out.push(facts.join(' · '));
  if (story.summary) out.push(prose(story.summary));
  if (story.impact) section(out, 'Impact', prose(story.impact));
  if (story.phases.length) {
    section(out, 'Phases', bullets(story.phases.map((p) => `${escapeInline(p.from)} → ${escapeInline(p.to)}: ${escapeInline(p.duration)}`)));
  }
  if (story.timeline.length) {
    const rows = story.timeline.map((t) => `| ${cell(t.at)} | ${cell(t.source ?? '')} | ${cell(t.event)} |`);
    section(out, 'Timeline', ['| When | Source | What happened |', '| --- | --- | --- |', ...rows].join('\n'));
  }
  if (story.narrative?.trim()) section(out, 'Narrative', prose(story.narrative));
  if (story.participants.length) {
    const lines = story.participants.map((p) => {
      const who = `**${escapeInline(p.name)}**${p.role ? ` (${escapeInline(p.role)})` : ''}`;
      return `${who}${p.perspective ? `: ${escapeInline(p.perspective)}` : ''}`;
    });
    section(out, 'Perspectives', bullets(lines));
  }
  if (story.difficulties.length) {
    section(
      out,
      'What was hard',
      story.difficulties.map((g) => `**${escapeInline(capitalise(g.kind))}**\n\n${bullets(g.descriptions.map(escapeInline))}`).join('\n\n'),
    );
  }
  if (story.contributingFactors.length) section(out, 'Contributing factors', bullets(story.contributingFactors.map(escapeInline)));
  if (story.learnings.length) section(out, 'Learnings', bullets(story.learnings.map(escapeInline)));
  if (story.actionItems.length) {
    const lines = story.actionItems.map((a) => {
      const box = a.status === 'done' ? '[x]' : '[ ]';
      const owner = a.owner ? ` (${escapeInline(a.owner)})` : '';
      const status = a.status === 'open' || a.status === 'done' ? '' : ` *${escapeInline(a.status)}*`;
      const link = a.link ? ` ${safeLink('link', a.link)}` : '';
      return `${box} ${escapeInline(a.description)}${owner}${status}${link}`;
    });
    section(out, 'Action items', bullets(lines));
  }
  if (story.code.length) {
    const lines = story.code.map((c) => {
      const where = `${c.path ?? c.glob ?? ''}${c.lines ? `:${c.lines.start}-${c.lines.end}` : ''}`;
      return `\`${escapeCodeSpan(where)}\`${c.note ? ` ${escapeInline(c.note)}` : ''}${c.path !== undefined && !c.exists ? ' (not in this folder)' : ''}`;
    });
    section(out, 'Where it lives in the code', bullets(lines));
  }
  if (story.referenceCount > 0) {
    const more =
      story.referenceCount > story.references.length ? `\n\n${story.referenceCount} places in all; the first ${story.references.length} are listed.` : '';
    section(out, 'Referenced from', bullets(story.references.map((r) => `\`${escapeCodeSpan(`${r.path}:${r.line + 1}`)}\` (${r.kind})`)) + more);
  }
  if (story.history.commits.length) {
    const lines = story.history.commits.map((c) => {
      const why = [c.listed ? 'listed' : '', c.mentions ? 'mentions it' : ''].filter(Boolean).join(', ');
      return `\`${escapeCodeSpan(c.shortHash)}\` ${escapeInline(c.subject ?? '')} (${why}${c.found ? '' : ', not found'})`;
    });
    section(out, 'Commits', bullets(lines) + (story.history.available ? '' : '\n\nGit history was not read: listed commits are unchecked.'));
  }
  if (story.related.length) {
    section(
      out,
      'Related incidents',
      bullets(story.related.map((r) => `**${escapeInline(r.id)}**${r.title !== undefined ? ` ${escapeInline(r.title)}` : ' (no record defines it)'}`)),
    );
  }
  if (story.links.length) section(out, 'Links', bullets(story.links.map((l) => safeLink(l.title, l.url))));
  out.push(`Record: \`${escapeCodeSpan(story.recordPath)}\``);
  return `${out.join('\n\n')}\n`;
}

/** Paragraphs kept, lines inside a paragraph joined (they are the writer's wrapping), no Markdown. */
function prose(text: string): string {
  return text
    .split(/\r?\n\s*\r?\n/)
    .map((paragraph) => escapeInline(paragraph.trim()))
    .filter(Boolean)
    .join('\n\n');
}

function section(out: string[], title: string, body: string): void {
  out.push(`## ${title}`, body);
}

function bullets(lines: string[]): string {
  return lines.map((line) => `- ${line}`).join('\n');
}

/** A table cell: one line, and a `|` would end it. escapeInline escapes both. */
function cell(text: string): string {
  return escapeInline(text);
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
