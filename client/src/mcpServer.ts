/**
 * Registers `incident-lens mcp` with VS Code's agent mode where the running VS Code has the API
 * (`vscode.lm.registerMcpServerDefinitionProvider`, 1.101 and later). Older versions, such as
 * the 1.100 the editor tests run, activate as before: there the function exists but refuses our
 * contribution point, which is caught.
 * @types/vscode is pinned to the oldest supported version, so the newer API is typed here.
 */
import * as vscode from 'vscode';
import { mcpLaunches } from './mcp/serverDefinitions';

export const MCP_PROVIDER_ID = 'incidentLens.mcp';

interface McpStdioServerDefinitionCtor {
  new (label: string, command: string, args?: string[], env?: Record<string, string>, version?: string): { cwd?: vscode.Uri };
}
interface McpApi {
  registerMcpServerDefinitionProvider(
    id: string,
    provider: { onDidChangeMcpServerDefinitions?: vscode.Event<void>; provideMcpServerDefinitions(): unknown[] },
  ): vscode.Disposable;
}

/** 'registered', or 'unavailable' when this VS Code has no MCP server definition API. */
export type McpRegistration = 'registered' | 'unavailable';

export function registerMcpServer(context: vscode.ExtensionContext, output: vscode.OutputChannel): McpRegistration {
  const lm = (vscode as unknown as { lm?: Partial<McpApi> }).lm;
  const Definition = (vscode as unknown as { McpStdioServerDefinition?: McpStdioServerDefinitionCtor }).McpStdioServerDefinition;
  if (typeof lm?.registerMcpServerDefinitionProvider !== 'function' || typeof Definition !== 'function') return 'unavailable';
  const changed = new vscode.EventEmitter<void>();
  const version = (context.extension.packageJSON as { version?: string }).version;
  const provider = {
    onDidChangeMcpServerDefinitions: changed.event,
    provideMcpServerDefinitions: () => {
      const folders = (vscode.workspace.workspaceFolders ?? []).map((folder) => ({
        name: folder.name,
        fsPath: folder.uri.scheme === 'file' ? folder.uri.fsPath : undefined,
        gitEnabled: vscode.workspace.getConfiguration('incidentLens', folder.uri).get<boolean>('git.enabled') !== false,
      }));
      return mcpLaunches(folders, vscode.workspace.isTrusted, context.asAbsolutePath('dist/cli.js'), process.execPath).map((launch) => {
        const definition = new Definition(launch.label, launch.command, launch.args, launch.env, version);
        definition.cwd = vscode.Uri.file(launch.cwd);
        return definition;
      });
    },
  };
  let registration: vscode.Disposable;
  try {
    registration = lm.registerMcpServerDefinitionProvider(MCP_PROVIDER_ID, provider);
  } catch (error) {
    // VS Code 1.100 has the function but wants another contribution point (it throws): the
    // extension works as before there, without the MCP server.
    changed.dispose();
    output.appendLine(`[client] MCP server not offered to this VS Code: ${String(error)}`);
    return 'unavailable';
  }
  context.subscriptions.push(
    changed,
    registration,
    vscode.workspace.onDidGrantWorkspaceTrust(() => changed.fire()),
    vscode.workspace.onDidChangeWorkspaceFolders(() => changed.fire()),
    vscode.workspace.onDidChangeConfiguration((e) => e.affectsConfiguration('incidentLens.git.enabled') && changed.fire()),
  );
  return 'registered';
}
