// Cold index: spawn of the server to the first `incidentLens/indexChanged` with `complete: true`,
// without a cache, with the heap probe. The session stays up for the measurements that follow.
import { IndexChangedNotification } from '../../common/protocol';
import { round } from '../shared/figures';
import { cpuFigures, startServer, type Session, type SessionOptions } from './session';

export async function coldIndexSession(tree: string, o: SessionOptions) {
  const s: Session = await startServer(tree, o, { heap: true });
  const ev = s.indexCompleteEvent;
  const coldIndex = {
    ms: round(s.indexCompleteMs)!,
    initializeMs: round(s.initializeMs),
    serverReportedDurationMs: ev.durationMs,
    records: ev.records,
    files: ev.files,
    ...cpuFigures(s),
    indexChangedEvents: s.client.indexChanges().length,
    rssAtIndexCompleteMB: s.memAtIndex?.rssMB ?? null,
    peakRssAtIndexCompleteMB: s.memAtIndex?.hwmMB ?? null,
    heap: s.heap,
    note: `process spawn to the first ${IndexChangedNotification.method} with complete: true; heap: main thread after GC (bench/heap-probe.cjs)`,
  };
  return { session: s, coldIndex };
}
export type ColdIndex = Awaited<ReturnType<typeof coldIndexSession>>['coldIndex'];
