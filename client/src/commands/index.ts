/** Registers every command of the extension; each lives in its own module. */

import * as vscode from 'vscode';
import { Commands, type TieReason } from '../../../common/protocol';
import type { Services } from '../services';
import { FILE_INCIDENTS_VIEW, SHOW_COMMIT_COMMAND } from '../sidebar/fileIncidentsTree';
import { filterAllIncidents, groupAllIncidents } from './allIncidentsView';
import { copyId, copyLink, findReferences, revealInExplorer } from './incidentActions';
import { importPostmortems } from './importPostmortems';
import { insertReference } from './insertReference';
import { newIncident } from './newIncident';
import { openIncident } from './openIncident';
import { refreshViews, reindex } from './reindex';
import { referencesAt, showReferences } from './showReferences';
import { SHOW_INSIGHTS_COMMAND } from '../webviews/insightsPanel';
import { showStory } from './showStory';

export function registerCommands(services: Services): vscode.Disposable[] {
  const register = (id: string, run: (...args: unknown[]) => unknown): vscode.Disposable =>
    vscode.commands.registerCommand(id, async (...args: unknown[]) => {
      try {
        return await run(...args);
      } catch (error) {
        // One place reports failures, so no command ends in an unexplained silence.
        services.output.appendLine(`[client] ${id} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
        void vscode.window.showErrorMessage(`Incident Lens: ${error instanceof Error ? error.message : String(error)}`);
        return undefined;
      }
    });

  return [
    register(Commands.insertReference, (id?: unknown) => insertReference(services, typeof id === 'string' ? id : undefined)),
    register(Commands.newIncident, (title) => newIncident(services, title)),
    register(Commands.importPostmortems, (sources) => importPostmortems(services, sources)),
    register(Commands.openIncident, (id, recordUri) => openIncident(services, id, recordUri)),
    // From a sidebar item's context menu VS Code passes the tree node; elsewhere an id.
    register(Commands.showStory, (id, uri) => showStory(services, incidentOf(id)?.id ?? id, uri)),
    register(Commands.openRecord, (node) => {
      const incident = incidentOf(node);
      return incident ? openIncident(services, incident.id, incident.recordUri) : openIncident(services);
    }),
    register(Commands.copyId, (target) => copyId(services, target)),
    register(Commands.copyLink, (target) => copyLink(services, target)),
    register(Commands.findReferences, (target) => findReferences(services, target)),
    register(Commands.revealRecord, (target) => revealInExplorer(services, target)),
    register(Commands.groupAllIncidents, (groupBy) => groupAllIncidents(services, groupBy)),
    register(Commands.filterAllIncidents, (text) => filterAllIncidents(services, text)),
    register(Commands.clearFilter, () => filterAllIncidents(services, '')),
    // Menus may only name the extension's own commands: this one opens VS Code's trust editor.
    register(Commands.manageTrust, () => vscode.commands.executeCommand('workbench.trust.manage')),
    register(Commands.reindex, () => reindex(services)),
    register(Commands.refreshViews, () => refreshViews(services)),
    register(Commands.showReferences, (uri, position, locations) => showReferences(services, uri, position, locations)),
    register(Commands.referencesAt, (uri, position) => referencesAt(services, uri, position)),
    // Every view gets a `<view id>.focus` command from VS Code; it also reveals the container.
    register(Commands.showFileIncidents, () => vscode.commands.executeCommand(`${FILE_INCIDENTS_VIEW}.focus`)),
    register(SHOW_COMMIT_COMMAND, (reason) => showCommit(reason as TieReason)),
    register(SHOW_INSIGHTS_COMMAND, (pathOrUri) => services.insightsPanel.show(pathOrUri)),
  ];
}

/** The incident of a sidebar tree node (every tree's incident nodes carry one). */
function incidentOf(node: unknown): { id: string; recordUri: string } | undefined {
  const incident = (node as { incident?: { id?: unknown; recordUri?: unknown } } | undefined)?.incident;
  return typeof incident?.id === 'string' && typeof incident.recordUri === 'string' ? { id: incident.id, recordUri: incident.recordUri } : undefined;
}

async function showCommit(reason: TieReason): Promise<void> {
  const copy = 'Copy Hash';
  const choice = await vscode.window.showInformationMessage(reason.detail, ...(reason.commit ? [copy] : []));
  if (choice === copy && reason.commit) await vscode.env.clipboard.writeText(reason.commit);
}
