/** New Incident Record: ask for a title, take the next free id, write a record from the template. */

import * as vscode from 'vscode';
import { ListIncidentsRequest, RecordGlobsRequest, type ListIncidentsParams, type RecordGlobsParams } from '../../../common/protocol';
import { recordFolders, recordTemplate, titleProblem } from '../records/newRecord';
import { folderState, UnsafeRecordFolder, writeNewRecord } from '../records/recordFile';
import type { Services } from '../services';

const DEFAULT_RECORD_FOLDER = 'incidents';

/** `presetTitle` lets callers (tests, other extensions, keybindings with args) skip the input box. */
export async function newIncident(services: Services, presetTitle?: unknown): Promise<vscode.Uri | undefined> {
  const workspaceFolder = await targetWorkspaceFolder();
  if (workspaceFolder === undefined) {
    void vscode.window.showWarningMessage('Open a folder first: incident records live in the repository.');
    return undefined;
  }
  if (workspaceFolder.uri.scheme !== 'file') {
    void vscode.window.showWarningMessage('New Incident Record writes to folders on disk; this workspace folder is not one.');
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

  const root = workspaceFolder.uri.fsPath;
  const folder = await recordFolder(root, await recordGlobs(services, workspaceFolder.uri));
  if (folder === undefined) {
    void vscode.window.showErrorMessage(
      'New Incident Record: every records folder is a symbolic link or a file; records are written only into real folders inside the workspace.',
    );
    return undefined;
  }
  const started = new Date();
  let written;
  try {
    written = await writeNewRecord(root, folder, existing, started.getFullYear(), (id) => recordTemplate({ id, title, started }).text);
  } catch (error) {
    const reason = error instanceof UnsafeRecordFolder ? error.message : `could not write the record: ${String(error)}`;
    void vscode.window.showErrorMessage(`New Incident Record: ${reason}`);
    return undefined;
  }

  const target = vscode.Uri.file(written.file);
  const { summaryPosition } = recordTemplate({ id: written.id, title, started });
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

/**
 * The first configured records folder that already exists as a real folder (so a team using
 * `postmortems/` keeps its records together), else the first one that can be created; never one
 * that is (or passes through) a symbolic link. Undefined when every candidate is unsafe.
 */
async function recordFolder(root: string, globs: readonly string[]): Promise<string | undefined> {
  const folders = recordFolders(globs);
  if (folders.length === 0) folders.push(DEFAULT_RECORD_FOLDER);
  const states = await Promise.all(folders.map((folder) => folderState(root, folder)));
  return folders[states.indexOf('directory')] ?? folders[states.indexOf('absent')];
}
