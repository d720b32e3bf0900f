import type { FileKind, Reference } from '../model';
import { parseRecordFile, type ParsedRecordFile, type RecordContext } from '../records';
import { scanModeFor, scanReferences, type IdMatcher } from '../references';
import { LineMap } from '../text';

/**
 * What the index keeps of one file: its references, and its parsed record when it is one. This is
 * all a file's text gives the index, so it is also what a parsing worker sends back and what a
 * cache keeps between runs.
 */
export interface FileAnalysis {
  kind: FileKind;
  references: Reference[];
  parsed?: ParsedRecordFile;
}

/** What reading a file depends on besides its text. */
export interface AnalysisContext {
  matcher: IdMatcher;
  /** How records are parsed (also what parsing workers are sent, with the id patterns). */
  record: RecordContext;
  /** Whether a path holds a record (by the `records` globs and its extension). */
  isRecord: (path: string) => boolean;
  /** The result is copied anyway (a worker's answer, by its message): it need not be detached from the text. */
  resultIsCopied?: boolean;
}

/**
 * Everything the index learns from one file's text, in one pass and with no other state: a worker
 * thread runs it whole. What it returns holds none of the text: the index keeps it for long.
 */
export function analyseFile(path: string, text: string, context: AnalysisContext): FileAnalysis {
  if (context.isRecord(path)) {
    // Parsed values are slices of the file's text and would keep all of it alive; a clone holds
    // only what the record says.
    let parsed = parseRecordFile(path, text, context.record);
    if (!context.resultIsCopied) parsed = structuredClone(parsed);
    const own = parsed.record?.idSpan;
    const found = scanReferences(path, text, context.matcher, 'all').filter((m) => !own || m.start !== own.start);
    return { kind: parsed.kind, parsed, references: toReferences(path, text, found, parsed.kind) };
  }
  const mode = scanModeFor(path);
  if (!mode) return { kind: 'source', references: [] };
  const kind: FileKind = mode === 'all' ? 'document' : 'source';
  return { kind, references: toReferences(path, text, scanReferences(path, text, context.matcher, mode), kind) };
}

function toReferences(path: string, text: string, matches: Array<{ id: string; start: number; end: number }>, fileKind: FileKind): Reference[] {
  if (matches.length === 0) return [];
  const lines = new LineMap(text);
  return matches.map((m) => ({ id: m.id, path, span: { start: m.start, end: m.end }, line: lines.lineAt(m.start), fileKind }));
}
