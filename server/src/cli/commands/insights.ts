/** `incident-lens insights`: how well the team's incident knowledge is woven into its code. */
import * as nodePath from 'node:path';
import { computeInsights } from '../../core/features/insights';
import { renderInsightsHtml } from '../../core/render/insights/html';
import { renderInsightsMarkdown } from '../../core/render/insights/markdown';
import { renderInsightsText } from '../../core/render/insights/text';
import { openGivenFolder } from '../../host/writableFolder';
import { clean, formatOf, gitOptions, historyFor, openCommandFolder, toFolderPath, UsageError, type CliCommand } from '../context';

export const insightsCommand: CliCommand = {
  name: 'insights',
  usage: `incident-lens insights [folder] [--path PREFIX | --service NAME] [--format text|json|markdown|html] [--out DIR]
      How incident knowledge is woven into the code: references from code and docs, depth of the
      write-ups, where incidents gather, open action items, wording; with --path or --service, a
      reading list. --out DIR writes the HTML report (index.html) there.`,
  options: { format: { type: 'string' }, path: { type: 'string' }, service: { type: 'string' }, out: { type: 'string' }, ...gitOptions },
  async run(positionals, values, ctx) {
    const format = formatOf(values, 'insights', ['text', 'json', 'markdown', 'html']);
    if (positionals.length > 1) throw new UsageError('insights takes at most one folder');
    if (values.path !== undefined && values.service !== undefined) throw new UsageError('insights takes --path or --service, not both');
    const out = values.out as string | undefined;
    if (out !== undefined && values.format !== undefined && format !== 'html')
      throw new UsageError('--out writes the HTML report; it cannot be used with another --format');
    const folder = await openCommandFolder(positionals[0], ctx);
    const git = historyFor(folder, !values['no-git'], ctx.log);
    const history = await git.history.commits(git.key);
    const path = values.path === undefined ? undefined : toFolderPath(folder.root, values.path as string);
    const insights = computeInsights(folder.index, history, { path, service: values.service as string | undefined, now: new Date() });
    const name = nodePath.basename(folder.root);
    if (out !== undefined) {
      // Never through a link someone planted on the way, never over a file that is not ours to replace.
      const folderOut = await openGivenFolder(
        out,
        (at, reason) => new UsageError(`--out ${out}: ${at} is ${reason}; the report is written only through real folders`),
      );
      try {
        await folderOut.replace('index.html', renderInsightsHtml(insights, name));
      } finally {
        await folderOut.close();
      }
      const target = nodePath.join(out, 'index.html');
      ctx.stderr.write(`Wrote ${clean(target)}
`);
      return 0;
    }
    if (format === 'json') ctx.stdout.write(`${JSON.stringify(insights, null, 2)}\n`);
    else if (format === 'markdown') ctx.stdout.write(renderInsightsMarkdown(insights, name));
    else if (format === 'html') ctx.stdout.write(renderInsightsHtml(insights, name));
    else ctx.stdout.write(`${renderInsightsText(insights, name)}\n`);
    return 0;
  },
};
