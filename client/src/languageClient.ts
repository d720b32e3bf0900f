/** Builds the language client that runs the bundled Incident Lens server next to the extension. */

import * as vscode from 'vscode';
import {
  LanguageClient,
  RevealOutputChannelOn,
  TransportKind,
  type LanguageClientOptions,
  type ServerOptions,
} from 'vscode-languageclient/node';
import type { InitializationOptions } from '../../common/protocol';

/** Also the prefix of `incidentLens.trace.server`, which the client library reads by itself. */
const CLIENT_ID = 'incidentLens';

export function createLanguageClient(context: vscode.ExtensionContext, output: vscode.OutputChannel): LanguageClient {
  const module = context.asAbsolutePath('dist/server.js');
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6019'] } },
  };

  // The watcher sends workspace/didChangeWatchedFiles for every file: references live in files of
  // any language, and records may be created, renamed or deleted outside the editor.
  const watcher = vscode.workspace.createFileSystemWatcher('**/*');
  context.subscriptions.push(watcher);

  const initializationOptions: InitializationOptions = { gitEnabled: vscode.workspace.isTrusted };
  const clientOptions: LanguageClientOptions = {
    // Every file on disk: a reference can sit in a comment of any language, or in any doc.
    documentSelector: [{ scheme: 'file' }],
    synchronize: { fileEvents: watcher, configurationSection: CLIENT_ID },
    initializationOptions,
    outputChannel: output,
    revealOutputChannelOn: RevealOutputChannelOn.Never,
    diagnosticCollectionName: CLIENT_ID,
    // Hovers render record text, which is untrusted: no command links, no raw HTML.
    markdown: { isTrusted: false, supportHtml: false },
  };
  return new LanguageClient(CLIENT_ID, 'Incident Lens', serverOptions, clientOptions);
}
