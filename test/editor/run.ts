/**
 * Runs every real-editor test: the integration suite inside code-server's extension host (trusted,
 * with git history; and untrusted) and the Playwright smoke test. Prints `editor: N passed, N failed`
 * last and exits 1 on any failure.
 *
 *   node --import tsx test/editor/run.ts [--vsix FILE] [--no-build] [--only suite|smoke] [--grep TEXT]
 *
 * Prerequisites come from scripts/setup-editor-tools.sh (run first, idempotent). When they cannot
 * be installed here (not root, not Debian) the tier is skipped with the reason (exit 0) — unless
 * CI=true, where that is a failure.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { log, repoRoot, runSuiteInCodeServer, type SuiteResults } from './codeServer';

const OVERALL_TIMEOUT_MS = Number(process.env.INCIDENT_LENS_EDITOR_TIMEOUT_MS ?? 15 * 60 * 1000);
const args = process.argv.slice(2);
const flag = (name: string): string | undefined => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const ci = process.env.CI === 'true' || process.env.CI === '1';

let passed = 0;
let failed = 0;
const failures: string[] = [];

function record(title: string, ok: boolean, detail?: string): void {
  if (ok) passed++;
  else {
    failed++;
    failures.push(
      `${title}\n${(detail ?? '')
        .split('\n')
        .slice(0, 12)
        .map((l) => `    ${l}`)
        .join('\n')}`,
    );
  }
  process.stdout.write(`  ${ok ? 'ok  ' : 'FAIL'} ${title}\n`);
}

function finish(): never {
  if (failures.length) {
    process.stdout.write('\nfailures:\n');
    failures.forEach((f, i) => process.stdout.write(`${i + 1}) ${f}\n`));
  }
  process.stdout.write(`editor: ${passed} passed, ${failed} failed\n`);
  process.exit(failed > 0 ? 1 : 0);
}

function setup(): void {
  const t0 = Date.now();
  const result = spawnSync('bash', [path.join(repoRoot, 'scripts', 'setup-editor-tools.sh')], { stdio: ['ignore', 'inherit', 'inherit'] });
  if (result.status === 0) {
    log(`prerequisites ready in ${Date.now() - t0} ms`);
    return;
  }
  const why = result.status === 3 ? 'prerequisites missing (see above)' : `setup-editor-tools.sh failed (exit ${result.status ?? result.signal})`;
  if (ci || result.status !== 3) {
    record(`editor tools: ${why}`, false);
    finish();
  }
  process.stdout.write(`editor: skipped: ${why}; run scripts/setup-editor-tools.sh as root on Debian/Ubuntu\n`);
  process.exit(0);
}

function packageVsix(): string {
  const given = flag('--vsix');
  if (given) return path.resolve(given);
  const { version } = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { version: string };
  const vsix = path.join(repoRoot, `incident-lens-${version}.vsix`);
  if (!args.includes('--no-build')) {
    const t0 = Date.now();
    const built = spawnSync('npm', ['run', '--silent', 'package'], { cwd: repoRoot, encoding: 'utf8', timeout: 300000 });
    if (built.status !== 0) {
      record('npm run package', false, `${built.stdout}${built.stderr}`);
      finish();
    }
    log(`packaged ${path.basename(vsix)} in ${Date.now() - t0} ms`);
  }
  if (!fs.existsSync(vsix)) {
    record(`the packaged extension ${path.basename(vsix)} exists`, false, 'npm run package did not produce it');
    finish();
  }
  return vsix;
}

function report(prefix: string, results: SuiteResults): void {
  for (const t of results.tests) record(`${prefix}${t.title}`, t.state === 'passed', t.state === 'pending' ? 'skipped (nothing may be skipped)' : t.error);
}

async function runSuite(vsix: string): Promise<void> {
  const suiteDir = path.join(__dirname, 'suite');
  const grep = flag('--grep');
  const trusted = fs
    .readdirSync(suiteDir)
    .filter((f) => f.endsWith('.test.ts'))
    .map((f) => path.join(suiteDir, f));
  const restricted = fs
    .readdirSync(path.join(suiteDir, 'restricted'))
    .filter((f) => f.endsWith('.test.ts'))
    .map((f) => path.join(suiteDir, 'restricted', f));
  for (const [name, files, trust] of [
    ['suite', trusted, false],
    ['suite (untrusted)', restricted, true],
  ] as const) {
    const t0 = Date.now();
    try {
      const results = await runSuiteInCodeServer({ extensions: [vsix], suiteFiles: [...files], trust, git: true, grep });
      report(`[${name}] `, results);
      if (results.output?.length) log(`${name} printed:\n${results.output.slice(-40).join('\n')}`);
      if (results.tests.length === 0) record(`[${name}] ran at least one test`, false, grep ? `no test matches --grep ${grep}` : 'no tests ran');
    } catch (error) {
      record(`[${name}] run in code-server`, false, error instanceof Error ? (error.stack ?? error.message) : String(error));
    }
    log(`${name} done in ${Date.now() - t0} ms`);
  }
}

async function runSmoke(vsix: string): Promise<void> {
  process.env.INCIDENT_LENS_VSIX = vsix;
  const t0 = Date.now();
  const MochaModule = (await import('mocha')) as unknown as { default?: typeof import('mocha') };
  const Mocha = (MochaModule.default ?? MochaModule) as typeof import('mocha');
  const mocha = new Mocha({ timeout: 240000, reporter: 'dot' });
  const grep = flag('--grep');
  if (grep) mocha.grep(grep);
  mocha.addFile(path.join(__dirname, 'smoke.test.ts'));
  // `npm start` where `code` is missing serves the example through the same code-server.
  mocha.addFile(path.join(__dirname, 'start.test.ts'));
  await mocha.loadFilesAsync();
  let ran = 0;
  await new Promise<void>((resolve) => {
    const runner = mocha.run(() => resolve());
    runner.on('pass', (t) => {
      ran++;
      record(`[smoke] ${t.fullTitle()}`, true);
    });
    runner.on('fail', (t, err: Error) => {
      ran++;
      record(`[smoke] ${t.fullTitle()}`, false, err.stack ?? String(err));
    });
    runner.on('pending', (t) => record(`[smoke] ${t.fullTitle()}`, false, 'skipped (nothing may be skipped)'));
  });
  if (ran === 0 && !grep) record('[smoke] ran at least one test', false);
  log(`smoke done in ${Date.now() - t0} ms`);
}

async function main(): Promise<void> {
  const started = Date.now();
  const timer = setTimeout(() => {
    record(`editor tests finished within ${OVERALL_TIMEOUT_MS / 1000} s`, false, 'overall timeout; every editor process is killed');
    finish();
  }, OVERALL_TIMEOUT_MS);
  timer.unref();
  setup();
  const vsix = packageVsix();
  const only = flag('--only');
  if (only !== 'smoke') await runSuite(vsix);
  if (only !== 'suite') await runSmoke(vsix);
  log(`editor run took ${Math.round((Date.now() - started) / 1000)} s`);
  finish();
}

main().catch((error: unknown) => {
  record('editor test runner', false, error instanceof Error ? (error.stack ?? error.message) : String(error));
  finish();
});
