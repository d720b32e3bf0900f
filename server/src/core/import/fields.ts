/** The record fields an import fills, in the order a record writes them. */
export interface ImportedFields {
  title?: string;
  status?: 'draft' | 'in-review' | 'published';
  severity?: string;
  started?: string;
  detected?: string;
  mitigated?: string;
  resolved?: string;
  services?: string[];
  summary?: string;
  impact?: string;
  timeline?: Array<{ at: string; event: string }>;
  contributing_factors?: string[];
  learnings?: string[];
  participants?: Array<{ name: string; role?: string }>;
  action_items?: Array<{ description: string; owner?: string; status?: 'open' | 'done' | 'wont-do'; link?: string }>;
  links?: Array<{ title: string; url: string }>;
  tags?: string[];
}

/** Record field order: identity, dates, then the story's parts, then where it came from. */
export const FIELD_ORDER: Array<keyof ImportedFields> = [
  'title',
  'status',
  'severity',
  'started',
  'detected',
  'mitigated',
  'resolved',
  'services',
  'summary',
  'impact',
  'timeline',
  'contributing_factors',
  'learnings',
  'participants',
  'action_items',
  'links',
  'tags',
];
