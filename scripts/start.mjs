// `npm start`: build the extension and show Incident Lens on the example workspace.
//
// - With VS Code's `code` on PATH: opens examples/shop in a VS Code window running this extension
//   from source.
// - Otherwise: serves examples/shop in VS Code for the browser (the code-server the editor tests
//   use, from scripts/setup-editor-tools.sh; installed first when missing and possible), on
//   127.0.0.1 only, with the freshly packaged extension; prints the URL and what to try first, and
//   stops cleanly on Ctrl+C.
// - Where code-server cannot be installed either: says how to install the .vsix, and runs the CLI
//   over the example instead.
//
// Environment: PORT (default: a free port), INCIDENT_LENS_EDITOR_TOOLS (where code-server is),
// INCIDENT_LENS_VSIX (an already packaged extension: skips building, as the editor tests do).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { get } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const example = path.join(root, 'examples', 'shop');
const tools = process.env.INCIDENT_LENS_EDITOR_TOOLS ?? path.join(root, '.editor-tools');
const codeServer = path.join(tools, 'code-server', 'node_modules', '.bin', 'code-server');
const run = (command, args, options = {}) => spawnSync(command, args, { stdio: 'inherit', cwd: root, ...options });

const givenVsix = process.env.INCIDENT_LENS_VSIX;
if (!givenVsix && run('npm', ['run', '--silent', 'build']).status !== 0) process.exit(1);

const hasCode = spawnSync('code', ['--version'], { stdio: 'ignore' }).status === 0;
if (hasCode) {
  console.log(`Opening ${example} in VS Code with Incident Lens loaded from ${root}…`);
  process.exit(run('code', ['--extensionDevelopmentPath', root, example]).status ?? 0);
}

if (!existsSync(codeServer)) {
  console.log("VS Code's `code` command is not on PATH here; installing VS Code for the browser (code-server) instead…");
  run('bash', [path.join(root, 'scripts', 'setup-editor-tools.sh')]);
}
if (existsSync(codeServer)) await serveInBrowser();
else showCli();

