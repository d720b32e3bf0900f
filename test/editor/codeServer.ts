/**
 * Harness for the real-editor tests: code-server (VS Code 1.100.3 served to a browser) plus Debian's
 * Chromium driven by playwright-core. See OFFLINE-VSCODE.md for why it is not VS Code desktop.
 *
 * Every session gets fresh --user-data-dir/--extensions-dir folders in the OS tmpdir, listens on
 * 127.0.0.1 only, runs code-server in a process group of its own and kills that group on close(), on
 * process exit and on SIGINT/SIGTERM.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import { TestRepo } from '../git/gitRepo';

export const repoRoot = path.resolve(__dirname, '..', '..');
export const toolsDir = process.env.INCIDENT_LENS_EDITOR_TOOLS ?? path.join(repoRoot, '.editor-tools');
export const codeServerBin = path.join(toolsDir, 'code-server', 'node_modules', '.bin', 'code-server');
export const chromiumPath = process.env.INCIDENT_LENS_CHROMIUM ?? '/usr/bin/chromium';
export const fixtureWorkspace = path.join(__dirname, 'workspace');

const chromiumArgs = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

/** Process groups still alive, killed on exit whatever happens. */
const liveGroups = new Set<number>();
function killGroup(pid: number, signal: NodeJS.Signals = 'SIGKILL'): void {
  try {
    process.kill(-pid, signal);
  } catch {
    /* already gone */
  }
  liveGroups.delete(pid);
}
process.on('exit', () => {
  for (const pid of [...liveGroups]) killGroup(pid);
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    for (const pid of [...liveGroups]) killGroup(pid);
    process.exit(130);
  });
}

export function log(message: string): void {
  if (process.env.INCIDENT_LENS_EDITOR_QUIET !== '1') process.stderr.write(`[editor] ${message}\n`);
}

/** A free TCP port on 127.0.0.1 (the OS picks it; released just before code-server binds it). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function httpOk(url: string): Promise<boolean> {
  return new Promise((resolve) => {
    const req = http.get(url, { timeout: 2000 }, (res) => {
      res.resume();
      resolve((res.statusCode ?? 500) < 500);
    });
    req.on('error', () => resolve(false));
    req.on('timeout', () => {
      req.destroy();
      resolve(false);
    });
  });
}

export async function waitFor<T>(
  what: string,
  probe: () => Promise<T | undefined | false> | T | undefined | false,
  timeoutMs = 30000,
  intervalMs = 200,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined && value !== false) return value;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${lastError ? `: ${String(lastError)}` : ''}`);
    }
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

/**
 * Copies a folder (the fixture workspace) to a fresh temp folder, so tests may change it. With
 * `git`, the copy becomes a repository of two commits; the second, on a branch `fix-cache` off
 * `main`, changes src/cache/client.ts with a message that mentions INC-2023-004 (only git history
 * ties that incident to that file, and the branch view lists it).
 */
export function copyWorkspace(from = fixtureWorkspace, options: { git?: boolean } = {}): string {
  // A stable folder name inside a fresh temp folder: the window title in screenshots stays the same.
  const target = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'incident-lens-ws-')), 'acme-api');
  fs.cpSync(from, target, { recursive: true });
  if (options.git) {
    const repo = TestRepo.init(target, { name: 'Test', email: 'test@example.invalid' });
    repo.commit('Import the service');
    repo.branch('fix-cache');
    fs.appendFileSync(path.join(target, 'src', 'cache', 'client.ts'), '\nexport const CACHE_TIMEOUT_MS = 250;\n');
    repo.commit('Shorter cache timeout so checkout fails fast (INC-2023-004 follow-up)');
  }
  return target;
}

/** Removes a copy made by copyWorkspace (and its temp parent). */
export function removeWorkspace(folder: string): void {
  if (process.env.INCIDENT_LENS_EDITOR_KEEP === '1') return;
  const parent = path.dirname(folder);
  fs.rmSync(path.basename(parent).startsWith('incident-lens-ws-') ? parent : folder, { recursive: true, force: true });
}

