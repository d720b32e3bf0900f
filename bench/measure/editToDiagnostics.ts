// Record edit -> fresh diagnostics in another open document: renames a record's id (didChange)
// and waits for the document that references it to get an unknown-reference diagnostic, then
// renames it back and waits for that diagnostic to go.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Diagnostic, LspTestClient } from '../../test/server/lspClient';
import { sleep, stats } from '../shared/figures';
import type { Manifest } from '../tree/manifest';
import type { OpenDocument } from './requests';

/** When the latest diagnostics of `uri` satisfy `predicate`: performance.now() of this process. */
async function diagnosticsArrival(client: LspTestClient, uri: string, predicate: (d: Diagnostic[] | undefined) => boolean, timeoutMs: number, what: string) {
  await client.waitFor(what, () => predicate(client.diagnostics.get(uri)), timeoutMs);
  return client.spawnedAt + client.diagnosticsAtMs.get(uri)!;
}

export async function measureEditToDiagnostics(
  client: LspTestClient,
  docs: OpenDocument[],
  manifest: Manifest,
  tree: string,
  o: { diagTimeoutMs: number },
  iterations: number,
) {
  const recordsById = new Map(manifest.records.map((r) => [r.id, r]));
  let target;
  for (const doc of docs) {
    const ref = doc.refs.find((r) => recordsById.get(r.id)?.path.endsWith('.yaml'));
    if (ref) {
      target = { doc, ref, rec: recordsById.get(ref.id)! };
      break;
    }
  }
  if (!target) throw new Error('no open document references a YAML record');
  const { doc, ref, rec } = target;
  const original = readFileSync(join(tree, rec.path), 'utf8');
  client.open(rec.path, original, 'yaml');
  await sleep(200);
  const hits = (diags: Diagnostic[] | undefined) =>
    (diags ?? []).some(
      (d) => (d.range?.start?.line === ref.line && d.range?.start?.character === ref.col) || (typeof d.message === 'string' && d.message.includes(ref.id)),
    );
  if (hits(client.diagnostics.get(doc.uri))) throw new Error(`${doc.path} already has a diagnostic for ${ref.id} before the edit`);
  const appear: number[] = [],
    clear: number[] = [];
  for (let i = 0; i < iterations; i++) {
    const renamed = original.replace(`id: ${ref.id}`, `id: INC-2098-${String(i + 1).padStart(3, '0')}`);
    let t0 = performance.now();
    client.change(rec.path, renamed);
    appear.push((await diagnosticsArrival(client, doc.uri, hits, o.diagTimeoutMs, `unknown-reference diagnostic for ${ref.id} in ${doc.path}`)) - t0);
    t0 = performance.now();
    client.change(rec.path, original);
    clear.push((await diagnosticsArrival(client, doc.uri, (d) => !hits(d), o.diagTimeoutMs, `diagnostic for ${ref.id} to clear in ${doc.path}`)) - t0);
  }
  client.close(rec.path);
  return { record: rec.path, document: doc.path, id: ref.id, appear: stats(appear)!, clear: stats(clear)! };
}
export type EditToDiagnostics = Awaited<ReturnType<typeof measureEditToDiagnostics>>;
