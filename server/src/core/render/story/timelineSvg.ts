/**
 * The drawn timeline as inline SVG: phase bands, the record's dates as lines, one mark per event
 * coloured by its source. Every mark is a link to its row in the events table below (so it takes
 * keyboard focus without any script), carries its text in a `<title>` (tooltip, accessible name)
 * and shows it in the readout row at the top while hovered or focused (CSS only).
 * No `style` attributes: the page's Content-Security-Policy allows only its own stylesheet.
 */
import type { IncidentStory } from '../../features/story';
import { escapeHtml as esc, escapeHtmlAttribute as attr } from '../escape';
import { layoutTimeline, type TimelineLayout } from './timeline';

const WIDTH = 800;
const READOUT_Y = 14;
const BAND_TOP = 24;
const LANE_HEIGHT = 16;
const VERBS: Record<string, string> = { detected: 'to detect', mitigated: 'to mitigate', resolved: 'to resolve' };

/** Ids of the events table rows the marks link to. */
export function eventAnchor(index: number): string {
  return `event-${index + 1}`;
}

/** The SVG of a story's timeline; empty when nothing in it has a date. */
export function renderTimelineSvg(story: IncidentStory): string {
  const layout = layoutTimeline(story, WIDTH);
  if (!layout) return '';
  return drawTimeline(story, layout);
}

export function drawTimeline(story: IncidentStory, layout: TimelineLayout): string {
  const marksTop = BAND_TOP + 18;
  const axisY = marksTop + layout.lanes * LANE_HEIGHT + 6;
  const height = axisY + 30;
  const out: string[] = [];
  const described = `${story.timeline.length - layout.undated.length} events from ${utc(layout.start)} to ${utc(layout.end)}`;
  out.push(
    `<svg class="timeline" viewBox="0 0 ${WIDTH} ${height}" width="100%" role="group" aria-label="${attr(`Timeline: ${described}`)}" xmlns="http://www.w3.org/2000/svg">`,
  );

  for (const band of layout.bands) {
    const width = Math.max(1, band.x1 - band.x0);
    const label = `${band.duration} ${VERBS[band.to] ?? `to ${band.to}`}`;
    out.push(`<g class="band band-${band.to}">`);
    out.push(`<title>${esc(`${band.from} → ${band.to}: ${band.duration}`)}</title>`);
    out.push(`<rect x="${n(band.x0)}" y="${BAND_TOP}" width="${n(width)}" height="${axisY - BAND_TOP}" rx="2"></rect>`);
    // A label only where it fits (about 6 px a character at the page's small size).
    if (width >= label.length * 6 + 8) out.push(`<text class="band-label" x="${n(band.x0 + 4)}" y="${BAND_TOP + 12}">${esc(label)}</text>`);
    out.push('</g>');
  }
  for (const line of layout.phaseLines) {
    out.push(
      `<line class="phase-line phase-${line.mark}" x1="${n(line.x)}" x2="${n(line.x)}" y1="${BAND_TOP}" y2="${axisY}"><title>${esc(`${line.mark} ${utc(line.time)}`)}</title></line>`,
    );
  }

  out.push(`<line class="axis" x1="${layout.left}" x2="${layout.right}" y1="${axisY}" y2="${axisY}"></line>`);
  for (const tick of layout.ticks) {
    out.push(`<line class="tick" x1="${n(tick.x)}" x2="${n(tick.x)}" y1="${axisY}" y2="${axisY + 4}"></line>`);
    out.push(`<text class="tick-label" x="${n(tick.x)}" y="${axisY + 16}" text-anchor="middle">${esc(tick.label)}</text>`);
  }

  for (const mark of layout.marks) {
    const entry = story.timeline[mark.index];
    const y = marksTop + mark.lane * LANE_HEIGHT;
    const when = mark.clamped ? `${entry.at} (after the resolution)` : entry.at;
    const text = `${when} · ${entry.source ?? 'other'} · ${entry.event}`;
    const anchor = mark.x < WIDTH * 0.25 ? 'start' : mark.x > WIDTH * 0.75 ? 'end' : 'middle';
    out.push(`<a class="mark src-${mark.source}${mark.clamped ? ' clamped' : ''}" href="#${eventAnchor(mark.index)}" aria-label="${attr(text)}">`);
    out.push(`<title>${esc(text)}</title>`);
    out.push(`<circle cx="${n(mark.x)}" cy="${y}" r="5"></circle>`);
    out.push(`<text class="readout" x="${n(mark.x)}" y="${READOUT_Y}" text-anchor="${anchor}">${esc(shorten(text, 110))}</text>`);
    out.push('</a>');
  }
  out.push('</svg>');
  return out.join('');
}

/** `2024-03-05 14:02 UTC`. */
function utc(time: number): string {
  return `${new Date(time).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

function n(value: number): string {
  return String(Math.round(value * 10) / 10);
}

function shorten(text: string, limit: number): string {
  return text.length > limit ? `${text.slice(0, limit - 1)}…` : text;
}
