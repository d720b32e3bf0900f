/**
 * The "This File" view: incidents tied to the active editor's file, each expandable into why. On
 * an incident record it shows where that record is cited and its related incidents instead.
 */

import * as vscode from 'vscode';
import { Commands, type FileIncident, type IncidentStory, type IncidentSummary, type TieReason } from '../../../common/protocol';
import type { ActiveFileIncidents } from '../activeFileIncidents';
import { incidentDescription, incidentLabel } from './grouping';

export const FILE_INCIDENTS_VIEW = 'incidentLens.fileIncidents';
/** Registered by the extension, not contributed: only reason items call it. */
export const SHOW_COMMIT_COMMAND = 'incidentLens.showCommit';

type StoryRelated = IncidentStory['related'][number];
type StoryReference = IncidentStory['references'][number];

export type FileIncidentNode =
  | { kind: 'incident'; incident: FileIncident; fileUri: vscode.Uri }
  | { kind: 'reason'; reason: TieReason; incident: FileIncident; fileUri: vscode.Uri; index: number }
  | { kind: 'citedIn'; record: IncidentStory }
  | { kind: 'citation'; record: IncidentStory; reference: StoryReference; index: number }
  | { kind: 'relatedGroup'; record: IncidentStory }
  | { kind: 'related'; record: IncidentStory; related: StoryRelated; incident?: IncidentSummary };

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
    const { uri, incidents, record } = this.activeFile.state;
    if (uri === undefined) return [];
    if (node === undefined) {
      // A record is about itself: where it is cited and what it relates to.
      if (record) return [{ kind: 'citedIn', record }, ...(record.related.length > 0 ? [{ kind: 'relatedGroup' as const, record }] : [])];
      return incidents.map((incident) => ({ kind: 'incident', incident, fileUri: uri }));
    }
    if (node.kind === 'incident') {
      return node.incident.reasons.map((reason, index) => ({ kind: 'reason', reason, incident: node.incident, fileUri: node.fileUri, index }));
    }
    if (node.kind === 'citedIn') return node.record.references.map((reference, index) => ({ kind: 'citation', record: node.record, reference, index }));
    if (node.kind === 'relatedGroup')
      return node.record.related.map((related) => ({ kind: 'related', record: node.record, related, incident: relatedIncident(related) }));
    return [];
  }

  getTreeItem(node: FileIncidentNode): vscode.TreeItem {
    if (node.kind === 'reason') return reasonItem(node);
    if (node.kind === 'citedIn') return citedInItem(node.record);
    if (node.kind === 'citation') return citationItem(node);
    if (node.kind === 'relatedGroup') {
      const item = new vscode.TreeItem('Related incidents', vscode.TreeItemCollapsibleState.Expanded);
      item.id = `record:${node.record.id}/related`;
      item.description = String(node.record.related.length);
      item.iconPath = new vscode.ThemeIcon('link');
      return item;
    }
    if (node.kind === 'related') return relatedItem(node);
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

/** A related incident as an incident row (with the incident actions) when a record defines it. */
function relatedIncident(related: StoryRelated): IncidentSummary | undefined {
  if (related.recordUri === undefined || related.title === undefined) return undefined;
  return {
    id: related.id,
    title: related.title,
    severity: related.severity,
    status: related.status ?? 'draft',
    started: related.started ?? '',
    recordUri: related.recordUri,
  };
}

const DIRECTIONS: Record<StoryRelated['direction'], string> = {
  listed: 'listed under related',
  'lists-this': 'lists this one as related',
  both: 'related both ways',
};

function relatedItem(node: Extract<FileIncidentNode, { kind: 'related' }>): vscode.TreeItem {
  const id = `record:${node.record.id}/related:${node.related.id}`;
  if (node.incident) {
    const item = incidentItem(node.incident, vscode.TreeItemCollapsibleState.None, id);
    item.description = [item.description, DIRECTIONS[node.related.direction]].filter(Boolean).join(' · ');
    return item;
  }
  const item = new vscode.TreeItem(node.related.id, vscode.TreeItemCollapsibleState.None);
  item.id = id;
  item.description = 'no record defines it';
  item.iconPath = new vscode.ThemeIcon('warning');
  return item;
}

function citedInItem(record: IncidentStory): vscode.TreeItem {
  const count = record.referenceCount;
  const label = count === 0 ? `${record.id} is not cited anywhere yet` : `${record.id} is cited in ${count} ${count === 1 ? 'place' : 'places'}`;
  const item = new vscode.TreeItem(label, count === 0 ? vscode.TreeItemCollapsibleState.None : vscode.TreeItemCollapsibleState.Expanded);
  item.id = `record:${record.id}/cited`;
  item.iconPath = new vscode.ThemeIcon('references');
  item.tooltip =
    count === 0
      ? 'Nobody working on the code will meet this story: mention the id in a comment or a doc where it happened (Insert Incident Reference).'
      : `Comments, documents and other records that mention ${record.id}.`;
  if (count > record.references.length) item.description = `first ${record.references.length} shown`;
  return item;
}

function citationItem(node: Extract<FileIncidentNode, { kind: 'citation' }>): vscode.TreeItem {
  const { reference } = node;
  const item = new vscode.TreeItem(`${reference.path}:${reference.line + 1}`, vscode.TreeItemCollapsibleState.None);
  item.id = `record:${node.record.id}/cited:${node.index}`;
  item.description = reference.kind === 'record' ? 'record' : reference.kind === 'document' ? 'document' : 'code';
  item.iconPath = new vscode.ThemeIcon(reference.kind === 'record' ? 'history' : reference.kind === 'document' ? 'book' : 'code');
  if (reference.uri) {
    const options: vscode.TextDocumentShowOptions = { selection: new vscode.Range(reference.line, 0, reference.line, 0) };
    item.command = { title: 'Go to Line', command: 'vscode.open', arguments: [vscode.Uri.parse(reference.uri), options] };
  }
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
