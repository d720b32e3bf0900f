/**
 * The record schema's validator. From sources (tests) it is compiled here, at first use; the
 * bundles built by scripts/build.mjs replace this module with the same validator compiled at
 * build time (ajv standalone code, scripts/recordValidator.cjs), so no process and no parsing
 * worker pays for compiling the schema at start. Both come from the same schema and the same
 * options (validatorOptions.json); a unit test checks that they report the same errors.
 */

import Ajv, { type Options, type ValidateFunction } from 'ajv';
import recordSchema from '../../../../incidents-schema/incident.schema.json';
import validatorOptions from './validatorOptions.json';

/**
 * Options: `strict: false` because the schema carries `description`, `default` and `$comment` for
 * editors, and `type` unions and `required` inside `oneOf` are intended; `verbose` keeps
 * `parentSchema` on errors, to suggest the closest known field for an unknown one.
 */
export function compileRecordValidator(): ValidateFunction {
  // JSON widens `logger: false` to a boolean; the file holds ajv options and nothing else.
  return new Ajv(validatorOptions as Options).compile(recordSchema);
}
