/**
 * The "Touching This Branch" view: incidents tied to the files changed since the merge base with
 * the default branch: what a reviewer should reread before merging. Needs git, so it only fills
 * in a trusted workspace that is a git repository.
 */

import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { BranchIncidentsRequest, type BranchIncidentsParams, type BranchIncidentsResult, type FileIncident, type TieReason } from '../../../common/protocol';
import { incidentItem } from './fileIncidentsTree';

export const BRANCH_INCIDENTS_VIEW = 'incidentLens.branchIncidents';

export type BranchIncidentNode =
  { kind: 'incident'; incident: FileIncident } | { kind: 'reason'; incident: FileIncident; reason: TieReason; index: number } | { kind: 'unavailable' };

export class BranchIncidentsTree implements vscode.TreeDataProvider<BranchIncidentNode> {
  private readonly changed = new vscode.EventEmitter<BranchIncidentNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private result: Promise<BranchIncidentsResult> | undefined;
  private view: vscode.TreeView<BranchIncidentNode> | undefined;

  constructor(
    private readonly client: LanguageClient,
    private readonly output: vscode.OutputChannel,
  ) {}

  /** The view this tree fills: its description names the base, its message says why it is empty. */
  attach(view: vscode.TreeView<BranchIncidentNode>): void {
    this.view = view;
  }

  refresh(): void {
    this.result = undefined;
    this.changed.fire(undefined);
  }

  async getChildren(node?: BranchIncidentNode): Promise<BranchIncidentNode[]> {
    if (node === undefined) {
      // Restricted Mode runs no git: the view's welcome says so and offers Manage Workspace Trust.
      if (!vscode.workspace.isTrusted) {
        this.explain(undefined);
        return [];
      }
      const result = await (this.result ??= this.fetch());
      this.explain(result);
      if (!result.available) return [{ kind: 'unavailable' }];
      return result.incidents.map((incident) => ({ kind: 'incident', incident }));
    }
    if (node.kind === 'incident') return node.incident.reasons.map((reason, index) => ({ kind: 'reason', incident: node.incident, reason, index }));
    return [];
  }

  getTreeItem(node: BranchIncidentNode): vscode.TreeItem {
    if (node.kind === 'unavailable') {
      const item = new vscode.TreeItem('Needs git history: a git repository with a default branch (origin/HEAD, main or master) to compare with');
      item.iconPath = new vscode.ThemeIcon('info');
      return item;
    }
    if (node.kind === 'incident') {
      return incidentItem(node.incident, vscode.TreeItemCollapsibleState.Collapsed, `branch:${node.incident.id}`);
    }
    const { reason } = node;
    const item = new vscode.TreeItem(reason.detail, vscode.TreeItemCollapsibleState.None);
    item.id = `branch:${node.incident.id}/${node.index}`;
    item.tooltip = reason.detail;
    item.iconPath = new vscode.ThemeIcon(reason.kind === 'commit' ? 'git-commit' : reason.kind === 'code' ? 'code' : 'references');
    if (reason.fileUri) {
      const line = reason.line ?? 0;
      const options: vscode.TextDocumentShowOptions = { selection: new vscode.Range(line, 0, line, 0) };
      item.command = { title: 'Open File', command: 'vscode.open', arguments: [vscode.Uri.parse(reason.fileUri), options] };
    }
    return item;
  }

  /** Names the base in the view's description; when nothing is listed, says why in its message. */
  private explain(result: BranchIncidentsResult | undefined): void {
    if (!this.view) return;
    const base = result?.base;
    this.view.description = base ? `compared with ${base.base}` : undefined;
    let message: string | undefined;
    if (base && result.incidents.length === 0) {
      message = base.onBase
        ? `${base.branch ?? 'HEAD'} is ${base.base} itself, the base this view compares with: on a branch of your own, the incidents its changes touch show here (uncommitted edits count too).`
        : `No incident is tied to the files changed on ${base.branch ?? 'HEAD'} since it left ${base.base}.`;
    }
    this.view.message = message;
  }

  private async fetch(): Promise<BranchIncidentsResult> {
    try {
      const params: BranchIncidentsParams = {};
      return (await this.client.sendRequest(BranchIncidentsRequest, params)) ?? { available: false, incidents: [] };
    } catch (error) {
      this.output.appendLine(`[client] ${BranchIncidentsRequest.method} failed: ${String(error)}`);
      this.result = undefined;
      return { available: false, incidents: [] };
    }
  }

  dispose(): void {
    this.changed.dispose();
  }
}