export interface CodeServerOptions {
  /** .vsix files to install before starting. */
  extensions: string[];
  /** Folder to open. */
  folder: string;
  /** Keep workspace trust on (the folder is then not trusted). Default: trust off. */
  trust?: boolean;
  /** Extra user settings. */
  settings?: Record<string, unknown>;
  /** Extra environment for code-server (and so the extension host). */
  env?: Record<string, string>;
  /** Milliseconds to wait for the workbench. */
  startTimeoutMs?: number;
}

/** Runs code-server with `args` to completion (used for --install-extension). */
function codeServerSync(args: string[], env: NodeJS.ProcessEnv): string {
  const result = spawnSync(codeServerBin, args, { env, encoding: 'utf8', timeout: 120000 });
  const output = `${result.stdout ?? ''}${result.stderr ?? ''}`;
  if (result.status !== 0) throw new Error(`code-server ${args.join(' ')} failed (${result.status ?? result.signal}):\n${output}`);
  return output;
}

export class EditorSession {
  private constructor(
    readonly root: string,
    readonly port: number,
    readonly folder: string,
    private readonly server: ChildProcess,
    readonly browser: Browser,
    readonly page: Page,
    readonly serverLog: string,
  ) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}/?folder=${encodeURIComponent(this.folder)}`;
  }

  static async start(options: CodeServerOptions): Promise<EditorSession> {
    if (!fs.existsSync(codeServerBin)) {
      throw new Error(`code-server is not installed at ${codeServerBin}; run scripts/setup-editor-tools.sh`);
    }
    if (!fs.existsSync(chromiumPath)) throw new Error(`Chromium is not at ${chromiumPath}; run scripts/setup-editor-tools.sh`);
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'incident-lens-editor-'));
    const userData = path.join(root, 'user-data');
    const extensionsDir = path.join(root, 'extensions');
    fs.mkdirSync(path.join(userData, 'User'), { recursive: true });
    fs.mkdirSync(extensionsDir, { recursive: true });
    const settings = {
      'workbench.startupEditor': 'none',
      'security.workspace.trust.enabled': options.trust === true,
      'security.workspace.trust.startupPrompt': 'never',
      'security.workspace.trust.banner': 'never',
      'telemetry.telemetryLevel': 'off',
      'update.mode': 'none',
      'extensions.autoUpdate': false,
      'extensions.autoCheckUpdates': false,
      'extensions.ignoreRecommendations': true,
      'workbench.enableExperiments': false,
      'workbench.tips.enabled': false,
      'workbench.colorTheme': 'Default Light Modern',
      'window.commandCenter': false,
      'chat.commandCenter.enabled': false,
      'editor.hover.delay': 300,
      // A walkthrough that opens by itself when the extension is first seen would take the focus
      // from whatever the first test types; the walkthrough test opens it from the palette.
      'workbench.welcomePage.walkthroughs.openOnInstall': false,
      'files.autoSave': 'off',
      ...options.settings,
    };
    fs.writeFileSync(path.join(userData, 'User', 'settings.json'), JSON.stringify(settings, null, 2));

    // code-server keeps its config.yaml and logs under XDG_CONFIG_HOME / XDG_DATA_HOME (default: the
    // home folder): keep them in this session's folder too.
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      XDG_CONFIG_HOME: path.join(root, 'xdg-config'),
      XDG_DATA_HOME: path.join(root, 'xdg-data'),
      ...options.env,
    };
    delete env.VSCODE_IPC_HOOK_CLI; // never talk to an editor this process may run in
    const common = ['--extensions-dir', extensionsDir, '--user-data-dir', userData];
    if (options.extensions.length > 0) {
      const t0 = Date.now();
      const installArgs = options.extensions.flatMap((vsix) => ['--install-extension', vsix]);
      codeServerSync([...common, ...installArgs], env);
      log(`installed ${options.extensions.map((e) => path.basename(e)).join(', ')} in ${Date.now() - t0} ms`);
    }

    const port = await freePort();
    const serverLog = path.join(root, 'code-server.log');
    const out = fs.openSync(serverLog, 'a');
    const server = spawn(
      codeServerBin,
      [
        ...common,
        '--auth',
        'none',
        '--bind-addr',
        `127.0.0.1:${port}`,
        '--disable-telemetry',
        '--disable-update-check',
        '--ignore-last-opened',
        options.folder,
      ],
      { env, detached: true, stdio: ['ignore', out, out] },
    );
    fs.closeSync(out);
    if (server.pid === undefined) throw new Error('code-server did not start');
    liveGroups.add(server.pid);
    let exited: string | undefined;
    server.on('exit', (code, signal) => {
      exited = `code-server exited (${code ?? signal})`;
    });
    let browser: Browser | undefined;
    try {
      const t0 = Date.now();
      await waitFor(
        `code-server on 127.0.0.1:${port}`,
        async () => {
          if (exited) throw new Error(`${exited}; log:\n${fs.readFileSync(serverLog, 'utf8')}`);
          return httpOk(`http://127.0.0.1:${port}/healthz`);
        },
        30000,
      );
      log(`code-server up on 127.0.0.1:${port} in ${Date.now() - t0} ms`);
      browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs, timeout: 30000 });
      // The clipboard as a user has it: Copy Id / Copy Link are read back from it.
      const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, permissions: ['clipboard-read', 'clipboard-write'] });
      const page = await context.newPage();
      const session = new EditorSession(root, port, options.folder, server, browser, page, serverLog);
      // Generous bounds: a shared, busy machine can take a minute to serve the workbench. These are
      // not performance checks (the benchmark measures speed), only a guard against a hang.
      await page.goto(session.url, { waitUntil: 'domcontentloaded', timeout: 120000 });
      await page.locator('.monaco-workbench').waitFor({ state: 'visible', timeout: options.startTimeoutMs ?? 180000 });
      // The explorer has loaded the folder once a tree row is there.
      await page.locator('.explorer-folders-view .monaco-list-row').first().waitFor({ timeout: 120000 });
      log(`workbench ready in ${Date.now() - t0} ms`);
      return session;
    } catch (error) {
      await browser?.close().catch(() => undefined);
      killGroup(server.pid);
      throw error;
    }
  }

  // ---- keyboard helpers, as a user would ------------------------------------------------------

  /** Moves the mouse where it shows no hover of its own (empty editor space below short files). */
  async parkMouse(): Promise<void> {
    const size = this.page.viewportSize() ?? { width: 1280, height: 800 };
    await this.page.mouse.move(Math.round(size.width * 0.6), size.height - 60);
  }

  /** Focuses the active editor's text area. */
  async focusEditor(): Promise<void> {
    await this.page.locator('.editor-group-container.active .monaco-editor textarea').first().focus();
  }

  /**
   * Gives the keyboard back to the workbench. A webview (the story, insights) keeps the focus in its
   * iframe, and keys typed there may never reach the workbench's keybindings; a user would click
   * outside it. Blurring the iframe element puts the focus on the workbench's own document.
   */
  async focusWorkbench(): Promise<void> {
    await this.page.evaluate(() => {
      const doc = (globalThis as unknown as { document: { activeElement: { tagName: string; blur(): void } | null } }).document;
      if (doc.activeElement?.tagName === 'IFRAME') doc.activeElement.blur();
    });
  }

  /**
   * Opens the quick input with `key` (Ctrl+P, F1, Ctrl+G) and returns its text box once shown. One
   * left open (a pick an earlier step did not close) is closed first: typed into, it would only
   * filter its own list. A panel that takes the focus as it opens can close the quick input at
   * once: press again, as a user would.
   */
  async openQuickInput(key: string): Promise<Locator> {
    const input = this.page.locator('.quick-input-widget input');
    await waitFor(
      `the quick input (${key})`,
      async () => {
        if (await input.isVisible()) {
          await this.page.keyboard.press('Escape');
          await input.waitFor({ state: 'hidden', timeout: 2000 }).catch(() => undefined);
        }
        await this.focusWorkbench();
        await this.page.keyboard.press(key);
        return input
          .waitFor({ state: 'visible', timeout: 3000 })
          .then(() => true)
          .catch(() => undefined);
      },
      30000,
      300,
    );
    return input;
  }

  /** Quick Open (Ctrl+P) a file by name; waits until its editor tab is active. */
  async openFile(relativePath: string): Promise<void> {
    const name = path.basename(relativePath);
    const activeTab = this.page.locator('.tabs-container .tab.active', { hasText: name });
    // Seen right after a webview opened (the story, from the insights view): Quick Open closed
    // without opening the file, the webview kept the focus. Then, as a user would, try again.
    await waitFor(
      `${relativePath} open in the active editor`,
      async () => {
        const input = await this.openQuickInput('Control+P');
        await input.fill(relativePath, { timeout: 5000 });
        // Enter opens the focused row: wait until that row names the file. Any row would not do:
        // the recently opened list shown before the filter applies may name it too, further down.
        await this.page.locator('.quick-input-widget .monaco-list-row.focused', { hasText: name }).first().waitFor({ timeout: 15000 });
        await this.page.keyboard.press('Enter');
        return activeTab
          .waitFor({ timeout: 10000 })
          .then(() => true)
          .catch(async () => {
            await this.page.keyboard.press('Escape');
            return undefined;
          });
      },
      90000,
      500,
    );
    await this.page.locator('.editor-group-container.active .monaco-editor .view-lines').first().waitFor();
    await this.focusEditor();
  }

  /** Go to line:column (Ctrl+G), 1-based as the UI shows them. */
  async goTo(line: number, column: number): Promise<void> {
    await this.focusEditor();
    const input = await this.openQuickInput('Control+G');
    await input.fill(`:${line}:${column}`);
    await this.page.keyboard.press('Enter');
    await input.waitFor({ state: 'hidden' });
    await waitFor(
      `cursor at ${line}:${column}`,
      async () => {
        const text = await this.statusBarText();
        return text.includes(`Ln ${line}, Col ${column}`) ? true : undefined;
      },
      5000,
    );
  }

  /** Shows the hover at the cursor (Ctrl+K Ctrl+I) and returns its text once it contains `expect`. */
  async hover(expect?: string | RegExp, timeoutMs = 30000): Promise<string> {
    await this.parkMouse();
    return waitFor(
      `a hover${expect ? ` containing ${String(expect)}` : ''}`,
      async () => {
        await this.focusEditor();
        await this.page.keyboard.press('Control+K');
        await this.page.keyboard.press('Control+I');
        const hover = this.page.locator('.monaco-editor .monaco-hover-content').filter({ visible: true }).first();
        await hover.waitFor({ state: 'visible', timeout: 3000 });
        const text = await hover.innerText();
        if (expect === undefined) return text;
        const ok = typeof expect === 'string' ? text.includes(expect) : expect.test(text);
        if (!ok) await this.page.keyboard.press('Escape');
        return ok ? text : undefined;
      },
      timeoutMs,
      500,
    );
  }

  /** Runs a command from the command palette (F1) by its label, e.g. "Incident Lens: Re-index". */
  async runCommand(label: string): Promise<void> {
    const row = this.page.locator('.quick-input-widget .monaco-list-row', { hasText: label }).first();
    // The palette filters the commands known when the text changes: right after the workbench
    // starts, extensions' commands may not be registered yet, and the list is not redone when they
    // are. Type the filter again until the command shows, as a user would; open the palette again
    // if a panel that took the focus closed it.
    await waitFor(
      `the command "${label}" in the palette`,
      async () => {
        const input = await this.openQuickInput('F1');
        await input.fill('>', { timeout: 5000 });
        await input.fill(`>${label}`, { timeout: 5000 });
        await row.waitFor({ timeout: 5000 });
        // A view that reveals itself late (the References view once its search is done) can close
        // the palette between finding the row and clicking it: then all of it again.
        await row.click({ timeout: 5000 });
        return true;
      },
      90000,
      500,
    );
  }

  /**
   * The rows of the quick pick a command opened, as text, once at least one is shown. Not the
   * palette's: its rows stay a moment after the command starts (its filter starts with ">").
   */
  async quickPickItems(timeoutMs = 15000): Promise<string[]> {
    const input = this.page.locator('.quick-input-widget input');
    const rows = this.page.locator('.quick-input-widget .monaco-list-row').filter({ visible: true });
    await waitFor(
      'a quick pick with rows',
      async () => (!(await input.isVisible()) || (await input.inputValue()).startsWith('>') ? undefined : (await rows.count()) > 0),
      timeoutMs,
    );
    return rows.allInnerTexts();
  }

  /**
   * Accepts the quick pick once its first row shows `text`, and waits until it closes. Enter
   * pressed as the list is redrawn (the server's ranking arrives) can land between two lists: if
   * the pick is still open a moment later, Enter again, as a user would.
   */
  async acceptFirst(text: string, timeoutMs = 30000): Promise<void> {
    const input = this.page.locator('.quick-input-widget input');
    const first = this.page.locator('.quick-input-widget .monaco-list-row').filter({ visible: true }).first();
    await waitFor(
      `${text} accepted from the quick pick`,
      async () => {
        if (!(await input.isVisible())) return true;
        if (!(await first.innerText({ timeout: 2000 })).includes(text)) return undefined;
        await this.page.keyboard.press('Enter');
        return input
          .waitFor({ state: 'hidden', timeout: 2000 })
          .then(() => true)
          .catch(() => undefined);
      },
      timeoutMs,
      300,
    );
  }

  /** The text of line `line` (1-based) of the active editor, read from what is rendered. */
  async lineText(line: number): Promise<string> {
    // The rendered lines are absolutely positioned; sort by their top to get document order.
    const lines = await this.page.locator('.editor-group-container.active .monaco-editor .view-lines .view-line').evaluateAll((nodes) =>
      nodes
        .map((n) => {
          // The DOM types are not in this project's lib: describe the two fields used.
          const el = n as unknown as { style: { top: string }; innerText: string };
          return { top: parseFloat(el.style.top || '0'), text: el.innerText };
        })
        .sort((a, b) => a.top - b.top)
        .map((n) => n.text.replace(/\u00a0/g, ' ')),
    );
    // Editors scroll; the first rendered line is the editor's first visible line.
    const first = await this.firstVisibleLine();
    return lines[line - first] ?? '';
  }

  private async firstVisibleLine(): Promise<number> {
    const numbers = await this.page.locator('.editor-group-container.active .monaco-editor .margin-view-overlays .line-numbers').allInnerTexts();
    const parsed = numbers.map((n) => parseInt(n, 10)).filter((n) => Number.isFinite(n));
    return parsed.length ? Math.min(...parsed) : 1;
  }

  async statusBarText(): Promise<string> {
    return (await this.page.locator('.part.statusbar').innerText()).replace(/\s+/g, ' ');
  }

  async screenshot(file: string): Promise<void> {
    await this.parkMouse();
    await this.page.waitForTimeout(600); // let tooltips of what was clicked fade
    fs.mkdirSync(path.dirname(file), { recursive: true });
    await this.page.screenshot({ path: file });
    log(`screenshot ${path.relative(repoRoot, file)}`);
  }

  async close(): Promise<void> {
    await this.browser.close().catch(() => undefined);
    if (this.server.pid !== undefined) {
      killGroup(this.server.pid, 'SIGTERM');
      await new Promise((r) => setTimeout(r, 300));
      killGroup(this.server.pid, 'SIGKILL');
    }
    if (process.env.INCIDENT_LENS_EDITOR_KEEP !== '1') fs.rmSync(this.root, { recursive: true, force: true });
  }
}

