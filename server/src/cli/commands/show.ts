/** `incident-lens show ID`: one incident's story, for a terminal, a wiki (Markdown) or a browser (HTML). */
import { randomBytes } from 'node:crypto';
import { buildStory } from '../../core/features/story';
import { renderStoryDocument } from '../../core/render/story/html';
import { renderStoryMarkdown } from '../../core/render/story/markdown';
import { renderRecord, ansiStyle, plainStyle } from '../../core/render/story/text';
import { formatOf, gitOptions, historyFor, openCommandFolder, UsageError, type CliCommand } from '../context';

export const showCommand: CliCommand = {
  name: 'show',
  usage: `incident-lens show ID [--folder FOLDER] [--format text|markdown|html] [--no-git]
      One incident's story: for a terminal (text), for wikis and chat (markdown), or as one
      self-contained HTML page with its timeline drawn (inline CSS and SVG, no script, nothing
      remote): incident-lens show INC-42 --format html > INC-42.html`,
  options: { folder: { type: 'string' }, format: { type: 'string' }, ...gitOptions },
  async run(positionals, values, ctx) {
    if (positionals.length !== 1) throw new UsageError('show takes exactly one incident id');
    const format = formatOf(values, 'show', ['text', 'markdown', 'html']);
    // Progress would land in the page itself when stdout is the terminal: none here.
    const folder = await openCommandFolder(values.folder as string | undefined, { ...ctx, isTty: false });
    const record = folder.index.record(positionals[0]);
    if (!record) {
      const closest = folder.index.closestIds(positionals[0]);
      throw new Error(`no record defines ${positionals[0]}${closest.length ? ` (did you mean ${closest.join(', ')}?)` : ''}`);
    }
    const out = ctx.stdout;
    if (format === 'text') {
      const tty = 'isTTY' in out && Boolean(out.isTTY);
      const width = tty && 'columns' in out && out.columns ? Math.min(out.columns, 120) : 100;
      out.write(`${renderRecord(record, tty ? ansiStyle : plainStyle, width)}\n`);
      return 0;
    }
    const { history, key } = historyFor(folder, !values['no-git'], ctx.log);
    const story = buildStory(folder.index, record.id, { history: await history.storyHistory(key, record) })!;
    if (format === 'markdown') out.write(renderStoryMarkdown(story));
    else out.write(renderStoryDocument(story, { mode: 'static', nonce: randomBytes(18).toString('base64') }).html);
    return 0;
  },
};
