// LSP requests at planted references in open documents: hover, completion, definition and
// references, median and p99 over `requests` each, after 10 warm-up requests.
import { readFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { CompletionRequest, DefinitionRequest, HoverRequest, ReferencesRequest } from 'vscode-languageserver-protocol';
import type { LspTestClient } from '../../test/server/lspClient';
import { messageOf, round, stats, withTimeout, type Failed, type Stats } from '../shared/figures';
import type { Manifest, PlantedRef } from '../tree/manifest';

export interface OpenDocument {
  path: string;
  uri: string;
  text: string;
  refs: PlantedRef[];
}

const LANGUAGE_IDS: Record<string, string> = {
  '.ts': 'typescript',
  '.js': 'javascript',
  '.py': 'python',
  '.go': 'go',
  '.java': 'java',
  '.rs': 'rust',
  '.rb': 'ruby',
  '.c': 'c',
  '.sql': 'sql',
  '.yaml': 'yaml',
  '.yml': 'yaml',
  '.md': 'markdown',
  '.sh': 'shellscript',
  '.kt': 'kotlin',
};

/** Picks documents with real (known) references from the manifest, spread over the whole list (deterministic). */
export function pickDocuments(manifest: Manifest, tree: string, maxDocs: number): OpenDocument[] {
  const byPath = new Map<string, PlantedRef[]>();
  for (const r of manifest.refs) {
    if (!r.known) continue;
    if (!byPath.has(r.path)) byPath.set(r.path, []);
    byPath.get(r.path)!.push(r);
  }
  const docs: OpenDocument[] = [];
  const paths = [...byPath.keys()];
  const step = Math.max(1, Math.floor(paths.length / maxDocs));
  for (let i = 0; i < paths.length && docs.length < maxDocs; i += step) {
    const p = paths[i];
    const abs = join(tree, p);
    docs.push({ path: p, uri: pathToFileURL(abs).href, text: readFileSync(abs, 'utf8'), refs: byPath.get(p)! });
  }
  return docs;
}

/** Opens the documents (didOpen, with their language), as an editor does. */
export function openDocuments(client: LspTestClient, docs: OpenDocument[]): void {
  for (const d of docs) client.open(d.path, d.text, LANGUAGE_IDS[extname(d.path)] ?? 'plaintext');
}

/** A hover round trip, so every didOpen sent before it has been read. */
export function roundTrip(client: LspTestClient, doc: OpenDocument, timeoutMs: number): Promise<unknown> {
  return withTimeout(
    client.request(HoverRequest.type, { textDocument: { uri: doc.uri }, position: { line: 0, character: 0 } }),
    timeoutMs,
    'hover after didOpen',
  );
}

interface Position {
  uri: string;
  line: number;
  col: number;
}
interface Answer {
  ms: number;
  nonEmpty: boolean;
  size: number;
}
type Ask = (client: LspTestClient, p: Position, timeoutMs: number) => Promise<Answer>;

/** One request timed from send to answer; what the answer holds is looked at after. */
function asking<R>(method: string, send: (client: LspTestClient, p: Position) => Promise<R>, nonEmpty: (r: R) => boolean, size: (r: R) => number): Ask {
  return async (client, p, timeoutMs) => {
    const t0 = performance.now();
    const r = await withTimeout(send(client, p), timeoutMs, method);
    const ms = performance.now() - t0;
    return { ms, nonEmpty: nonEmpty(r), size: size(r) };
  };
}

const inside = (p: Position) => ({ textDocument: { uri: p.uri }, position: { line: p.line, character: p.col + 5 } });
const count = (r: unknown[] | object | null) => (Array.isArray(r) ? r.length : r ? 1 : 0);

export const METHODS = {
  hover: asking(
    HoverRequest.method,
    (c, p) => c.request(HoverRequest.type, inside(p)),
    (r) =>
      !!r && !!r.contents && (typeof r.contents === 'string' ? r.contents.length > 0 : Array.isArray(r.contents) ? r.contents.length > 0 : !!r.contents.value),
    () => 1,
  ),
  // right after "INC-": the user is typing a reference, every incident is a candidate
  completion: asking(
    CompletionRequest.method,
    (c, p) =>
      c.request(CompletionRequest.type, { textDocument: { uri: p.uri }, position: { line: p.line, character: p.col + 4 }, context: { triggerKind: 1 } }),
    (r) => !!r && (Array.isArray(r) ? r.length > 0 : (r.items?.length ?? 0) > 0),
    (r) => (Array.isArray(r) ? r.length : (r?.items?.length ?? 0)),
  ),
  definition: asking(
    DefinitionRequest.method,
    (c, p) => c.request(DefinitionRequest.type, inside(p)),
    (r) => !!r && (Array.isArray(r) ? r.length > 0 : !!r.uri),
    count,
  ),
  references: asking(
    ReferencesRequest.method,
    (c, p) => c.request(ReferencesRequest.type, { ...inside(p), context: { includeDeclaration: true } }),
    (r) => Array.isArray(r) && r.length > 0,
    (r) => (Array.isArray(r) ? r.length : 0),
  ),
};
export type Method = keyof typeof METHODS;

export type RequestStats = Stats & { nonEmpty: number; meanResultSize: number | null };
export type RequestResults = { [M in Method]?: RequestStats | Failed };

/** `requests` of each method (all four unless `methods` says), at positions spread over the documents' references. */
export async function measureRequests(
  client: LspTestClient,
  docs: OpenDocument[],
  o: { requests: number; requestTimeoutMs: number },
  methods: Method[] = Object.keys(METHODS) as Method[],
): Promise<RequestResults> {
  const positions: Position[] = [];
  for (const d of docs) for (const r of d.refs) positions.push({ uri: d.uri, line: r.line, col: r.col });
  if (!positions.length) throw new Error('no reference positions in the generated workspace');
  const out: RequestResults = {};
  for (const name of methods) {
    try {
      const samples: number[] = [];
      let nonEmpty = 0,
        sizeSum = 0;
      const warm = Math.min(10, o.requests);
      for (let i = -warm; i < o.requests; i++) {
        const answer = await METHODS[name](client, positions[((i + warm) * 7919) % positions.length], o.requestTimeoutMs);
        if (i < 0) continue; // warm-up
        samples.push(answer.ms);
        if (answer.nonEmpty) nonEmpty++;
        sizeSum += answer.size;
      }
      out[name] = { ...stats(samples)!, nonEmpty, meanResultSize: round(sizeSum / samples.length, 1) };
    } catch (e) {
      out[name] = { error: messageOf(e) };
    }
  }
  return out;
}
