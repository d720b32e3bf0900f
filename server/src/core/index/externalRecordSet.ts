import type { IncidentRecord } from '../model';

/**
 * Records kept outside a folder (a central incident repository): read-only context. They resolve
 * references and serve hovers, completion and listings; they are never checked or reported, and
 * their own references are not indexed. Keyed by their path relative to the citing folder
 * (`../incidents-repo/INC-2023-004.md`); the first file read for an id defines it.
 */
export class ExternalRecordSet {
  private readonly byPath = new Map<string, IncidentRecord>();
  private readonly byId = new Map<string, IncidentRecord>();

  /** Puts one file's record (or forgets the file, when it defines none). Returns the ids whose definition this changed. */
  set(path: string, record: IncidentRecord | undefined): Set<string> {
    const changed = this.remove(path);
    if (!record) return changed;
    this.byPath.set(path, record);
    if (!this.byId.has(record.id)) this.byId.set(record.id, record);
    changed.add(record.id);
    return changed;
  }

  /** Forgets one file. Returns the ids whose definition went with it. */
  remove(path: string): Set<string> {
    const changed = new Set<string>();
    const previous = this.byPath.get(path);
    if (!previous) return changed;
    this.byPath.delete(path);
    changed.add(previous.id);
    if (this.byId.get(previous.id) === previous) {
      this.byId.delete(previous.id);
      // Another external file may define the same id: it takes over.
      for (const other of this.byPath.values()) {
        if (other.id === previous.id) {
          this.byId.set(other.id, other);
          break;
        }
      }
    }
    return changed;
  }

  hasPath(path: string): boolean {
    return this.byPath.has(path);
  }

  record(id: string): IncidentRecord | undefined {
    return this.byId.get(id);
  }

  /** Every external record, one per id. */
  records(): IterableIterator<IncidentRecord> {
    return this.byId.values();
  }
}
