/**
 * The "All Incidents" view: every record, grouped by the year it started (or by service, severity
 * or status), newest first, optionally filtered. The grouping is kept per workspace.
 */

import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { ListIncidentsRequest, type IncidentSummary, type ListIncidentsParams } from '../../../common/protocol';
import { setContext, setHasRecords } from '../contextKeys';
import { incidentItem } from './fileIncidentsTree';
import { datedDescription, filterIncidents, GROUPINGS, groupIncidents, type GroupBy, type IncidentGroup } from './grouping';

export const ALL_INCIDENTS_VIEW = 'incidentLens.allIncidents';
/** Workspace state key of the grouping. */
const GROUP_BY_KEY = 'incidentLens.allIncidents.groupBy';
/** True while a filter is set: the view title shows Clear Filter. */
const FILTERED_CONTEXT = 'incidentLens.allIncidentsFiltered';

export type AllIncidentsNode = { kind: 'group'; group: IncidentGroup<IncidentSummary> } | { kind: 'incident'; incident: IncidentSummary; group: string };

export class AllIncidentsTree implements vscode.TreeDataProvider<AllIncidentsNode> {
  private readonly changed = new vscode.EventEmitter<AllIncidentsNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  /** One request per refresh, shared by the root and every group node that expands. */
  private incidents: Promise<IncidentSummary[]> | undefined;
  private filterText = '';
  private view: vscode.TreeView<AllIncidentsNode> | undefined;

  constructor(
    private readonly client: LanguageClient,
    private readonly output: vscode.OutputChannel,
    private readonly state: vscode.Memento,
  ) {}

  /** The view this tree fills: its description says the grouping and filter, its message when nothing matches. */
  attach(view: vscode.TreeView<AllIncidentsNode>): void {
    this.view = view;
    this.describe(undefined);
  }

  get groupBy(): GroupBy {
    const stored = this.state.get<string>(GROUP_BY_KEY);
    return GROUPINGS.find((g) => g === stored) ?? 'year';
  }

  get filter(): string {
    return this.filterText;
  }

  async setGroupBy(groupBy: GroupBy): Promise<void> {
    await this.state.update(GROUP_BY_KEY, groupBy === 'year' ? undefined : groupBy);
    this.describe(undefined);
    this.changed.fire(undefined);
  }

  setFilter(text: string): void {
    this.filterText = text.trim();
    setContext(FILTERED_CONTEXT, this.filterText !== '');
    this.describe(undefined);
    this.changed.fire(undefined);
  }

  refresh(): void {
    this.incidents = undefined;
    this.changed.fire(undefined);
  }

  async getChildren(node?: AllIncidentsNode): Promise<AllIncidentsNode[]> {
    if (node === undefined) {
      const all = await this.load();
      const shown = filterIncidents(all, this.filterText);
      this.describe(all.length > 0 && shown.length === 0 ? this.filterText : undefined);
      const severities = vscode.workspace.getConfiguration('incidentLens').get<string[]>('severities') ?? [];
      return groupIncidents(shown, this.groupBy, severities).map((group) => ({ kind: 'group', group }));
    }
    if (node.kind === 'group') return node.group.incidents.map((incident) => ({ kind: 'incident', incident, group: node.group.label }));
    return [];
  }

  getTreeItem(node: AllIncidentsNode): vscode.TreeItem {
    if (node.kind === 'group') {
      const item = new vscode.TreeItem(node.group.label, vscode.TreeItemCollapsibleState.Expanded);
      item.id = `${this.groupBy}:${node.group.label}`;
      const count = node.group.incidents.length;
      item.description = `${count} ${count === 1 ? 'incident' : 'incidents'}`;
      // `year` for the year grouping, as before; `group` for the others.
      item.contextValue = this.groupBy === 'year' ? 'year' : 'group';
      return item;
    }
    // The same incident may sit under several services: the id keeps each row distinct.
    const rowId = this.groupBy === 'service' ? `incident:${node.group}/${node.incident.id}` : `incident:${node.incident.id}`;
    const item = incidentItem(node.incident, vscode.TreeItemCollapsibleState.None, rowId);
    item.description = datedDescription(node.incident);
    if (node.incident.floating) {
      // The story has no way to reach the code: say so where the team browses its incidents.
      item.description = [item.description, 'floating'].filter(Boolean).join(' · ');
      item.tooltip = `${String(item.tooltip ?? '')}\n\nFloating: no comment, document, \`code\` entry or commit ties it to the code, so nobody working there will meet its story. Reference it where it happened (Insert Incident Reference).`;
    }
    return item;
  }

  private describe(unmatched: string | undefined): void {
    if (!this.view) return;
    const parts = [this.groupBy === 'year' ? undefined : `by ${this.groupBy}`, this.filterText ? `filter: ${this.filterText}` : undefined];
    this.view.description = parts.filter(Boolean).join(' · ') || undefined;
    this.view.message = unmatched === undefined ? undefined : `No incident matches "${unmatched}". Clear the filter to see them all.`;
  }

  private load(): Promise<IncidentSummary[]> {
    this.incidents ??= this.fetch();
    return this.incidents;
  }

  private async fetch(): Promise<IncidentSummary[]> {
    try {
      const params: ListIncidentsParams = {};
      const incidents = (await this.client.sendRequest(ListIncidentsRequest, params)) ?? [];
      setHasRecords(incidents.length > 0);
      return incidents;
    } catch (error) {
      this.output.appendLine(`[client] ${ListIncidentsRequest.method} failed: ${String(error)}`);
      // Forget the failure so the next refresh (index change, refresh button) asks again.
      this.incidents = undefined;
      return [];
    }
  }

  dispose(): void {
    this.changed.dispose();
  }
}
