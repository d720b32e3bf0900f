import * as assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection, type RequestType } from 'vscode-jsonrpc/node';
import {
  CodeAction,
  CodeLensRefreshRequest,
  ConfigurationRequest,
  DidChangeTextDocumentNotification,
  DidChangeWatchedFilesNotification,
  DidCloseTextDocumentNotification,
  DidOpenTextDocumentNotification,
  ExitNotification,
  InitializedNotification,
  InitializeRequest,
  Location,
  LogMessageNotification,
  MarkupContent,
  MarkupKind,
  PublishDiagnosticsNotification,
  RegistrationRequest,
  ShutdownRequest,
  WorkDoneProgressCreateRequest,
  WorkspaceFoldersRequest,
  type ClientCapabilities,
  type Command,
  type CompletionItem,
  type CompletionList,
  type Definition,
  type Diagnostic,
  type FileEvent,
  type Hover,
  type LocationLink,
  type TextDocumentPositionParams,
} from 'vscode-languageserver-protocol';
import { IndexChangedNotification, type IndexChangedParams } from '../../common/protocol';

export const SERVER = path.join(__dirname, '../../dist/server.js');

export type { Diagnostic };

/** The Markdown of a hover: every hover this server gives is Markdown. */
export function markdownOf(hover: Hover | null): string {
  assert.ok(hover && MarkupContent.is(hover.contents) && hover.contents.kind === MarkupKind.Markdown, `a Markdown hover: ${JSON.stringify(hover)}`);
  return hover.contents.value;
}

/** The locations of a definition answer (this server answers with locations, not links). */
export function locationsOf(answer: Definition | LocationLink[] | null): Location[] {
  const locations = answer === null ? [] : Array.isArray(answer) ? answer : [answer];
  assert.ok(
    locations.every((l) => Location.is(l)),
    `locations: ${JSON.stringify(answer)}`,
  );
  return locations as Location[];
}

/** The items of a completion answer, list or array (null when the server offers nothing). */
export function itemsOf(answer: CompletionItem[] | CompletionList | null): CompletionItem[] {
  assert.ok(answer, 'a completion answer');
  return Array.isArray(answer) ? answer : answer.items;
}

/** The code actions of an answer (this server answers with code actions, not bare commands). */
export function codeActionsOf(answer: Array<Command | CodeAction> | null): CodeAction[] {
  const actions = answer ?? [];
  assert.ok(
    actions.every((a) => CodeAction.is(a)),
    `code actions: ${JSON.stringify(answer)}`,
  );
  return actions as CodeAction[];
}

/** What an editor like VS Code declares; enough for every feature the server has. */
const EDITOR_CAPABILITIES: ClientCapabilities = {
  workspace: {
    configuration: true,
    workspaceFolders: true,
    didChangeWatchedFiles: { dynamicRegistration: true, relativePatternSupport: true },
    codeLens: { refreshSupport: true },
  },
  window: { workDoneProgress: true },
  textDocument: { hover: { contentFormat: ['markdown'] }, completion: { completionItem: { snippetSupport: false } } },
};

export interface LspTestClientOptions {
  initializationOptions?: unknown;
  /** The `incidentLens` section answered to workspace/configuration (null: no settings). */
  settings?: Record<string, unknown>;
  /** Answer workspace/configuration this much later, as a busy editor does at start. */
  configurationDelayMs?: number;
  env?: NodeJS.ProcessEnv;
  extraFolders?: string[];
  /** Another build of the server (the bench compares builds); dist/server.js by default. */
  server?: string;
  /** Node options before the server script, e.g. `--cpu-prof`. */
  nodeArgs?: string[];
  /** The server's working directory (the test runner's by default). */
  cwd?: string;
  /** Client capabilities other than an editor's (the bench declares its own). */
  capabilities?: ClientCapabilities;
  /** How long initialize may take before start() gives up (default 30 s). */
  initializeTimeoutMs?: number;
}

/** A notification as received, with when: milliseconds since the server process was spawned. */
export interface ReceivedNotification {
  method: string;
  params: unknown;
  atMs: number;
}

/**
 * Speaks LSP to the real `incident-lens-server --stdio` as an editor would: initialize with a
 * workspace folder, open documents, ask, and collect what the server pushes. The server tests and
 * the benchmark (bench/measure/session.ts) both drive the server through it.
 */
