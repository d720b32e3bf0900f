/**
 * JSON pointers (`/timeline/2/at`), as the schema validator names a place in the data, and the
 * segments (`['timeline', 2, 'at']`) that locate it in the YAML tree and name it in messages.
 */

/** The steps of a pointer: keys of mappings, indices of lists. */
export type Segments = ReadonlyArray<string | number>;

/** `/timeline/2/at` for `['timeline', 2, 'at']`, escaped as RFC 6901 says. */
export function pointerOf(segments: Segments): string {
  return segments.map((s) => `/${String(s).replace(/~/g, '~0').replace(/\//g, '~1')}`).join('');
}

/** The segments of a pointer (indices stay strings: the validator does not say which is which). */
export function segmentsOf(pointer: string): string[] {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** `timeline[2].at` for `/timeline/2/at`: how a field is named in messages. */
export function labelOf(segments: Segments): string {
  let label = '';
  for (const s of segments) label += /^\d+$/.test(String(s)) ? `[${s}]` : label === '' ? String(s) : `.${s}`;
  return label === '' ? 'record' : label;
}
