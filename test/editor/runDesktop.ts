/**
 * The same integration suite (test/editor/suite) in VS Code desktop through @vscode/test-electron,
 * for machines that can download VS Code (this project's offline machines cannot: use run.ts).
 *
 *   npm install --save-dev @vscode/test-electron      (not a dependency yet)
 *   npm run build && node --import tsx test/editor/runDesktop.ts [--vscode-version 1.100.3] [--grep TEXT]
 *
 * Runs the trusted suite (workspace with git history, trust off) and the restricted suite (trust on,
 * folder not trusted), each in a fresh user-data/extensions folder, with the extension loaded from
 * this repository (--extensionDevelopmentPath) and the runner's run() as --extensionTestsPath.
 * Headless Linux needs a display: run it under xvfb-run.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { buildRunnerExtension, copyWorkspace, removeWorkspace, repoRoot, type SuiteResults } from './codeServer';

interface TestElectron {
  runTests(options: {
    version?: string;
    extensionDevelopmentPath: string;
    extensionTestsPath: string;
    launchArgs?: string[];
    extensionTestsEnv?: Record<string, string | undefined>;
  }): Promise<number>;
}

async function loadTestElectron(): Promise<TestElectron> {
  const name = '@vscode/test-electron';
  try {
    return (await import(name)) as TestElectron;
  } catch {
    process.stderr.write(
      `runDesktop: ${name} is not installed. It downloads VS Code desktop, which needs internet access.\n` +
        `  npm install --save-dev ${name}\n` +
        'Offline, run the same suite in code-server instead: node --import tsx test/editor/run.ts\n',
    );
    process.exit(2);
  }
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const flag = (n: string): string | undefined => (args.includes(n) ? args[args.indexOf(n) + 1] : undefined);
  const { runTests } = await loadTestElectron();
  if (!fs.existsSync(path.join(repoRoot, 'dist', 'extension.js'))) {
    process.stderr.write('runDesktop: dist/extension.js is missing: run npm run build first\n');
    process.exit(2);
  }
  const suiteDir = path.join(__dirname, 'suite');
  const tiers = [
    { name: 'desktop', dir: suiteDir, trust: false },
    { name: 'desktop (untrusted)', dir: path.join(suiteDir, 'restricted'), trust: true },
  ];
  let passed = 0;
  let failed = 0;
  for (const tier of tiers) {
    const files = fs
      .readdirSync(tier.dir)
      .filter((f) => f.endsWith('.test.ts'))
      .map((f) => path.join(tier.dir, f));
    const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'incident-lens-desktop-'));
    const resultsPath = path.join(scratch, 'results.json');
    const runner = await buildRunnerExtension({ suiteFiles: files, resultsPath, grep: flag('--grep'), pack: false });
    const workspace = copyWorkspace(undefined, { git: true });
    const userData = path.join(scratch, 'user-data');
    fs.mkdirSync(path.join(userData, 'User'), { recursive: true });
    fs.writeFileSync(
      path.join(userData, 'User', 'settings.json'),
      JSON.stringify({
        'workbench.startupEditor': 'none',
        'security.workspace.trust.enabled': tier.trust,
        'security.workspace.trust.startupPrompt': 'never',
        'telemetry.telemetryLevel': 'off',
        'update.mode': 'none',
        'extensions.autoUpdate': false,
      }),
    );
    try {
      await runTests({
        version: flag('--vscode-version'),
        extensionDevelopmentPath: repoRoot,
        extensionTestsPath: path.join(runner.dir, 'extension.js'),
        launchArgs: [
          workspace,
          '--disable-extensions',
          '--user-data-dir',
          userData,
          '--extensions-dir',
          path.join(scratch, 'extensions'),
          ...(tier.trust ? [] : ['--disable-workspace-trust']),
        ],
        extensionTestsEnv: { INCIDENT_LENS_EDITOR_TEST_CONFIG: path.join(runner.dir, 'runner-config.json') },
      });
    } catch {
      // runTests rejects when run() throws (a failure); the results file says which tests.
    }
    if (!fs.existsSync(resultsPath)) {
      failed++;
      process.stdout.write(`  FAIL [${tier.name}] the suite wrote no results\n`);
    } else {
      const results = JSON.parse(fs.readFileSync(resultsPath, 'utf8')) as SuiteResults;
      for (const t of results.tests) {
        const ok = t.state === 'passed';
        if (ok) passed++;
        else failed++;
        process.stdout.write(
          `  ${ok ? 'ok  ' : 'FAIL'} [${tier.name}] ${t.title}${ok ? '' : `\n    ${(t.error ?? 'skipped').split('\n').slice(0, 6).join('\n    ')}`}\n`,
        );
      }
    }
    for (const d of [scratch, runner.dir]) fs.rmSync(d, { recursive: true, force: true });
    removeWorkspace(workspace);
  }
  process.stdout.write(`editor: ${passed} passed, ${failed} failed\n`);
  process.exit(failed > 0 ? 1 : 0);
}

void main();
