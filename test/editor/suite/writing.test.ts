/**
 * Writing records in a real VS Code: New Incident Record as a user meets it (no question asked, a
 * snippet to Tab through, the configured severities, the services already used, the folder the
 * team keeps its records in). Runs after extension.test.ts (files run in name order) and removes
 * what it writes.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { parse } from 'yaml';
import { activateAndWaitForIndex, closeAllEditorsDiscarding, file, poll, relative, sleep } from './helpers';

interface Api {
  client: { sendRequest(method: string, params: unknown): Promise<unknown> };
}

const written: vscode.Uri[] = [];

async function typeText(text: string): Promise<void> {
  await vscode.commands.executeCommand('type', { text });
}

async function nextTabStop(): Promise<void> {
  // A choice tab stop opens the suggest list; Tab in the editor moves on, as the command does.
  await vscode.commands.executeCommand('hideSuggestWidget');
  await vscode.commands.executeCommand('jumpToNextSnippetPlaceholder');
}

function selectedText(): string {
  const editor = vscode.window.activeTextEditor;
  assert.ok(editor, 'an editor is active');
  return editor.document.getText(editor.selection);
}

/** Runs New Incident Record with no argument, as the command palette or the view's + button does. */
async function newIncident(title?: string): Promise<vscode.Uri> {
  const run = vscode.commands.executeCommand<vscode.Uri | undefined>('incidentLens.newIncident', ...(title ? [title] : []));
  const winner = await Promise.race([run.then((uri) => ({ uri })), sleep(15000).then(() => undefined)]);
  if (winner === undefined) {
    await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
    assert.fail('New Incident Record did not finish on its own: it asked something');
  }
  assert.ok(winner.uri, 'the command returns the new record');
  written.push(winner.uri);
  return winner.uri;
}

async function settingsApplied(api: Api, check: (answer: { records: string[]; severities?: string[] }) => boolean): Promise<void> {
  await poll(
    'the server to read the new settings',
    async () => {
      const answer = (await api.client.sendRequest('incidentLens/recordGlobs', { uri: file('').toString() })) as { records: string[]; severities?: string[] };
      return check(answer) ? true : undefined;
    },
    30000,
  );
}

describe('Writing records', function () {
  let api: Api;
  const settings = () => vscode.workspace.getConfiguration('incidentLens');

  before(async function () {
    this.timeout(90000);
    api = (await activateAndWaitForIndex()).exports as Api;
  });

  after(async function () {
    this.timeout(60000);
    await closeAllEditorsDiscarding();
    await settings().update('severities', undefined, vscode.ConfigurationTarget.Workspace);
    await settings().update('records', undefined, vscode.ConfigurationTarget.Workspace);
    for (const uri of written) await vscode.workspace.fs.delete(uri).then(undefined, () => undefined);
    await vscode.workspace.fs.delete(file('reviews'), { recursive: true }).then(undefined, () => undefined);
  });

  it('New Incident Record asks nothing and opens a snippet: title, summary, configured severity, a used service, the narrative', async function () {
    this.timeout(90000);
    await settings().update('severities', ['critical', 'major', 'minor'], vscode.ConfigurationTarget.Workspace);
    await settingsApplied(api, (answer) => answer.severities?.join() === 'critical,major,minor');

    const uri = await newIncident();
    assert.match(relative(uri), /^incidents\/INC-\d{4}-\d{3}\.yaml$/, 'the records sit directly in incidents/, so does the new one');
    const editor = vscode.window.activeTextEditor;
    assert.equal(editor && relative(editor.document.uri), relative(uri), 'the new record is open');
    // The first tab stop is the title, selected so typing replaces the prompt.
    assert.equal(selectedText(), 'What happened to the system, in one line');
    await typeText('Queue backed up after a deploy');
    await nextTabStop();
    await typeText('Orders waited for twenty minutes.');
    await nextTabStop();
    assert.equal(selectedText(), 'critical', 'the severity offers the configured list, first one selected');
    await nextTabStop();
    assert.ok(['api-gateway', 'cache', 'payments'].includes(selectedText()), `a service already used: ${selectedText()}`);
    await nextTabStop();
    await typeText('Ana saw the queue grow.');
    await nextTabStop();
    assert.equal(selectedText(), 'confusion', 'the first difficulty kind');
    assert.ok(await editor!.document.save(), 'saved');

    const record = parse(editor!.document.getText()) as Record<string, unknown>;
    assert.equal(record.title, 'Queue backed up after a deploy');
    assert.equal(record.summary, 'Orders waited for twenty minutes.');
    assert.equal(record.severity, 'critical');
    assert.equal(record.status, 'draft');
    assert.equal(String(record.narrative).trim(), 'Ana saw the queue grow.');
    assert.deepEqual(record.contributing_factors, ['']);
    // Real, empty fields to fill: no commented-out YAML.
    assert.doesNotMatch(editor!.document.getText(), /^#\s*(narrative|difficulties|contributing_factors):/m);
  });

  it('New Incident Record never overwrites and goes into the year folder where records are grouped by year', async function () {
    this.timeout(90000);
    const year = new Date().getFullYear();
    const encoder = new TextEncoder();
    const record = (id: string, started: string) =>
      encoder.encode(`id: ${id}\ntitle: Grouped ${id}\nstarted: ${started}\nsummary: Kept in a year folder.\nservices: [billing]\n`);
    await vscode.workspace.fs.writeFile(file('reviews/2023/INC-2023-101.yaml'), record('INC-2023-101', '2023-02-01'));
    await vscode.workspace.fs.writeFile(file(`reviews/${year - 1}/INC-${year - 1}-102.yaml`), record(`INC-${year - 1}-102`, `${year - 1}-06-01`));
    // A file the index does not know, named like the next id: it must be left alone.
    const squatter = file(`reviews/${year}/INC-${year}-001.yaml`);
    await vscode.workspace.fs.writeFile(squatter, encoder.encode('# not a record yet\n'));
    await settings().update('records', ['reviews/**'], vscode.ConfigurationTarget.Workspace);
    await settingsApplied(api, (answer) => answer.records.join() === 'reviews/**');
    await poll('the grouped records to be listed', async () => {
      const list = (await api.client.sendRequest('incidentLens/listIncidents', {})) as { id: string }[];
      return list.some((i) => i.id === 'INC-2023-101') && !list.some((i) => i.id === 'INC-2024-017') ? true : undefined;
    });

    const uri = await newIncident('Invoices sent twice');
    assert.equal(relative(uri), `reviews/${year}/INC-${year}-002.yaml`);
    assert.equal(new TextDecoder().decode(await vscode.workspace.fs.readFile(squatter)), '# not a record yet\n', 'nothing overwritten');
    const text = vscode.window.activeTextEditor!.document.getText();
    assert.match(text, /^title: "Invoices sent twice"$/m);
    assert.match(text, /^services: \[billing\]$/m, 'the service these records use, offered first');
    assert.equal(selectedText(), '', 'the cursor waits in the summary');
    assert.match(vscode.window.activeTextEditor!.document.lineAt(vscode.window.activeTextEditor!.selection.active.line).text, /^summary: ""$/);
    await vscode.commands.executeCommand('workbench.action.files.save');
  });
});
