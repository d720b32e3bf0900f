import { ErrorCodes, Message, ResponseError, type Connection, type MessageStrategy, type RequestMessage } from 'vscode-languageserver/node';

/** Where a repeated `initialize` is routed: a handler that refuses it. */
const REPEATED_INITIALIZE = 'incidentLens/repeatedInitialize';

/**
 * Lets exactly one `initialize` through. The library acts on every `initialize` before our
 * handler runs (it would watch a new parent process id, and drop the workspace folder listener),
 * so a second one is renamed on arrival and answered with an error by `refuseRepeatedInitialize`.
 */
export function initializeOnce(): MessageStrategy {
  let initialized = false;
  return {
    handleMessage(message, next) {
      if (Message.isRequest(message) && message.method === 'initialize') {
        if (initialized) {
          const renamed: RequestMessage = { ...message, method: REPEATED_INITIALIZE };
          return next(renamed);
        }
        initialized = true;
      }
      next(message);
    },
  };
}

/** Answers a repeated `initialize` (see `initializeOnce`) with an error; the session goes on unchanged. */
export function refuseRepeatedInitialize(connection: Connection): void {
  connection.onRequest(
    REPEATED_INITIALIZE,
    () => new ResponseError(ErrorCodes.InvalidRequest, 'Incident Lens: the server is already initialized; a second initialize is refused.'),
  );
}
