/** Open Incident: the record of an id, with the cursor on its `id:` value. */

import * as vscode from 'vscode';
import { ListIncidentsRequest, type ListIncidentsParams } from '../../../common/protocol';
import { findIdPosition } from '../records/idLine';
import type { Services } from '../services';
import { pickIncident } from './incidentPicker';

/**
 * `id` comes from code lenses and tree items; `recordUri` from tree items that already know it
 * (saves a request). With no id, the user picks one.
 */
export async function openIncident(services: Services, id?: unknown, recordUri?: unknown): Promise<vscode.TextEditor | undefined> {
  let incidentId = typeof id === 'string' && id.trim() !== '' ? id.trim() : undefined;
  let record = typeof recordUri === 'string' && recordUri !== '' ? recordUri : undefined;
  if (incidentId === undefined) {
    const picked = await pickIncident(services, 'Open the record of an incident (type an id, title or summary words)');
    if (picked === undefined) return undefined;
    incidentId = picked.id;
    record = picked.recordUri;
  }
  if (record === undefined) {
    const params: ListIncidentsParams = { query: incidentId };
    const incidents = (await services.client.sendRequest(ListIncidentsRequest, params)) ?? [];
    record = incidents.find((incident) => incident.id === incidentId)?.recordUri;
  }
  if (record === undefined) {
    void vscode.window.showWarningMessage(`No incident record in this workspace defines ${incidentId}.`);
    return undefined;
  }
  const document = await vscode.workspace.openTextDocument(services.client.protocol2CodeConverter.asUri(record));
  const start = findIdPosition(document.getText(), incidentId);
  const found = document.lineAt(start.line).text.slice(start.character).startsWith(incidentId);
  const position = new vscode.Position(start.line, start.character);
  const selection = new vscode.Range(position, found ? position.translate(0, incidentId.length) : position);
  const editor = await vscode.window.showTextDocument(document, { selection, preview: true });
  editor.revealRange(selection, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  return editor;
}
