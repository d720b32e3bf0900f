/** `incidents_for_files`: the incidents tied to each file, with why. */
import { z } from 'zod';
import { incidentFields, incidentLabel } from '../../core/features/incidentSummary';
import { folderPath, refreshFiles, toolResult, type McpContext } from '../context';
import { incidentSummarySchema, tieReasonSchema } from '../schemas';

export const MAX_PATHS = 200;

export const incidentsForFilesTool = {
  name: 'incidents_for_files',
  config: {
    title: 'Incidents tied to files',
    description:
      'The past incidents tied to each of these files, with why: a comment references the incident on line N, its record lists the file (or lines of it) under code, or a commit that changed the file mentions it. Call it before changing a file to learn what broke there before.',
    inputSchema: {
      paths: z.array(z.string().max(4096)).min(1).max(MAX_PATHS).describe('Files, relative to the folder (or absolute inside it).'),
    },
    outputSchema: {
      files: z.array(z.object({ path: z.string(), incidents: z.array(incidentSummarySchema.extend({ reasons: z.array(tieReasonSchema) })) })),
    },
    annotations: { readOnlyHint: true, openWorldHint: false },
  },
  async handle(ctx: McpContext, { paths }: { paths: string[] }) {
    const relative = paths.map((p) => folderPath(ctx.folder.root, p));
    await refreshFiles(ctx, relative);
    const files = [];
    for (const path of relative) {
      const tied = await ctx.history.history.incidentsForFile(ctx.history.key, path);
      files.push({
        path,
        incidents: tied.map((t) => ({
          ...incidentFields(t.record),
          recordPath: t.record.path,
          reasons: t.reasons.map((r) => ({
            kind: r.kind,
            detail: r.detail,
            ...(r.line !== undefined ? { line: r.line + 1 } : {}),
            ...(r.endLine !== undefined ? { endLine: r.endLine + 1 } : {}),
            ...(r.commit !== undefined ? { commit: r.commit } : {}),
          })),
        })),
      });
    }
    const text = files
      .map((f) =>
        f.incidents.length === 0
          ? `${f.path}: no past incident is tied to it.`
          : `${f.path}:\n${f.incidents.map((i) => `- ${incidentLabel(i)}, record ${i.recordPath}\n${i.reasons.map((r) => `  - ${r.detail}`).join('\n')}`).join('\n')}`,
      )
      .join('\n\n');
    return toolResult(text, { files });
  },
};
