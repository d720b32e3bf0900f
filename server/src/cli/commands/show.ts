/** `incident-lens show ID`: one record, rendered for a terminal. */
import { renderRecord, ansiStyle, plainStyle } from '../render';
import { openFolder, UsageError, type CliCommand } from '../context';

export const showCommand: CliCommand = {
  name: 'show',
  usage: `incident-lens show ID [--folder FOLDER]
      One record, rendered for a terminal.`,
  options: { folder: { type: 'string' } },
  async run(positionals, values, ctx) {
    if (positionals.length !== 1) throw new UsageError('show takes exactly one incident id');
    // Progress would land in the page itself when stdout is the terminal: none here.
    const folder = await openFolder(values.folder as string | undefined, { ...ctx, isTty: false });
    const record = folder.index.record(positionals[0]);
    if (!record) {
      const closest = folder.index.closestIds(positionals[0]);
      throw new Error(`no record defines ${positionals[0]}${closest.length ? ` (did you mean ${closest.join(', ')}?)` : ''}`);
    }
    const out = ctx.stdout;
    const tty = 'isTTY' in out && Boolean(out.isTTY);
    const width = tty && 'columns' in out && out.columns ? Math.min(out.columns, 120) : 100;
    out.write(`${renderRecord(record, tty ? ansiStyle : plainStyle, width)}\n`);
    return 0;
  },
};
