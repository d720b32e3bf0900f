/**
 * New Incident Record: take the next free id, write a draft where the team keeps its records, and
 * open it as a snippet whose tab stops walk through the title, summary, severity (the configured
 * ones), services (those already used), narrative, difficulties and contributing factors. It asks
 * nothing: everything else is inferred from the workspace, and nothing is ever overwritten.
 */

import * as vscode from 'vscode';
import { ResponseError } from 'vscode-languageclient/node';
import {
  ListIncidentsRequest,
  NewRecordRequest,
  RecordGlobsRequest,
  type IncidentSummary,
  type ListIncidentsParams,
  type NewRecordParams,
  type RecordGlobsParams,
} from '../../../common/protocol';
import { recordTemplate, servicesByUse, titleProblem } from '../records/newRecord';
import type { Services } from '../services';

/** Stands for the id in the draft sent to the server: a NUL, which the template never writes (titles are JSON strings). */
const ID_MARK = '\u0000';

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
      // Without the list the snippet offers no services; the server still takes a free id.
      services.output.appendLine(`[client] ${ListIncidentsRequest.method} failed while listing services: ${String(error)}`);
      return [] as IncidentSummary[];
    },
  );
  const inFolder = incidents.filter(
    (incident) => vscode.workspace.getWorkspaceFolder(vscode.Uri.parse(incident.recordUri))?.uri.toString() === workspaceFolder.uri.toString(),
  );

  const severities = await folderSeverities(services, workspaceFolder.uri);
  const started = new Date();
  const draft = (id: string) => recordTemplate({ id, title, started, severities, services: servicesByUse(inFolder) });
  // The server chooses the id and the folder and writes the file (never through a link, never
  // over anything); the id goes where the mark is (the template's first field after a comment).
  const marked = draft(ID_MARK).text;
  const at = marked.indexOf(ID_MARK);
  const request: NewRecordParams = {
    folderUri: services.client.code2ProtocolConverter.asUri(workspaceFolder.uri),
    year: started.getFullYear(),
    beforeId: marked.slice(0, at),
    afterId: marked.slice(at + ID_MARK.length),
  };
  let written;
  try {
    written = await services.client.sendRequest(NewRecordRequest, request);
  } catch (error) {
    const reason = error instanceof ResponseError ? error.message : `could not write the record: ${String(error)}`;
    void vscode.window.showErrorMessage(`New Incident Record: ${reason}`);
    return undefined;
  }

  const target = services.client.protocol2CodeConverter.asUri(written.recordUri);
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
 * The severities in force: the server has read `.incident-lens.yaml` under the settings; the
 * settings alone (which may be only the defaults) are the fallback when it cannot answer.
 */
async function folderSeverities(services: Services, folder: vscode.Uri): Promise<readonly string[]> {
  const fallback = vscode.workspace.getConfiguration('incidentLens', folder).get<string[]>('severities') ?? [];
  try {
    const params: RecordGlobsParams = { uri: services.client.code2ProtocolConverter.asUri(folder) };
    const result = await services.client.sendRequest(RecordGlobsRequest, params);
    return result?.severities?.length ? result.severities : fallback;
  } catch (error) {
    services.output.appendLine(`[client] ${RecordGlobsRequest.method} failed, using the settings: ${String(error)}`);
    return fallback;
  }
}
