/** Shared by the suites that run inside the extension host (real `vscode` API). */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';

export const EXTENSION_ID = 'incident-lens.incident-lens';

export function workspaceRoot(): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the fixture workspace is open');
  return folder.uri;
}

export function file(relativePath: string): vscode.Uri {
  return vscode.Uri.joinPath(workspaceRoot(), ...relativePath.split('/'));
}

export async function poll<T>(what: string, probe: () => Thenable<T | undefined> | T | undefined, timeoutMs = 20000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await sleep(250);
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export function markdownText(contents: readonly (vscode.MarkdownString | vscode.MarkedString)[]): string {
  return contents.map((c) => (typeof c === 'string' ? c : c.value)).join('\n');
}

export async function hoverText(uri: vscode.Uri, position: vscode.Position): Promise<string> {
  const hovers = (await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, position)) ?? [];
  return hovers.map((h) => markdownText(h.contents)).join('\n---\n');
}

/** Activates Incident Lens and waits until its server answers with an indexed hover. */
export async function activateAndWaitForIndex(): Promise<vscode.Extension<unknown>> {
  const extension = vscode.extensions.getExtension(EXTENSION_ID);
  assert.ok(extension, `${EXTENSION_ID} is installed`);
  await extension.activate();
  await poll(
    'the language server to index the workspace (a hover on INC-2024-017)',
    async () => ((await hoverText(file('src/cache/client.ts'), new vscode.Position(1, 9))).includes('Retry storm') ? true : undefined),
    60000,
  );
  return extension;
}

export function locationUri(location: vscode.Location | vscode.LocationLink): vscode.Uri {
  return 'targetUri' in location ? location.targetUri : location.uri;
}

export function locationRange(location: vscode.Location | vscode.LocationLink): vscode.Range {
  return 'targetUri' in location ? (location.targetSelectionRange ?? location.targetRange) : location.range;
}

export function relative(uri: vscode.Uri): string {
  return vscode.workspace.asRelativePath(uri, false);
}

export function labelText(label: string | vscode.TreeItemLabel | undefined): string {
  return typeof label === 'string' ? label : (label?.label ?? '');
}

/**
 * Closes every editor without a save prompt (a modal one would stall the suite): unsaved changes,
 * such as a New Incident Record draft an earlier test left open, are reverted first.
 */
export async function closeAllEditorsDiscarding(): Promise<void> {
  for (const document of vscode.workspace.textDocuments.filter((d) => d.isDirty && !d.isClosed)) {
    await vscode.window.showTextDocument(document);
    await vscode.commands.executeCommand('workbench.action.files.revert');
  }
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}
