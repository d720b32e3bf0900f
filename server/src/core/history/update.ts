import { HistoryIndex } from './historyIndex';
import type { HistoryPort, HistoryQuery } from './types';

/**
 * Brings a history index up to date with HEAD: nothing to do when HEAD has not moved, only the
 * newer commits when the old HEAD is still an ancestor, a full scan otherwise. `undefined` when
 * there is no history (the port has logged why).
 */
export async function updateHistory(
  port: HistoryPort,
  previous: HistoryIndex | undefined,
  query: Omit<HistoryQuery, 'since'>,
): Promise<HistoryIndex | undefined> {
  const head = await port.head();
  if (head === undefined) return undefined;
  if (previous?.head === head) return previous;
  if (previous?.head !== undefined) {
    const newer = await port.commitsMentioningIncidents({ ...query, since: previous.head });
    if (newer !== undefined) {
      previous.merge(newer, head);
      return previous;
    }
  }
  const all = await port.commitsMentioningIncidents(query);
  return all === undefined ? undefined : HistoryIndex.fromScan(all, head);
}
