/**
 * Renaming an incident id (F2): on the record's `id` or on any reference to it, the record's id and
 * every mention (comments in code, docs, other records and their `related` lists, open or not)
 * change together. Refused, with the reason, when the new id is taken or is not an id under the
 * configured patterns, and when the old one has no single record of this folder to change.
 */

import type { IncidentIndex } from '../index/incidentIndex';
import type { Span } from '../model';

export interface RenameTarget {
  id: string;
  /** The id under the cursor. */
  span: Span;
}

/** The edits of a rename, by workspace-relative path, in file order. */
export type RenameEdits = Map<string, Array<{ span: Span; newText: string }>>;

export type Refusal = { refused: string };

/** The id at `offset` of `path` that can be renamed, or why it cannot; undefined on no id. */
export function prepareRename(index: IncidentIndex, path: string, offset: number): RenameTarget | Refusal | undefined {
  const at = idAt(index, path, offset);
  if (!at) return undefined;
  const definitions = index.definitions(at.id);
  if (definitions.length === 0) {
    return {
      refused: index.record(at.id)
        ? `${at.id} is defined by a record outside this folder, which Incident Lens only reads: rename it there.`
        : `No record defines ${at.id}: there is nothing to rename (correct the reference instead).`,
    };
  }
  if (definitions.length > 1) {
    return {
      refused: `${at.id} is defined by ${definitions.length} records (${definitions.map((r) => r.path).join(', ')}): give one of them another id first.`,
    };
  }
  return at;
}

/** The edits that rename `oldId` to `newId` everywhere in the folder, or why they cannot be made. */
export function renameIncident(index: IncidentIndex, oldId: string, newId: string): RenameEdits | Refusal {
  const wanted = newId.trim();
  if (wanted === oldId) return new Map();
  if (!index.matcher.matches(wanted)) {
    return {
      refused: `${JSON.stringify(wanted)} is not an incident id: it must match one of the idPatterns (${index.matcher.patterns.join(', ')}) as a whole.`,
    };
  }
  if (index.isDefined(wanted)) return { refused: `${wanted} is already taken: ${index.definitions(wanted)[0]?.path ?? 'an external record'} defines it.` };
  const definitions = index.definitions(oldId);
  if (definitions.length !== 1) return { refused: `${oldId} must be defined by exactly one record of this folder to be renamed.` };
  const edits: RenameEdits = new Map();
  const add = (path: string, span: Span) => {
    let list = edits.get(path);
    if (!list) edits.set(path, (list = []));
    list.push({ span, newText: wanted });
  };
  add(definitions[0].path, definitions[0].idSpan);
  for (const reference of index.referencesTo(oldId)) add(reference.path, reference.span);
  for (const list of edits.values()) list.sort((a, b) => a.span.start - b.span.start);
  return edits;
}

/** A reference at `offset`, or the record's own `id` value. */
function idAt(index: IncidentIndex, path: string, offset: number): RenameTarget | undefined {
  const reference = index.referenceAt(path, offset);
  if (reference) return { id: reference.id, span: reference.span };
  const own = index.recordIn(path);
  if (own && own.idSpan.start <= offset && offset <= own.idSpan.end) return { id: own.id, span: own.idSpan };
  return undefined;
}

export function isRefusal(value: unknown): value is Refusal {
  return typeof value === 'object' && value !== null && 'refused' in value;
}
