/** Builds the language client that runs the bundled Incident Lens server next to the extension. */

import { existsSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { LanguageClient, RevealOutputChannelOn, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { Commands, type InitializationOptions } from '../../common/protocol';
import { NODE_RUNTIME_FLAGS } from '../../common/runtime';
import { sectionFromExplicit } from './explicitSettings';

/** Also the prefix of `incidentLens.trace.server`, which the client library reads by itself. */
const CLIENT_ID = 'incidentLens';

export function createLanguageClient(context: vscode.ExtensionContext, output: vscode.OutputChannel): LanguageClient {
  const module = context.asAbsolutePath('dist/server.js');
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc, options: { execArgv: [...NODE_RUNTIME_FLAGS] } },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6019'] } },
  };

  // The watcher sends workspace/didChangeWatchedFiles for every file: references live in files of
  // any language, and records may be created, renamed or deleted outside the editor.
  const watcher = vscode.workspace.createFileSystemWatcher('**/*');
  context.subscriptions.push(watcher);

  const initializationOptions: InitializationOptions = {
    gitEnabled: vscode.workspace.isTrusted,
    ripgrepPath: bundledRipgrep(),
    // The index cache lives in this workspace's storage: a window that opens the same folder again
    // reads only the files that changed. No workspace storage (no folder open): no cache.
    ...(context.storageUri?.scheme === 'file' ? { cacheFolder: context.storageUri.fsPath } : {}),
  };
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
    middleware: {
      provideHover: async (document, position, token, next) => withStoryLink(document, await next(document, position, token)),
      workspace: {
        // The server pulls `incidentLens` settings; it gets only what the user set (see explicitSettings.ts).
        configuration: async (params, token, next) => {
          const answered = await next(params, token);
          if (!Array.isArray(answered)) return answered;
          return params.items.map((item, index) =>
            item.section === CLIENT_ID || item.section?.startsWith(`${CLIENT_ID}.`)
              ? sectionFromExplicit(item.section, explicitSettings(context, item.scopeUri))
              : answered[index],
          );
        },
      },
    },
  };
  return new LanguageClient(CLIENT_ID, 'Incident Lens', serverOptions, clientOptions);
}

/** Every contributed `incidentLens.*` key that has a user, workspace or folder value, with that value. */
function explicitSettings(context: vscode.ExtensionContext, scopeUri: string | undefined): Map<string, unknown> {
  const declared = (context.extension.packageJSON as { contributes?: { configuration?: { properties?: Record<string, { scope?: string }> } } }).contributes
    ?.configuration?.properties;
  const configuration = vscode.workspace.getConfiguration(undefined, scopeUri === undefined ? undefined : vscode.Uri.parse(scopeUri));
  const explicit = new Map<string, unknown>();
  for (const key of Object.keys(declared ?? {})) {
    const inspected = configuration.inspect(key);
    // The most specific scope wins, as in VS Code itself; a machine or application setting (such
    // as externalRecords) is the user's alone: a repository's .vscode/settings.json cannot set it.
    const userOnly = ['machine', 'application'].includes(declared?.[key]?.scope ?? '');
    const value = userOnly ? inspected?.globalValue : (inspected?.workspaceFolderValue ?? inspected?.workspaceValue ?? inspected?.globalValue);
    if (value !== undefined) explicit.set(key, value);
  }
  return explicit;
}

/**
 * The ripgrep VS Code ships with its installation, for the server's fast pre-filter; undefined when
 * it is not where VS Code keeps it (the server then tries `rg` on PATH, then reads every file).
 */
function bundledRipgrep(): string | undefined {
  const binary = process.platform === 'win32' ? 'rg.exe' : 'rg';
  for (const modules of ['node_modules', 'node_modules.asar.unpacked']) {
    const candidate = path.join(vscode.env.appRoot, modules, '@vscode', 'ripgrep', 'bin', binary);
    if (existsSync(candidate)) return candidate;
  }
  return undefined;
}

/**
 * Every hover on an incident ends with "Read the story": a Markdown part of its own, the only one
 * trusted, and for exactly one command. The server's part (record text, escaped) stays untrusted.
 */
export function withStoryLink(document: vscode.TextDocument, hover: vscode.Hover | null | undefined): vscode.Hover | null | undefined {
  if (!hover?.range) return hover;
  const id = document.getText(hover.range);
  // The hovered text is an incident id the server matched; anything else gets no link.
  if (!/^[^\s()[\]<>`\\]{1,200}$/.test(id)) return hover;
  const args = encodeURIComponent(JSON.stringify([id, document.uri.toString()]));
  const link = new vscode.MarkdownString(`[Read the story](command:${Commands.showStory}?${args} "Open the story of this incident")`);
  link.isTrusted = { enabledCommands: [Commands.showStory] };
  return new vscode.Hover([...hover.contents, link], hover.range);
}
