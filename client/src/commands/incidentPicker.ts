/** A quick pick over the workspace's incidents, ranked by the server as the user types. */

import * as vscode from 'vscode';
import { ListIncidentsRequest, type IncidentSummary, type ListIncidentsParams } from '../../../common/protocol';
import { Debouncer } from '../debounce';
import type { Services } from '../services';

interface IncidentPickItem extends vscode.QuickPickItem {
  incident: IncidentSummary;
}

/** Typing pauses this long before the server is asked to rank again. */
const QUERY_DELAY_MS = 120;

function toItem(incident: IncidentSummary, rankedByServer: boolean): IncidentPickItem {
  const date = incident.started.slice(0, 10);
  return {
    label: incident.id,
    description: [incident.title, incident.severity, date].filter((part) => part !== undefined && part !== '').join(' · '),
    detail: incident.summary,
    // The server also matches title words and summaries in any order; VS Code's own filter would
    // hide those matches, so items the server returned for a query stay visible.
    alwaysShow: rankedByServer,
    incident,
  };
}

export function pickIncident(services: Pick<Services, 'client' | 'output' | 'index'>, placeholder: string): Promise<IncidentSummary | undefined> {
  const { client, output, index } = services;
  const pick = vscode.window.createQuickPick<IncidentPickItem>();
  pick.placeholder = placeholder;
  pick.matchOnDescription = true;
  pick.matchOnDetail = true;
  pick.busy = true;

  let generation = 0;
  /** Enter came while no row was active (the list was being replaced): take the first of the next. */
  let acceptWhenListed = false;
  let chosen: IncidentSummary | undefined;
  const load = async (query: string): Promise<void> => {
    const current = ++generation;
    const complete = index.complete;
    let indexing = false;
    pick.busy = true;
    try {
      const params: ListIncidentsParams = query.trim() === '' ? {} : { query: query.trim() };
      const incidents = (await client.sendRequest(ListIncidentsRequest, params)) ?? [];
      if (current !== generation) return;
      pick.items = incidents.map((incident) => toItem(incident, params.query !== undefined));
      if (acceptWhenListed) {
        // An Enter that found nothing is spent; one that finds a match is honoured now.
        acceptWhenListed = false;
        if (pick.items.length > 0) {
          chosen = pick.items[0].incident;
          pick.hide();
          return;
        }
      }
      indexing = incidents.length === 0 && !complete;
      if (indexing) pick.placeholder = 'Indexing the workspace: incidents appear as they are found';
      else if (params.query === undefined && incidents.length === 0) pick.placeholder = 'No incident records in this workspace yet';
      else pick.placeholder = placeholder;
    } catch (error) {
      output.appendLine(`[client] ${ListIncidentsRequest.method} failed: ${String(error)}`);
    } finally {
      if (current === generation) pick.busy = indexing;
    }
  };
  const requery = new Debouncer(() => void load(pick.value));
  // The list follows the index while it is open: records found as the window starts, or written
  // (or imported) meanwhile, appear without closing the pick.
  const onIndex = index.onDidChange(() => requery.schedule(QUERY_DELAY_MS));

  return new Promise((resolve) => {
    pick.onDidChangeValue(() => {
      acceptWhenListed = false;
      requery.schedule(QUERY_DELAY_MS);
    });
    pick.onDidAccept(() => {
      chosen = pick.selectedItems[0]?.incident ?? pick.activeItems[0]?.incident;
      if (chosen !== undefined) pick.hide();
      // Typed fast and pressed Enter before the ranked list arrived: the user meant its best match.
      else if (pick.value.trim() !== '') acceptWhenListed = true;
    });
    pick.onDidHide(() => {
      onIndex.dispose();
      requery.dispose();
      pick.dispose();
      resolve(chosen);
    });
    pick.show();
    void load('');
  });
}
