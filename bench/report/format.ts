// How figures read in the tables.
import type { HeapFigures } from '../measure/session';
import type { Failed } from '../shared/figures';

export function fmtMs(x: number | null | undefined): string {
  if (x == null) return '-';
  return x >= 1000 ? `${(x / 1000).toFixed(2)} s` : `${x.toFixed(x < 10 ? 2 : 0)} ms`;
}

/** The heap probe could have run but did not answer (not: the platform has no way to ask it). */
export const heapFailed = (h: HeapFigures | Failed | undefined): boolean => !!h && 'error' in h && h.available !== false;

/** The heap after GC of a session, or why it is missing. */
export function fmtHeap(h: HeapFigures | Failed | undefined): string {
  if (!h) return '-';
  return 'error' in h ? `unavailable (${h.error.slice(0, 80)})` : `${h.heapAfterGcMB} MB`;
}

/** The first line of an error, shortened. */
export const errorCell = (e: Failed, width = 120): string => `ERROR: ${e.error.split('\n')[0].slice(0, width)}`;
