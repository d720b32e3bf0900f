/** The "All Incidents" view: every record, grouped by the year it started, newest first. */

import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { ListIncidentsRequest, type IncidentSummary, type ListIncidentsParams } from '../../../common/protocol';
import { setHasRecords } from '../contextKeys';
import { incidentItem } from './fileIncidentsTree';
import { groupByYear, type YearGroup } from './grouping';

export const ALL_INCIDENTS_VIEW = 'incidentLens.allIncidents';

export type AllIncidentsNode = { kind: 'year'; group: YearGroup<IncidentSummary> } | { kind: 'incident'; incident: IncidentSummary };

export class AllIncidentsTree implements vscode.TreeDataProvider<AllIncidentsNode> {
  private readonly changed = new vscode.EventEmitter<AllIncidentsNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  /** One request per refresh, shared by the root and every year node that expands. */
  private groups: Promise<YearGroup<IncidentSummary>[]> | undefined;

  constructor(
    private readonly client: LanguageClient,
    private readonly output: vscode.OutputChannel,
  ) {}

  refresh(): void {
    this.groups = undefined;
    this.changed.fire(undefined);
  }

  async getChildren(node?: AllIncidentsNode): Promise<AllIncidentsNode[]> {
    if (node === undefined) {
      const groups = await this.load();
      return groups.map((group) => ({ kind: 'year', group }));
    }
    if (node.kind === 'year') return node.group.incidents.map((incident) => ({ kind: 'incident', incident }));
    return [];
  }

  getTreeItem(node: AllIncidentsNode): vscode.TreeItem {
    if (node.kind === 'year') {
      const item = new vscode.TreeItem(node.group.year, vscode.TreeItemCollapsibleState.Expanded);
      item.id = `year:${node.group.year}`;
      const count = node.group.incidents.length;
      item.description = `${count} ${count === 1 ? 'incident' : 'incidents'}`;
      item.contextValue = 'year';
      return item;
    }
    const item = incidentItem(node.incident, vscode.TreeItemCollapsibleState.None, `incident:${node.incident.id}`);
    if (node.incident.floating) {
      // The story has no way to reach the code: say so where the team browses its incidents.
      item.description = [item.description, 'floating'].filter(Boolean).join(' · ');
      item.tooltip = `${String(item.tooltip ?? '')}\n\nFloating: no comment, document, \`code\` entry or commit ties it to the code, so nobody working there will meet its story. Reference it where it happened (Insert Incident Reference).`;
    }
    return item;
  }

  private load(): Promise<YearGroup<IncidentSummary>[]> {
    this.groups ??= this.fetch();
    return this.groups;
  }

  private async fetch(): Promise<YearGroup<IncidentSummary>[]> {
    try {
      const params: ListIncidentsParams = {};
      const incidents = (await this.client.sendRequest(ListIncidentsRequest, params)) ?? [];
      setHasRecords(incidents.length > 0);
      return groupByYear(incidents);
    } catch (error) {
      this.output.appendLine(`[client] ${ListIncidentsRequest.method} failed: ${String(error)}`);
      // Forget the failure so the next refresh (index change, refresh button) asks again.
      this.groups = undefined;
      return [];
    }
  }

  dispose(): void {
    this.changed.dispose();
  }
}
