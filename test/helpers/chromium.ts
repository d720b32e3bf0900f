/**
 * Renders a self-contained HTML page (the `--format html` outputs) in Debian's Chromium, the way
 * a person opening the file would, and reports what a hostile page would try: console errors,
 * any network request, script that ran, dialogs. Chromium comes from scripts/setup-editor-tools.sh
 * (and .ci/run); when it is missing as root on Debian it is installed here, otherwise the test
 * fails with the command to run (never a silent skip).
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { chromium, type Page } from 'playwright-core';

export const CHROMIUM = process.env.INCIDENT_LENS_CHROMIUM ?? '/usr/bin/chromium';
const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

function ensureChromium(): void {
  if (existsSync(CHROMIUM)) return;
  const root = process.getuid?.() === 0;
  if (root && existsSync('/usr/bin/apt-get')) {
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    spawnSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
    spawnSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', 'chromium'], { stdio: 'inherit', env });
  }
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium is not at ${CHROMIUM}: install it (Debian: apt-get install chromium) or set INCIDENT_LENS_CHROMIUM`);
}

export interface RenderedPage {
  consoleErrors: string[];
  /** Every request other than the page itself (file:// of the page). */
  requests: string[];
  dialogs: string[];
  title: string;
  text: string;
  /** Runs in the page after load, for the test's own questions. */
  evaluate<T>(fn: () => T): Promise<T>;
  screenshot(path: string): Promise<void>;
  close(): Promise<void>;
  page: Page;
}

export async function renderFile(file: string, viewport = { width: 1100, height: 900 }): Promise<RenderedPage> {
  ensureChromium();
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS, timeout: 60_000 });
  const context = await browser.newContext({ viewport, javaScriptEnabled: true });
  const page = await context.newPage();
  const url = pathToFileURL(file).href;
  const consoleErrors: string[] = [];
  const requests: string[] = [];
  const dialogs: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') consoleErrors.push(message.text());
  });
  page.on('pageerror', (error) => consoleErrors.push(String(error)));
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  // Nothing may leave the page: every request but the page itself is recorded and refused.
  await context.route('**/*', (route) => {
    const requested = route.request().url();
    if (requested === url) return route.continue();
    requests.push(requested);
    return route.abort();
  });
  await page.goto(url, { waitUntil: 'load', timeout: 60_000 });
  await page.waitForTimeout(300);
  return {
    consoleErrors,
    requests,
    dialogs,
    title: await page.title(),
    text: await page.innerText('body'),
    evaluate: (fn) => page.evaluate(fn),
    screenshot: async (path) => {
      await page.screenshot({ path, fullPage: true });
    },
    close: () => browser.close(),
    page,
  };
}
