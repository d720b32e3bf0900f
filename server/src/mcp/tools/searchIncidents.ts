/** `search_incidents`: incidents by id or words of their title, summary and more, best first. */
import { z } from 'zod';
import { incidentFields, incidentLabel } from '../../core/features/incidentSummary';
import { searchIncidents } from '../../core/features/search';
import { stripControls } from '../../core/render/escape';
import { toolResult, type McpContext } from '../context';
import { incidentSummarySchema } from '../schemas';

export const MAX_RESULTS = 100;

export const searchIncidentsTool = {
  name: 'search_incidents',
  config: {
    title: 'Search incidents',
    description: 'Past incidents whose id, title or summary match the query, best match first (an empty query lists the newest).',
    inputSchema: {
      query: z.string().max(500).describe('Words or an id.'),
      limit: z.number().int().min(1).max(MAX_RESULTS).optional().describe(`How many to return (default 20, at most ${MAX_RESULTS}).`),
    },
    outputSchema: { incidents: z.array(incidentSummarySchema.extend({ summary: z.string() })) },
    annotations: { readOnlyHint: true, openWorldHint: false },
  },
  async handle(ctx: McpContext, { query, limit }: { query: string; limit?: number }) {
    const found = searchIncidents(ctx.folder.index.recordsNewestFirst(), query.trim() || undefined, limit ?? 20);
    const incidents = found.map((r) => ({
      ...incidentFields(r),
      recordPath: r.path,
      summary: r.summary,
    }));
    const text = incidents.length
      ? incidents.map((i) => stripControls(`${incidentLabel(i)}, ${i.started}: ${i.summary}`).replace(/\s*[\r\n]+\s*/g, ' ')).join('\n')
      : `No incident matches ${JSON.stringify(query)}.`;
    return toolResult(text, { incidents });
  },
};
