// Preloaded (`node --require`) into a CLI or server that a test runs: when the process exits, its
// peak resident memory in KiB goes to the file named by INCIDENT_LENS_TEST_PEAK_RSS. Lets a test
// tell "read a 2 GiB file whole" from "never read it" without timing anything.
const { isMainThread } = require('node:worker_threads');
const file = process.env.INCIDENT_LENS_TEST_PEAK_RSS;
if (isMainThread && file) process.on('exit', () => require('node:fs').writeFileSync(file, String(process.resourceUsage().maxRSS)));
