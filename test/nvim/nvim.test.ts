import * as assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { EXAMPLE } from '../helpers/workspaces';

/**
 * A real third-party LSP client: Neovim's built-in one (Debian's `neovim`, 0.7+, headless), set up
 * by test/nvim/init.lua (the config docs/editors.md gives users, verbatim), on a copy of
 * examples/shop. `incident-lens-server` on PATH is a shim to `node dist/server.js`, as an npm
 * install would provide. test/nvim/check.lua opens files, asks through Neovim's client and writes
 * what Neovim received as JSON; this test checks it.
 *
 *   npm run build && npx mocha --require tsx/cjs test/nvim/nvim.test.ts
 */

const REPO = path.join(__dirname, '../..');
const SERVER = path.join(REPO, 'dist/server.js');
const INIT = path.join(__dirname, 'init.lua');
const CHECK = path.join(__dirname, 'check.lua');
const DOCS = path.join(REPO, 'docs/editors.md');
const RECORD = 'incidents/2024/INC-2024-017.yaml';
const TITLE = 'Checkout timed out after the connection pool was resized';
const KILL_AFTER_MS = 60_000;

interface Position {
  line: number;
  character: number;
}
interface Location {
  uri: string;
  range: { start: Position; end: Position };
}
interface NvimResult {
  error?: string;
  steps: string[];
  nvim: { major: number; minor: number; patch: number };
  hoverText?: string;
  hover?: { contents: { kind: string; value: string }; range?: { start: Position } };
  definition?: Location | Location[];
  rootDir?: string;
  afterGd?: { file: string; cursor: [number, number] };
  sameClient?: boolean;
  retryUri?: string;
  retryDiagnostics?: Array<{ lnum: number; col: number; message: string; code?: string; source?: string }>;
}

function nvimVersion(): string | undefined {
  const probe = spawnSync('nvim', ['--version'], { encoding: 'utf8', timeout: 10_000 });
  if (probe.error || probe.status !== 0) return undefined;
  return probe.stdout.split('\n')[0].trim();
}

interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  timedOut: boolean;
  stderr: string;
  ms: number;
}

/** Runs headless Neovim in its own process group, so that a kill also takes the server down. */
function runNvim(env: NodeJS.ProcessEnv, cwd: string): Promise<Run> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const args = ['--headless', '-n', '-i', 'NONE', '-u', INIT, '-c', 'lua dofile(os.getenv("INCIDENT_LENS_CHECK"))'];
    const child = spawn('nvim', args, {
      cwd,
      env,
      detached: true,
      // Headless 0.7 writes nothing useful on stdout; errors from the script go to stderr.
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    let timedOut = false;
    child.stderr!.on('data', (chunk) => (stderr += String(chunk)));
    const killGroup = () => {
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        // Already gone.
      }
    };
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup();
    }, KILL_AFTER_MS);
    child.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      // Whatever Neovim left behind (a server that did not exit) goes with the group.
      killGroup();
      resolve({ code, signal, timedOut, stderr, ms: Date.now() - started });
    });
  });
}

