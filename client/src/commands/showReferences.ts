/**
 * The target of the server's "N references" code lens. Lens arguments arrive as raw LSP JSON
 * (uri string, Position, Location[]); VS Code's references peek needs its own types.
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
