import * as assert from 'node:assert/strict';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { renderFile } from '../helpers/chromium';
import { runCli } from '../helpers/cli';
import { EXAMPLE } from '../helpers/workspaces';

const SCREENSHOTS = path.join(__dirname, '../../docs/screenshots');

/** The example shop plus a record tied to nothing, whose text is hostile in every output format. */
function workspace(): string {
  // Named like the example, so the report (and its README screenshot) reads "Incident knowledge in shop".
  const dir = path.join(mkdtempSync(path.join(tmpdir(), 'incident-lens-insights-')), 'shop');
  cpSync(EXAMPLE, dir, { recursive: true });
  mkdirSync(path.join(dir, 'incidents/2025'), { recursive: true });
  writeFileSync(
    path.join(dir, 'incidents/2025/INC-2025-001.yaml'),
    `id: INC-2025-001
title: "</style><script>document.title='pwned'</script><img src=https://example.com/beacon.png> @oncall-team \\e]0;owned\\a"
started: 2025-01-02
summary: The queue grew. [click](command:workbench.action.terminal.new) <iframe src="https://example.com"></iframe>
services: [checkout-api]
action_items:
  - description: "<b>Rotate</b> the @platform keys"
    owner: "<svg onload=alert(1)>"
`,
  );
  return dir;
}

describe('incident-lens insights (the real binary)', function () {
  this.timeout(180_000);
  let dir: string;
  before(() => {
    dir = workspace();
  });
  after(() => rmSync(path.dirname(dir), { recursive: true, force: true }));

  it('text: coverage, depth, gatherings, follow-through, with no terminal escape from record text', () => {
    const { code, stdout, stderr } = runCli(['insights', dir, '--no-git']);
    assert.equal(code, 0, stderr);
    assert.match(stdout, /Incident knowledge in .*: 3 incident\(s\)/);
    assert.match(stdout, /referenced from code comments\s+\S+\s+2 of 3/);
    assert.match(stdout, /floating \(no way to reach code\)\s+\S+\s+1 of 3\n\s+floating: INC-2025-001/);
    assert.match(stdout, /Follow-through: open action items, oldest first\n\s+\d+ days\s+INC-2024-017/);
    assert.doesNotMatch(stdout, /[\u0000-\u0008\u000b-\u001f\u007f]/);
  });

  it('json: the figures a script can read', () => {
    const insights = JSON.parse(runCli(['insights', dir, '--no-git', '--format', 'json']).stdout);
    assert.deepEqual(insights.coverage, { code: 2, docs: 0, 'tied-only': 0, floating: 1, architectureDocs: 2 });
    assert.equal(insights.incidentCount, 3);
    assert.deepEqual(
      insights.openActions.map((a: { id: string }) => a.id),
      ['INC-2024-017', 'INC-2025-001'],
    );
  });

  it('--path makes a reading list of that code, with each lesson', () => {
    const { stdout } = runCli(['insights', dir, '--no-git', '--path', path.join(dir, 'src/checkout')]);
    assert.match(stdout, /Reading list tied to src\/checkout: most tied first\n\s+INC-2024-017 .*\n\s+A safe pool size depends on the slowest dependency/);
    assert.match(runCli(['insights', dir, '--path', 'a', '--service', 'b']).stderr, /--path or --service, not both/);
    assert.equal(runCli(['insights', dir, '--format', 'pdf']).code, 2);
  });

  it('markdown: record text is escaped, mentions nobody and links nowhere', () => {
    const { stdout } = runCli(['insights', dir, '--no-git', '--format', 'markdown']);
    assert.match(stdout, /^## Incident knowledge in /);
    assert.match(stdout, /\| referenced from code comments \| 2 \| 67% \|/);
    assert.doesNotMatch(stdout, /<(?:script|b|svg|iframe)/i);
    assert.doesNotMatch(stdout, /(^|[^\u200b])@platform/);
    assert.doesNotMatch(stdout, /\]\(command:/);
  });

  it('html: Chromium renders the page with charts, no console error, no request and no script', async () => {
    const out = path.join(dir, 'report');
    const written = runCli(['insights', dir, '--no-git', '--out', out]);
    assert.equal(written.code, 0, written.stderr);
    const file = path.join(out, 'index.html');
    assert.ok(existsSync(file));
    const html = readFileSync(file, 'utf8');
    assert.match(html, /<meta http-equiv="Content-Security-Policy" content="default-src &#39;none&#39;/);
    assert.doesNotMatch(html, /<script/i);
    const page = await renderFile(file);
    try {
      assert.deepEqual(page.consoleErrors, []);
      assert.deepEqual(page.requests, []);
      assert.deepEqual(page.dialogs, []);
      assert.equal(page.title, `Incident knowledge in ${path.basename(dir)}`);
      assert.match(page.text, /Woven into the code/);
      // Record text shows as the text it is: the tags are characters on the page, not elements.
      assert.match(page.text, /<b>Rotate<\/b> the @platform keys\t<svg onload=alert\(1\)>/);
      assert.equal((await page.page.locator('svg.chart').count()) >= 3, true);
      assert.equal(await page.page.locator('script, img, iframe').count(), 0);
      if (process.env.INCIDENT_LENS_SCREENSHOTS !== '0') {
        mkdirSync(SCREENSHOTS, { recursive: true });
        await page.screenshot(path.join(SCREENSHOTS, 'insights-report.png'));
      }
    } finally {
      await page.close();
    }
  });
});
