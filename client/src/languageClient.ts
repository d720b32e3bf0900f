/** Builds the language client that runs the bundled Incident Lens server next to the extension. */

import { existsSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { HoverRequest, LanguageClient, RevealOutputChannelOn, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { Commands, type IncidentAtResult, type IncidentHover, type InitializationOptions } from '../../common/protocol';
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
    // This client draws the hover's actions on its first line (withHoverActions).
    hoverActions: true,
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
      // One request: the server's hover carries what the actions need (InitializationOptions.hoverActions).
      provideHover: async (document, position, token) => {
        const params = client.code2ProtocolConverter.asTextDocumentPositionParams(document, position);
        const hover = await client.sendRequest(HoverRequest.type, params, token).then(
          (result) => result as IncidentHover | null,
          (error: unknown) => client.handleFailedRequest(HoverRequest.type, token, error, null),
        );
        if (!hover || token.isCancellationRequested) return null;
        return withHoverActions(document, client.protocol2CodeConverter.asHover(hover), hover.incident);
      },
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
  const client = new LanguageClient(CLIENT_ID, 'Incident Lens', serverOptions, clientOptions);
  return client;
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
 * A hover on an incident gets its actions on the first line, so nothing is below the fold of a
 * long hover: "Read the story · N references · Open record"; and it still ends with "Read the
 * story", where a reader who got to the end looks next. These action parts are the only trusted
 * Markdown, each for exactly its commands; the server's part (record text, escaped) stays untrusted.
 */
export function withHoverActions(
  document: vscode.TextDocument,
  hover: vscode.Hover | null | undefined,
  incident: IncidentAtResult | null | undefined,
): vscode.Hover | null | undefined {
  if (!hover?.range) return hover;
  const id = incident?.id ?? document.getText(hover.range);
  // An incident id the server matched; anything else gets no link.
  if (!/^[^\s()[\]<>`\\]{1,200}$/.test(id)) return hover;
  const storyLink = (label: string) =>
    `[${label}](command:${Commands.showStory}?${commandArgs([id, document.uri.toString()])} "Open the story of this incident")`;
  const ending = trustedMarkdown(storyLink('Read the story'), [Commands.showStory]);
  if (incident) {
    const count = incident.referenceCount === 1 ? '1 reference' : `${incident.referenceCount} references`;
    const start = { line: hover.range.start.line, character: hover.range.start.character };
    const references =
      incident.referenceCount > 0
        ? `[$(references) ${count}](command:${Commands.referencesAt}?${commandArgs([document.uri.toString(), start])} "Show every place that mentions it")`
        : `$(references) ${count}`;
    const open = `[$(go-to-file) Open record](command:${Commands.openIncident}?${commandArgs([id, incident.recordUri])} "Open the record at its id")`;
    const actions = [storyLink('$(book) Read the story'), references, open].join(' · ');
    return new vscode.Hover(
      [trustedMarkdown(actions, [Commands.showStory, Commands.referencesAt, Commands.openIncident]), ...hover.contents, ending],
      hover.range,
    );
  }
  return new vscode.Hover([...hover.contents, ending], hover.range);
}

function commandArgs(args: unknown[]): string {
  return encodeURIComponent(JSON.stringify(args));
}

function trustedMarkdown(value: string, enabledCommands: string[]): vscode.MarkdownString {
  const markdown = new vscode.MarkdownString(value, true);
  markdown.isTrusted = { enabledCommands };
  return markdown;
}
