// --scaling: for each size, a tree generated under the OS temporary folder (removed after, however
// the run ends), rg -n over it, a cold index (no cache, heap probe) and warm starts (a session
// fills the cache, one starts from it): one row each, with the same code as the full run.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { sized, type RunOptions } from '../options';
import { messageOf, round, type Failed } from '../shared/figures';
import type { Machine } from '../shared/machine';
import { temporaryDirs } from '../shared/process';
import { generateWorkspace } from '../tree/generate';
import type { Counts, GenerateTimings } from '../tree/manifest';
import { coldIndexSession, type ColdIndex } from './coldIndex';
import { measureSearchTools, type SearchResult } from './search';
import { stopServer, type Session } from './session';
import { warmStarts, type WarmStarts } from './warmStart';

export interface ScalingRow {
  records: number;
  files: number;
  generate?: { timings: GenerateTimings; counts: Counts };
  rg?: SearchResult;
  coldIndex?: ColdIndex | Failed;
  warm?: WarmStarts;
  ratios?: { coldIndexOverRg: number | null; warmUnchangedOverRg: number | null };
  error?: string;
}

export async function measureScaling(o: RunOptions, machine: Machine, log: (m: string) => void): Promise<ScalingRow[]> {
  const rows: ScalingRow[] = [];
  for (const size of o.scalingSizes) {
    const so = sized(o, size);
    const row: ScalingRow = { records: size.records, files: size.files };
    rows.push(row);
    const dir = mkdtempSync(join(os.tmpdir(), 'incident-lens-scaling-'));
    temporaryDirs.add(dir);
    try {
      log(`${size.records} records + ${size.files} files: generating under ${dir}`);
      const gen = generateWorkspace({ records: size.records, files: size.files, seed: o.seed, dir, log });
      row.generate = { timings: gen.timings, counts: gen.manifest.counts };
      log('rg -n (two runs)');
      row.rg = (await measureSearchTools(gen.tree, so, machine, { gitGrep: false })).rg;
      log('cold index (no cache)');
      let s: Session | undefined;
      try {
        const cold = await coldIndexSession(gen.tree, so);
        s = cold.session;
        row.coldIndex = cold.coldIndex;
      } catch (e) {
        row.coldIndex = { error: messageOf(e) };
      } finally {
        await stopServer(s);
      }
      log('warm start: a session fills the index cache, a second starts from it');
      row.warm = await warmStarts(gen.tree, gen.manifest, so, join(dir, 'cache'), 0);
      const rgMs = row.rg && !('error' in row.rg) ? row.rg.ms : null;
      const coldMs = row.coldIndex && !('error' in row.coldIndex) ? row.coldIndex.ms : null;
      row.ratios = {
        coldIndexOverRg: coldMs && rgMs ? round(coldMs / rgMs, 2) : null,
        warmUnchangedOverRg: row.warm?.unchanged?.ms && rgMs ? round(row.warm.unchanged.ms / rgMs, 2) : null,
      };
    } catch (e) {
      row.error = messageOf(e);
    } finally {
      log(`removing ${dir}`);
      rmSync(dir, { recursive: true, force: true });
      temporaryDirs.delete(dir);
    }
  }
  return rows;
}
