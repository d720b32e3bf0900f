/** The real language server as a suite's fixture: started on a folder, stopped and the folder removed. */
import { rmSync } from 'node:fs';
import { LspTestClient, type LspTestClientOptions } from '../server/lspClient';

/** The server started on `root` as an editor starts it, once its first index is built. */
export async function startIndexed(root: string, options?: LspTestClientOptions): Promise<LspTestClient> {
  const client = await LspTestClient.start(root, options);
  try {
    await client.waitForIndex();
  } catch (error) {
    await client.stop();
    throw error;
  }
  return client;
}

/** Stops the server, if it started, and removes the folders it worked on. */
export async function stopAndRemove(client: LspTestClient | undefined, ...folders: string[]): Promise<void> {
  await client?.stop();
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
}

/** The ids of the records the server lists (incidentLens/listIncidents), sorted. */
export async function listIds(client: LspTestClient): Promise<string[]> {
  return (await client.request<Array<{ id: string }>>('incidentLens/listIncidents', {})).map((r) => r.id).sort();
}
