/**
 * `npm start` where VS Code's `code` command is missing: it serves the example workspace in VS
 * Code for the browser (code-server) on 127.0.0.1, prints the URL and what to try first, and stops
 * cleanly on Ctrl+C. Run by test/editor/run.ts with the smoke test (same prerequisites); the
 * packaged extension comes from INCIDENT_LENS_VSIX, as there.
 */
import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { repoRoot, waitFor } from './codeServer';
import { vsixPath } from './smoke.test';

/** PATH without any folder that holds a `code` command. */
function pathWithoutCode(): string {
  return (process.env.PATH ?? '')
    .split(path.delimiter)
    .filter((dir) => dir !== '' && !fs.existsSync(path.join(dir, 'code')))
    .join(path.delimiter);
}

function connects(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port, timeout: 2000 }, () => {
      socket.destroy();
      resolve(true);
    });
    socket.on('error', () => resolve(false));
    socket.on('timeout', () => {
      socket.destroy();
      resolve(false);
    });
  });
}

/** Processes whose command line names `needle` (Linux /proc). */
function processesWith(needle: string): string[] {
  const found: string[] = [];
  for (const pid of fs.readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      const cmdline = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
      if (cmdline.includes(needle)) found.push(`${pid}: ${cmdline}`);
    } catch {
      /* gone meanwhile */
    }
  }
  return found;
}

describe('npm start without `code`', function () {
  this.timeout(300000);

  it('serves the example in VS Code for the browser on 127.0.0.1, says what to try first, and stops on Ctrl+C', async () => {
    const vsix = vsixPath();
    assert.ok(fs.existsSync(vsix), `the packaged extension exists: ${vsix}`);
    const env: NodeJS.ProcessEnv = { ...process.env, PATH: pathWithoutCode(), INCIDENT_LENS_VSIX: vsix };
    delete env.PORT;
    const child = spawn(process.execPath, [path.join(repoRoot, 'scripts', 'start.mjs')], { cwd: repoRoot, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    try {
      const url = await waitFor(
        'npm start to print the URL',
        () => {
          if (child.exitCode !== null) throw new Error(`npm start exited (${child.exitCode}):\n${output}`);
          return /http:\/\/127\.0\.0\.1:\d+\/\?folder=\S+/.exec(output)?.[0];
        },
        240000,
        500,
      );
      assert.match(output, /Try first:/);
      assert.match(output, /Ctrl\+C to stop/);
      const parsed = new URL(url);
      assert.equal(decodeURIComponent(parsed.searchParams.get('folder') ?? ''), path.join(repoRoot, 'examples', 'shop'));
      const response = await fetch(url);
      assert.equal(response.status, 200);
      assert.match(await response.text(), /workbench/i, 'the page is the VS Code workbench');
      const port = Number(parsed.port);
      // Listening on the loopback address only: another address of this machine refuses it.
      const external = Object.values(os.networkInterfaces())
        .flat()
        .find((address) => address && address.family === 'IPv4' && !address.internal);
      if (external) assert.equal(await connects(external.address, port), false, `not reachable on ${external.address}`);

      child.kill('SIGINT');
      assert.equal(await exited, 0, output);
      assert.match(output, /Stopping VS Code for the browser/);
      assert.equal(await connects('127.0.0.1', port), false, 'the port is closed');
      assert.deepEqual(processesWith(`127.0.0.1:${port}`), [], 'no code-server process is left');
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  });
});
