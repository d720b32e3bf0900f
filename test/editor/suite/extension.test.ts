/**
 * Integration suite: runs inside a real VS Code extension host (code-server here, VS Code desktop
 * through @vscode/test-electron elsewhere) against the installed Incident Lens extension, on a
 * copy of test/editor/workspace. Uses only the public `vscode` API.
 */
import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as nodePath from 'node:path';
import * as vscode from 'vscode';
import { activateAndWaitForIndex, file, hoverText, labelText, locationRange, locationUri, poll, relative, sleep } from './helpers';

const KNOWN_IDS = ['INC-2024-017', 'INC-2023-004'];
const ID_LINE = /^\s*(\/\/|#)\s*(see\s+)?INC-\d{4}-\d{3}\b/;

/** What activate() returns (the client's IncidentLensApi): the two tree providers. */
interface ExtensionApi {
  fileIncidents?: vscode.TreeDataProvider<unknown>;
  allIncidents?: vscode.TreeDataProvider<unknown>;
  branchIncidents?: vscode.TreeDataProvider<unknown>;
  activationMs?: number;
  mcpServer?: 'registered' | 'unavailable';
  indexed?: Promise<{ files: number; durationMs: number }>;
}

/** What incidentLens.importPostmortems returns (the server's incidentLens/import answer). */
interface ImportResultLike {
  dryRun: boolean;
  entries: Array<{ outcome: string; id?: string; missing: string[] }>;
}

async function show(relativePath: string): Promise<vscode.TextEditor> {
  const document = await vscode.workspace.openTextDocument(file(relativePath));
  return vscode.window.showTextDocument(document, { preview: false });
}

async function revert(editor: vscode.TextEditor): Promise<void> {
  await vscode.window.showTextDocument(editor.document);
  await vscode.commands.executeCommand('workbench.action.files.revert');
}

async function treeLabels(provider: vscode.TreeDataProvider<unknown>, parent?: unknown): Promise<{ node: unknown; label: string; description: string }[]> {
  const children = (await provider.getChildren(parent)) ?? [];
  const items = [];
  for (const node of children) {
    const item = await provider.getTreeItem(node);
    items.push({ node, label: labelText(item.label), description: typeof item.description === 'string' ? item.description : '' });
  }
  return items;
}

/** Runs Insert Incident Reference as a user would, accepting the quick pick's first item once it is filled. */
async function insertReferenceAcceptingFirstItem(): Promise<boolean | undefined> {
  const done = vscode.commands.executeCommand<boolean>('incidentLens.insertReference');
  let finished = false;
  void done.then(() => (finished = true));
  for (let i = 0; i < 40 && !finished; i++) {
    await sleep(500);
    await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
  }
  assert.ok(finished, 'the command finished after an item was accepted');
  return done;
}

describe('Incident Lens in a real VS Code', function () {
  let api: ExtensionApi | undefined;

  before(async function () {
    this.timeout(90000);
    const extension = await activateAndWaitForIndex();
    api = extension.exports as ExtensionApi | undefined;
  });

  afterEach(async () => {
    await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
  });

  it('is active, and does not activate on "*"', async function () {
    const extension = vscode.extensions.getExtension('incident-lens.incident-lens');
    assert.ok(extension?.isActive);
    const events: string[] = extension.packageJSON.activationEvents ?? [];
    assert.ok(!events.includes('*'), `activationEvents: ${events.join(', ')}`);
    // Measured, not asserted (shared machines are noisy): the note reports it.
    assert.equal(typeof api?.activationMs, 'number');
    // In the test's title, so every run's report shows it.
    this.test!.title += ` (activate() took ${api?.activationMs} ms`;
    // The server's first full index of this small workspace, as its Output channel logs it: it
    // must feel instant, so nothing that pays only on large trees (workers, ripgrep) starts.
    const first = await api?.indexed;
    assert.equal(typeof first?.durationMs, 'number');
    this.test!.title += `; first index of ${first?.files} files took ${first?.durationMs} ms)`;
  });

  it('offers its MCP server where VS Code has the API, and activates as before where it has not', function () {
    const hasApi =
      typeof (vscode as unknown as { lm?: { registerMcpServerDefinitionProvider?: unknown } }).lm?.registerMcpServerDefinitionProvider === 'function';
    // Activation went on either way (this suite's before-all activated it); registered only where
    // the API exists and accepts the contribution (1.101+; 1.100 has the function but refuses it).
    assert.ok(api?.mcpServer === 'unavailable' || (api?.mcpServer === 'registered' && hasApi), `${api?.mcpServer} (API present: ${hasApi})`);
    const extension = vscode.extensions.getExtension('incident-lens.incident-lens');
    assert.deepEqual(extension?.packageJSON.contributes.mcpServerDefinitionProviders, [{ id: 'incidentLens.mcp', label: 'Incident Lens' }]);
    this.test!.title += ` (VS Code ${vscode.version}: ${api?.mcpServer})`;
  });

  it('hover on a reference in a comment shows the id, title, severity and summary', async () => {
    const text = await hoverText(file('src/cache/client.ts'), new vscode.Position(1, 10));
    assert.match(text, /INC-2024-017/);
    assert.match(text, /Retry storm after cache failover/);
    assert.match(text, /SEV2/);
    assert.match(text, /primary cache node failed over/);
    assert.match(text, /no jitter/, 'contributing factors are shown');
  });

  it('the hover opens with its actions (Read the story, N references, Open record) and ends with Read the story', async () => {
    const uri = file('src/cache/client.ts');
    const hovers = (await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, new vscode.Position(1, 10))) ?? [];
    const parts = hovers.flatMap((h) => h.contents).map((c) => (typeof c === 'string' ? c : c.value));
    const links = [...parts[0].matchAll(/\[([^\]]+)\]\(command:([\w.]+)\?([^ )]+)/g)].map(([, label, command, args]) => ({
      label,
      command,
      args: JSON.parse(decodeURIComponent(args)) as unknown[],
    }));
    assert.deepEqual(
      links.map((l) => `${l.label} -> ${l.command}`),
      [
        '$(book) Read the story -> incidentLens.showStory',
        '$(references) 2 references -> incidentLens.referencesAt',
        '$(go-to-file) Open record -> incidentLens.openIncident',
      ],
    );
    assert.match(parts[1], /Retry storm after cache failover/, 'the story follows the actions');
    assert.match(parts[parts.length - 1], /^\[Read the story\]\(command:incidentLens\.showStory\?/);
    // The links run what they name: Open record opens the record at its id; N references puts the
    // cursor on the hovered reference (and VS Code's References view lists them: the smoke test).
    const open = links[2];
    await vscode.commands.executeCommand(open.command, ...open.args);
    await poll('the record in the active editor', () =>
      vscode.window.activeTextEditor?.document.uri.path.endsWith('/incidents/INC-2024-017.yaml') ? true : undefined,
    );
    assert.equal(vscode.window.activeTextEditor?.document.getText(vscode.window.activeTextEditor.selection), 'INC-2024-017');
    const references = links[1];
    assert.deepEqual(references.args, [uri.toString(), { line: 1, character: 7 }]);
    await vscode.commands.executeCommand(references.command, ...references.args);
    await poll('client.ts with the cursor on the reference', () => {
      const editor = vscode.window.activeTextEditor;
      return editor?.document.uri.toString() === uri.toString() && editor.selection.active.isEqual(new vscode.Position(1, 7)) ? true : undefined;
    });
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('a string literal is not a reference: no hover for "INC-42"', async () => {
    const document = await vscode.workspace.openTextDocument(file('src/cache/client.ts'));
    const line = document
      .getText()
      .split('\n')
      .findIndex((l) => l.includes('"INC-42"'));
    assert.ok(line >= 0);
    const character = document.lineAt(line).text.indexOf('INC-42') + 2;
    const text = await hoverText(document.uri, new vscode.Position(line, character));
    assert.doesNotMatch(text, /INC-42/);
  });

  it('completion in a comment lists every incident with its title', async () => {
    const editor = await show('src/cache/client.ts');
    try {
      const ok = await editor.edit((b) => b.insert(new vscode.Position(0, 0), '// related to INC-\n'));
      assert.ok(ok);
      const list = await vscode.commands.executeCommand<vscode.CompletionList>(
        'vscode.executeCompletionItemProvider',
        editor.document.uri,
        new vscode.Position(0, '// related to INC-'.length),
      );
      const labels = list.items.map((i) => labelText(i.label as string | vscode.TreeItemLabel));
      for (const id of KNOWN_IDS) assert.ok(labels.includes(id), `completion has ${id}: ${labels.slice(0, 20).join(', ')}`);
      const item = list.items.find((i) => labelText(i.label as string | vscode.TreeItemLabel) === 'INC-2024-017');
      const shown = `${item?.detail ?? ''} ${JSON.stringify(item?.label)} ${typeof item?.documentation === 'string' ? item.documentation : (item?.documentation?.value ?? '')}`;
      assert.match(shown, /Retry storm after cache failover/);
    } finally {
      await revert(editor);
    }
  });

  it('go to definition on a reference opens the record at its id', async () => {
    const locations = await vscode.commands.executeCommand<(vscode.Location | vscode.LocationLink)[]>(
      'vscode.executeDefinitionProvider',
      file('src/cache/client.ts'),
      new vscode.Position(1, 10),
    );
    assert.ok(locations.length >= 1, 'a definition');
    assert.equal(relative(locationUri(locations[0])), 'incidents/INC-2024-017.yaml');
    assert.equal(locationRange(locations[0]).start.line, 0);
  });

  it('find references lists mentions in code, docs and other records', async () => {
    const locations = await vscode.commands.executeCommand<vscode.Location[]>(
      'vscode.executeReferenceProvider',
      file('src/payments/checkout.py'),
      new vscode.Position(2, 4),
    );
    const files = new Set(locations.map((l) => relative(l.uri)));
    for (const expected of ['src/payments/checkout.py', 'docs/architecture.md', 'incidents/INC-2024-017.yaml']) {
      assert.ok(files.has(expected), `references include ${expected}: ${[...files].join(', ')}`);
    }
  });

  it('code lenses: "N references" on a record id, "N past incidents" and the incident over tied code', async () => {
    // The command needs the documents loaded in the editor's model service.
    await vscode.workspace.openTextDocument(file('incidents/INC-2024-017.yaml'));
    await vscode.workspace.openTextDocument(file('src/cache/client.ts'));
    const recordLenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', file('incidents/INC-2024-017.yaml'), 100);
    const recordTitles = recordLenses.map((l) => l.command?.title ?? '');
    assert.ok(
      recordTitles.some((t) => /^[1-9]\d* references?$/.test(t)),
      `record lenses: ${recordTitles.join(' | ')}`,
    );

    const codeLenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', file('src/cache/client.ts'), 100);
    const codeTitles = codeLenses.map((l) => l.command?.title ?? '');
    assert.ok(
      codeTitles.some((t) => /^[1-9]\d* past incidents?$/.test(t)),
      `file lenses: ${codeTitles.join(' | ')}`,
    );
    assert.ok(
      codeTitles.some((t) => t.includes('INC-2024-017') && t.includes('Retry storm')),
      `code range lens: ${codeTitles.join(' | ')}`,
    );
  });

  it('an unknown reference gets a warning, with a quick fix naming known ids', async () => {
    const uri = file('src/payments/checkout.py');
    await vscode.workspace.openTextDocument(uri);
    const diagnostic = await poll('a diagnostic on INC-2024-071', () => vscode.languages.getDiagnostics(uri).find((d) => d.message.includes('INC-2024-071')));
    assert.equal(diagnostic.severity, vscode.DiagnosticSeverity.Warning);
    assert.equal(diagnostic.range.start.line, 5);
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, diagnostic.range);
    const titles = actions.map((a) => a.title);
    assert.ok(
      titles.some((t) => KNOWN_IDS.some((id) => t.includes(id))),
      `quick fixes: ${titles.join(' | ')}`,
    );
    // And nothing is reported against the string literal or the known references.
    const clientDiagnostics = vscode.languages.getDiagnostics(file('src/cache/client.ts'));
    assert.deepEqual(
      clientDiagnostics.map((d) => d.message),
      [],
    );
  });

  it('workspace symbols find incidents by title words', async () => {
    const symbols = await vscode.commands.executeCommand<vscode.SymbolInformation[]>('vscode.executeWorkspaceSymbolProvider', 'certificate');
    const names = symbols.map((s) => s.name);
    assert.ok(
      names.some((n) => n.includes('INC-2023-004')),
      `symbols: ${names.join(' | ')}`,
    );
  });

  it('"All Incidents" tree: years newest first, incidents labelled with id and title', async () => {
    const tree = api?.allIncidents;
    assert.ok(tree, 'activate() exports the All Incidents tree provider (as `allIncidents`)');
    const years = await poll('the All Incidents tree to have years', async () => {
      const items = await treeLabels(tree);
      return items.length >= 2 ? items : undefined;
    });
    assert.deepEqual(
      years.map((y) => y.label),
      ['2024', '2023'],
    );
    const incidents2024 = await treeLabels(tree, years[0].node);
    assert.equal(incidents2024.length, 1);
    assert.match(incidents2024[0].label, /INC-2024-017.*Retry storm after cache failover/);
    assert.match(incidents2024[0].description, /SEV2/);
  });

  it('"This File" tree follows the active editor and says why', async () => {
    const tree = api?.fileIncidents;
    assert.ok(tree, 'activate() exports the This File tree provider (as `fileIncidents`)');
    // checkout.py is tied to INC-2023-004 only (its record's `code` and a reference).
    await show('src/payments/checkout.py');
    await poll('This File to show checkout.py: INC-2023-004 only', async () => {
      const labels = (await treeLabels(tree)).map((i) => i.label);
      return labels.length === 1 && labels[0].startsWith('INC-2023-004') ? labels : undefined;
    });
    // Switching editors switches the view: client.ts has a reference on line 2 and a `code` entry.
    await show('src/cache/client.ts');
    const reasons = await poll('This File to show client.ts: INC-2024-017 referenced on line 2 and by code', async () => {
      const incident = (await treeLabels(tree)).find((i) => i.label.startsWith('INC-2024-017'));
      if (!incident) return undefined;
      const labels = (await treeLabels(tree, incident.node)).map((r) => r.label);
      return labels.some((r) => /\bline 2\b/.test(r)) && labels.some((r) => /code/i.test(r)) ? labels : undefined;
    });
    assert.ok(!reasons.some((r) => /\bline [13-9]\b/.test(r)), `only line 2 is a reference: ${reasons.join(' | ')}`);
  });

  it('trusted workspace: a commit that mentions an incident ties it to the files it changed', async () => {
    assert.equal(vscode.workspace.isTrusted, true);
    const tree = api?.fileIncidents;
    assert.ok(tree, 'activate() exports the This File tree provider (as `fileIncidents`)');
    await show('src/cache/client.ts');
    const items = await poll(
      'This File to list INC-2023-004 (from git history)',
      async () => {
        const list = await treeLabels(tree);
        return list.some((i) => i.label.includes('INC-2023-004')) ? list : undefined;
      },
      30000,
    );
    const incident = items.find((i) => i.label.includes('INC-2023-004'))!;
    const reasons = (await treeLabels(tree, incident.node)).map((r) => r.label);
    assert.ok(
      reasons.some((r) => /commit [0-9a-f]{7}/.test(r)),
      `a commit reason: ${reasons.join(' | ')}`,
    );
  });

  it('trusted workspace: the hover lists the commits that mention the incident', async () => {
    const text = await poll(
      'a hover with commits',
      async () => {
        const hover = await hoverText(file('src/payments/checkout.py'), new vscode.Position(2, 5));
        return hover.includes('Commits mentioning it') ? hover : undefined;
      },
      30000,
    );
    assert.match(text, /Shorter cache timeout so checkout fails fast/);
  });

  it('trusted workspace: "Touching This Branch" lists incidents tied to the files the branch changed', async () => {
    const tree = api?.branchIncidents;
    assert.ok(tree, 'activate() exports the branch tree provider (as `branchIncidents`)');
    const items = await poll(
      'the branch view to list INC-2023-004',
      async () => {
        const list = await treeLabels(tree);
        return list.some((i) => i.label.includes('INC-2023-004')) ? list : undefined;
      },
      30000,
    );
    const incident = items.find((i) => i.label.includes('INC-2023-004'))!;
    const reasons = (await treeLabels(tree, incident.node)).map((r) => r.label);
    assert.ok(
      reasons.some((r) => r.startsWith('src/cache/client.ts: changed by commit')),
      reasons.join(' | '),
    );
  });

  it('Open Incident by id opens the record with the id selected', async () => {
    await vscode.commands.executeCommand('incidentLens.openIncident', 'INC-2023-004');
    const editor = await poll('the record editor', () =>
      vscode.window.activeTextEditor && relative(vscode.window.activeTextEditor.document.uri) === 'incidents/INC-2023-004.md'
        ? vscode.window.activeTextEditor
        : undefined,
    );
    assert.equal(editor.document.getText(editor.selection), 'INC-2023-004');
  });

  it('Insert Incident Reference wraps the picked id in a comment outside one', async () => {
    const editor = await show('src/cache/client.ts');
    try {
      const line = 8; // the empty line inside `catch`
      assert.equal(editor.document.lineAt(line).text.trim(), '');
      editor.selection = new vscode.Selection(line, 0, line, 0);
      assert.equal(await insertReferenceAcceptingFirstItem(), true, 'insertReference reports an insertion');
      const text = editor.document.lineAt(line).text;
      assert.match(text, ID_LINE, `line ${line + 1}: ${JSON.stringify(text)}`);
      assert.ok(
        KNOWN_IDS.some((id) => text.includes(id)),
        text,
      );
    } finally {
      await revert(editor);
    }
  });

  it('Insert Incident Reference inside a comment inserts the bare id', async () => {
    const editor = await show('src/cache/client.ts');
    try {
      const end = editor.document.lineAt(0).text.length;
      editor.selection = new vscode.Selection(0, end, 0, end);
      await insertReferenceAcceptingFirstItem();
      const text = editor.document.lineAt(0).text;
      assert.match(text, /^\/\/ Cache client with retries\.\s?INC-\d{4}-\d{3}$/, JSON.stringify(text));
    } finally {
      await revert(editor);
    }
  });

  it('New Incident Record (title passed as argument) writes the next free id and opens it', async () => {
    const title = 'Cache saturation during a failover drill';
    const run = vscode.commands.executeCommand<vscode.Uri | undefined>('incidentLens.newIncident', title);
    const winner = await Promise.race([run.then((uri) => ({ uri })), sleep(8000).then(() => undefined)]);
    if (winner === undefined) {
      await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
      assert.fail('incidentLens.newIncident did not finish: it must accept the title as its first argument (tests and other callers)');
    }
    const uri = winner.uri;
    assert.ok(uri, 'the command returns the new record URI');
    const name = relative(uri);
    const id = /^incidents\/(INC-\d{4}-\d+)\.yaml$/.exec(name)?.[1];
    assert.ok(id, `a record under incidents/: ${name}`);
    assert.ok(!KNOWN_IDS.includes(id), `a new id: ${id}`);
    const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
    assert.match(text, new RegExp(`^id: ${id}$`, 'm'));
    assert.ok(text.includes(title), 'the record has the title');
    assert.match(text, /narrative/);
    assert.match(text, /contributing_factors/);
    assert.match(text, /difficulties/);
    assert.equal(relative(vscode.window.activeTextEditor!.document.uri), name, 'the new record is open');
    const cursorLine = vscode.window.activeTextEditor!.document.lineAt(vscode.window.activeTextEditor!.selection.active.line).text;
    assert.match(cursorLine, /summary/, 'the cursor is on the summary');
    // The server picks it up: a hover on the new id in its own record's references count, via symbols.
    await poll('the new record to be indexed', async () => {
      const symbols = await vscode.commands.executeCommand<vscode.SymbolInformation[]>('vscode.executeWorkspaceSymbolProvider', id);
      return symbols.some((s) => s.name.includes(id)) ? true : undefined;
    });
  });
  it('Import Postmortems… (a folder passed as argument) previews, then writes records the server reads', async function () {
    this.timeout(60000);
    const sources = mkdtempSync(nodePath.join(tmpdir(), 'incident-lens-old-postmortems-'));
    writeFileSync(
      nodePath.join(sources, '2022-09-14-payments-latency.md'),
      [
        '# Payments latency regression',
        '',
        'Date: 2022-09-14',
        '',
        '## Summary',
        '',
        'Card payments were slow for two hours after an index was dropped.',
        '',
        '## Root causes',
        '',
        '- The migration tool dropped and recreated the index.',
        '',
        '## Action items',
        '',
        '| Action | Owner | Status |',
        '| --- | --- | --- |',
        '| Lint migrations for index drops | Kofi | Done |',
        '',
      ].join('\n'),
    );
    writeFileSync(nodePath.join(sources, 'undated-notes.md'), '# Cron host lost its crontab\n\nReports did not go out.\n');
    const run = vscode.commands.executeCommand<ImportResultLike | undefined>('incidentLens.importPostmortems', vscode.Uri.file(sources));
    let finished = false;
    void run.then(() => (finished = true));
    // The preview is a quick pick whose first item imports: accept it once it is shown.
    for (let i = 0; i < 40 && !finished; i++) {
      await sleep(500);
      await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
    }
    const result = await run;
    assert.ok(result, 'the command returns the import result');
    assert.equal(result.dryRun, false);
    assert.deepEqual(
      result.entries.map((e) => e.outcome),
      ['imported', 'imported'],
    );
    assert.equal(result.entries[0].id, 'INC-2022-001');
    assert.deepEqual(result.entries[0].missing, []);
    // No date in the source: the import's year, and the report says `started` must be filled in.
    assert.match(result.entries[1].id ?? '', new RegExp(`^INC-${new Date().getFullYear()}-\\d{3}$`));
    assert.deepEqual(result.entries[1].missing, ['started']);
    const record = file('incidents/INC-2022-001.md');
    const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(record));
    assert.match(text, /^title: Payments latency regression$/m);
    assert.match(text, /^started: 2022-09-14$/m);
    assert.match(text, /^imported_from: /m);
    assert.ok(text.includes('| Lint migrations for index drops | Kofi | Done |'), 'the body is kept whole');
    await poll('the imported record to be indexed', async () => {
      const symbols = await vscode.commands.executeCommand<vscode.SymbolInformation[]>('vscode.executeWorkspaceSymbolProvider', 'INC-2022-001');
      return symbols.some((s) => s.name.includes('INC-2022-001')) ? true : undefined;
    });
    // A second run finds everything already imported and writes nothing.
    const again = vscode.commands.executeCommand<ImportResultLike | undefined>('incidentLens.importPostmortems', vscode.Uri.file(sources));
    let second = false;
    void again.then(() => (second = true));
    for (let i = 0; i < 40 && !second; i++) {
      await sleep(500);
      await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
    }
    assert.equal(await again, undefined, 'nothing to import: the preview only closes');
    rmSync(sources, { recursive: true, force: true });
  });
});