export class LspTestClient {
  readonly diagnostics = new Map<string, Diagnostic[]>();
  /** When each URI's latest diagnostics arrived, in ms since spawn (the bench times edits by it). */
  readonly diagnosticsAtMs = new Map<string, number>();
  /** Every publication, in order: which file, for which document version, how many diagnostics. */
  readonly published: Array<{ uri: string; version?: number; count: number }> = [];
  readonly notifications: ReceivedNotification[] = [];
  readonly logs: string[] = [];
  /** Milliseconds from spawn to the answer to initialize. */
  initializeMs = 0;
  /** Set once the server process has exited. */
  exited: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  private readonly versions = new Map<string, number>();
  private listeners: Array<() => void> = [];

  private constructor(
    readonly process: ChildProcess,
    readonly connection: MessageConnection,
    readonly root: string,
    /** performance.now() at spawn. */
    readonly spawnedAt: number,
  ) {}

  /** Milliseconds since the server process was spawned. */
  sinceSpawn(): number {
    return performance.now() - this.spawnedAt;
  }

  static async start(root: string, options: LspTestClientOptions = {}): Promise<LspTestClient> {
    const spawnedAt = performance.now();
    const child = spawn(process.execPath, [...(options.nodeArgs ?? []), options.server ?? SERVER, '--stdio'], {
      stdio: ['pipe', 'pipe', 'pipe'],
      cwd: options.cwd,
      env: { ...process.env, ...options.env },
    });
    const connection = createMessageConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
    const client = new LspTestClient(child, connection, root, spawnedAt);
    child.stderr!.on('data', (chunk) => client.logs.push(String(chunk)));
    // 'close', not 'exit': by then everything the server wrote has been read.
    child.on('close', (code, signal) => {
      client.exited = { code, signal };
      // Pending requests fail at once instead of waiting for an answer that cannot come.
      connection.dispose();
      client.wake();
    });
    connection.onNotification(PublishDiagnosticsNotification.type, (params) => {
      client.diagnostics.set(params.uri, params.diagnostics);
      client.diagnosticsAtMs.set(params.uri, client.sinceSpawn());
      client.published.push({ uri: params.uri, version: params.version, count: params.diagnostics.length });
      client.wake();
    });
    connection.onNotification(LogMessageNotification.type, (params) => {
      client.logs.push(params.message);
      client.notifications.push({ method: LogMessageNotification.method, params, atMs: client.sinceSpawn() });
      client.wake();
    });
    connection.onNotification((method: string, params: unknown) => {
      client.notifications.push({ method, params, atMs: client.sinceSpawn() });
      client.wake();
    });
    // Progress the server reports under a token it created (window/workDoneProgress/create).
    connection.onUnhandledProgress((params) => {
      client.notifications.push({ method: '$/progress', params, atMs: client.sinceSpawn() });
      client.wake();
    });
    const folders = [root, ...(options.extraFolders ?? [])].map((folder) => ({ uri: pathToFileURL(folder).toString(), name: path.basename(folder) }));
    connection.onRequest(ConfigurationRequest.type, async (params) => {
      if (options.configurationDelayMs) await new Promise((resolve) => setTimeout(resolve, options.configurationDelayMs));
      return params.items.map(() => options.settings ?? null);
    });
    connection.onRequest(WorkspaceFoldersRequest.type, () => folders);
    connection.onRequest(WorkDoneProgressCreateRequest.type, () => null);
    connection.onRequest(RegistrationRequest.type, (params) => {
      client.notifications.push({ method: RegistrationRequest.method, params, atMs: client.sinceSpawn() });
      client.wake();
      return null;
    });
    connection.onRequest(CodeLensRefreshRequest.type, () => {
      client.notifications.push({ method: CodeLensRefreshRequest.method, params: null, atMs: client.sinceSpawn() });
      client.wake();
      return null;
    });
    connection.listen();
    const initialize = connection.sendRequest(InitializeRequest.type, {
      processId: process.pid,
      rootUri: pathToFileURL(root).toString(),
      workspaceFolders: folders,
      initializationOptions: options.initializationOptions,
      capabilities: options.capabilities ?? EDITOR_CAPABILITIES,
    });
    try {
      await withTimeout(initialize, options.initializeTimeoutMs ?? 30_000, 'the answer to initialize');
    } catch (error) {
      await client.stop();
      throw error;
    }
    client.initializeMs = client.sinceSpawn();
    await connection.sendNotification(InitializedNotification.type, {});
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

  /**
   * Waits until `predicate` holds, re-checking whenever the server sends something; fails when the
   * server exits first or after `timeoutMs`.
   */
  async waitFor<T>(what: string, predicate: () => T | undefined | false, timeoutMs = 20_000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = predicate();
      if (value) return value;
      if (this.exited) {
        throw new Error(`The server exited (code ${this.exited.code}, signal ${this.exited.signal}) while waiting for ${what}. Server log:\n${this.logTail()}`);
      }
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`Timed out waiting for ${what}. Server log:\n${this.logTail()}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.min(left, 250));
        this.listeners.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  private logTail(): string {
    return this.logs.join('\n').slice(-3000);
  }

  /** Every `incidentLens/indexChanged` the server has sent so far, with when it arrived. */
  indexChanges(): Array<IndexChangedParams & { atMs: number }> {
    return this.notifications.filter((n) => n.method === IndexChangedNotification.method).map((n) => ({ ...(n.params as IndexChangedParams), atMs: n.atMs }));
  }

  /** Resolves with the first `incidentLens/indexChanged` that says the whole workspace is indexed. */
  waitForIndex(timeoutMs?: number): Promise<IndexChangedParams & { atMs: number }> {
    return this.waitFor('index complete', () => this.indexChanges().find((n) => n.complete), timeoutMs);
  }

  open(rel: string, text = readFileSync(path.join(this.root, rel), 'utf8'), languageId = 'plaintext'): void {
    this.versions.set(rel, 1);
    void this.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri: this.uri(rel), languageId, version: 1, text } });
  }

  change(rel: string, text: string): void {
    const version = (this.versions.get(rel) ?? 1) + 1;
    this.versions.set(rel, version);
    void this.connection.sendNotification(DidChangeTextDocumentNotification.type, {
      textDocument: { uri: this.uri(rel), version },
      contentChanges: [{ text }],
    });
  }

  close(rel: string): void {
    void this.connection.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri: this.uri(rel) } });
  }

  /** Tells the server what the file watcher saw (1 created, 2 changed, 3 deleted). */
  filesChanged(changes: FileEvent[]): Promise<void> {
    return this.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes });
  }

  /**
   * Sends a request declared by the LSP (`HoverRequest.type`, from vscode-languageserver-protocol)
   * or by common/protocol.ts (`ListIncidentsRequest`): its params and result are typed by it.
   */
  request<P, R>(type: RequestType<P, R, unknown>, params: P): Promise<R>;
  /** @deprecated Untyped: name a RequestType instead; kept only so tests written before it compile. */
  request<R>(method: string, params: unknown): Promise<R>;
  request(type: string | RequestType<unknown, unknown, unknown>, params: unknown): Promise<unknown> {
    return typeof type === 'string' ? this.connection.sendRequest(type, params) : this.connection.sendRequest(type, params);
  }

  /** Sends anything under any method name: for requests that are malformed on purpose. */
  requestUnchecked(method: string, params: unknown): Promise<unknown> {
    return this.connection.sendRequest(method, params);
  }

  at(rel: string, line: number, character: number): TextDocumentPositionParams {
    return { textDocument: { uri: this.uri(rel) }, position: { line, character } };
  }

  /**
   * Shuts the server down as an editor does (shutdown, exit) and waits for the process to end, so
   * what it writes on a clean exit (CPU profiles) is there; killed when it does not end in time.
   */
  async stop(): Promise<void> {
    const ended = new Promise<void>((resolve) => (this.exited ? resolve() : this.process.once('close', () => resolve())));
    if (!this.exited) {
      try {
        await Promise.race([this.connection.sendRequest(ShutdownRequest.type), sleep(5000)]);
        void this.connection.sendNotification(ExitNotification.type);
      } catch {
        // The server may already be gone; it is killed below either way.
      }
      await Promise.race([ended, sleep(5000)]);
      if (!this.exited) this.process.kill('SIGKILL');
      await Promise.race([ended, sleep(2000)]);
    }
    this.connection.dispose();
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}

/** `promise`, or a rejection naming `what` after `ms`. */
async function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`Timed out after ${ms} ms waiting for ${what}`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
