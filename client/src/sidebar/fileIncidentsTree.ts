/** The "This File" view: incidents tied to the active editor's file, each expandable into why. */

import * as vscode from 'vscode';
import { Commands, type FileIncident, type IncidentSummary, type TieReason } from '../../../common/protocol';
import type { ActiveFileIncidents } from '../activeFileIncidents';
import { incidentDescription, incidentLabel } from './grouping';

export const FILE_INCIDENTS_VIEW = 'incidentLens.fileIncidents';
/** Registered by the extension, not contributed: only reason items call it. */
export const SHOW_COMMIT_COMMAND = 'incidentLens.showCommit';

export type FileIncidentNode =
  | { kind: 'incident'; incident: FileIncident; fileUri: vscode.Uri }
  | { kind: 'reason'; reason: TieReason; incident: FileIncident; fileUri: vscode.Uri; index: number };

const REASON_ICONS: Record<TieReason['kind'], string> = {
  reference: 'references',
  code: 'code',
  commit: 'git-commit',
};

export class FileIncidentsTree implements vscode.TreeDataProvider<FileIncidentNode> {
  private readonly changed = new vscode.EventEmitter<FileIncidentNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;

  constructor(private readonly activeFile: ActiveFileIncidents) {}

  /** Redraws from the shared state; call after the state changed. */
  redraw(): void {
    this.changed.fire(undefined);
  }

  getChildren(node?: FileIncidentNode): FileIncidentNode[] {
    const { uri, incidents } = this.activeFile.state;
    if (uri === undefined) return [];
    if (node === undefined) return incidents.map((incident) => ({ kind: 'incident', incident, fileUri: uri }));
    if (node.kind === 'incident') {
      return node.incident.reasons.map((reason, index) => ({ kind: 'reason', reason, incident: node.incident, fileUri: node.fileUri, index }));
    }
    return [];
  }

  getTreeItem(node: FileIncidentNode): vscode.TreeItem {
    if (node.kind === 'reason') return reasonItem(node);
    const state = node.incident.reasons.length > 0 ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.None;
    return incidentItem(node.incident, state, `incident:${node.incident.id}`);
  }

  dispose(): void {
    this.changed.dispose();
  }
}

/** An incident in any of the trees: labelled by id and title, opening its story when clicked (the record is in its context menu). */
export function incidentItem(incident: IncidentSummary, state: vscode.TreeItemCollapsibleState, id: string): vscode.TreeItem {
  const item = new vscode.TreeItem(incidentLabel(incident), state);
  // Stable ids keep what the user collapsed collapsed across refreshes.
  item.id = id;
  item.description = incidentDescription(incident);
  item.tooltip = incidentTooltip(incident);
  item.iconPath = new vscode.ThemeIcon('history');
  item.contextValue = 'incident';
  item.command = { title: 'Open Incident Story', command: Commands.showStory, arguments: [incident.id, incident.recordUri] };
  return item;
}

function reasonItem(node: Extract<FileIncidentNode, { kind: 'reason' }>): vscode.TreeItem {
  const { reason } = node;
  const item = new vscode.TreeItem(reason.detail, vscode.TreeItemCollapsibleState.None);
  item.id = `incident:${node.incident.id}/reason:${node.index}`;
  item.iconPath = new vscode.ThemeIcon(REASON_ICONS[reason.kind]);
  item.contextValue = `reason.${reason.kind}`;
  item.tooltip = reason.detail;
  if (reason.kind === 'commit') {
    item.command = { title: 'Show Commit', command: SHOW_COMMIT_COMMAND, arguments: [reason] };
  } else if (reason.line !== undefined) {
    // A reference puts the cursor on its line; a `code` entry selects its whole range (the editor
    // clamps the end character to the line's length).
    const selection =
      reason.kind === 'code'
        ? new vscode.Range(reason.line, 0, reason.endLine ?? reason.line, Number.MAX_SAFE_INTEGER)
        : new vscode.Range(reason.line, 0, reason.line, 0);
    const options: vscode.TextDocumentShowOptions = { selection, preserveFocus: false };
    item.command = { title: 'Go to Line', command: 'vscode.open', arguments: [node.fileUri, options] };
  }
  return item;
}

/** Plain text: record fields are untrusted and must not render as Markdown. */
export function incidentTooltip(incident: { id: string; title: string; severity?: string; status: string; started: string; summary?: string }): string {
  const facts = [incident.severity, incident.status, incident.started === '' ? undefined : `started ${incident.started}`]
    .filter((part) => part !== undefined && part !== '')
    .join(' · ');
  return [`${incident.id} — ${incident.title}`, facts, incident.summary ?? ''].filter((line) => line !== '').join('\n\n');
}
