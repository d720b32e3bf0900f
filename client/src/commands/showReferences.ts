/**
 * The targets of "N references": the server's code lens (a peek), and the hover's action (the
 * References view). Arguments arrive as raw LSP JSON (uri string, Position, Location[]); VS Code's
 * commands need its own types.
 */

import * as vscode from 'vscode';
import type { Services } from '../services';

interface LspPosition {
  line: number;
  character: number;
}
interface LspLocation {
  uri: string;
  range: { start: LspPosition; end: LspPosition };
}

function isPosition(value: unknown): value is LspPosition {
  return typeof value === 'object' && value !== null && typeof (value as LspPosition).line === 'number' && typeof (value as LspPosition).character === 'number';
}

export async function showReferences(services: Services, uri: unknown, position: unknown, locations: unknown): Promise<void> {
  if (typeof uri !== 'string' || !isPosition(position) || !Array.isArray(locations)) {
    services.output.appendLine('[client] incidentLens.showReferences needs (uri, position, locations) as the code lens passes them');
    return;
  }
  const converter = services.client.protocol2CodeConverter;
  await vscode.commands.executeCommand(
    'editor.action.showReferences',
    converter.asUri(uri),
    converter.asPosition(position),
    (locations as LspLocation[]).map((location) => converter.asLocation(location)),
  );
}

/**
 * The hover's "N references": the cursor moves to the hovered id (the reference the user pointed
 * at) and VS Code's References view lists every mention; where that view is disabled, the peek.
 */
export async function referencesAt(services: Services, uri: unknown, position: unknown): Promise<void> {
  if (typeof uri !== 'string' || !isPosition(position)) {
    services.output.appendLine('[client] incidentLens.referencesAt needs (uri, position) as the hover passes them');
    return;
  }
  const converter = services.client.protocol2CodeConverter;
  const at = converter.asPosition(position);
  await vscode.window.showTextDocument(converter.asUri(uri), { selection: new vscode.Range(at, at) });
  await vscode.commands.executeCommand('references-view.findReferences').then(undefined, () => vscode.commands.executeCommand('editor.action.goToReferences'));
}
