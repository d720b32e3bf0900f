/**
 * The story of an incident as HTML: one renderer for `incident-lens show --format html` (a
 * self-contained page: inline CSS and SVG, no script, nothing remote) and for VS Code's story
 * webview (the same body; the webview host adds its nonce'd script and turns clicks on
 * `data-target` elements into actions). Every record value goes through core/render/escape.ts.
 */
import { missingResolution } from '../../features/milestones';
import { DIFFICULTY_KINDS, type IncidentStory, type StoryReference } from '../../features/story';
import { escapeHtml as esc, escapeHtmlAttribute as attr, safeHttpUrl } from '../escape';
import { renderNarrativeHtml } from '../narrative';
import { contentSecurityPolicy } from '../html/csp';
import { STORY_CSS } from './styles';
import { eventAnchor, renderTimelineSvg } from './timelineSvg';

/**
 * What a click in the webview asks the extension to do. The webview posts only the target's
 * index: the extension acts on what the renderer listed, never on text from the page.
 */
export type StoryTarget =
  { kind: 'external'; url: string } | { kind: 'location'; uri: string; line?: number; endLine?: number } | { kind: 'story'; id: string };

export interface StoryBody {
  html: string;
  /** For the webview: what each `data-target="N"` element does. Empty for a static page. */
  targets: StoryTarget[];
}

/**
 * `static`: links go straight to http(s) addresses and nothing else is clickable (the page
 * stands alone). `webview`: external links, code locations, references and related incidents
 * carry a `data-target` the host's script posts back.
 */
export type StoryMode = 'static' | 'webview';

const REFERENCE_KINDS: Record<StoryReference['kind'], string> = { source: 'Code', document: 'Docs', record: 'Other records' };
const SOURCES = ['log', 'chat', 'dashboard', 'deploy', 'page', 'interview', 'other'];

