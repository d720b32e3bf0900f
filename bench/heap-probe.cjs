// Preloaded into the language server by bench/measure/session.ts, never shipped:
//
//   node --expose-gc --require bench/heap-probe.cjs dist/server.js --stdio
//   (with BENCH_HEAP_PROBE_FILE=/path/to/result.json in the environment)
//
// The server itself knows nothing of it. From the start of the process, v8.GCProfiler records the
// heap before and after every garbage collection of the main thread (where the index lives; the
// record workers have heaps of their own, not seen here, and end with the index). On SIGUSR2,
// which the bench sends once the index is complete, it stops recording, runs full collections and
// writes what the heap holds after them, with the largest heap seen right after a full collection
// while indexing (a lower bound of the live peak: V8 runs few full collections) and the largest
// seen before any collection (an upper bound: garbage included), as JSON to BENCH_HEAP_PROBE_FILE
// (written aside and renamed, so the bench never reads half of it). Nothing goes to stdout: that
// is the LSP channel.
'use strict';

const { isMainThread } = require('node:worker_threads');

const out = process.env.BENCH_HEAP_PROBE_FILE;
if (isMainThread && out && typeof global.gc === 'function') {
  const v8 = require('node:v8');
  const { writeFileSync, renameSync } = require('node:fs');
  const MB = 1048576;
  const mb = (bytes) => Math.round((bytes / MB) * 10) / 10;
  // GCProfiler came with Node 18.15; without it the heap after GC is still measured, not the peak
  const profiler = typeof v8.GCProfiler === 'function' ? new v8.GCProfiler() : null;
  profiler?.start();
  let done = false;
  process.on('SIGUSR2', () => {
    if (done) return;
    done = true;
    let fullGcs = 0;
    let peakAfterFullGc = 0;
    let peakBeforeGc = 0;
    if (profiler) {
      for (const s of profiler.stop().statistics) {
        peakBeforeGc = Math.max(peakBeforeGc, s.beforeGC.heapStatistics.usedHeapSize);
        // Only a full (mark-sweep-compact) collection leaves nothing but live objects; after a
        // scavenge the old generation still holds its garbage.
        if (s.gcType !== 'MarkSweepCompact') continue;
        fullGcs++;
        peakAfterFullGc = Math.max(peakAfterFullGc, s.afterGC.heapStatistics.usedHeapSize);
      }
    }
    // Twice: objects whose finalizers ran in the first collection are freed by the second.
    global.gc();
    global.gc();
    const m = process.memoryUsage();
    const result = {
      heapUsedMB: mb(m.heapUsed),
      heapTotalMB: mb(m.heapTotal),
      externalMB: mb(m.external),
      arrayBuffersMB: mb(m.arrayBuffers),
      rssMB: mb(m.rss),
      fullGcsBefore: profiler ? fullGcs : null,
      peakHeapAfterFullGcMB: fullGcs ? mb(peakAfterFullGc) : null,
      peakHeapBeforeGcMB: peakBeforeGc ? mb(peakBeforeGc) : null,
    };
    writeFileSync(`${out}.tmp`, JSON.stringify(result));
    renameSync(`${out}.tmp`, out);
  });
}
