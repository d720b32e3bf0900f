// @ts-check
// Test runner extension: on activation, runs the mocha suite files named by its configuration
// inside this extension host (so they use the real `vscode` API next to the extension under test)
// and writes the results as JSON. Used by test/editor/codeServer.ts (code-server) and, through
// `run()`, by test/editor/runDesktop.ts (@vscode/test-electron).
//
// Configuration (JSON): the file named by INCIDENT_LENS_EDITOR_TEST_CONFIG, else runner-config.json
// next to this file. Fields: mochaPath (absolute path of the mocha package), files (suite files,
// absolute or relative to this folder), resultsPath, timeout (ms per test), grep (optional).
'use strict';
const fs = require('fs');
const path = require('path');

function loadConfig() {
  const fromEnv = process.env.INCIDENT_LENS_EDITOR_TEST_CONFIG;
  const file = fromEnv && fs.existsSync(fromEnv) ? fromEnv : path.join(__dirname, 'runner-config.json');
  if (!fs.existsSync(file)) return undefined;
  return JSON.parse(fs.readFileSync(file, 'utf8'));
}

function writeAtomically(file, text) {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, text);
  fs.renameSync(tmp, file);
}

/** Runs the suite; resolves to { passed, failed, pending, tests, output, startedAt, durationMs }. */
async function runSuite(config) {
  // mocha 12 is an ES module whose CommonJS build is lib/mocha.cjs; older ones are CommonJS.
  const cjs = path.join(config.mochaPath, 'lib', 'mocha.cjs');
  const loaded = require(fs.existsSync(cjs) ? cjs : config.mochaPath);
  const Mocha = loaded.default && typeof loaded.default === 'function' ? loaded.default : loaded;
  const mocha = new Mocha({ ui: 'bdd', timeout: config.timeout ?? 30000, color: false, reporter: 'spec' });
  if (config.grep) mocha.grep(config.grep);
  for (const f of config.files) mocha.addFile(path.isAbsolute(f) ? f : path.join(__dirname, f));
  await mocha.loadFilesAsync();
  const tests = [];
  const started = Date.now();
  // What the suite prints goes to the results too (the extension host's console is not visible).
  const output = [];
  const methods = ['log', 'info', 'warn', 'error'];
  const originals = methods.map((m) => console[m]);
  methods.forEach((m, i) => {
    console[m] = (...args) => {
      output.push(args.map((a) => (typeof a === 'string' ? a : require('util').inspect(a))).join(' '));
      originals[i].apply(console, args);
    };
  });
  const title = (t) => t.fullTitle();
  await new Promise((resolve) => {
    const runner = mocha.run(() => resolve(undefined));
    runner.on('pass', (t) => tests.push({ title: title(t), state: 'passed', durationMs: t.duration }));
    runner.on('fail', (t, err) => tests.push({ title: title(t), state: 'failed', error: String((err && err.stack) || err) }));
    runner.on('pending', (t) => tests.push({ title: title(t), state: 'pending' }));
  }).finally(() => methods.forEach((m, i) => (console[m] = originals[i])));
  const count = (s) => tests.filter((t) => t.state === s).length;
  return {
    passed: count('passed'),
    failed: count('failed'),
    pending: count('pending'),
    tests,
    output: output.slice(-200),
    startedAt: new Date(started).toISOString(),
    durationMs: Date.now() - started,
  };
}

async function runAndReport(config) {
  let results;
  try {
    results = await runSuite(config);
  } catch (error) {
    results = { passed: 0, failed: 1, pending: 0, tests: [{ title: 'load the suite', state: 'failed', error: String((error && error.stack) || error) }] };
  }
  if (config.resultsPath) writeAtomically(config.resultsPath, JSON.stringify(results, null, 2));
  return results;
}

/** code-server: activation (onStartupFinished) runs the suite when a configuration is present. */
function activate() {
  const config = loadConfig();
  if (!config) return;
  // Do not hold up activation: run once the extension host has settled.
  setTimeout(() => void runAndReport(config), 0);
}

/** @vscode/test-electron: the extensionTestsPath module's run(). */
async function run() {
  const config = loadConfig();
  if (!config) throw new Error('no test configuration: set INCIDENT_LENS_EDITOR_TEST_CONFIG');
  const results = await runAndReport(config);
  if (results.failed > 0) throw new Error(`${results.failed} test(s) failed`);
}

module.exports = { activate, deactivate() {}, run };
