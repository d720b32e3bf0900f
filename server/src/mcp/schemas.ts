/**
 * The output schemas the MCP tools declare (clients check `structuredContent` against them). Each
 * mirrors a core model: ReviewReport (features/review.ts), IncidentStory (features/story.ts).
 * Nested parts a client only displays are open objects, so a field added to the core model later
 * does not break the contract.
 */
import { z } from 'zod';

export const incidentSummarySchema = z.object({
  id: z.string(),
  title: z.string(),
  severity: z.string().optional(),
  status: z.string(),
  started: z.string(),
  recordPath: z.string(),
});

export const tieReasonSchema = z.object({
  kind: z.enum(['reference', 'code', 'commit']),
  detail: z.string(),
  line: z.number().int().optional(),
  endLine: z.number().int().optional(),
  commit: z.string().optional(),
});

export const changedPlaceSchema = z.object({
  kind: z.enum(['code', 'reference', 'record', 'history']),
  path: z.string(),
  startLine: z.number().int().optional(),
  endLine: z.number().int().optional(),
  removedOnly: z.boolean().optional(),
  commits: z.array(z.string()).optional(),
  detail: z.string(),
});

export const reviewReportShape = {
  base: z.string(),
  mergeBase: z.string(),
  head: z.string(),
  changedFiles: z.number().int(),
  incidents: z.array(
    incidentSummarySchema.extend({
      link: z.string(),
      strongest: z.enum(['code', 'reference', 'record', 'history']),
      lesson: z.string().optional(),
      openActions: z.array(z.string()),
      places: z.array(changedPlaceSchema),
    }),
  ),
};

export const storyShape = {
  id: z.string(),
  title: z.string(),
  status: z.string(),
  severity: z.string().optional(),
  started: z.string().optional(),
  detected: z.string().optional(),
  mitigated: z.string().optional(),
  resolved: z.string().optional(),
  duration: z.string().optional(),
  durationMs: z.number().optional(),
  /** How long after `started` it was detected, mitigated, resolved. */
  milestones: z.array(z.object({ mark: z.enum(['detected', 'mitigated', 'resolved']), afterMs: z.number(), after: z.string() })).optional(),
  phases: z.array(z.looseObject({})),
  services: z.array(z.string()),
  tags: z.array(z.string()),
  summary: z.string(),
  impact: z.string().optional(),
  narrative: z.string().optional(),
  timeline: z.array(z.looseObject({ at: z.string(), event: z.string() })),
  participants: z.array(z.looseObject({ name: z.string() })),
  difficulties: z.array(z.object({ kind: z.string(), descriptions: z.array(z.string()) })),
  contributingFactors: z.array(z.string()),
  learnings: z.array(z.string()),
  actionItems: z.array(z.looseObject({ description: z.string(), status: z.string() })),
  links: z.array(z.looseObject({ title: z.string(), url: z.string() })),
  code: z.array(z.looseObject({ exists: z.boolean() })),
  references: z.array(z.looseObject({ path: z.string(), line: z.number().int() })),
  referenceCount: z.number().int(),
  history: z.object({ available: z.boolean(), commits: z.array(z.looseObject({ shortHash: z.string() })), mentioningCount: z.number().int() }),
  related: z.array(z.looseObject({ id: z.string() })),
  recordPath: z.string(),
  /** The lesson in one line and the open action items: what an agent should weigh first. */
  lesson: z.string().optional(),
  openActions: z.array(z.string()),
};
