/**
 * What the headings and labels of real postmortems mean. Templates differ in wording, case and
 * punctuation ("Root Causes", "Root cause(s)", "ROOT CAUSE:", "Follow-ups", "Action items"), so
 * every heading is normalised first and then looked up among the synonyms teams actually use.
 */

/** What a section can fill. `narrative` sections have no field of their own: the body keeps them. */
export type SectionKind = 'summary' | 'impact' | 'contributing' | 'trigger' | 'actions' | 'lessons' | 'timeline' | 'metadata' | 'narrative';

/** What a `Key: value` line (or a two-column table row) of metadata can fill. */
export type MetadataKey =
  | 'title'
  | 'id'
  | 'started'
  | 'detected'
  | 'mitigated'
  | 'resolved'
  | 'severity'
  | 'status'
  | 'services'
  | 'authors'
  | 'commander'
  | 'tags'
  | 'summary'
  | 'impact';

/** Lower case, no punctuation, no leading numbering (`1.`, `2)`, `IV.`), single spaces. */
export function normalizeHeading(text: string): string {
  return text
    .toLowerCase()
    .replace(/[’']/g, '')
    .replace(/^\s*(?:\d+(?:\.\d+)*|[ivx]+)[.)]\s+/, '')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

const SECTION_SYNONYMS: Record<Exclude<SectionKind, 'metadata'>, string[]> = {
  summary: ['summary', 'executive summary', 'incident summary', 'tl dr', 'tldr', 'overview', 'abstract', 'synopsis', 'short summary'],
  impact: ['impact', 'customer impact', 'user impact', 'business impact', 'impact assessment', 'who was affected', 'scope and impact'],
  contributing: [
    'root cause',
    'root causes',
    'root cause s',
    'root cause analysis',
    'contributing factor',
    'contributing factors',
    'contributors',
    'causes',
    'cause',
    'causes and contributing factors',
    'underlying causes',
    'why it happened',
    'technical causes',
    'why did it happen',
    'why it failed',
  ],
  trigger: ['trigger', 'triggers', 'triggering event', 'what triggered it'],
  actions: [
    'action items',
    'action item',
    'actions',
    'follow ups',
    'follow up',
    'followups',
    'follow up actions',
    'follow up items',
    'corrective actions',
    'corrective and preventative actions',
    'corrective and preventive actions',
    'preventive actions',
    'preventative actions',
    'remediation items',
    'remediations',
    'next steps',
    'todo',
    'to do',
    'tasks',
    'what were doing about it',
    'what we are doing about it',
    'what we will do',
  ],
  lessons: [
    'lessons learned',
    'lessons learnt',
    'lessons',
    'learnings',
    'what we learned',
    'what we learnt',
    'takeaways',
    'key takeaways',
    'what went well',
    'what went wrong',
    'where we got lucky',
    'what could have gone better',
    'things that went well',
    'things that went wrong',
  ],
  timeline: [
    'timeline',
    'time line',
    'incident timeline',
    'timeline of events',
    'sequence of events',
    'chronology',
    'detailed timeline',
    'key moments',
    'key events',
  ],
  narrative: [
    'what happened',
    'background',
    'context',
    'description',
    'details',
    'resolution',
    'mitigation',
    'recovery',
    'detection',
    'investigation',
    'analysis',
    'discussion',
    'supporting information',
    'appendix',
    'glossary',
    'remediation',
  ],
};

const METADATA_SECTIONS = ['metadata', 'incident details', 'key information', 'incident information', 'incident metadata', 'at a glance', 'key facts'];

const METADATA_SYNONYMS: Record<MetadataKey, string[]> = {
  title: ['title', 'incident title', 'name'],
  id: ['id', 'incident id', 'incident', 'incident number', 'incident no', 'reference', 'ticket'],
  started: [
    'date',
    'incident date',
    'date of incident',
    'started',
    'start',
    'start time',
    'started at',
    'began',
    'incident start',
    'start date',
    'occurred',
    'occurred at',
  ],
  detected: ['detected', 'detected at', 'detection time', 'reported', 'reported at', 'declared', 'declared at', 'identified at'],
  mitigated: ['mitigated', 'mitigated at', 'mitigation time'],
  resolved: ['resolved', 'resolved at', 'end', 'end time', 'ended', 'ended at', 'closed', 'closed at', 'resolution time', 'end date'],
  severity: ['severity', 'sev', 'severity level', 'incident severity', 'priority'],
  status: ['status', 'postmortem status', 'document status', 'review status'],
  services: [
    'services',
    'service',
    'affected services',
    'services affected',
    'affected systems',
    'systems',
    'systems affected',
    'components',
    'component',
    'affected components',
    'product',
    'products',
  ],
  authors: ['authors', 'author', 'written by', 'postmortem authors', 'postmortem owner', 'document owner'],
  commander: ['incident commander', 'ic', 'incident lead', 'incident manager'],
  tags: ['tags', 'labels', 'categories', 'keywords'],
  summary: ['summary', 'tl dr', 'tldr'],
  impact: ['impact'],
};

const sectionByName = new Map<string, SectionKind>();
for (const [kind, names] of Object.entries(SECTION_SYNONYMS)) for (const name of names) sectionByName.set(name, kind as SectionKind);
for (const name of METADATA_SECTIONS) sectionByName.set(name, 'metadata');

const metadataByName = new Map<string, MetadataKey>();
for (const [key, names] of Object.entries(METADATA_SYNONYMS)) for (const name of names) metadataByName.set(name, key as MetadataKey);

/** What a heading means, or undefined when it is not one teams commonly use. */
export function sectionKindOf(heading: string): SectionKind | undefined {
  const name = normalizeHeading(heading);
  return sectionByName.get(name) ?? sectionByName.get(name.replace(/ utc$| local time$| times in utc$/, ''));
}

/** What a metadata key means, or undefined. */
export function metadataKeyOf(label: string): MetadataKey | undefined {
  return metadataByName.get(normalizeHeading(label).replace(/ utc$/, ''));
}

/** Whether a bold label names a section or a metadata key (so it is more than emphasis). */
export function isKnownLabel(label: string): boolean {
  return sectionKindOf(label) !== undefined || metadataKeyOf(label) !== undefined;
}
