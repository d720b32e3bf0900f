// The CPU profiles of --profile: top self time per thread, by package or source file and by function.
import type { ProfileSummary } from '../measure/profile';

export function profileReport(profiles: Record<string, ProfileSummary>): string[] {
  const lines: string[] = [];
  for (const [k, p] of Object.entries(profiles)) {
    if ('error' in p) {
      lines.push(`\ntop self time, ${k}: ${p.error}`);
      continue;
    }
    for (const t of p.threads) {
      if (!t.totalMs) continue;
      lines.push(`\ntop self time, ${k}${p.window ? ` (${p.window})` : ''}, ${t.thread} thread, ${t.file}:`);
      lines.push(`  by package or source file (total ${t.totalMs} ms):`);
      for (const g of t.byGroup.slice(0, 10)) lines.push(`  ${String(g.selfMs).padStart(8)} ms  ${String(g.percent).padStart(5)}%  ${g.group}`);
      lines.push('  functions:');
      for (const f of t.top) lines.push(`  ${String(f.selfMs).padStart(8)} ms  ${String(f.percent).padStart(5)}%  ${f.name}  ${f.where}`);
    }
  }
  return lines;
}
