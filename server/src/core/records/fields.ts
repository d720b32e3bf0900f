/**
 * Reading the plain data of a record defensively: it has been validated, but problems are reported
 * and not fatal, so any field may still hold any type.
 */

import type { Segments } from './pointers';

/** A mapping of the record's data, keys as written. */
export type Fields = Record<string, unknown>;

export function isFields(value: unknown): value is Fields {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** The value when it is a list, an empty list otherwise. */
export function listOf(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/** The value when it is text, `fallback` otherwise. */
export function textOr<T extends string | undefined>(value: unknown, fallback: T): string | T {
  return typeof value === 'string' ? value : fallback;
}

/** The text items of a list (other items are left out). */
export function strings(value: unknown): string[] {
  return listOf(value).filter((v): v is string => typeof v === 'string');
}

/** The value at `segments` in the data, or undefined when the path leads nowhere. */
export function locateValue(fields: Fields, segments: Segments): unknown {
  let value: unknown = fields;
  for (const s of segments) {
    if (Array.isArray(value)) value = value[Number(s)];
    else if (isFields(value)) value = Object.hasOwn(value, String(s)) ? value[String(s)] : undefined;
    else return undefined;
  }
  return value;
}
