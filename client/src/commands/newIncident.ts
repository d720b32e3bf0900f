/**
 * New Incident Record: take the next free id, write a draft where the team keeps its records, and
 * open it as a snippet whose tab stops walk through the title, summary, severity (the configured
 * ones), services (those already used), narrative, difficulties and contributing factors. It asks
 * nothing: everything else is inferred from the workspace, and nothing is ever overwritten.
 */

import * as vscode from 'vscode';
import { ListIncidentsRequest, RecordGlobsRequest, type IncidentSummary, type ListIncidentsParams, type RecordGlobsParams } from '../../../common/protocol';
import { draftFolder, recordFolders, recordTemplate, servicesByUse, titleProblem } from '../records/newRecord';
import { folderState, UnsafeRecordFolder, writeNewRecord } from '../records/recordFile';
import type { Services } from '../services';

const DEFAULT_RECORD_FOLDER = 'incidents';

/** `presetTitle` fills the title (tests, other extensions, keybindings with args); otherwise it is the first tab stop. */
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
  const title = typeof presetTitle === 'string' && titleProblem(presetTitle) === undefined ? presetTitle : undefined;

  const params: ListIncidentsParams = {};
  const incidents = await services.client.sendRequest(ListIncidentsRequest, params).then(
    (list) => list ?? [],
    (error: unknown) => {
      // Without the list the id may collide with a record; the file check below still catches
      // same-named files, and the server reports a duplicate id if one slips through.
      services.output.appendLine(`[client] ${ListIncidentsRequest.method} failed while choosing an id: ${String(error)}`);
      return [] as IncidentSummary[];
    },
  );
  const inFolder = incidents.filter(
    (incident) => vscode.workspace.getWorkspaceFolder(vscode.Uri.parse(incident.recordUri))?.uri.toString() === workspaceFolder.uri.toString(),
  );

  const root = workspaceFolder.uri.fsPath;
  const settings = await folderSettings(services, workspaceFolder.uri);
  const started = new Date();
  const recordsFolder = await recordFolder(root, settings.records);
  const recordPaths = inFolder.map((incident) => vscode.workspace.asRelativePath(vscode.Uri.parse(incident.recordUri), false));
  // A year folder inside it when the team groups records by year (a link there is refused below).
  const folder = recordsFolder === undefined ? undefined : draftFolder(recordsFolder, recordPaths, started.getFullYear());
  if (folder === undefined) {
    void vscode.window.showErrorMessage(
      'New Incident Record: every records folder is a symbolic link or a file; records are written only into real folders inside the workspace.',
    );
    return undefined;
  }
  const draft = (id: string) => recordTemplate({ id, title, started, severities: settings.severities, services: servicesByUse(inFolder) });
  let written;
  try {
    written = await writeNewRecord(
      root,
      folder,
      incidents.map((incident) => incident.id),
      started.getFullYear(),
      (id) => draft(id).text,
    );
  } catch (error) {
    const reason = error instanceof UnsafeRecordFolder ? error.message : `could not write the record: ${String(error)}`;
    void vscode.window.showErrorMessage(`New Incident Record: ${reason}`);
    return undefined;
  }

  const target = vscode.Uri.file(written.file);
  const document = await vscode.workspace.openTextDocument(target);
  const editor = await vscode.window.showTextDocument(document, { preview: false });
  // The draft is on disk (the id is taken, nothing is lost); the same text comes back as a
  // snippet, so Tab walks through what is left to write.
  const whole = new vscode.Range(document.positionAt(0), document.positionAt(document.getText().length));
  await editor.insertSnippet(new vscode.SnippetString(draft(written.id).snippet), whole);
  return target;
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
 * The globs and severities in force: the server has read `.incident-lens.yaml` under the settings;
 * the settings alone (which may be only the defaults) are the fallback when it cannot answer.
 */
async function folderSettings(services: Services, folder: vscode.Uri): Promise<{ records: readonly string[]; severities: readonly string[] }> {
  const configuration = vscode.workspace.getConfiguration('incidentLens', folder);
  const fallback = { records: configuration.get<string[]>('records') ?? [], severities: configuration.get<string[]>('severities') ?? [] };
  try {
    const params: RecordGlobsParams = { uri: services.client.code2ProtocolConverter.asUri(folder) };
    const result = await services.client.sendRequest(RecordGlobsRequest, params);
    return {
      records: result?.records.length ? result.records : fallback.records,
      severities: result?.severities?.length ? result.severities : fallback.severities,
    };
  } catch (error) {
    services.output.appendLine(`[client] ${RecordGlobsRequest.method} failed, using the settings: ${String(error)}`);
    return fallback;
  }
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
