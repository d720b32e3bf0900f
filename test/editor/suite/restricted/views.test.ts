/**
 * Restricted Mode, as the views tell it: what is missing is said where it is missing, and Manage
 * Workspace Trust is offered (the welcome texts themselves are checked by the smoke test).
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activateAndWaitForIndex, file, poll } from '../helpers';

interface Api {
  fileIncidents: vscode.TreeDataProvider<unknown>;
  branchIncidents: vscode.TreeDataProvider<unknown>;
  views: { file: vscode.TreeView<unknown>; branch: vscode.TreeView<unknown> };
}

describe('Restricted Mode in the views', function () {
  let api: Api;

  before(async function () {
    this.timeout(90000);
    assert.equal(vscode.workspace.isTrusted, false, 'the fixture folder is not trusted');
    api = (await activateAndWaitForIndex()).exports as Api;
  });

  it('This File lists what the files tie, and says that ties through commits are missing', async () => {
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(file('src/cache/client.ts')));
    await poll('This File to list INC-2024-017 with the Restricted Mode message', async () => {
      const children = (await api.fileIncidents.getChildren()) ?? [];
      return children.length > 0 && /^Restricted Mode: git history is not read/.test(api.views.file.message ?? '') ? true : undefined;
    });
  });

  it('Touching This Branch is empty (its welcome explains why) and Manage Workspace Trust is offered', async () => {
    assert.deepEqual(await api.branchIncidents.getChildren(), []);
    const manifest = vscode.extensions.getExtension('incident-lens.incident-lens')!.packageJSON.contributes as {
      viewsWelcome: { view: string; when?: string; contents: string }[];
    };
    const welcome = manifest.viewsWelcome.find((w) => w.view === 'incidentLens.branchIncidents' && w.when === '!isWorkspaceTrusted');
    assert.match(welcome?.contents ?? '', /\[Manage Workspace Trust\]\(command:incidentLens\.manageTrust\)/);
    assert.ok((await vscode.commands.getCommands(true)).includes('incidentLens.manageTrust'));
  });
});
