/** Re-index: the server drops its index and reads the workspace again. */

import * as vscode from 'vscode';
import { ReindexRequest } from '../../../common/protocol';
import type { Services } from '../services';

export async function reindex(services: Services): Promise<void> {
  await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: 'Incident Lens: re-indexing' }, async () => {
    try {
      await services.client.sendRequest(ReindexRequest);
    } catch (error) {
      services.output.appendLine(`[client] ${ReindexRequest.method} failed: ${String(error)}`);
      void vscode.window.showErrorMessage('Incident Lens could not re-index the workspace; details are in its output channel.');
      return;
    }
  });
  refreshViews(services);
}

/** Re-asks the server for the trees and the status bar (the view title's refresh button). */
export function refreshViews(services: Pick<Services, 'activeFile' | 'allTree' | 'branchTree'>): void {
  services.activeFile.scheduleRefresh(0);
  services.allTree.refresh();
  services.branchTree.refresh();
}
