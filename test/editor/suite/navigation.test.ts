/**
 * Navigating incidents in a real VS Code: the actions of a sidebar incident, All Incidents'
 * groupings and filter, This File on a record, and Touching This Branch naming its base. Runs
 * after extension.test.ts (files run in name order) on the same git workspace (branch fix-cache
 * off main), and leaves the workspace, the grouping and the branch as it found them.
 */
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as vscode from 'vscode';
import { activateAndWaitForIndex, closeAllEditorsDiscarding, file, labelText, poll, relative, workspaceRoot } from './helpers';

interface Api {
  fileIncidents: vscode.TreeDataProvider<unknown>;
  allIncidents: vscode.TreeDataProvider<unknown>;
  branchIncidents: vscode.TreeDataProvider<unknown>;
  views: { file: vscode.TreeView<unknown>; all: vscode.TreeView<unknown>; branch: vscode.TreeView<unknown> };
}

interface Row {
  node: unknown;
  label: string;
  description: string;
  contextValue?: string;
}

async function rows(provider: vscode.TreeDataProvider<unknown>, parent?: unknown): Promise<Row[]> {
  const out: Row[] = [];
  for (const node of (await provider.getChildren(parent)) ?? []) {
    const item = await provider.getTreeItem(node);
    out.push({
      node,
      label: labelText(item.label),
      description: typeof item.description === 'string' ? item.description : '',
      contextValue: item.contextValue,
    });
  }
  return out;
}

/** The fixture's incidents (earlier tests add records of their own, which these checks ignore). */
const FIXTURE_IDS = ['INC-2024-017', 'INC-2023-004'];

/** Groups and the fixture incidents in each: `[['2024', ['INC-2024-017']], …]`. */
async function grouped(provider: vscode.TreeDataProvider<unknown>): Promise<[string, string[]][]> {
  const out: [string, string[]][] = [];
  for (const group of await rows(provider)) {
    const ids = (await rows(provider, group.node)).map((r) => r.label.split(' — ')[0]).filter((id) => FIXTURE_IDS.includes(id));
    if (ids.length > 0) out.push([group.label, ids]);
  }
  return out;
}

function git(...args: string[]): string {
  return execFileSync('git', args, { cwd: workspaceRoot().fsPath, encoding: 'utf8' });
}

