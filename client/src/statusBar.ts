/** The status bar item: how many past incidents the active file is tied to. */

import * as vscode from 'vscode';
import { Commands } from '../../common/protocol';
import type { ActiveFileIncidents, ActiveFileState } from './activeFileIncidents';

export function createStatusBar(activeFile: ActiveFileIncidents): vscode.Disposable {
  const item = vscode.window.createStatusBarItem('incidentLens.fileIncidents', vscode.StatusBarAlignment.Left, 50);
  item.name = 'Incident Lens: incidents of this file';
  item.command = Commands.showFileIncidents;

  const render = (state: ActiveFileState): void => {
    const count = state.incidents.length;
    if (state.uri === undefined || count === 0) {
      item.hide();
      return;
    }
    item.text = `$(history) ${count} ${count === 1 ? 'incident' : 'incidents'}`;
    // Plain text on purpose: titles come from record files, which are untrusted.
    const lines = state.incidents.slice(0, 10).map((incident) => `${incident.id} — ${incident.title}`);
    if (count > 10) lines.push(`… and ${count - 10} more`);
    item.tooltip = [`Past incidents tied to ${vscode.workspace.asRelativePath(state.uri)}:`, ...lines, '', 'Click to show them in the Incidents view.'].join(
      '\n',
    );
    item.show();
  };

  render(activeFile.state);
  const listener = activeFile.onDidChange(render);
  return vscode.Disposable.from(listener, item);
}
