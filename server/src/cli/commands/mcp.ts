/** `incident-lens mcp`: the Model Context Protocol server for coding agents, over stdio. */
import { serveStdio } from '../../mcp/server';
import { gitOptions, historyFor, openCommandFolder, UsageError, type CliCommand } from '../context';

export const mcpCommand: CliCommand = {
  name: 'mcp',
  usage: `incident-lens mcp [folder] [--no-git]
      A read-only Model Context Protocol server over stdio for coding agents: incidents_for_files,
      incidents_for_diff, get_incident, search_incidents. Logs go to stderr with --verbose.`,
  options: { ...gitOptions },
  async run(positionals, values, ctx) {
    if (positionals.length > 1) throw new UsageError('mcp takes at most one folder');
    const git = !values['no-git'];
    // stdout is the protocol channel: nothing else is ever written to it.
    const folder = await openCommandFolder(positionals[0], { ...ctx, stdout: ctx.stderr, isTty: false });
    await serveStdio({ folder, history: historyFor(folder, git, ctx.log), git, log: ctx.log });
    return 0;
  },
};
