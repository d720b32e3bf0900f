// What the numbers were measured on (bench-results.json `machine`).
import os from 'node:os';
import { round } from './figures';
import { findRg, versionOf } from './process';

export function describeMachine() {
  const rgPath = findRg();
  return {
    platform: `${os.platform()} ${os.release()} ${os.arch()}`,
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model ?? null,
    totalMemoryMB: Math.round(os.totalmem() / 1048576),
    freeMemoryMB: Math.round(os.freemem() / 1048576),
    loadAverage: os.loadavg().map((x) => round(x, 2)),
    node: process.version,
    rg: rgPath ? versionOf(rgPath) : null,
    rgPath,
    git: versionOf('git'),
  };
}
export type Machine = ReturnType<typeof describeMachine>;
