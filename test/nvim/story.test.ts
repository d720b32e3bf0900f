/**
 * The `:IncidentStory` command docs/editors.md gives Neovim users, run as written in headless
 * Neovim on a copy of examples/shop: the id under the cursor becomes a story page handed to the
 * browser (here a stand-in `xdg-open` on PATH that keeps the file it was given).
 */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { CLI } from '../helpers/cli';
import { EXAMPLE } from '../helpers/workspaces';

const REPO = path.join(__dirname, '../..');

function luaBlocks(): string[] {
  const doc = readFileSync(path.join(REPO, 'docs/editors.md'), 'utf8');
  return [...doc.matchAll(/```lua\n([\s\S]*?)```/g)].map((m) => m[1]);
}

describe('Neovim :IncidentStory (docs/editors.md)', function () {
  this.timeout(120_000);
  let tmp: string;

  before(function () {
    const nvim = spawnSync('nvim', ['--version'], { encoding: 'utf8' });
    if (nvim.status !== 0) {
      if (process.env.CI === 'true') throw new Error('nvim is not on PATH; CI must install it');
      this.skip();
    }
    tmp = mkdtempSync(path.join(tmpdir(), 'incident-lens-nvim-story-'));
  });
  after(() => tmp && rmSync(tmp, { recursive: true, force: true }));

  it('opens the story of the id under the cursor as one self-contained page', () => {
    const [init, ...rest] = luaBlocks();
    const story = rest.find((block) => block.includes("'IncidentStory'"));
    assert.ok(story, 'docs/editors.md gives the :IncidentStory command');
    const root = path.join(tmp, 'shop');
    cpSync(EXAMPLE, root, { recursive: true });
    const bin = path.join(tmp, 'bin');
    mkdirSync(bin);
    const opened = path.join(tmp, 'opened.html');
    const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
    writeFileSync(path.join(bin, 'incident-lens'), `#!/bin/sh\nexec ${quote(process.execPath)} ${quote(CLI)} "$@"\n`);
    writeFileSync(path.join(bin, 'xdg-open'), `#!/bin/sh\ncp "$1" ${quote(opened)}\n`);
    for (const f of ['incident-lens', 'xdg-open']) chmodSync(path.join(bin, f), 0o755);
    const config = path.join(tmp, 'init.lua');
    writeFileSync(config, `${init}\n${story}`);
    const xdg = Object.fromEntries(['XDG_CONFIG_HOME', 'XDG_DATA_HOME', 'XDG_STATE_HOME', 'XDG_CACHE_HOME'].map((n) => [n, path.join(tmp, n.toLowerCase())]));
    const run = spawnSync(
      'nvim',
      ['--headless', '-n', '-i', 'NONE', '-u', config, 'src/checkout/pool.ts', '-c', 'call cursor(2, 12)', '-c', 'IncidentStory', '-c', 'sleep 2', '-c', 'qa!'],
      { cwd: root, encoding: 'utf8', timeout: 60_000, env: { ...process.env, ...xdg, PATH: `${bin}${path.delimiter}${process.env.PATH ?? ''}` } },
    );
    assert.ok(existsSync(opened), `the browser was handed a page (nvim exit ${run.status}): ${run.stderr}`);
    const html = readFileSync(opened, 'utf8');
    assert.match(html, /<h1>Checkout timed out after the connection pool was resized<\/h1>/);
    assert.match(html, /<svg class="timeline"/);
    assert.doesNotMatch(html, /<script/);
  });
});
