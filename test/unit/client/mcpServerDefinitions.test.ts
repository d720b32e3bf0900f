import * as assert from 'node:assert/strict';
import { mcpLaunches } from '../../../client/src/mcp/serverDefinitions';

describe('client: MCP server definitions', () => {
  const folder = (name: string, fsPath: string | undefined, gitEnabled = true) => ({ name, fsPath, gitEnabled });

  it('one `incident-lens mcp` per local folder, run by VS Code as Node', () => {
    const launches = mcpLaunches(
      [folder('api', '/w/api'), folder('web', '/w/web', false), folder('remote', undefined)],
      true,
      '/ext/dist/cli.js',
      '/vscode/code',
    );
    assert.deepEqual(launches, [
      { label: 'Incident Lens (api)', command: '/vscode/code', args: ['/ext/dist/cli.js', 'mcp', '/w/api'], cwd: '/w/api', env: { ELECTRON_RUN_AS_NODE: '1' } },
      {
        label: 'Incident Lens (web)',
        command: '/vscode/code',
        args: ['/ext/dist/cli.js', 'mcp', '/w/web', '--no-git'],
        cwd: '/w/web',
        env: { ELECTRON_RUN_AS_NODE: '1' },
      },
    ]);
    assert.equal(mcpLaunches([folder('api', '/w/api')], true, 'c', 'n')[0].label, 'Incident Lens');
  });

  it('none in an untrusted workspace', () => {
    assert.deepEqual(mcpLaunches([folder('api', '/w/api')], false, 'c', 'n'), []);
  });
});
