// The record schema's validator as ajv standalone code, compiled at build time: the bundles load
// it in place of server/src/core/records/recordValidator.ts, which compiles the same schema with
// the same options at run time (ajv's compile was a quarter of a small folder's first index, and
// every parsing worker paid it again). CommonJS, so that build.mjs and the unit test that compares
// both validators (test/unit/records/recordValidator.test.ts) load the same code.
'use strict';
const { readFileSync } = require('node:fs');
const { join, resolve } = require('node:path');

const repo = resolve(__dirname, '..');

/** The module that the bundles get instead of recordValidator.ts. */
const RECORD_VALIDATOR_MODULE = join(repo, 'server', 'src', 'core', 'records', 'recordValidator.ts');

/**
 * CommonJS source that exports `compileRecordValidator()` like recordValidator.ts, returning the
 * validator compiled now. Its `require` calls name ajv's small runtime helpers only.
 */
function standaloneRecordValidator() {
  const Ajv = require('ajv').default;
  const standaloneCode = require('ajv/dist/standalone').default;
  const schema = JSON.parse(readFileSync(join(repo, 'incidents-schema', 'incident.schema.json'), 'utf8'));
  const options = JSON.parse(readFileSync(join(repo, 'server', 'src', 'core', 'records', 'validatorOptions.json'), 'utf8'));
  const ajv = new Ajv({ ...options, code: { source: true } });
  const code = standaloneCode(ajv, ajv.compile(schema));
  return [
    '"use strict";',
    'const validate = (() => {',
    '  const module = { exports: {} };',
    `  ${code}`,
    '  return module.exports;',
    '})();',
    'exports.compileRecordValidator = () => validate;',
  ].join('\n');
}

/** An esbuild plugin that swaps recordValidator.ts for the validator compiled at build time. */
const precompiledRecordValidator = {
  name: 'precompiled-record-validator',
  setup(build) {
    build.onLoad({ filter: /recordValidator\.ts$/ }, (args) =>
      resolve(args.path) === RECORD_VALIDATOR_MODULE ? { contents: standaloneRecordValidator(), loader: 'js', resolveDir: repo } : undefined,
    );
  },
};

module.exports = { RECORD_VALIDATOR_MODULE, standaloneRecordValidator, precompiledRecordValidator };