// ---- the test-runner extension ---------------------------------------------------------------

export interface SuiteResults {
  passed: number;
  failed: number;
  pending: number;
  tests: { title: string; state: 'passed' | 'failed' | 'pending'; error?: string; durationMs?: number }[];
  /** What the suite printed (console.*), last 200 lines. */
  output?: string[];
  durationMs?: number;
}

/**
 * Builds the test-runner extension into a temp folder: the runner, the suite files bundled by
 * esbuild (vscode external) and a runner-config.json; packs it as a .vsix with vsce.
 */
export async function buildRunnerExtension(options: {
  suiteFiles: string[];
  resultsPath: string;
  timeoutMs?: number;
  grep?: string;
  /** Pack a .vsix (code-server installs it); @vscode/test-electron loads the folder instead. */
  pack?: boolean;
}): Promise<{ dir: string; vsix: string; config: Record<string, unknown> }> {
  const esbuild = await import('esbuild');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'incident-lens-runner-'));
  const source = path.join(__dirname, 'runner-extension');
  for (const f of ['package.json', 'extension.js']) fs.copyFileSync(path.join(source, f), path.join(dir, f));
  fs.writeFileSync(path.join(dir, 'LICENSE'), 'MIT (test-only extension, never shipped)\n');
  const files: string[] = [];
  for (const suiteFile of options.suiteFiles) {
    const out = path.join('suite', path.basename(suiteFile).replace(/\.ts$/, '.js'));
    await esbuild.build({
      entryPoints: [suiteFile],
      outfile: path.join(dir, out),
      bundle: true,
      platform: 'node',
      target: 'node20',
      format: 'cjs',
      external: ['vscode', 'mocha'],
      sourcemap: 'inline',
      logLevel: 'warning',
    });
    files.push(out);
  }
  const config = {
    mochaPath: path.dirname(require.resolve('mocha/package.json')),
    files,
    resultsPath: options.resultsPath,
    timeout: options.timeoutMs ?? 30000,
    grep: options.grep,
  };
  fs.writeFileSync(path.join(dir, 'runner-config.json'), JSON.stringify(config, null, 2));
  const vsix = path.join(dir, 'incident-lens-test-runner.vsix');
  if (options.pack === false) return { dir, vsix, config };
  const vsce = path.join(repoRoot, 'node_modules', '@vscode', 'vsce', 'vsce');
  const packed = spawnSync(process.execPath, [vsce, 'package', '--no-dependencies', '--allow-missing-repository', '--skip-license', '-o', vsix], {
    cwd: dir,
    encoding: 'utf8',
    timeout: 60000,
  });
  if (packed.status !== 0) throw new Error(`vsce package (runner) failed:\n${packed.stdout}${packed.stderr}`);
  return { dir, vsix, config };
}