/** The page's `<main>`: everything of the story, in reading order. */
export function renderStoryBody(story: IncidentStory, mode: StoryMode): StoryBody {
  const targets: StoryTarget[] = [];
  const webview = mode === 'webview';
  const target = (t: StoryTarget) => {
    targets.push(t);
    return targets.length - 1;
  };
  /** An http(s) link; anything else stays text. */
  const externalLink = (url: string, label: string): string => {
    const safe = safeHttpUrl(url);
    if (!safe) return `${esc(label)}${label === url ? '' : ` <span class="muted">(${esc(url)})</span>`}`;
    return `<a ${linkAttributes(safe)}>${esc(label)}</a>`;
  };
  const linkAttributes = (safe: string) =>
    webview
      ? `href="${attr(safe)}" data-target="${target({ kind: 'external', url: safe })}" title="${attr(safe)}"`
      : `href="${attr(safe)}" rel="noopener noreferrer" referrerpolicy="no-referrer" target="_blank"`;
  const action = (t: StoryTarget, label: string, title?: string): string =>
    webview ? `<button type="button" class="link" data-target="${target(t)}"${title ? ` title="${attr(title)}"` : ''}>${label}</button>` : label;

  const out: string[] = [];
  out.push('<header class="story-header">');
  out.push(`<p class="story-id">${esc(story.id)}</p>`);
  out.push(`<h1>${esc(story.title || '(untitled)')}</h1>`);
  const facts: string[] = [];
  if (story.severity) facts.push(`<li><span class="badge">${esc(story.severity)}</span></li>`);
  facts.push(`<li><span class="badge">${esc(story.status)}</span></li>`);
  if (story.started) facts.push(`<li>started ${esc(story.started.replace('T', ' '))}</li>`);
  // Each phase from the start, not one "lasted" figure that reads as the impact.
  for (const m of story.milestones ?? []) facts.push(`<li>${m.mark} after <strong>${esc(m.after)}</strong></li>`);
  const missing = missingResolution(story);
  if (missing) facts.push(`<li>${missing}</li>`);
  if (story.services.length) facts.push(`<li>services: ${story.services.map(esc).join(', ')}</li>`);
  if (story.tags.length) facts.push(`<li>tags: ${story.tags.map(esc).join(', ')}</li>`);
  out.push(`<ul class="facts">${facts.join('')}</ul>`);
  out.push('</header>');

  if (story.summary) out.push(`<section aria-label="Summary">${paragraphs(story.summary, 'summary')}</section>`);
  if (story.impact) out.push(`<section><h2>Impact</h2>${paragraphs(story.impact)}</section>`);

  const svg = renderTimelineSvg(story);
  if (svg || story.timeline.length) {
    out.push('<section class="timeline-section"><h2>Timeline</h2>');
    if (story.phases.length) {
      out.push(`<p class="phases">${story.phases.map((p) => `${esc(p.from)} → ${esc(p.to)}: <strong>${esc(p.duration)}</strong>`).join(' · ')}</p>`);
    }
    if (svg) {
      out.push(svg);
      const used = new Set(story.timeline.map((t) => (SOURCES.includes(t.source ?? '') ? t.source : 'other')));
      out.push(
        `<ul class="legend" aria-label="Event sources">${SOURCES.filter((s) => used.has(s))
          .map((s) => `<li class="src-${s}">${s}</li>`)
          .join('')}</ul>`,
      );
    }
    if (story.timeline.length) {
      out.push('<table class="events"><thead><tr><th scope="col">When</th><th scope="col">Source</th><th scope="col">What happened</th></tr></thead><tbody>');
      story.timeline.forEach((entry, index) => {
        const when = entry.time === undefined ? `${esc(entry.at || '(no date)')} <span class="muted">(not drawn: no readable date)</span>` : esc(entry.at);
        out.push(
          `<tr id="${eventAnchor(index)}" tabindex="-1"><td class="when">${when}</td><td>${esc(entry.source ?? '')}</td><td>${esc(entry.event)}</td></tr>`,
        );
      });
      out.push('</tbody></table>');
    }
    out.push('</section>');
  }

  if (story.narrative?.trim()) {
    out.push(`<section><h2>Narrative</h2><div class="narrative">${renderNarrativeHtml(story.narrative, linkAttributes)}</div></section>`);
  }

  if (story.participants.length) {
    out.push('<section><h2>Perspectives</h2><div class="perspectives">');
    for (const p of story.participants) {
      out.push('<figure class="perspective">');
      out.push(`<figcaption>${esc(p.name)}${p.role ? ` <span class="role">· ${esc(p.role)}</span>` : ''}</figcaption>`);
      out.push(p.perspective ? `<blockquote>${paragraphs(p.perspective)}</blockquote>` : '<p class="muted">No perspective written down.</p>');
      out.push('</figure>');
    }
    out.push('</div></section>');
  }

  if (story.difficulties.length) {
    out.push('<section><h2>What was hard</h2><div class="difficulties">');
    for (const group of story.difficulties) {
      const known = (DIFFICULTY_KINDS as readonly string[]).includes(group.kind);
      out.push(`<div class="difficulty"><h3>${esc(group.kind)}${known ? '' : ' <span class="muted">(other)</span>'}</h3>${list(group.descriptions)}</div>`);
    }
    out.push('</div></section>');
  }
  if (story.contributingFactors.length) out.push(`<section><h2>Contributing factors</h2>${list(story.contributingFactors)}</section>`);
  if (story.learnings.length) out.push(`<section><h2>Learnings</h2>${list(story.learnings)}</section>`);

  if (story.actionItems.length) {
    out.push(
      '<section><h2>Action items</h2><table><thead><tr><th scope="col">Status</th><th scope="col">What</th><th scope="col">Owner</th></tr></thead><tbody>',
    );
    for (const item of story.actionItems) {
      const status = ['open', 'done', 'wont-do'].includes(item.status) ? item.status : 'open';
      const link = item.link ? ` ${externalLink(item.link, '↗ link')}` : '';
      out.push(`<tr><td class="status-${status}">${esc(item.status)}</td><td>${esc(item.description)}${link}</td><td>${esc(item.owner ?? '')}</td></tr>`);
    }
    out.push('</tbody></table></section>');
  }

  if (story.code.length) {
    out.push('<section><h2>Where it lives in the code</h2><ul>');
    for (const entry of story.code) {
      const where = `${entry.path ?? entry.glob ?? ''}${entry.lines ? `:${entry.lines.start}-${entry.lines.end}` : ''}`;
      const label = `<code>${esc(where)}</code>`;
      const opened =
        entry.uri && webview
          ? action(
              {
                kind: 'location',
                uri: entry.uri,
                line: entry.lines ? entry.lines.start - 1 : undefined,
                endLine: entry.lines ? entry.lines.end - 1 : undefined,
              },
              label,
              `Open ${where}`,
            )
          : label;
      const missing = entry.path !== undefined && !entry.exists ? ' <span class="muted">(not in this folder)</span>' : '';
      out.push(
        `<li>${opened}${entry.glob !== undefined ? ' <span class="muted">(glob)</span>' : ''}${missing}${entry.note ? ` — ${esc(entry.note)}` : ''}</li>`,
      );
    }
    out.push('</ul></section>');
  }

  if (story.referenceCount > 0) {
    out.push(
      `<section><h2>Referenced from</h2><p class="muted">${story.referenceCount === 1 ? '1 place' : `${story.referenceCount} places`}${story.referenceCount > story.references.length ? ` (the first ${story.references.length} listed)` : ''}</p>`,
    );
    for (const kind of ['source', 'document', 'record'] as const) {
      const refs = story.references.filter((r) => r.kind === kind);
      if (!refs.length) continue;
      out.push(`<h3>${REFERENCE_KINDS[kind]}</h3><ul>`);
      for (const ref of refs) {
        const label = `<code>${esc(`${ref.path}:${ref.line + 1}`)}</code>`;
        out.push(
          `<li>${ref.uri && webview ? action({ kind: 'location', uri: ref.uri, line: ref.line }, label, `Open ${ref.path} at line ${ref.line + 1}`) : label}</li>`,
        );
      }
      out.push('</ul>');
    }
    out.push('</section>');
  }

  if (story.history.available || story.history.commits.length) {
    out.push('<section><h2>Commits</h2>');
    if (!story.history.available)
      out.push('<p class="muted">Git history is not read here (untrusted workspace, no repository, or turned off): listed commits are unchecked.</p>');
    if (story.history.commits.length === 0) out.push('<p class="muted">No commit mentions this incident.</p>');
    else {
      out.push('<ul>');
      for (const c of story.history.commits) {
        const why = [c.listed ? 'listed in the record' : '', c.mentions ? 'mentions it' : ''].filter(Boolean).join(', ');
        const missing = c.found ? '' : ' <span class="muted">(not found in this repository)</span>';
        const date = c.date ? ` <span class="muted">${esc(c.date.slice(0, 10))}</span>` : '';
        const author = c.author ? ` <span class="muted">by ${esc(c.author)}</span>` : '';
        out.push(`<li><code>${esc(c.shortHash)}</code> ${esc(c.subject ?? '')}${date}${author} <span class="muted">(${why})</span>${missing}</li>`);
      }
      out.push('</ul>');
      if (story.history.mentioningCount > story.history.commits.filter((c) => c.mentions).length) {
        out.push(`<p class="muted">${story.history.mentioningCount} commits mention it in all; the newest are listed.</p>`);
      }
    }
    out.push('</section>');
  }

  if (story.related.length) {
    out.push('<section><h2>Related incidents</h2><ul>');
    for (const r of story.related) {
      const label = `<strong>${esc(r.id)}</strong>${r.title !== undefined ? ` — ${esc(r.title)}` : ''}`;
      const opened = r.title !== undefined && webview ? action({ kind: 'story', id: r.id }, label, `Read the story of ${r.id}`) : label;
      const how = r.direction === 'lists-this' ? ' <span class="muted">(its record lists this one)</span>' : '';
      const unknown = r.title === undefined ? ' <span class="muted">(no record defines it)</span>' : '';
      const facts = [r.severity, r.started?.slice(0, 10)].filter(Boolean).map((f) => esc(f!));
      out.push(`<li>${opened}${facts.length ? ` <span class="muted">${facts.join(' · ')}</span>` : ''}${how}${unknown}</li>`);
    }
    out.push('</ul></section>');
  }

  if (story.links.length) {
    out.push(`<section><h2>Links</h2><ul>${story.links.map((l) => `<li>${externalLink(l.url, l.title || l.url)}</li>`).join('')}</ul></section>`);
  }

  const record = `<code>${esc(story.recordPath)}</code>`;
  const openRecord =
    story.recordUri && webview ? action({ kind: 'location', uri: story.recordUri, line: story.recordLine }, record, 'Open the record') : record;
  out.push(`<footer>Record: ${openRecord}</footer>`);
  return { html: out.join('\n'), targets };
}

