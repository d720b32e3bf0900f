/**
 * The actions of an incident in the sidebar trees (context menu and inline on hover): Copy Id,
 * Copy Link, Find References, Reveal in Explorer. Open Record and Open Story live with their
 * commands. Each takes the tree node VS Code passes, or an id (then the record is looked up).
 */

import * as vscode from 'vscode';
import { ListIncidentsRequest, type ListIncidentsParams } from '../../../common/protocol';
import { permalink } from '../records/permalink';
import type { Services } from '../services';
import { openIncident } from './openIncident';

export interface IncidentRef {
  id: string;
  recordUri: string;
}

/** The incident of a sidebar tree node (every tree's incident nodes carry one), or of an id. */
export async function incidentFrom(services: Services, target: unknown): Promise<IncidentRef | undefined> {
  const incident = (target as { incident?: { id?: unknown; recordUri?: unknown } } | undefined)?.incident;
  if (typeof incident?.id === 'string' && typeof incident.recordUri === 'string') return { id: incident.id, recordUri: incident.recordUri };
  if (typeof target !== 'string' || target.trim() === '') return undefined;
  const params: ListIncidentsParams = { query: target.trim() };
  const found = ((await services.client.sendRequest(ListIncidentsRequest, params)) ?? []).find((i) => i.id === target.trim());
  return found && { id: found.id, recordUri: found.recordUri };
}

/** Copy Id: returns what was copied (tests and other extensions read it). */
export async function copyId(services: Services, target: unknown): Promise<string | undefined> {
  const incident = await incidentFrom(services, target);
  if (!incident) return undefined;
  await vscode.env.clipboard.writeText(incident.id);
  vscode.window.setStatusBarMessage(`Copied ${incident.id}`, 3000);
  return incident.id;
}

/**
 * Copy Link: the record on its repository host at the current commit when the remote is a host we
 * know and the record is committed; otherwise its path relative to the workspace folder (which
 * works in any clone). Git is read through VS Code's own Git extension, so nothing runs here in
 * Restricted Mode (that extension is off there).
 */
export async function copyLink(services: Services, target: unknown): Promise<string | undefined> {
  const incident = await incidentFrom(services, target);
  if (!incident) return undefined;
  const record = services.client.protocol2CodeConverter.asUri(incident.recordUri);
  const relativePath = vscode.workspace.asRelativePath(record, false);
  const link = (await repositoryLink(record, services.output)) ?? relativePath;
  await vscode.env.clipboard.writeText(link);
  vscode.window.setStatusBarMessage(`Copied the link to ${incident.id}: ${link}`, 5000);
  return link;
}

/** Find References: the record opens at its id and VS Code's references view lists every mention. */
export async function findReferences(services: Services, target: unknown): Promise<boolean> {
  const incident = await incidentFrom(services, target);
  if (!incident) return false;
  const editor = await openIncident(services, incident.id, incident.recordUri);
  if (!editor) return false;
  // The References view (built in, activated by its command) keeps the list; where it is
  // disabled, the peek shows it.
  await vscode.commands.executeCommand('references-view.findReferences').then(undefined, () => vscode.commands.executeCommand('editor.action.goToReferences'));
  return true;
}

/** Reveal in Explorer: the record file, selected in the Explorer. */
export async function revealInExplorer(services: Services, target: unknown): Promise<boolean> {
  const incident = await incidentFrom(services, target);
  if (!incident) return false;
  await vscode.commands.executeCommand('revealInExplorer', services.client.protocol2CodeConverter.asUri(incident.recordUri));
  return true;
}

// ---- the few parts of VS Code's Git extension API (vscode.git, API version 1) used here ----

interface GitRemote {
  name: string;
  fetchUrl?: string;
  pushUrl?: string;
}
interface GitChange {
  uri: vscode.Uri;
  status: number;
}
interface GitRepository {
  rootUri: vscode.Uri;
  state: {
    HEAD?: { commit?: string; upstream?: { remote: string } };
    remotes: GitRemote[];
    indexChanges: GitChange[];
    workingTreeChanges: GitChange[];
    untrackedChanges?: GitChange[];
  };
  status(): Promise<void>;
}
interface GitApi {
  getRepository(uri: vscode.Uri): GitRepository | null;
}

/** Status values of the Git extension that mean "not in the current commit". */
const INDEX_ADDED = 1;
const UNTRACKED = 7;

async function gitApi(): Promise<GitApi | undefined> {
  const extension = vscode.extensions.getExtension<{ enabled: boolean; getAPI(version: 1): GitApi }>('vscode.git');
  if (!extension) return undefined;
  const exports = extension.isActive ? extension.exports : await extension.activate();
  return exports?.enabled ? exports.getAPI(1) : undefined;
}

async function repositoryLink(record: vscode.Uri, output: vscode.OutputChannel): Promise<string | undefined> {
  try {
    const repository = (await gitApi())?.getRepository(record);
    if (!repository) return undefined;
    // The extension refreshes on its own schedule; a remote added a moment ago must count.
    await repository.status();
    const { HEAD, remotes, indexChanges, workingTreeChanges, untrackedChanges } = repository.state;
    const notCommitted = [...indexChanges, ...workingTreeChanges, ...(untrackedChanges ?? [])].some(
      (change) => change.uri.toString() === record.toString() && (change.status === INDEX_ADDED || change.status === UNTRACKED),
    );
    if (!HEAD?.commit || notCommitted) return undefined;
    const remote = remotes.find((r) => r.name === HEAD.upstream?.remote) ?? remotes.find((r) => r.name === 'origin') ?? remotes[0];
    const url = remote?.fetchUrl ?? remote?.pushUrl;
    const inRepository = record.path.slice(repository.rootUri.path.replace(/\/$/, '').length + 1);
    return url ? permalink(url, HEAD.commit, inRepository) : undefined;
  } catch (error) {
    // No git, no link: the relative path still names the record.
    output.appendLine(`[client] Copy Link could not read the repository: ${String(error)}`);
    return undefined;
  }
}
