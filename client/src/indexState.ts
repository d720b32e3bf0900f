/**
 * What the server last said about its index (`incidentLens/indexChanged`), for the parts that ask
 * it for lists: until the first full index is built, "no incidents" only means "not found yet".
 */

import * as vscode from 'vscode';
import type { IndexChangedParams } from '../../common/protocol';

export class IndexState implements vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<IndexChangedParams>();
  /** Each notification: records were found, changed or removed, or the index completed. */
  readonly onDidChange = this.emitter.event;
  private last: IndexChangedParams | undefined;

  /** True once the server has built the full index of every folder. */
  get complete(): boolean {
    return this.last?.complete === true;
  }

  update(params: IndexChangedParams): void {
    this.last = params;
    this.emitter.fire(params);
  }

  dispose(): void {
    this.emitter.dispose();
  }
}
