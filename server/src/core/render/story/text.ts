import { describeWhen } from '../../features/hover';
import { escapeTerminal } from '../escape';
import type { IncidentRecord } from '../../model';

export interface Style {
  bold(text: string): string;
  dim(text: string): string;
}

export const plainStyle: Style = { bold: (t) => t, dim: (t) => t };
export const ansiStyle: Style = { bold: (t) => `\u001b[1m${t}\u001b[22m`, dim: (t) => `\u001b[2m${t}\u001b[22m` };

/**
 * A record for a terminal: the story first, then the details. Record text never reaches the
 * terminal raw: escape sequences in it could rewrite the screen or hide lines.
 */
export function renderRecord(record: IncidentRecord, style: Style, width = 100): string {
  // Every control character shows as a visible escape (a lone \r in a title cannot overwrite it);
  // paragraphs keep their line breaks by escaping line by line.
  const clean = escapeTerminal;
  const out: string[] = [];
  const heading = (title: string) => out.push('', style.bold(title));
  // Line by line: a long text wraps into more lines than a call can take as arguments.
  const add = (lines: string[]) => lines.forEach((line) => out.push(line));
  const list = (items: string[]) => items.forEach((item) => add(wrap(`- ${clean(item)}`, width, '  ')));
  const paragraph = (text: string) =>
    text
      .split(/\r?\n/)
      .map(clean)
      .forEach((line) => add(wrap(line, width, '')));

  out.push(style.bold(`${clean(record.id)}  ${clean(record.title)}`));
  const meta = [record.severity, record.status, record.services.length ? `services: ${record.services.join(', ')}` : ''].filter(Boolean).map((m) => clean(m!));
  if (meta.length) out.push(style.dim(meta.join(' · ')));
  const when = describeWhen(record).replace(/\\(.)/g, '$1');
  if (when) out.push(style.dim(clean(when)));
  out.push(style.dim(clean(record.path)));

  if (record.summary) {
    heading('Summary');
    paragraph(record.summary);
  }
  if (record.impact) {
    heading('Impact');
    paragraph(record.impact);
  }
  if (record.narrative) {
    heading('Narrative');
    paragraph(record.narrative);
  }
  if (record.contributingFactors.length) {
    heading('Contributing factors');
    list(record.contributingFactors);
  }
  if (record.difficulties.length) {
    heading('What was hard');
    list(record.difficulties.map((d) => `${d.kind}: ${d.description}`));
  }
  if (record.timeline.length) {
    heading('Timeline');
    list(record.timeline.map((t) => `${t.at}  ${t.event}${t.source ? ` (${t.source})` : ''}`));
  }
  if (record.learnings.length) {
    heading('Learnings');
    list(record.learnings);
  }
  if (record.actionItems.length) {
    heading('Action items');
    list(record.actionItems.map((a) => `[${a.status ?? 'open'}] ${a.description}${a.owner ? ` (${a.owner})` : ''}`));
  }
  if (record.participants.length) {
    heading('Participants');
    list(record.participants.map((p) => `${p.name}${p.role ? `, ${p.role}` : ''}${p.perspective ? `: ${p.perspective}` : ''}`));
  }
  if (record.code.length) {
    heading('Code');
    list(record.code.map((c) => `${c.path ?? c.glob ?? ''}${c.lines ? `:${c.lines.start}-${c.lines.end}` : ''}${c.note ? `  ${c.note}` : ''}`));
  }
  if (record.links.length) {
    heading('Links');
    list(record.links.map((l) => `${l.title}: ${l.url}`));
  }
  if (record.related.length) {
    heading('Related');
    list(record.related.map((r) => r.value));
  }
  return out.join('\n');
}

function wrap(line: string, width: number, indent: string): string[] {
  if (line.length <= width) return [line];
  const lines: string[] = [];
  let current = '';
  for (const word of line.split(' ')) {
    if (current && current.length + word.length + 1 > width) {
      lines.push(current);
      current = indent + word;
    } else current = current ? `${current} ${word}` : word;
  }
  if (current) lines.push(current);
  return lines;
}
