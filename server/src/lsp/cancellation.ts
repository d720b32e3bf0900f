import type { CancellationToken } from 'vscode-languageserver/node';

/** Thrown inside a handler once the editor no longer wants the answer (see `guard` in server.ts). */
export class RequestCancelledError extends Error {
  constructor() {
    super('The editor cancelled the request.');
  }
}

/** Units of work (a file read, a record placed) between two turns of the event loop. */
const UNITS_PER_TURN = 50;

/**
 * Lets a long request be cancelled: call `await step()` once per unit of work. Every few units the
 * event loop gets a turn, so a `$/cancelRequest` (or any other message) can be read, and once the
 * editor has cancelled, `step` throws and the request stops where it is.
 */
export function cancellableSteps(token: CancellationToken, unitsPerTurn = UNITS_PER_TURN): () => Promise<void> {
  let units = 0;
  return async () => {
    if (++units % unitsPerTurn !== 0) return;
    await new Promise((resolve) => setImmediate(resolve));
    if (token.isCancellationRequested) throw new RequestCancelledError();
  };
}

/** One turn of the event loop, then stop if the editor cancelled meanwhile (before costly work). */
export async function stillWanted(token: CancellationToken): Promise<void> {
  await new Promise((resolve) => setImmediate(resolve));
  if (token.isCancellationRequested) throw new RequestCancelledError();
}
