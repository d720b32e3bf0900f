// `npm test`: every tier, in order, from the fastest to the slowest. Each tier is a separate
// process; the run goes on after a failing tier so one report shows everything, and the last line
// counts all tiers as "N passed, N failed".
//
//   unit     plain mocha on the pure core (no file system, no editor)
//   cli      the real `incident-lens` binary on fixture workspaces
//   mcp      `incident-lens mcp` driven by the MCP SDK's own client over stdio
//   server   the real language server over stdio, spoken to as an editor would
//   git      real git repositories made in temp folders (history, safety)
//   nvim     Neovim's built-in LSP client against the server (needs `nvim`)
//   editor   the extension in a real VS Code (code-server + Chromium)
//
// Set TIERS=unit,cli to run some. Prerequisites are installed when missing by
// scripts/setup-editor-tools.sh (as root on Debian): ripgrep before the first tier that runs the
// binary or the server (the cli tier's one-walk tests compare ripgrep's walk with Node's), Neovim
// before the nvim tier, Chromium and code-server before the editor tier. Where they cannot be,
// the tests that need them say plainly that they are skipped — never with CI=true.
import { spawn, spawnSync } from 'node:child_process';

const ci = process.env.CI === 'true' || process.env.CI === '1';
const mocha = (spec, extra = []) => ['npx', ['mocha', '--require', 'tsx/cjs', '--reporter', 'spec', '--timeout', '120000', ...extra, spec]];
const TIERS = {
  unit: [mocha('test/unit/**/*.test.ts')],
  cli: [mocha('test/cli/**/*.test.ts')],
  mcp: [mocha('test/mcp/**/*.test.ts')],
  server: [mocha('test/server/**/*.test.ts')],
  git: [mocha('test/git/**/*.test.ts')],
  nvim: [mocha('test/nvim/**/*.test.ts')],
  editor: [['node', ['--import', 'tsx', 'test/editor/run.ts']]],
};
/** The tiers that run the real binary or server, which use ripgrep when it is on PATH. */
const RIPGREP_TIERS = new Set(['cli', 'mcp', 'server', 'nvim', 'editor']);
let ripgrepAsked = false;
const selected = (process.env.TIERS ?? Object.keys(TIERS).join(','))
  .split(',')
  .map((t) => t.trim())
  .filter(Boolean);

function run(command, args, { capture = false } = {}) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: ['ignore', capture ? 'pipe' : 'inherit', 'inherit'], env: process.env });
    let output = '';
    child.stdout?.on('data', (chunk) => {
      output += chunk;
      process.stdout.write(chunk);
    });
    child.on('close', (code, signal) => resolve({ code: code ?? (signal ? 1 : 0), output }));
    child.on('error', (error) => resolve({ code: 1, output: String(error) }));
  });
}

/** Counts from mocha's "N passing / N failing / N pending" or our "tier: N passed, N failed". */
function counts(output) {
  const get = (re) => Number(re.exec(output)?.[1] ?? 0);
  return {
    passed: get(/(\d+) passing/) + get(/^\w+: (\d+) passed/m),
    failed: get(/(\d+) failing/) + get(/^\w+: \d+ passed, (\d+) failed/m),
    skipped: get(/(\d+) pending/),
  };
}

const total = { passed: 0, failed: 0, skipped: 0 };
const failedTiers = [];

console.log('\n== build ==');
if ((await run('npm', ['run', '--silent', 'build'])).code !== 0) {
  console.log('build failed');
  console.log('0 passed, 1 failed');
  process.exit(1);
}
console.log('\n== typecheck ==');
if ((await run('npx', ['tsc', '-p', '.', '--noEmit'])).code !== 0) failedTiers.push('typecheck');
// Lint (typescript-eslint, type-aware: floating promises are errors) and format (Prettier) are
// checks like the others: a red one fails the run.
console.log('\n== lint ==');
if ((await run('npx', ['eslint', '--max-warnings', '0', '.'])).code !== 0) failedTiers.push('lint');
console.log('\n== format ==');
if ((await run('npx', ['prettier', '--check', '--log-level', 'warn', '.'])).code !== 0) failedTiers.push('format');

for (const tier of selected) {
  if (!TIERS[tier]) {
    console.log(`unknown tier ${tier} (known: ${Object.keys(TIERS).join(', ')})`);
    process.exit(2);
  }
  console.log(`\n== ${tier} ==`);
  // ripgrep comes from Debian too (the script's exit code is left to the tests: without rg the
  // one-walk tests skip, or fail under CI).
  if (RIPGREP_TIERS.has(tier) && !ripgrepAsked && spawnSync('rg', ['--version'], { stdio: 'ignore' }).status !== 0) {
    ripgrepAsked = true;
    await run('bash', ['scripts/setup-editor-tools.sh', '--ripgrep']);
  }
  // Neovim comes from Debian like the editor tier's packages; the same script installs it (its
  // exit code is left to the tier: the tests skip, or fail under CI, when nvim is still missing).
  if (tier === 'nvim' && spawnSync('nvim', ['--version'], { stdio: 'ignore' }).status !== 0) await run('bash', ['scripts/setup-editor-tools.sh']);
  for (const [command, args] of TIERS[tier]) {
    const { code, output } = await run(command, args, { capture: true });
    const c = counts(output);
    total.passed += c.passed;
    total.failed += c.failed;
    total.skipped += c.skipped;
    if (code !== 0) failedTiers.push(tier);
    if (code !== 0 && c.failed === 0) total.failed += 1; // a tier that died before counting
  }
}

console.log(`\n== summary ==`);
if (failedTiers.length) console.log(`failed: ${[...new Set(failedTiers)].join(', ')}`);
for (const check of ['typecheck', 'lint', 'format']) if (failedTiers.includes(check)) total.failed += 1;
if (ci && total.skipped > 0) {
  console.log(`CI=true: ${total.skipped} test(s) were skipped, which CI does not allow`);
  total.failed += total.skipped;
}
console.log(`${total.passed} passed, ${total.failed} failed${total.skipped ? `, ${total.skipped} skipped` : ''}`);
process.exit(total.failed > 0 ? 1 : 0);
