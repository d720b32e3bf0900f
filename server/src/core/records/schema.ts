/**
 * Validation of record data against `incidents-schema/incident.schema.json`, the one source of
 * truth for a record's fields. The validator is made once, on first use (compiled at build time in
 * the bundles, see recordValidator.ts): 10,000 records are validated at server start and compiling
 * costs far more than validating.
 */

import type { ErrorObject, ValidateFunction } from 'ajv';
import recordSchema from '../../../../incidents-schema/incident.schema.json';
import { compileRecordValidator } from './recordValidator';

let compiled: ValidateFunction | undefined;

function validator(): ValidateFunction {
  compiled ??= compileRecordValidator();
  return compiled;
}

/** The JSON Schema of a record, as shipped. */
export const RECORD_SCHEMA: object = recordSchema;

/** Every schema violation in `data` (empty when valid). */
export function validateRecordData(data: unknown): ErrorObject[] {
  const validate = validator();
  return validate(data) ? [] : [...(validate.errors ?? [])];
}