/** code-server on 127.0.0.1 with the packaged extension, until Ctrl+C. */
async function serveInBrowser() {
  const vsix = givenVsix ? path.resolve(givenVsix) : packageExtension();
  const session = mkdtempSync(path.join(tmpdir(), 'incident-lens-start-'));
  const userData = path.join(session, 'user-data');
  const extensions = path.join(session, 'extensions');
  mkdirSync(path.join(userData, 'User'), { recursive: true });
  // The example is the project's own folder: trust it, skip the welcome page, send nothing.
  writeFileSync(
    path.join(userData, 'User', 'settings.json'),
    JSON.stringify(
      {
        'workbench.startupEditor': 'none',
        'security.workspace.trust.enabled': false,
        'telemetry.telemetryLevel': 'off',
        'update.mode': 'none',
        'extensions.autoCheckUpdates': false,
        'extensions.autoUpdate': false,
      },
      null,
      2,
    ),
  );
  // code-server keeps its config.yaml (which would hold a password) under XDG_CONFIG_HOME.
  const env = { ...process.env, XDG_CONFIG_HOME: path.join(session, 'config'), XDG_DATA_HOME: path.join(session, 'data') };
  delete env.VSCODE_IPC_HOOK_CLI;
  const common = ['--extensions-dir', extensions, '--user-data-dir', userData];
  const installed = spawnSync(codeServer, [...common, '--install-extension', vsix], { env, encoding: 'utf8' });
  if (installed.status !== 0) {
    console.error(`code-server could not install ${vsix}:\n${installed.stdout}${installed.stderr}`);
    rmSync(session, { recursive: true, force: true });
    process.exit(1);
  }

  const port = Number(process.env.PORT) || (await freePort());
  // --auth none is safe only because it listens on 127.0.0.1: nothing else on the network sees it.
  const server = spawn(
    codeServer,
    [...common, '--auth', 'none', '--bind-addr', `127.0.0.1:${port}`, '--disable-telemetry', '--disable-update-check', '--ignore-last-opened', example],
    { env, detached: true, stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  server.stderr.on('data', (chunk) => (stderr = (stderr + chunk).slice(-4000)));

  let stopping = false;
  const stop = (code) => {
    if (stopping) return;
    stopping = true;
    // Its own process group: the extension host and language servers go with it.
    try {
      process.kill(-server.pid, 'SIGTERM');
    } catch {
      /* already gone */
    }
    const force = setTimeout(() => {
      try {
        process.kill(-server.pid, 'SIGKILL');
      } catch {
        /* already gone */
      }
    }, 3000);
    const finish = () => {
      clearTimeout(force);
      rmSync(session, { recursive: true, force: true });
      process.exit(code);
    };
    if (server.exitCode !== null || server.signalCode !== null) finish();
    else server.once('exit', finish);
  };
  process.on('SIGINT', () => {
    console.log('\nStopping VS Code for the browser…');
    stop(0);
  });
  process.on('SIGTERM', () => stop(0));
  server.once('exit', (code, signal) => {
    if (stopping) return;
    console.error(`code-server stopped (${code ?? signal}).\n${stderr}`);
    stop(1);
  });

  const url = `http://127.0.0.1:${port}/?folder=${encodeURIComponent(example)}`;
  if (!(await answers(`http://127.0.0.1:${port}/healthz`, 60000))) {
    console.error(`code-server did not answer on 127.0.0.1:${port}.\n${stderr}`);
    stop(1);
    return;
  }
  console.log(`
Incident Lens is running in VS Code for the browser, on this machine only:

  ${url}

Open it in a browser (from another machine: ssh -L ${port}:127.0.0.1:${port} this-host). Try first:
  1. Ctrl+P src/checkout/pool.ts, then hover INC-2024-017 on line 2: the story, then "Read the story".
  2. The Incidents icon in the activity bar: This File, All Incidents (right-click a row for its actions).
  3. F1 > "Incident Lens: New Incident Record": a draft to Tab through.
  4. src/checkout/retry.py line 6: INC-2024-071 is a typo; the light bulb offers INC-2024-017.
Press Ctrl+C to stop.`);
}

/** Builds incident-lens-<version>.vsix as `npm run package` does; returns its path. */
function packageExtension() {
  const { version } = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
  if (run('npm', ['run', '--silent', 'package']).status !== 0) process.exit(1);
  return path.join(root, `incident-lens-${version}.vsix`);
}

function freePort() {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.on('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

/** Polls `url` until it answers below 500, or `timeoutMs` passes. */
async function answers(url, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const ok = await new Promise((resolve) => {
      const request = get(url, { timeout: 2000 }, (response) => {
        response.resume();
        resolve((response.statusCode ?? 500) < 500);
      });
      request.on('error', () => resolve(false));
      request.on('timeout', () => request.destroy());
    });
    if (ok) return true;
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
  return false;
}

function showCli() {
  console.log(`Neither VS Code's \`code\` command nor code-server is available here. To use the extension:
  npm run package                              # builds incident-lens-<version>.vsix
  code --install-extension incident-lens-*.vsix  # or Extensions view > … > Install from VSIX
Meanwhile, here is the CLI on the example workspace (${path.relative(root, example)}):
`);
  const cli = path.join(root, 'dist', 'cli.js');
  console.log('$ incident-lens check examples/shop');
  const check = run(process.execPath, [cli, 'check', example]);
  console.log('\n$ incident-lens list examples/shop --file src/checkout/pool.ts');
  run(process.execPath, [cli, 'list', example, '--file', path.join(example, 'src/checkout/pool.ts')]);
  console.log('\n$ incident-lens show INC-2024-017 --folder examples/shop');
  run(process.execPath, [cli, 'show', 'INC-2024-017', '--folder', example]);
  // The example holds one deliberate typo (a warning), so check exits 0: no errors.
  process.exit(check.status === 0 ? 0 : 1);
}
