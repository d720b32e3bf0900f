import type { TextDocuments } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';

/**
 * The editor's open documents, and for each whether it was typed in since it was opened or since
 * its file was deleted on disk. An editor keeps a tab open on a deleted file (and tells the server
 * it closed only much later): such an untouched buffer must not keep a deleted record alive.
 */
export class OpenDocuments {
  /** Version of each document when it was opened, or when its file was last deleted on disk. */
  private readonly baseVersions = new Map<string, number>();

  constructor(readonly documents: TextDocuments<TextDocument>) {
    documents.onDidOpen(({ document }) => this.baseVersions.set(document.uri, document.version));
    documents.onDidClose(({ document }) => this.baseVersions.delete(document.uri));
  }

  get(uri: string): TextDocument | undefined {
    return this.documents.get(uri);
  }

  all(): TextDocument[] {
    return this.documents.all();
  }

  /** Its file was deleted on disk: from now on the buffer counts only once it is edited. */
  fileDeleted(uri: string): void {
    const document = this.documents.get(uri);
    if (document) this.baseVersions.set(uri, document.version);
  }

  /** Whether a document was typed in since it was opened (or since its file was deleted). */
  isEdited(document: TextDocument): boolean {
    return document.version > (this.baseVersions.get(document.uri) ?? document.version);
  }
}
