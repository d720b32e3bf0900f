// Bundles the three entry points with esbuild: the language server, the CLI and the VS Code client.
// One file each, so the editor loads one module instead of hundreds (and the .vsix stays small).
import * as esbuild from 'esbuild';
import { chmodSync, existsSync } from 'node:fs';
import recordValidator from './recordValidator.cjs';

const production = process.argv.includes('--production');
const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: !production,
  minify: production,
  logLevel: 'warning',
  legalComments: 'none',
};

const entries = [
  { in: 'server/src/main.ts', out: 'dist/server.js', bin: true },
  { in: 'server/src/cli/main.ts', out: 'dist/cli.js', bin: true },
  { in: 'client/src/extension.ts', out: 'dist/extension.js', external: ['vscode'] },
];

await Promise.all(
  entries
    .filter((entry) => existsSync(entry.in))
    .map((entry) =>
      esbuild.build({
        ...common,
        entryPoints: [entry.in],
        outfile: entry.out,
        external: entry.external ?? [],
        banner: entry.bin ? { js: '#!/usr/bin/env node' } : undefined,
        plugins: [recordValidator.precompiledRecordValidator],
      }),
    ),
);
for (const entry of entries) if (entry.bin && existsSync(entry.out)) chmodSync(entry.out, 0o755);
