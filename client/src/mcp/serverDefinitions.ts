/**
 * Which MCP servers Incident Lens offers VS Code's agent mode: one `incident-lens mcp` per local
 * workspace folder, and only in a trusted workspace (the server reads git history there unless
 * the folder turned git off). Plain data, no vscode import: the glue in ../mcpServer.ts turns
 * each into a McpStdioServerDefinition.
 */

export interface McpFolder {
  name: string;
  /** File-system path; undefined for a folder that is not on disk (virtual, remote). */
  fsPath: string | undefined;
  /** `incidentLens.git.enabled` for the folder. */
  gitEnabled: boolean;
}

export interface McpLaunch {
  label: string;
  command: string;
  args: string[];
  cwd: string;
  env: Record<string, string>;
}

/**
 * @param nodePath the executable that runs dist/cli.js: VS Code's own (Electron run as Node),
 *   so that no Node installation is needed.
 */
export function mcpLaunches(folders: readonly McpFolder[], trusted: boolean, cliPath: string, nodePath: string): McpLaunch[] {
  if (!trusted) return [];
  return folders
    .filter((f): f is McpFolder & { fsPath: string } => f.fsPath !== undefined)
    .map((folder) => ({
      label: folders.length > 1 ? `Incident Lens (${folder.name})` : 'Incident Lens',
      command: nodePath,
      args: [cliPath, 'mcp', folder.fsPath, ...(folder.gitEnabled ? [] : ['--no-git'])],
      cwd: folder.fsPath,
      env: { ELECTRON_RUN_AS_NODE: '1' },
    }));
}
