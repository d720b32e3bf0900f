/** The `when`-clause context keys the manifest's views and menus read. */

import * as vscode from 'vscode';

/** True once the server reports at least one record; the All Incidents welcome view shows otherwise. */
const HAS_RECORDS = 'incidentLens.hasRecords';

let hasRecords: boolean | undefined;

/** Sets `incidentLens.hasRecords`, skipping the round trip when the value did not change. */
export function setHasRecords(value: boolean): void {
  if (hasRecords === value) return;
  hasRecords = value;
  void vscode.commands.executeCommand('setContext', HAS_RECORDS, value);
}

/** Sets any other context key of the extension (its name says what it is). */
export function setContext(key: string, value: unknown): void {
  void vscode.commands.executeCommand('setContext', key, value);
}
