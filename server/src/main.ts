import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { usePlainProcessEnv, useRuntimeFlags } from './host/plainEnv';
import { runImportWorkerIfWorker } from './host/importWorker';
import { runRecordWorkerIfWorker } from './host/recordWorkers';
import { initializeOnce } from './lsp/initializeOnce';
import { startServer } from './lsp/server';

usePlainProcessEnv();
useRuntimeFlags();

// This bundle also runs as the record parsing worker and the import's reader (host/recordWorkers.ts, host/importWorker.ts).
if (!runImportWorkerIfWorker() && !runRecordWorkerIfWorker()) {
  // `incident-lens-server --stdio` (or --node-ipc / --socket=N, as the client chooses).
  const connection = createConnection(ProposedFeatures.all, { messageStrategy: initializeOnce() });
  process.on('uncaughtException', (error) => connection.console.error(`Incident Lens: uncaught ${error.stack ?? error}`));
  process.on('unhandledRejection', (reason) => connection.console.error(`Incident Lens: unhandled rejection ${String(reason)}`));
  startServer(connection);
}