/**
 * Runs suite files inside code-server's extension host next to `extensions` (the .vsix under test)
 * on a fresh copy of `workspace`; returns mocha's results.
 */
export async function runSuiteInCodeServer(options: {
  extensions: string[];
  suiteFiles: string[];
  workspace?: string;
  timeoutMs?: number;
  grep?: string;
  trust?: boolean;
  git?: boolean;
}): Promise<SuiteResults> {
  const resultsDir = fs.mkdtempSync(path.join(os.tmpdir(), 'incident-lens-results-'));
  const resultsPath = path.join(resultsDir, 'results.json');
  const runner = await buildRunnerExtension({ suiteFiles: options.suiteFiles, resultsPath, grep: options.grep });
  const folder = copyWorkspace(options.workspace ?? fixtureWorkspace, { git: options.git });
  let session: EditorSession | undefined;
  try {
    session = await EditorSession.start({
      extensions: [...options.extensions, runner.vsix],
      folder,
      trust: options.trust,
      env: { INCIDENT_LENS_EDITOR_TEST_WORKSPACE: folder },
    });
    const t0 = Date.now();
    const raw = await waitFor(
      'the suite results file',
      () => fs.existsSync(resultsPath) && fs.readFileSync(resultsPath, 'utf8'),
      options.timeoutMs ?? 300000,
      500,
    );
    log(`suite ran in ${Date.now() - t0} ms`);
    return JSON.parse(raw) as SuiteResults;
  } catch (error) {
    if (session) log(`code-server log tail:\n${fs.readFileSync(session.serverLog, 'utf8').split('\n').slice(-30).join('\n')}`);
    throw error;
  } finally {
    await session?.close();
    if (process.env.INCIDENT_LENS_EDITOR_KEEP !== '1') {
      for (const d of [runner.dir, resultsDir]) fs.rmSync(d, { recursive: true, force: true });
      removeWorkspace(folder);
    }
  }
}