export interface StoryDocumentOptions {
  mode: StoryMode;
  /** A fresh random value per page: the only stylesheet (and webview script) that may apply. */
  nonce: string;
  /** Webview only: its own script (never record text), run under the same nonce. */
  script?: string;
  /** Webview only: `webview.cspSource` (a list of sources), for nothing but fonts VS Code itself serves. */
  cspSource?: string;
  /** Webview only: which render this is, so a click on an older page is not misread. */
  version?: number;
}

/**
 * A whole HTML document: strict Content-Security-Policy (nothing may load; only the nonce'd
 * stylesheet, and in the webview the host's nonce'd script, apply), no referrer.
 */
export function renderStoryDocument(story: IncidentStory, options: StoryDocumentOptions): { html: string; targets: StoryTarget[] } {
  const body = renderStoryBody(story, options.mode);
  const nonce = options.nonce;
  const csp = contentSecurityPolicy({ nonce, script: Boolean(options.script), styles: 'nonce', webviewSource: options.cspSource });
  const html = [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${csp}">`,
    '<meta name="referrer" content="no-referrer">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${esc(`${story.id} — ${story.title}`)}</title>`,
    `<style nonce="${nonce}">${STORY_CSS}</style>`,
    '</head>',
    '<body>',
    `<main id="story" data-id="${attr(story.id)}" data-version="${options.version ?? 0}">${body.html}</main>`,
    options.script ? `<script nonce="${nonce}">${options.script}</script>` : '',
    '</body>',
    '</html>',
    '',
  ].join('\n');
  return { html, targets: body.targets };
}

/** Plain text in paragraphs (blank lines) and line breaks; nothing of it is markup. */
function paragraphs(text: string, className?: string): string {
  const open = className ? `<p class="${className}">` : '<p>';
  return `${open}${esc(text.trim())
    .replace(/\r?\n\s*\r?\n/g, `</p>${open}`)
    .replace(/\r?\n/g, '<br>')}</p>`;
}

function list(items: string[]): string {
  return `<ul>${items.map((item) => `<li>${esc(item)}</li>`).join('')}</ul>`;
}
