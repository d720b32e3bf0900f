import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver/node';
import { CONFIG_FILE } from '../core/config';
import type { Problem } from '../core/model';
import { LineMap } from '../core/text';
import { problemsOf } from '../host/folder';
import type { HistoryService } from '../host/history';
import type { ServerContext } from './context';
import { toDiagnostic, toRange } from './convert';
import type { ServedFolder } from './workspace';

/**
 * Diagnostics sent for one file at most, the last of them saying how many more there are. A
 * generated document can mention an unknown id on every line: hundreds of thousands of
 * diagnostics help nobody and cost the editor (and the server) gigabytes.
 */
export const MAX_DIAGNOSTICS_PER_FILE = 1000;

/** Problems as LSP diagnostics, capped: the first ones in the file, then one that counts the rest. */
export function cappedDiagnostics(lines: LineMap, problems: readonly Problem[], max = MAX_DIAGNOSTICS_PER_FILE): Diagnostic[] {
  if (problems.length <= max) return problems.map((p) => toDiagnostic(lines, p));
  const shown = max - 1;
  const diagnostics = problems.slice(0, shown).map((p) => toDiagnostic(lines, p));
  const hidden = problems.length - shown;
  const at = problems[shown].span;
  diagnostics.push({
    range: toRange(lines, { start: at.start, end: at.start }),
    severity: DiagnosticSeverity.Information,
    code: 'more-problems',
    source: 'incident-lens',
    message: `${hidden} more problems in this file are not shown (at most ${shown} per file).`,
  });
  return diagnostics;
}

/**
 * Publishes diagnostics for the whole workspace, not only open files: after a folder is indexed,
 * every file with problems; after a change, the files it affects. Remembers what it published so
 * that a file whose problems went away is cleared.
 */
export class DiagnosticsPublisher {
  private readonly published = new Set<string>();
  /**
   * Bumped each time a file's diagnostics are computed: an older computation that finishes later
   * (it waited on git) must not overwrite a newer one.
   */
  private readonly versions = new Map<string, number>();

  constructor(
    private readonly ctx: ServerContext,
    private readonly history: HistoryService,
  ) {}

  /** Every file of a folder that has (or had) problems. */
  async publishFolder(folder: ServedFolder): Promise<void> {
    await this.history.checkAllListedCommits(folder);
    const paths = new Set<string>([...folder.index.paths(), ...folder.index.skippedPaths(), CONFIG_FILE]);
    for (const uri of this.published) {
      const located = this.ctx.workspace.locate(uri);
      if (located?.folder === folder) paths.add(located.path);
    }
    await this.publish(folder, paths);
  }

  /**
   * Recomputes and sends the diagnostics of these files. `superseded` names a file whose text
   * changed again since: its diagnostics are neither computed nor sent (newer ones will be).
   */
  async publish(folder: ServedFolder, paths: Iterable<string>, superseded: (uri: string) => boolean = () => false): Promise<void> {
    for (const path of paths) {
      const uri = folder.uriOf(path);
      if (superseded(uri)) continue;
      // Most files have nothing to say and never had: no need to read them.
      const mayHaveProblems =
        path === CONFIG_FILE || this.published.has(uri) || folder.index.problemsIn(path).length > 0 || (folder.index.recordIn(path)?.commits.length ?? 0) > 0;
      if (!mayHaveProblems) continue;
      const version = (this.versions.get(uri) ?? 0) + 1;
      this.versions.set(uri, version);
      // The text first, so the problems computed next belong to the text positions come from.
      const documentVersion = this.ctx.documents.get(uri)?.version;
      const text = (await this.ctx.workspace.textOf(folder, path)) ?? '';
      const problems = await problemsOf(folder, path, this.history);
      if (this.versions.get(uri) !== version || superseded(uri)) continue;
      if (problems.length === 0) {
        if (this.published.delete(uri)) await this.ctx.connection.sendDiagnostics({ uri, diagnostics: [] });
        continue;
      }
      const lines = new LineMap(text);
      const diagnostics = cappedDiagnostics(lines, problems);
      this.published.add(uri);
      await this.ctx.connection.sendDiagnostics({ uri, version: documentVersion, diagnostics });
    }
  }

  /** Clears everything published for a folder (it was removed from the workspace). */
  async clearFolder(folder: ServedFolder): Promise<void> {
    for (const uri of [...this.published]) {
      if (folder.relative(uri) === undefined) continue;
      this.published.delete(uri);
      await this.ctx.connection.sendDiagnostics({ uri, diagnostics: [] });
    }
  }
}
