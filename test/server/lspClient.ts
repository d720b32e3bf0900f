import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection, type RequestType } from 'vscode-jsonrpc/node';
import { IndexChangedNotification, type IndexChangedParams } from '../../common/protocol';

export const SERVER = path.join(__dirname, '../../dist/server.js');

export interface Diagnostic {
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
  severity?: number;
  code?: string;
  message: string;
}

/**
 * Speaks LSP to the real `incident-lens-server --stdio` as an editor would: initialize with a
 * workspace folder, open documents, ask, and collect what the server pushes.
 */
export class LspTestClient {
  readonly diagnostics = new Map<string, Diagnostic[]>();
  readonly notifications: Array<{ method: string; params: unknown }> = [];
  readonly logs: string[] = [];
  private readonly versions = new Map<string, number>();
  private listeners: Array<() => void> = [];

  private constructor(
    readonly process: ChildProcess,
    readonly connection: MessageConnection,
    readonly root: string,
  ) {}

  static async start(
    root: string,
    options: { initializationOptions?: unknown; settings?: Record<string, unknown>; env?: NodeJS.ProcessEnv; extraFolders?: string[] } = {},
  ): Promise<LspTestClient> {
    const child = spawn(process.execPath, [SERVER, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, ...options.env } });
    const connection = createMessageConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
    const client = new LspTestClient(child, connection, root);
    child.stderr!.on('data', (chunk) => client.logs.push(String(chunk)));
    connection.onNotification('textDocument/publishDiagnostics', (params: { uri: string; diagnostics: Diagnostic[] }) => {
      client.diagnostics.set(params.uri, params.diagnostics);
      client.wake();
    });
    connection.onNotification((method: string, params: unknown) => {
      if (method === 'window/logMessage') client.logs.push((params as { message: string }).message);
      client.notifications.push({ method, params });
      client.wake();
    });
    // Progress the server reports under a token it created (window/workDoneProgress/create).
    connection.onUnhandledProgress((params) => {
      client.notifications.push({ method: '$/progress', params });
      client.wake();
    });
    connection.onRequest('workspace/configuration', (params: { items: unknown[] }) => params.items.map(() => options.settings ?? null));
    connection.onRequest('window/workDoneProgress/create', () => null);
    connection.onRequest('client/registerCapability', (params: unknown) => {
      client.notifications.push({ method: 'client/registerCapability', params });
      return null;
    });
    connection.onRequest('workspace/codeLens/refresh', () => {
      client.notifications.push({ method: 'workspace/codeLens/refresh', params: null });
      return null;
    });
    connection.listen();
    const rootUri = pathToFileURL(root).toString();
    await connection.sendRequest('initialize', {
      processId: process.pid,
      rootUri,
      workspaceFolders: [root, ...(options.extraFolders ?? [])].map((folder) => ({ uri: pathToFileURL(folder).toString(), name: path.basename(folder) })),
      initializationOptions: options.initializationOptions,
      capabilities: {
        workspace: {
          configuration: true,
          workspaceFolders: true,
          didChangeWatchedFiles: { dynamicRegistration: true, relativePatternSupport: true },
          codeLens: { refreshSupport: true },
        },
        window: { workDoneProgress: true },
        textDocument: { hover: { contentFormat: ['markdown'] }, completion: { completionItem: { snippetSupport: false } } },
      },
    });
    await connection.sendNotification('initialized', {});
    return client;
  }

  uri(rel: string): string {
    return pathToFileURL(path.join(this.root, rel)).toString();
  }

  private wake(): void {
    const listeners = this.listeners;
    this.listeners = [];
    listeners.forEach((l) => l());
  }

  /** Waits until `predicate` holds, re-checking whenever the server sends something. */
  async waitFor<T>(what: string, predicate: () => T | undefined | false, timeoutMs = 20_000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = predicate();
      if (value) return value;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`Timed out waiting for ${what}. Server log:\n${this.logs.join('\n').slice(-3000)}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.min(left, 250));
        this.listeners.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /** Every `incidentLens/indexChanged` the server has sent so far. */
  indexChanges(): IndexChangedParams[] {
    return this.notifications.filter((n) => n.method === IndexChangedNotification.method).map((n) => n.params as IndexChangedParams);
  }

  /** Resolves with the first `incidentLens/indexChanged` that says the whole workspace is indexed. */
  waitForIndex(): Promise<IndexChangedParams> {
    return this.waitFor('index complete', () => this.indexChanges().find((n) => n.complete));
  }

  open(rel: string, text = readFileSync(path.join(this.root, rel), 'utf8'), languageId = 'plaintext'): void {
    this.versions.set(rel, 1);
    void this.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: this.uri(rel), languageId, version: 1, text } });
  }

  change(rel: string, text: string): void {
    const version = (this.versions.get(rel) ?? 1) + 1;
    this.versions.set(rel, version);
    void this.connection.sendNotification('textDocument/didChange', { textDocument: { uri: this.uri(rel), version }, contentChanges: [{ text }] });
  }

  close(rel: string): void {
    void this.connection.sendNotification('textDocument/didClose', { textDocument: { uri: this.uri(rel) } });
  }

  /** Sends a request declared in common/protocol.ts (or by the LSP): params and result are typed by it. */
  request<P, R>(type: RequestType<P, R, unknown>, params: P): Promise<R>;
  request<R>(method: string, params: unknown): Promise<R>;
  request(type: string | RequestType<unknown, unknown, unknown>, params: unknown): Promise<unknown> {
    return typeof type === 'string' ? this.connection.sendRequest(type, params) : this.connection.sendRequest(type, params);
  }

  at(rel: string, line: number, character: number) {
    return { textDocument: { uri: this.uri(rel) }, position: { line, character } };
  }

  async stop(): Promise<void> {
    try {
      await Promise.race([this.connection.sendRequest('shutdown'), new Promise((r) => setTimeout(r, 2000))]);
      void this.connection.sendNotification('exit');
    } catch {
      // The server may already be gone; it is killed below either way.
    }
    setTimeout(() => this.process.kill('SIGKILL'), 1000).unref();
    this.connection.dispose();
  }
}
