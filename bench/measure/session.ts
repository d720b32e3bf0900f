// One server session to index complete, driven through the server tests' client
// (test/server/lspClient.ts): one LSP client for tests and benchmark, typed by the same protocol.
import { existsSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import type { ClientCapabilities } from 'vscode-languageserver-protocol';
import type { IndexChangedParams } from '../../common/protocol';
import { LspTestClient } from '../../test/server/lspClient';
import { messageOf, round, sleep, type Failed } from '../shared/figures';
import { procCpu, procMem, watched } from '../shared/process';

export interface SessionOptions {
  /** The server build (dist/server.js, or another). */
  server: string;
  indexTimeoutMs: number;
  requestTimeoutMs: number;
}

export interface HeapFigures {
  heapAfterGcMB: number;
  peakHeapAfterGcMB: number | null;
  fullGcsWhileIndexing: number | null;
  peakHeapWithGarbageMB: number | null;
  externalAfterGcMB: number;
  arrayBuffersAfterGcMB: number;
  rssAfterGcMB: number;
}

export interface Session {
  client: LspTestClient;
  initializeMs: number;
  indexCompleteMs: number;
  indexCompleteEvent: IndexChangedParams & { atMs: number };
  memAtIndex: ReturnType<typeof procMem>;
  cpuAtIndex: ReturnType<typeof procCpu>;
  /** The top of RSS polled while indexing (VmHWM at the end is authoritative). */
  maxPolledRssMB: number;
  /** What the heap holds after GC once the index is complete (sessions with the heap probe). */
  heap?: HeapFigures | Failed;
}

/** The client capabilities the benchmark declares (an editor without code lens refresh). */
const BENCH_CAPABILITIES: ClientCapabilities = {
  workspace: { workspaceFolders: true, configuration: true, didChangeConfiguration: { dynamicRegistration: true } },
  window: { workDoneProgress: true },
  textDocument: {
    synchronization: { didSave: true, dynamicRegistration: true },
    hover: { contentFormat: ['markdown', 'plaintext'] },
    completion: { completionItem: { snippetSupport: false, documentationFormat: ['markdown', 'plaintext'] }, contextSupport: true },
    definition: { linkSupport: false },
    references: {},
    publishDiagnostics: { relatedInformation: true, codeDescriptionSupport: true },
    codeAction: {},
    codeLens: {},
    documentLink: {},
  },
};

/**
 * Node options that preload bench/heap-probe.cjs into the server: `--expose-gc` lets it run full
 * collections, which only it does, once the index is complete.
 */
const HEAP_PROBE_NODE_ARGS = ['--expose-gc', '--require', join(__dirname, '..', 'heap-probe.cjs')];
let heapProbes = 0;

/**
 * Starts a server on `tree` and waits for index complete. With `heap`, the server runs with
 * bench/heap-probe.cjs preloaded, and `heap` is what the heap holds after GC at index complete.
 */
export async function startServer(
  tree: string,
  o: SessionOptions,
  { nodeArgs = [], initializationOptions = {}, heap = false }: { nodeArgs?: string[]; initializationOptions?: object; heap?: boolean } = {},
): Promise<Session> {
  const heapFile = heap ? join(os.tmpdir(), `incident-lens-bench-heap-${process.pid}-${++heapProbes}.json`) : null;
  const client = await LspTestClient.start(tree, {
    server: o.server,
    nodeArgs: heap ? [...HEAP_PROBE_NODE_ARGS, ...nodeArgs] : nodeArgs,
    env: heapFile ? { BENCH_HEAP_PROBE_FILE: heapFile } : {},
    cwd: tree,
    initializationOptions,
    capabilities: BENCH_CAPABILITIES,
    initializeTimeoutMs: o.requestTimeoutMs * 2,
  });
  watched(client.process);
  // poll RSS while indexing (VmHWM at the end is authoritative; this gives the curve's top)
  let maxRss = 0;
  const poll = setInterval(() => {
    const m = procMem(client.process.pid);
    if (m?.rssMB && m.rssMB > maxRss) maxRss = m.rssMB;
  }, 50);
  let s: Session;
  try {
    const ev = await client.waitForIndex(o.indexTimeoutMs);
    s = {
      client,
      initializeMs: client.initializeMs,
      indexCompleteMs: ev.atMs,
      indexCompleteEvent: ev,
      memAtIndex: procMem(client.process.pid),
      cpuAtIndex: procCpu(client.process.pid!),
      maxPolledRssMB: maxRss,
    };
  } catch (e) {
    await client.stop();
    throw e;
  } finally {
    clearInterval(poll);
  }
  // after the RSS and CPU readings: the probe's own collections are in neither
  if (heapFile) s.heap = await measureHeap(client, heapFile, o);
  return s;
}

/** Shuts the server down cleanly (a clean exit writes CPU profiles); killed if it does not end. */
export async function stopServer(s: Session | undefined): Promise<void> {
  if (s) await s.client.stop();
}

/** CPU of a session at index complete: the server's own threads, and its reaped children (rg, git). */
export const cpuFigures = (s: Session) => ({
  cpuMs: s.cpuAtIndex ? round(s.cpuAtIndex.self) : null,
  childCpuMs: s.cpuAtIndex ? round(s.cpuAtIndex.children) : null,
});

/**
 * Asks the preloaded heap probe (SIGUSR2) for the heap after GC and waits for its file; a session
 * is not lost for want of a heap figure. peakHeapAfterGcMB is the largest heap measured right
 * after a full collection from the start to index complete, this last one included (so never
 * below heapAfterGcMB): a lower bound of the live peak, as V8 collects in full only when the old
 * generation fills (how many times: fullGcsWhileIndexing). peakHeapWithGarbageMB, the largest heap
 * before any collection, bounds it from above.
 */
async function measureHeap(client: LspTestClient, file: string, o: SessionOptions): Promise<HeapFigures | Failed> {
  try {
    if (process.platform === 'win32') return { available: false, error: 'the heap probe is asked through SIGUSR2, which Windows does not have' };
    client.process.kill('SIGUSR2');
    const deadline = Date.now() + o.requestTimeoutMs;
    while (!existsSync(file)) {
      if (client.exited) throw new Error(`the server exited (code ${client.exited.code}, signal ${client.exited.signal}) before the heap probe answered`);
      if (Date.now() > deadline) throw new Error(`the heap probe wrote nothing in ${o.requestTimeoutMs} ms (${file})`);
      await sleep(20);
    }
    const p = JSON.parse(readFileSync(file, 'utf8')) as HeapProbeFile;
    return {
      heapAfterGcMB: p.heapUsedMB,
      peakHeapAfterGcMB: p.fullGcsBefore == null ? null : Math.max(p.heapUsedMB, p.peakHeapAfterFullGcMB ?? 0),
      fullGcsWhileIndexing: p.fullGcsBefore,
      peakHeapWithGarbageMB: p.peakHeapBeforeGcMB,
      externalAfterGcMB: p.externalMB,
      arrayBuffersAfterGcMB: p.arrayBuffersMB,
      rssAfterGcMB: p.rssMB,
    };
  } catch (e) {
    return { error: messageOf(e) };
  } finally {
    rmSync(file, { force: true });
  }
}

/** What bench/heap-probe.cjs writes. */
interface HeapProbeFile {
  heapUsedMB: number;
  externalMB: number;
  arrayBuffersMB: number;
  rssMB: number;
  fullGcsBefore: number | null;
  peakHeapAfterFullGcMB: number | null;
  peakHeapBeforeGcMB: number | null;
}
