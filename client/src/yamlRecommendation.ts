/**
 * Once per user, on the first YAML record opened: recommend Red Hat's YAML extension, which adds
 * validation and completion as you type from the record schema this extension contributes
 * (`yamlValidation` in package.json). Dismissible, never shown again, nothing installed or
 * fetched unless the user asks (the Extensions view then searches the marketplace).
 */

import * as vscode from 'vscode';
import type { ActiveFileIncidents, ActiveFileState } from './activeFileIncidents';

export const YAML_EXTENSION_ID = 'redhat.vscode-yaml';
/** Global state key: set once the recommendation was shown. */
const SHOWN_KEY = 'incidentLens.yamlRecommendationShown';
export const SHOW_YAML_EXTENSION = 'Show YAML Extension';
export const NOT_NOW = 'Not Now';

export function recommendYamlExtension(context: vscode.ExtensionContext, activeFile: ActiveFileIncidents): vscode.Disposable {
  let shown = context.globalState.get<boolean>(SHOWN_KEY) === true;
  const listener = activeFile.onDidChange((state: ActiveFileState) => {
    if (shown || !state.record || !state.uri || !/\.ya?ml$/i.test(state.uri.path)) return;
    if (vscode.extensions.getExtension(YAML_EXTENSION_ID)) return;
    shown = true;
    void context.globalState.update(SHOWN_KEY, true);
    void vscode.window
      .showInformationMessage(
        'Editing incident records: the YAML extension (Red Hat) checks and completes record fields as you type, from the schema Incident Lens provides.',
        SHOW_YAML_EXTENSION,
        NOT_NOW,
      )
      .then((choice) =>
        choice === SHOW_YAML_EXTENSION ? vscode.commands.executeCommand('workbench.extensions.search', `@id:${YAML_EXTENSION_ID}`) : undefined,
      );
  });
  return listener;
}
