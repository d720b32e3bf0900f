import {
  CompletionItemKind,
  MarkupKind,
  type CancellationToken,
  type CompletionItem,
  type CompletionList,
  type CompletionParams,
  type Range,
} from 'vscode-languageserver/node';
import { escapeBlock } from '../../core/render/escape';
import { stillWanted } from '../cancellation';
import { completeRecord, type RecordCompletionItem } from '../../core/features/recordCompletion';
import { searchIncidents } from '../../core/features/search';
import { yamlPathAt } from '../../core/records';
import { isReferenceContext } from '../../core/references';
import { fileFor, type FileAt, type ServerContext } from '../context';

/** How many items one answer carries; the list is marked incomplete so typing asks again. */
const MAX_ITEMS = 100;

/**
 * Completion of references: every incident (best match for the word typed so far, by id or by
 * words of the title) in comments and docs; ids in a record's `related`; workspace paths in a
 * record's `code.path`. Typing asks on every key and the editor cancels what it no longer needs: a
 * cancelled request is dropped before the search over every incident.
 */
export async function onCompletion(ctx: ServerContext, params: CompletionParams, token: CancellationToken): Promise<CompletionList | null> {
  await stillWanted(token);
  const file = await fileFor(ctx, params.textDocument.uri);
  if (!file) return null;
  const offset = file.lines.offsetAt(params.position);
  const word = wordBefore(file.text, offset);
  const range = { start: file.lines.positionAt(offset - word.length), end: params.position };

  if (file.folder.index.isRecordPath(file.path)) {
    const clock = { nowMs: Date.now(), localOffsetMinutes: -new Date().getTimezoneOffset() };
    const recordItems = completeRecord(file.path, file.text, offset, file.folder.options.severities, clock);
    if (recordItems) return { isIncomplete: false, items: recordItems.map((item, rank) => toCompletionItem(file, item, rank)) };
    const keyPath = yamlPathAt(file.path, file.text, offset);
    if (keyPath?.[0] === 'code' && keyPath[keyPath.length - 1] === 'path') return pathItems(file, offset, params);
    if (keyPath?.[0] === 'related') return incidentItems(file, word, range);
    if (keyPath?.[0] === 'id' || keyPath === undefined) return null;
    // Elsewhere in a record, offer ids only once the word looks like the start of one: prose
    // fields such as the narrative should not pop up incidents at every word.
    if (!looksLikeIdStart(file, word)) return null;
    return incidentItems(file, word, range);
  }
  if (!isReferenceContext(file.path, file.text, offset)) return null;
  return incidentItems(file, word, range);
}

/** A key or value of a record as an LSP item; schema descriptions are ours, so Markdown. */
function toCompletionItem(file: FileAt, item: RecordCompletionItem, rank: number): CompletionItem {
  return {
    label: item.label,
    kind: item.kind === 'key' ? CompletionItemKind.Property : CompletionItemKind.EnumMember,
    detail: item.detail,
    documentation: item.documentation ? { kind: MarkupKind.Markdown, value: item.documentation } : undefined,
    // Values keep the schema's (or the configured) order; keys are found by name.
    sortText: item.kind === 'value' ? String(rank).padStart(5, '0') : undefined,
    textEdit: { range: { start: file.lines.positionAt(item.span.start), end: file.lines.positionAt(item.span.end) }, newText: item.newText },
  };
}

function incidentItems(file: FileAt, word: string, range: Range): CompletionList {
  // A record does not offer itself: it cannot be its own reference.
  const own = file.folder.index.recordIn(file.path)?.id;
  const records = searchIncidents(file.folder.index.recordsNewestFirst(), word, MAX_ITEMS + 1)
    .filter((r) => r.id !== own)
    .slice(0, MAX_ITEMS);
  const items = records.map((record, rank): CompletionItem => {
    const date = record.started ? record.started.slice(0, 10) : '';
    return {
      label: record.id,
      kind: CompletionItemKind.Reference,
      labelDetails: { description: record.title },
      detail: [record.title, record.severity, date].filter(Boolean).join(' · '),
      // The summary is filled in by completionItem/resolve, for the one item the editor shows.
      data: { id: record.id, folder: file.folder.uri } satisfies ResolveData,
      // Typing words of the title finds the incident too: the editor filters on this text.
      filterText: `${record.id} ${record.title}`,
      sortText: String(rank).padStart(5, '0'),
      textEdit: { range, newText: record.id },
    };
  });
  return { isIncomplete: true, items };
}

interface ResolveData {
  id: string;
  folder: string;
}

/** Adds the summary of the incident an item names, as its documentation. */
export function onCompletionResolve(ctx: ServerContext, item: CompletionItem): CompletionItem {
  const data = item.data as Partial<ResolveData> | undefined;
  if (typeof data?.id !== 'string') return item;
  const folder = ctx.workspace.indexedFolders().find((f) => f.uri === data.folder) ?? ctx.workspace.indexedFolders()[0];
  const record = folder?.index.record(data.id);
  if (record?.summary) item.documentation = { kind: MarkupKind.Markdown, value: escapeBlock(record.summary) };
  return item;
}

function pathItems(file: FileAt, offset: number, params: CompletionParams): CompletionList {
  const lineStart = file.lines.lineStart(params.position.line);
  const before = file.text.slice(lineStart, offset);
  const typed = /([^\s'":]*)$/.exec(before)?.[1] ?? '';
  const directory = typed.includes('/') ? typed.slice(0, typed.lastIndexOf('/') + 1) : '';
  const range = { start: file.lines.positionAt(offset - typed.length + directory.length), end: params.position };
  const entries = new Map<string, boolean>();
  for (const path of file.folder.index.knownPaths.all()) {
    if (!path.startsWith(directory)) continue;
    const rest = path.slice(directory.length);
    const slash = rest.indexOf('/');
    const name = slash === -1 ? rest : rest.slice(0, slash);
    if (!entries.has(name) || slash !== -1) entries.set(name, slash !== -1);
    if (entries.size > 2000) break;
  }
  const items = [...entries].map(([name, isDir]): CompletionItem => ({
    label: isDir ? `${name}/` : name,
    kind: isDir ? CompletionItemKind.Folder : CompletionItemKind.File,
    textEdit: { range, newText: isDir ? `${name}/` : name },
    command: isDir ? { title: 'More', command: 'editor.action.triggerSuggest' } : undefined,
  }));
  return { isIncomplete: false, items };
}

function looksLikeIdStart(file: FileAt, word: string): boolean {
  if (word.length < 2) return false;
  const upper = word.toUpperCase();
  for (const record of file.folder.index.records()) if (record.id.toUpperCase().startsWith(upper)) return true;
  return false;
}

/** The id-like word (letters, digits, `-`, `_`) that ends at offset. */
function wordBefore(text: string, offset: number): string {
  let start = offset;
  while (start > 0 && /[\w-]/.test(text[start - 1])) start--;
  return text.slice(start, offset);
}
