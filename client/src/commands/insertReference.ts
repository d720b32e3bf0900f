/** Insert Incident Reference: pick an incident, insert its id where it will count as a reference. */

import * as vscode from 'vscode';
import { ReferenceContextRequest, type ReferenceContextParams, type ReferenceContextResult } from '../../../common/protocol';
import type { Services } from '../services';
import { pickIncident } from './incidentPicker';
import { fallbackReferenceContext, referenceInsertion } from './referenceText';

/** `id` skips the quick pick (keybindings, other extensions and tests can pass one). */
export async function insertReference(services: Services, id?: string): Promise<boolean> {
  const editor = vscode.window.activeTextEditor;
  if (editor === undefined) {
    void vscode.window.showInformationMessage('Open a file to insert an incident reference into.');
    return false;
  }
  const incident = id !== undefined ? { id } : await pickIncident(services, 'Insert a reference to an incident (type an id, title or summary words)');
  if (incident === undefined || editor.document.isClosed) return false;

  // Typing replaces a selection, so the id does too; the text around it is what remains.
  const selection = editor.selection;
  const line = editor.document.lineAt(selection.start.line).text;
  const lineText = line.slice(0, selection.start.character) + (selection.isSingleLine ? line.slice(selection.end.character) : '');
  const context = await referenceContext(services, editor.document, selection.start, lineText);
  const insertion = referenceInsertion(incident.id, context, lineText, selection.start.character);

  return editor.edit((builder) => {
    if (insertion.at === 'lineStart') builder.insert(new vscode.Position(selection.start.line, 0), insertion.text);
    else builder.replace(selection, insertion.text);
  });
}

/** The server knows each language's comments; the client's guess is only for when it cannot answer. */
async function referenceContext(
  services: Services,
  document: vscode.TextDocument,
  position: vscode.Position,
  lineText: string,
): Promise<ReferenceContextResult> {
  if (document.uri.scheme === 'file') {
    try {
      const params: ReferenceContextParams = {
        uri: services.client.code2ProtocolConverter.asUri(document.uri),
        position: { line: position.line, character: position.character },
      };
      const result = await services.client.sendRequest(ReferenceContextRequest, params);
      if (result) return result;
    } catch (error) {
      services.output.appendLine(`[client] ${ReferenceContextRequest.method} failed, guessing from the language: ${String(error)}`);
    }
  }
  return fallbackReferenceContext(document.languageId, lineText, position.character);
}
