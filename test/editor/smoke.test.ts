/**
 * Smoke test of the packaged .vsix in code-server, driven through Chromium as a user would: the
 * keyboard, the activity bar, the command palette. Saves the README's screenshots to
 * docs/screenshots/. The .vsix comes from INCIDENT_LENS_VSIX (run.ts sets it), else
 * incident-lens-<version>.vsix at the repository root.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Locator } from 'playwright-core';
import { copyWorkspace, EditorSession, removeWorkspace, repoRoot, waitFor } from './codeServer';

const screenshots = process.env.INCIDENT_LENS_SCREENSHOTS ?? path.join(repoRoot, 'docs', 'screenshots');

export function vsixPath(): string {
  const fromEnv = process.env.INCIDENT_LENS_VSIX;
  if (fromEnv) return path.resolve(fromEnv);
  const { version } = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { version: string };
  return path.join(repoRoot, `incident-lens-${version}.vsix`);
}

function viewPane(session: EditorSession, title: string): Locator {
  return session.page.locator('.pane').filter({ has: session.page.locator('.pane-header .title', { hasText: new RegExp(`^${title}$`, 'i') }) });
}

async function rowsOf(pane: Locator, expect: RegExp): Promise<string[]> {
  return waitFor(
    `rows matching ${String(expect)}`,
    async () => {
      const rows = (await pane.locator('.monaco-list-row').allInnerTexts()).map((r) => r.replace(/\s+/g, ' ').trim());
      return rows.some((r) => expect.test(r)) ? rows : undefined;
    },
    30000,
    300,
  );
}

describe('smoke: Incident Lens in code-server, as a user', function () {
  this.timeout(240000);
  let session: EditorSession;
  let folder: string;

  before(async function () {
    const vsix = vsixPath();
    assert.ok(fs.existsSync(vsix), `the packaged extension exists: ${vsix} (npm run package)`);
    folder = copyWorkspace();
    session = await EditorSession.start({ extensions: [vsix], folder });
  });

  after(async () => {
    await session?.close();
    if (folder) removeWorkspace(folder);
  });

  it('hover on a reference shows the id and title', async () => {
    await session.openFile('src/cache/client.ts');
    // The status bar item and the code lens appear once the server has indexed the workspace: only
    // then can a hover be expected (the first session also waits for the extension host to start).
    await waitFor('the server to answer (status bar)', async () => (/\b1 incident\b/.test(await session.statusBarText()) ? true : undefined), 90000);
    await session.page.locator('.codelens-decoration', { hasText: 'past incident' }).first().waitFor({ timeout: 60000 });
    await session.goTo(2, 12); // inside "INC-2024-017"
    const text = await session.hover('Retry storm after cache failover', 60000);
    assert.match(text, /INC-2024-017/);
    assert.match(text, /SEV2/);
    await session.screenshot(path.join(screenshots, 'hover.png'));
    await session.page.keyboard.press('Escape');
  });

  it('the status bar counts the incidents tied to the file', async () => {
    const text = await waitFor(
      'the Incident Lens status bar item',
      async () => {
        const t = await session.statusBarText();
        return /\b1 incident\b/.test(t) ? t : undefined;
      },
      20000,
    );
    assert.match(text, /1 incident/);
  });

  it('the Incidents view lists the incidents of the file and all incidents by year', async () => {
    await session.page.locator('.part.activitybar .action-item [aria-label^="Incidents"]').first().click();
    const all = await rowsOf(viewPane(session, 'All Incidents'), /INC-2023-004/);
    const joined = all.join(' | ');
    assert.ok(all.findIndex((r) => r.startsWith('2024')) < all.findIndex((r) => r.startsWith('2023')), `years newest first: ${joined}`);
    assert.match(joined, /INC-2024-017 — Retry storm after cache failover/);
    assert.match(joined, /INC-2023-004 — Expired certificate stopped checkout/);
    const thisFile = await rowsOf(viewPane(session, 'This File'), /INC-2024-017/);
    assert.match(thisFile.join(' | '), /line 2/);
    await session.screenshot(path.join(screenshots, 'sidebar.png'));
  });

  it('completion in a comment offers the incidents', async () => {
    await session.openFile('src/cache/client.ts');
    await session.goTo(1, 30); // end of "// Cache client with retries."
    await session.page.keyboard.type(' See INC');
    // Ask again until the server has indexed the workspace (a first answer may come before that).
    const rows = await waitFor(
      'the suggest widget with both incidents',
      async () => {
        await session.page.keyboard.press('Control+Space');
        await session.page.waitForTimeout(1000);
        const r = await session.page.locator('.editor-widget.suggest-widget .monaco-list-row').allInnerTexts();
        const ok = r.some((x) => x.includes('INC-2024-017')) && r.some((x) => x.includes('INC-2023-004'));
        if (!ok) await session.page.keyboard.press('Escape');
        return ok ? r : undefined;
      },
      60000,
      200,
    );
    assert.ok(rows.join(' ').includes('Retry storm'), rows.join(' | '));
    await session.screenshot(path.join(screenshots, 'completion.png'));
    await session.page.keyboard.press('Escape');
    await session.runCommand('File: Revert File');
  });

  it('Insert Incident Reference from the command palette inserts the picked id in a comment', async () => {
    await session.openFile('src/cache/client.ts');
    await session.goTo(9, 1); // the empty line inside `catch`
    assert.equal((await session.lineText(9)).trim(), '');
    await session.runCommand('Incident Lens: Insert Incident Reference');
    await session.quickPickItems();
    await session.page.keyboard.type('certificate');
    await session.page.locator('.quick-input-widget .monaco-list-row', { hasText: 'INC-2023-004' }).first().waitFor();
    await waitFor(
      'the filter to leave INC-2023-004 first',
      async () => {
        const rows = await session.page.locator('.quick-input-widget .monaco-list-row').allInnerTexts();
        return rows.length > 0 && rows[0].includes('INC-2023-004') ? true : undefined;
      },
      10000,
    );
    await session.page.keyboard.press('Enter');
    const line = await waitFor(
      'the inserted reference',
      async () => {
        const text = await session.lineText(9);
        return text.includes('INC-2023-004') ? text : undefined;
      },
      10000,
    );
    assert.match(line, /^\s*\/\/ (see )?INC-2023-004\s*$/, JSON.stringify(line));
  });

  it('Show Insights opens the report in a webview whose incident links open the incident', async () => {
    await session.runCommand('Incident Lens: Show Insights');
    // The page lives in a webview's inner frame: find the frame that shows the report.
    const frame = await waitFor(
      'the insights webview',
      async () => {
        for (const f of session.page.frames()) {
          const text = await f
            .locator('body')
            .innerText({ timeout: 500 })
            .catch(() => '');
          if (text.includes('Woven into the code')) return f;
        }
        return undefined;
      },
      30000,
      300,
    );
    const text = await frame.locator('body').innerText();
    assert.match(text, /Incident knowledge in acme-api/);
    assert.match(text, /Depth of the write-ups/);
    assert.match(text, /Follow-through: open action items, oldest first/);
    assert.ok((await frame.locator('svg.chart').count()) >= 2, 'the charts are drawn');
    await session.screenshot(path.join(screenshots, 'insights.png'));
    // The first mention may sit in a collapsed <details> (the per-record table): click one in view.
    await frame.locator('a.incident').filter({ hasText: 'INC-2024-017', visible: true }).first().click();
    await waitFor(
      'the incident to open from the report',
      async () => {
        const tabs = await session.page.locator('.tabs-container .tab').allInnerTexts();
        return tabs.some((t) => /INC-2024-017/.test(t)) ? true : undefined;
      },
      20000,
    );
  });
});

describe('smoke: untrusted workspace (restricted mode)', function () {
  this.timeout(240000);
  let session: EditorSession;
  let folder: string;

  before(async function () {
    const vsix = vsixPath();
    assert.ok(fs.existsSync(vsix), `the packaged extension exists: ${vsix}`);
    folder = copyWorkspace(undefined, { git: true });
    session = await EditorSession.start({ extensions: [vsix], folder, trust: true });
  });

  after(async () => {
    await session?.close();
    if (folder) removeWorkspace(folder);
  });

  it('runs in restricted mode and the hover still works', async () => {
    const status = await waitFor(
      'the Restricted Mode indicator',
      async () => {
        const t = await session.statusBarText();
        return /Restricted Mode/i.test(t) ? t : undefined;
      },
      20000,
    );
    assert.match(status, /Restricted Mode/i);
    await session.openFile('src/cache/client.ts');
    await session.goTo(2, 12);
    const text = await session.hover('Retry storm after cache failover', 60000);
    assert.match(text, /INC-2024-017/);
  });
});
