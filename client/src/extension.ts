/** Entry point: VS Code calls activate() and deactivate(); everything else is wired elsewhere. */

import { performance } from 'node:perf_hooks';
import * as vscode from 'vscode';
import { startIncidentLens, type IncidentLensApi } from './incidentLens';

let running: IncidentLensApi | undefined;

export function activate(context: vscode.ExtensionContext): IncidentLensApi & { activationMs: number } {
  const started = performance.now();
  const output = vscode.window.createOutputChannel('Incident Lens');
  context.subscriptions.push(output);
  running = startIncidentLens(context, output);
  // The budget: activate() stays well under 100 ms because it only starts the client.
  const activationMs = Math.round(performance.now() - started);
  output.appendLine(`Incident Lens activated in ${activationMs} ms`);
  return { ...running, activationMs };
}

export async function deactivate(): Promise<void> {
  const client = running?.client;
  running = undefined;
  // stop() rejects when the server never started; there is nothing left to clean up then.
  await client?.stop().catch(() => undefined);
}
