/**
 * Import Postmortems…: choose files or folders of existing postmortems, see what an import would
 * do (nothing written yet), then import. The work is the server's `incidentLens/import` request:
 * the same core and file handling as `incident-lens import`, and any LSP editor can send it.
 */

import * as vscode from 'vscode';
import { ImportRequest, type ImportEntrySummary, type ImportParams, type ImportResult } from '../../../common/protocol';
import type { Services } from '../services';

/**
 * `preset`: a URI (or URIs, or paths) to import without the folder picker: tests, other
 * extensions, an explorer context menu. The preview and its confirmation are always shown.
 */
export async function importPostmortems(services: Services, preset?: unknown): Promise<ImportResult | undefined> {
  const folder = await targetWorkspaceFolder();
  if (folder === undefined) {
    void vscode.window.showWarningMessage('Open a folder first: imported records are written into the repository.');
    return undefined;
  }
  const sources = presetSources(preset) ?? (await pickSources(folder.uri));
  if (sources === undefined || sources.length === 0) return undefined;
  const params = (dryRun: boolean): ImportParams => ({
    folderUri: services.client.code2ProtocolConverter.asUri(folder.uri),
    sources: sources.map((uri) => services.client.code2ProtocolConverter.asUri(uri)),
    dryRun,
  });
  const preview = await services.client.sendRequest(ImportRequest, params(true));
  if (!(await confirm(preview))) return undefined;
  const result = await services.client.sendRequest(ImportRequest, params(false));
  void report(result);
  return result;
}

function presetSources(preset: unknown): vscode.Uri[] | undefined {
  const list = Array.isArray(preset) ? (preset as unknown[]) : preset === undefined ? [] : [preset];
  const uris = list.flatMap((item) => (item instanceof vscode.Uri ? [item] : typeof item === 'string' ? [vscode.Uri.file(item)] : []));
  return uris.length ? uris : undefined;
}

function pickSources(defaultUri: vscode.Uri): Thenable<vscode.Uri[] | undefined> {
  return vscode.window.showOpenDialog({
    title: 'Import Postmortems: choose Markdown postmortems, or folders of them',
    openLabel: 'Preview Import',
    canSelectFiles: true,
    canSelectFolders: true,
    canSelectMany: true,
    defaultUri,
    filters: { Markdown: ['md', 'markdown', 'txt'] },
  });
}

/** The active file's folder, the only folder, or the one the user picks. */
async function targetWorkspaceFolder(): Promise<vscode.WorkspaceFolder | undefined> {
  const folders = vscode.workspace.workspaceFolders ?? [];
  if (folders.length <= 1) return folders[0];
  const active = vscode.window.activeTextEditor?.document.uri;
  const owner = active === undefined ? undefined : vscode.workspace.getWorkspaceFolder(active);
  return owner ?? (await vscode.window.showWorkspaceFolderPick({ placeHolder: 'Workspace folder to import the postmortems into' }));
}

interface PreviewItem extends vscode.QuickPickItem {
  action?: 'import' | 'cancel';
}

/**
 * The dry run as a quick pick: the first item imports, the last cancels, and in between each
 * source says what it would become. Labels are plain text: record text never becomes a command.
 */
function confirm(preview: ImportResult): Promise<boolean> {
  const { imported, alreadyImported, refused } = preview.totals;
  const items: PreviewItem[] = [];
  if (imported > 0) items.push({ label: `$(check) Import ${imported} postmortem(s) into ${preview.to}/`, action: 'import', alwaysShow: true });
  items.push({ label: imported > 0 ? 'Cancel' : 'Close (nothing to import)', action: 'cancel', alwaysShow: true });
  items.push({ label: 'Preview (nothing is written yet)', kind: vscode.QuickPickItemKind.Separator });
  for (const entry of preview.entries) items.push(entryItem(entry));
  const pick = vscode.window.createQuickPick<PreviewItem>();
  pick.title = `Import Postmortems: ${imported} to import, ${alreadyImported} already imported, ${refused} cannot be imported`;
  pick.placeholder = 'Choose Import to write the records, or read what each source would become';
  pick.items = items;
  pick.matchOnDescription = true;
  pick.matchOnDetail = true;
  pick.ignoreFocusOut = true;
  return new Promise((resolve) => {
    let decided = false;
    pick.onDidAccept(() => {
      const action = pick.selectedItems[0]?.action;
      if (action === undefined) return; // a source line: reading it does not decide
      decided = true;
      pick.hide();
      resolve(action === 'import');
    });
    pick.onDidHide(() => {
      pick.dispose();
      if (!decided) resolve(false);
    });
    pick.show();
  });
}

function entryItem(entry: ImportEntrySummary): PreviewItem {
  if (entry.outcome === 'refused') return { label: `$(error) ${entry.source}`, detail: `Cannot be imported: ${entry.reason ?? ''}` };
  if (entry.outcome === 'already-imported') return { label: `$(history) ${entry.source}`, detail: entry.reason };
  const fill = entry.missing.length ? `; to fill in: ${entry.missing.join(', ')}` : '';
  return {
    label: `$(file-add) ${entry.source}`,
    description: `→ ${entry.record ?? ''}`,
    detail: `${entry.mapped.join(', ')}${fill}${entry.unmapped.length ? `; ${entry.unmapped.length} part(s) kept in the body only` : ''}`,
  };
}

async function report(result: ImportResult): Promise<void> {
  const { imported, refused, needFilling } = result.totals;
  const parts = [`Imported ${imported} postmortem(s) into ${result.to}/.`];
  if (needFilling) parts.push(`${needFilling} record(s) need fields filled in (Problems view).`);
  if (refused) parts.push(`${refused} could not be imported.`);
  const first = result.entries.find((e) => e.outcome === 'imported' && e.record);
  const open = 'Open First Record';
  const choice = await vscode.window.showInformationMessage(parts.join(' '), ...(first ? [open] : []));
  if (choice === open && first?.recordUri) await vscode.window.showTextDocument(vscode.Uri.parse(first.recordUri));
}