describe('Neovim built-in LSP client (headless)', function () {
  this.timeout(KILL_AFTER_MS + 30_000);
  let tmp: string;
  let root: string;
  let result: NvimResult;

  before(async function () {
    const version = nvimVersion();
    if (!version) {
      const why = "`nvim` is not on PATH (install Debian's `neovim`: apt-get install -y neovim)";
      if (process.env.CI === 'true') throw new Error(`Neovim test cannot run in CI: ${why}. CI must install it.`);
      console.log(`  skipping the Neovim LSP test: ${why}`);
      this.skip();
    }
    if (!existsSync(SERVER)) throw new Error(`${SERVER} is missing: run \`npm run build\` first.`);

    tmp = mkdtempSync(path.join(tmpdir(), 'incident-lens-nvim-'));
    root = path.join(tmp, 'shop');
    cpSync(EXAMPLE, root, { recursive: true });
    // Its .incident-lens.yaml marks the workspace root for init.lua (Neovim itself starts in the parent).
    assert.ok(existsSync(path.join(root, '.incident-lens.yaml')), 'examples/shop/.incident-lens.yaml is the root marker');
    const bin = path.join(tmp, 'bin');
    mkdirSync(bin);
    const shim = path.join(bin, 'incident-lens-server');
    const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
    writeFileSync(shim, `#!/bin/sh\nexec ${quote(process.execPath)} ${quote(SERVER)} "$@"\n`);
    chmodSync(shim, 0o755);
    const out = path.join(tmp, 'result.json');
    // Neovim's state (lsp.log, shada, swap) stays inside the temp folder.
    const xdg = Object.fromEntries(
      ['XDG_CONFIG_HOME', 'XDG_DATA_HOME', 'XDG_STATE_HOME', 'XDG_CACHE_HOME'].map((name) => {
        const dir = path.join(tmp, name.toLowerCase());
        mkdirSync(dir);
        return [name, dir];
      }),
    );
    const env = {
      ...process.env,
      ...xdg,
      PATH: `${bin}${path.delimiter}${process.env.PATH ?? ''}`,
      INCIDENT_LENS_ROOT: root,
      INCIDENT_LENS_OUT: out,
      INCIDENT_LENS_CHECK: CHECK,
    };
    const run = await runNvim(env, tmp);
    const lspLog = path.join(xdg.XDG_CACHE_HOME, 'nvim/lsp.log');
    const context = () =>
      [
        `${version}; exit code ${run.code}, signal ${run.signal}, ${run.ms} ms`,
        `stderr:\n${run.stderr.trim().slice(-3000) || '(empty)'}`,
        `lsp.log:\n${existsSync(lspLog) ? readFileSync(lspLog, 'utf8').trim().slice(-3000) : '(none)'}`,
      ].join('\n');
    if (run.timedOut) throw new Error(`Neovim was killed after ${KILL_AFTER_MS / 1000} s.\n${context()}`);
    if (!existsSync(out)) throw new Error(`Neovim wrote no result.\n${context()}`);
    result = JSON.parse(readFileSync(out, 'utf8')) as NvimResult;
    if (result.error) throw new Error(`The Neovim script failed after steps ${result.steps.join(' > ')}: ${result.error}\n${context()}`);
    assert.equal(run.code, 0, `Neovim exited with ${run.code}.\n${context()}`);
    console.log(`  ${version}: Neovim session took ${run.ms} ms`);
  });

  after(() => {
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  it('runs on Neovim 0.7 or later', () => {
    const { major, minor } = result.nvim;
    assert.ok(major > 0 || minor >= 7, `Neovim ${major}.${minor} is older than 0.7`);
  });

  it('starts one server for the workspace found by init.lua, shared by its files', () => {
    assert.equal(realpathSync(result.rootDir ?? '-'), realpathSync(root));
    assert.equal(result.sameClient, true);
  });

  it('shows the incident story on hover through Neovim', () => {
    const text = result.hoverText ?? '';
    assert.match(text, /INC-2024-017/);
    assert.ok(text.includes(TITLE), `hover lacks the title:\n${text}`);
    assert.equal(result.hover?.contents.kind, 'markdown');
    assert.deepEqual(result.hover?.range?.start, { line: 1, character: 7 });
  });

  it('goes to the record id through Neovim', () => {
    const defs = Array.isArray(result.definition) ? result.definition : result.definition ? [result.definition] : [];
    assert.equal(defs.length, 1, JSON.stringify(result.definition));
    assert.ok(defs[0].uri.endsWith(RECORD), defs[0].uri);
    assert.ok(defs[0].uri.startsWith('file://'), defs[0].uri);
    assert.equal(realpathSync(new URL(defs[0].uri)), realpathSync(path.join(root, RECORD)), 'the record in the test workspace');
    assert.deepEqual(defs[0].range.start, { line: 0, character: 4 });
  });

  it('jumps to the record id with `gd`', () => {
    assert.equal(realpathSync(result.afterGd?.file ?? '-'), realpathSync(path.join(root, RECORD)));
    assert.deepEqual(result.afterGd?.cursor, [1, 4], '(1-based line, 0-based byte column)');
  });

  it('receives the unknown reference INC-2024-071 as a diagnostic on retry.py', () => {
    assert.ok(result.retryUri?.endsWith('src/checkout/retry.py'), result.retryUri);
    const unknown = (result.retryDiagnostics ?? []).filter((d) => d.message.includes('INC-2024-071'));
    assert.equal(unknown.length, 1, JSON.stringify(result.retryDiagnostics));
    assert.equal(unknown[0].code, 'unknown-reference');
    assert.deepEqual([unknown[0].lnum, unknown[0].col], [5, 20]);
  });
});

describe('docs/editors.md', () => {
  it('gives Neovim users exactly the init.lua the Neovim test runs', () => {
    const docs = readFileSync(DOCS, 'utf8');
    const init = readFileSync(INIT, 'utf8').trimEnd();
    assert.ok(docs.includes('```lua\n' + init + '\n```'), 'docs/editors.md must contain test/nvim/init.lua verbatim in a ```lua block');
  });
});
