// The incident ids of a generated tree: every record's, and the ids no record defines.
import type { Ids } from './manifest';
import type { Dice } from './random';

export const pad = (n: number, width: number): string => String(n).padStart(width, '0');

export interface PlannedRecord {
  id: string;
  year: number;
  /** A Markdown record with front matter (30%), else YAML. */
  md: boolean;
}

/** Record ids over twelve years from 2015 (drawn first: sources reference them), and the unknown ids and decoys. */
export function planIds(records: number, t: Dice): { planned: PlannedRecord[]; ids: Ids & { handedOut: Record<2099 | 2097 | 2096 | 2095, number> } } {
  const YEARS = 12;
  const firstYear = 2015;
  const perYear = Math.ceil(records / YEARS);
  const width = Math.max(3, String(perYear).length);
  const planned: PlannedRecord[] = [];
  for (let i = 0; i < records; i++) {
    const year = firstYear + Math.floor(i / perYear);
    planned.push({ id: `INC-${year}-${pad((i % perYear) + 1, width)}`, year, md: t.chance(0.3) });
  }
  const handedOut = { 2099: 0, 2097: 0, 2096: 0, 2095: 0 };
  return {
    planned,
    ids: { known: planned.map((r) => r.id), fake: (year) => `INC-${year}-${pad(++handedOut[year], width)}`, handedOut },
  };
}