describe('Navigating incidents', function () {
  let api: Api;

  before(async function () {
    this.timeout(90000);
    api = (await activateAndWaitForIndex()).exports as Api;
  });

  after(async () => {
    await vscode.commands.executeCommand('incidentLens.groupAllIncidents', 'year');
    await vscode.commands.executeCommand('incidentLens.clearFilter');
    await closeAllEditorsDiscarding();
  });

  async function incidentRow(id: string): Promise<Row> {
    return poll(`${id} in All Incidents`, async () => {
      for (const group of await rows(api.allIncidents)) {
        const row = (await rows(api.allIncidents, group.node)).find((r) => r.label.startsWith(`${id} — `));
        if (row) return row;
      }
      return undefined;
    });
  }

  it('an incident row has inline actions on hover and a context menu of actions', async () => {
    const row = await incidentRow('INC-2024-017');
    assert.equal(row.contextValue, 'incident');
    const menus = vscode.extensions.getExtension('incident-lens.incident-lens')!.packageJSON.contributes.menus['view/item/context'] as {
      command: string;
      when: string;
      group: string;
    }[];
    const forIncident = (group: RegExp) => menus.filter((m) => m.when === 'viewItem == incident' && group.test(m.group)).map((m) => m.command);
    assert.deepEqual(forIncident(/^inline/), ['incidentLens.showStory', 'incidentLens.openRecord', 'incidentLens.findReferences']);
    assert.deepEqual(forIncident(/^(?!inline)/).sort(), [
      'incidentLens.copyId',
      'incidentLens.copyLink',
      'incidentLens.findReferences',
      'incidentLens.openRecord',
      'incidentLens.revealRecord',
      'incidentLens.showStory',
    ]);
  });

  it('Copy Id copies the id', async () => {
    const row = await incidentRow('INC-2024-017');
    assert.equal(await vscode.commands.executeCommand('incidentLens.copyId', row.node), 'INC-2024-017');
    assert.equal(await vscode.env.clipboard.readText(), 'INC-2024-017');
  });

  it('Copy Link: the relative path without a known remote, a permalink at HEAD with one (no credentials)', async function () {
    this.timeout(60000);
    const row = await incidentRow('INC-2024-017');
    assert.equal(await vscode.commands.executeCommand('incidentLens.copyLink', row.node), 'incidents/INC-2024-017.yaml');
    git('remote', 'add', 'origin', 'https://deploy:s3cret@github.com/acme/acme-api.git');
    try {
      const head = git('rev-parse', 'HEAD').trim();
      const expected = `https://github.com/acme/acme-api/blob/${head}/incidents/INC-2024-017.yaml`;
      const link = await poll('the Git extension to see the remote', async () => {
        const copied = await vscode.commands.executeCommand<string>('incidentLens.copyLink', row.node);
        return copied === expected ? copied : undefined;
      });
      assert.equal(await vscode.env.clipboard.readText(), link);
    } finally {
      git('remote', 'remove', 'origin');
    }
  });

  it('Find References opens the record at its id for the references view; Open Record and Reveal in Explorer show the file', async () => {
    const row = await incidentRow('INC-2023-004');
    assert.equal(await vscode.commands.executeCommand('incidentLens.findReferences', row.node), true);
    const editor = vscode.window.activeTextEditor;
    assert.equal(editor && relative(editor.document.uri), 'incidents/INC-2023-004.md');
    assert.equal(editor!.document.getText(editor!.selection), 'INC-2023-004');
    await closeAllEditorsDiscarding();
    await vscode.commands.executeCommand('incidentLens.openRecord', row.node);
    assert.equal(relative(vscode.window.activeTextEditor!.document.uri), 'incidents/INC-2023-004.md');
    assert.equal(await vscode.commands.executeCommand('incidentLens.revealRecord', row.node), true);
  });

  it('All Incidents groups by service, severity and status, and back by year; rows show the date', async () => {
    await vscode.commands.executeCommand('incidentLens.groupAllIncidents', 'service');
    const byService = await grouped(api.allIncidents);
    assert.deepEqual(byService, [
      ['api-gateway', ['INC-2024-017']],
      ['cache', ['INC-2024-017']],
      ['payments', ['INC-2023-004']],
    ]);
    assert.equal(api.views.all.description, 'by service');
    await vscode.commands.executeCommand('incidentLens.groupAllIncidents', 'severity');
    const bySeverity = await grouped(api.allIncidents);
    assert.deepEqual(bySeverity.slice(0, 2), [
      ['SEV1', ['INC-2023-004']],
      ['SEV2', ['INC-2024-017']],
    ]);
    await vscode.commands.executeCommand('incidentLens.groupAllIncidents', 'status');
    assert.ok((await grouped(api.allIncidents)).some(([label, ids]) => label === 'published' && ids.includes('INC-2024-017')));
    await vscode.commands.executeCommand('incidentLens.groupAllIncidents', 'year');
    assert.equal(api.views.all.description, undefined);
    const row = await incidentRow('INC-2024-017');
    assert.equal(row.description, '2024-03-14 · SEV2 · published');
  });

  it('All Incidents filters by words and says so; clearing shows every incident again', async () => {
    await vscode.commands.executeCommand('incidentLens.filterAllIncidents', 'payments certificate');
    assert.deepEqual(await grouped(api.allIncidents), [['2023', ['INC-2023-004']]]);
    assert.equal(api.views.all.description, 'filter: payments certificate');
    await vscode.commands.executeCommand('incidentLens.filterAllIncidents', 'no-such-words-anywhere');
    assert.deepEqual(await api.allIncidents.getChildren(), []);
    assert.match(api.views.all.message ?? '', /No incident matches "no-such-words-anywhere"/);
    await vscode.commands.executeCommand('incidentLens.clearFilter');
    assert.deepEqual(await grouped(api.allIncidents), [
      ['2024', ['INC-2024-017']],
      ['2023', ['INC-2023-004']],
    ]);
    assert.equal(api.views.all.message, undefined);
  });

  it('This File on a record shows where it is cited and its related incidents', async () => {
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(file('incidents/INC-2024-017.yaml')));
    const top = await poll('This File to show the record', async () => {
      const list = await rows(api.fileIncidents);
      return list.some((r) => /^INC-2024-017 is cited in \d+ places?$/.test(r.label)) ? list : undefined;
    });
    const cited = (await rows(api.fileIncidents, top[0].node)).map((r) => r.label);
    assert.ok(cited.includes('src/cache/client.ts:2'), cited.join(' | '));
    assert.ok(cited.includes('docs/architecture.md:4'), cited.join(' | '));
    const relatedGroup = top.find((r) => r.label === 'Related incidents');
    assert.ok(relatedGroup, top.map((r) => r.label).join(' | '));
    const related = await rows(api.fileIncidents, relatedGroup.node);
    assert.match(related[0].label, /^INC-2023-004 — Expired certificate stopped checkout$/);
    assert.equal(related[0].contextValue, 'incident', 'a related incident has the incident actions');
  });

  it('Touching This Branch names the base it compares with, and says why it is empty on the base itself', async function () {
    this.timeout(60000);
    await poll('the branch view to be filled', async () => ((await rows(api.branchIncidents)).length > 0 ? true : undefined));
    assert.equal(api.views.branch.description, 'compared with main');
    git('checkout', '-q', 'main');
    try {
      await poll(
        'the branch view to say the branch is main itself',
        async () => {
          await vscode.commands.executeCommand('incidentLens.refreshViews');
          const list = await rows(api.branchIncidents);
          return list.length === 0 && /main is main itself, the base this view compares with/.test(api.views.branch.message ?? '') ? true : undefined;
        },
        30000,
      );
    } finally {
      git('checkout', '-q', 'fix-cache');
      await vscode.commands.executeCommand('incidentLens.refreshViews');
    }
  });
});
