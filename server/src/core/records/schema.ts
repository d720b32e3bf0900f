/**
 * Validation of record data against `incidents-schema/incident.schema.json`, the one source of
 * truth for a record's fields. The validator is compiled once, on first use: 10,000 records are
 * validated at server start and compiling costs far more than validating.
 */

import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import recordSchema from '../../../../incidents-schema/incident.schema.json';

let compiled: ValidateFunction | undefined;

function validator(): ValidateFunction {
  if (!compiled) {
    const ajv = new Ajv({
      allErrors: true,
      // The schema carries `description`, `default` and `$comment` for editors; strict mode would
      // also log about `type` unions and `required` inside `oneOf`, which are intended here.
      strict: false,
      validateFormats: false,
      // Keeps `parentSchema` on errors, to suggest the closest known field for an unknown one.
      verbose: true,
      logger: false,
    });
    compiled = ajv.compile(recordSchema);
  }
  return compiled;
}

/** The JSON Schema of a record, as shipped. */
export const RECORD_SCHEMA: object = recordSchema;

/** Every schema violation in `data` (empty when valid). */
export function validateRecordData(data: unknown): ErrorObject[] {
  const validate = validator();
  return validate(data) ? [] : [...(validate.errors ?? [])];
}
