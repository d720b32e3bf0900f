// The scaling table, in Markdown (bench/README.md shows one).
import type { ScalingRow } from '../measure/scaling';
import type { HeapFigures } from '../measure/session';
import type { Failed } from '../shared/figures';
import { errorCell, fmtMs } from './format';

export function scalingTable(rows: ScalingRow[]): string {
  const k = (n: number) => (n % 1000 === 0 ? `${n / 1000}k` : String(n));
  const x = (r: number | null | undefined) => (r == null ? '-' : `${r.toFixed(2)}x`);
  const mb = (v: number | null | undefined) => (v == null ? '-' : `${Math.round(v)} MB`);
  const head = [
    'records / files',
    'tree',
    'rg -n',
    'cold index',
    'cold / rg',
    'warm start',
    'warm / rg',
    'peak RSS cold / warm',
    'heap after GC cold / warm',
    'peak heap while indexing: after full GC / with garbage',
  ];
  const body = rows.map((r) => {
    const name = `${k(r.records)} / ${k(r.files)}`;
    if (r.error) return [name, errorCell({ error: r.error }), ...head.slice(2).map(() => '')];
    const ci = r.coldIndex && !('error' in r.coldIndex) ? r.coldIndex : undefined;
    const w = r.warm?.unchanged;
    const bad = (error: string) => errorCell({ error }, 60);
    const heap = (h: HeapFigures | Failed | undefined) => (h && !('error' in h) ? mb(h.heapAfterGcMB) : '-');
    const ciHeap = ci?.heap && !('error' in ci.heap) ? ci.heap : undefined;
    return [
      name,
      mb(r.generate!.counts.bytes / 1048576),
      !r.rg ? fmtMs(undefined) : 'error' in r.rg ? (r.rg.available === false ? 'unavailable' : bad(r.rg.error)) : fmtMs(r.rg.ms),
      r.coldIndex && 'error' in r.coldIndex ? bad(r.coldIndex.error) : fmtMs(ci?.ms),
      x(r.ratios?.coldIndexOverRg),
      r.warm?.error ? bad(r.warm.error) : fmtMs(w?.ms),
      x(r.ratios?.warmUnchangedOverRg),
      `${mb(ci?.peakRssAtIndexCompleteMB)} / ${mb(w?.peakRssMB)}`,
      `${heap(ci?.heap)} / ${heap(w?.heap)}`,
      ciHeap ? `${mb(ciHeap.peakHeapAfterGcMB)} (${ciHeap.fullGcsWhileIndexing} full GCs) / ${mb(ciHeap.peakHeapWithGarbageMB)}` : '-',
    ];
  });
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  return [line(head), line(head.map(() => '---')), ...body.map(line)].join('\n');
}
