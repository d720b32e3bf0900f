/** `incidents_for_diff`: what `incident-lens review` reports, structured. */
import { z } from 'zod';
import { renderReviewText } from '../../core/render/review/text';
import { GitError } from '../../host/git';
import { reviewFolder } from '../../host/reviewRun';
import { refreshFiles, ToolError, toolResult, type McpContext } from '../context';
import { reviewReportShape } from '../schemas';

export const incidentsForDiffTool = {
  name: 'incidents_for_diff',
  config: {
    title: 'Incidents the current change touches',
    description:
      "The past incidents that the change from the merge base with `base` (default: the default branch) to the working tree touches, strongest tie first: changed lines inside a record's code range, at a comment that references the incident, the record itself, or files that commits about the incident changed. Each with its lesson and open action items: reread them before finishing the change.",
    inputSchema: {
      base: z.string().min(1).max(256).optional().describe('A branch, tag or commit to compare with (default: origin/HEAD, else main, else master).'),
    },
    outputSchema: reviewReportShape,
    annotations: { readOnlyHint: true, openWorldHint: false },
  },
  async handle(ctx: McpContext, { base }: { base?: string }) {
    try {
      // The index is refreshed with what changed on disk since the server started, then asked.
      // With --no-git the change is still read (a review is a diff); history ties are left out.
      const report = await reviewFolder(ctx.folder, { base, git: ctx.git, history: ctx.history }, ctx, (changed) => refreshFiles(ctx, changed));
      return toolResult(renderReviewText(report), { ...report });
    } catch (error) {
      if (error instanceof GitError) throw new ToolError(error.message);
      throw error;
    }
  },
};
