// One language server session: the cold index, then 50 open documents (20 with --quick), the LSP
// requests at their references and record edit -> diagnostics, and the server's memory at the end.
import { messageOf, round, type Failed } from '../shared/figures';
import { procMem } from '../shared/process';
import type { Manifest } from '../tree/manifest';
import { coldIndexSession, type ColdIndex } from './coldIndex';
import { measureEditToDiagnostics, type EditToDiagnostics } from './editToDiagnostics';
import { measureRequests, openDocuments, pickDocuments, roundTrip, type RequestResults } from './requests';
import { stopServer, type Session, type SessionOptions } from './session';

export interface LspResults {
  coldIndex?: ColdIndex | Failed;
  openDocuments?: { count: number; ms: number | null; positions: number };
  requests?: RequestResults | Failed;
  editToDiagnostics?: EditToDiagnostics | Failed;
  serverMemory?: { peakRssMB: number | null; rssAtEndMB: number | null; maxPolledRssDuringIndexMB: number | null; note: string };
  serverLogTail?: string[];
}

export async function measureLsp(
  tree: string,
  manifest: Manifest,
  o: SessionOptions & { quick: boolean; requests: number; diagTimeoutMs: number },
): Promise<LspResults> {
  const results: LspResults = {};
  let s: Session;
  try {
    const cold = await coldIndexSession(tree, o);
    s = cold.session;
    results.coldIndex = cold.coldIndex;
  } catch (e) {
    results.coldIndex = { error: messageOf(e) };
    return results;
  }
  try {
    const docs = pickDocuments(manifest, tree, o.quick ? 20 : 50);
    const t0 = performance.now();
    openDocuments(s.client, docs);
    await roundTrip(s.client, docs[0], o.requestTimeoutMs);
    results.openDocuments = { count: docs.length, ms: round(performance.now() - t0), positions: docs.reduce((a, d) => a + d.refs.length, 0) };
    results.requests = await measureRequests(s.client, docs, o);
    try {
      results.editToDiagnostics = await measureEditToDiagnostics(s.client, docs, manifest, tree, o, o.quick ? 3 : 10);
    } catch (e) {
      results.editToDiagnostics = { error: messageOf(e) };
    }
  } catch (e) {
    results.requests ??= { error: messageOf(e) };
  } finally {
    const m = procMem(s.client.process.pid);
    results.serverMemory = {
      peakRssMB: m?.hwmMB ?? null,
      rssAtEndMB: m?.rssMB ?? null,
      maxPolledRssDuringIndexMB: s.maxPolledRssMB || null,
      note: 'VmHWM of the server process (children such as rg/git not included)',
    };
    results.serverLogTail = s.client.logs.slice(-10);
    await stopServer(s);
  }
  return results;
}
