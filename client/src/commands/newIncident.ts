/** New Incident Record: ask for a title, take the next free id, write a record from the template. */

import * as vscode from 'vscode';
import { ListIncidentsRequest, RecordGlobsRequest, type ListIncidentsParams, type RecordGlobsParams } from '../../../common/protocol';
import { nextFreeId, recordFolders, recordTemplate, titleProblem } from '../records/newRecord';
import type { Services } from '../services';

const DEFAULT_RECORD_FOLDER = 'incidents';

/** `presetTitle` lets callers (tests, other extensions, keybindings with args) skip the input box. */
export async function newIncident(services: Services, presetTitle?: unknown): Promise<vscode.Uri | undefined> {
  const workspaceFolder = await targetWorkspaceFolder();
  if (workspaceFolder === undefined) {
    void vscode.window.showWarningMessage('Open a folder first: incident records live in the repository.');
    return undefined;
  }
  const title = typeof presetTitle === 'string' && titleProblem(presetTitle) === undefined ? presetTitle : await askForTitle();
  if (title === undefined) return undefined;

  const params: ListIncidentsParams = {};
  const existing = await services.client.sendRequest(ListIncidentsRequest, params).then(
    (incidents) => (incidents ?? []).map((incident) => incident.id),
    (error: unknown) => {
      // Without the list the id may collide with a record; the file check below still catches
      // same-named files, and the server reports a duplicate id if one slips through.
      services.output.appendLine(`[client] ${ListIncidentsRequest.method} failed while choosing an id: ${String(error)}`);
      return [] as string[];
    },
  );

  const folder = await recordFolder(workspaceFolder.uri, await recordGlobs(services, workspaceFolder.uri));
  const taken = new Set(existing);
  const year = new Date().getFullYear();
  let id = nextFreeId(taken, year);
  let target = vscode.Uri.joinPath(workspaceFolder.uri, folder, `${id}.yaml`);
  while (await exists(target)) {
    taken.add(id);
    id = nextFreeId(taken, year);
    target = vscode.Uri.joinPath(workspaceFolder.uri, folder, `${id}.yaml`);
  }

  const { text, summaryPosition } = recordTemplate({ id, title, started: new Date() });
  await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(text));
  const document = await vscode.workspace.openTextDocument(target);
  const cursor = new vscode.Position(summaryPosition.line, summaryPosition.character);
  await vscode.window.showTextDocument(document, { selection: new vscode.Range(cursor, cursor), preview: false });
  return target;
}

function askForTitle(): Thenable<string | undefined> {
  return vscode.window.showInputBox({
    title: 'New Incident Record',
    prompt: 'A short, blameless title: what happened to the system, not who did what',
    placeHolder: 'Checkout requests timed out after the cache cluster failed over',
    ignoreFocusOut: true,
    validateInput: (value) => titleProblem(value),
  });
}

/** The active file's folder, the only folder, or the one the user picks. */
async function targetWorkspaceFolder(): Promise<vscode.WorkspaceFolder | undefined> {
  const folders = vscode.workspace.workspaceFolders ?? [];
  if (folders.length <= 1) return folders[0];
  const active = vscode.window.activeTextEditor?.document.uri;
  const owner = active === undefined ? undefined : vscode.workspace.getWorkspaceFolder(active);
  return owner ?? (await vscode.window.showWorkspaceFolderPick({ placeHolder: 'Workspace folder to create the incident record in' }));
}

/**
 * The first configured records folder that already exists (so a team using `postmortems/` keeps
 * its records together), else the first configured one.
 */
/**
 * The globs in force: the server has read `.incident-lens.yaml` under the settings; the settings
 * alone (which may be only the defaults) are the fallback when it cannot answer.
 */
async function recordGlobs(services: Services, folder: vscode.Uri): Promise<readonly string[]> {
  try {
    const params: RecordGlobsParams = { uri: services.client.code2ProtocolConverter.asUri(folder) };
    const result = await services.client.sendRequest(RecordGlobsRequest, params);
    if (result?.records.length) return result.records;
  } catch (error) {
    services.output.appendLine(`[client] ${RecordGlobsRequest.method} failed, using the settings: ${String(error)}`);
  }
  return vscode.workspace.getConfiguration('incidentLens', folder).get<string[]>('records') ?? [];
}

async function recordFolder(root: vscode.Uri, globs: readonly string[]): Promise<string> {
  const folders = recordFolders(globs);
  for (const folder of folders) {
    const stat = await vscode.workspace.fs.stat(vscode.Uri.joinPath(root, folder)).then(
      (value) => value,
      () => undefined,
    );
    if (stat !== undefined && (stat.type & vscode.FileType.Directory) !== 0) return folder;
  }
  return folders[0] ?? DEFAULT_RECORD_FOLDER;
}

async function exists(uri: vscode.Uri): Promise<boolean> {
  return vscode.workspace.fs.stat(uri).then(
    () => true,
    () => false,
  );
}
