/**
 * The MCP server's stdio transport: one JSON-RPC message per line on stdin and stdout, as the
 * SDK's StdioServerTransport reads and writes them, with two bounds that one lacks.
 * - A message over MAX_MESSAGE_BYTES is skipped to its end, answered with a JSON-RPC error and
 *   logged on stderr (the SDK's closes the connection: the process left with exit 0, saying nothing).
 * - Back-pressure: reading stops while MAX_UNANSWERED requests wait for their answers or while
 *   stdout waits to drain, so a client that stops reading cannot grow the server's memory.
 */
import type { Readable, Writable } from 'node:stream';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import { deserializeMessage, serializeMessage } from '@modelcontextprotocol/sdk/shared/stdio.js';
import { isJSONRPCNotification, isJSONRPCRequest, type JSONRPCMessage, type RequestId } from '@modelcontextprotocol/sdk/types.js';
import { escapeTerminal } from '../core/render/escape';

/** The SDK's own limit for one message. */
export const MAX_MESSAGE_BYTES = 10 * 1024 * 1024;
/** Requests read ahead of their answers (tool calls are answered one at a time anyway). */
const MAX_UNANSWERED = 8;
/** How much of an oversized message's start and end is kept to find its id. */
const ID_WINDOW = 256;
/** JSON-RPC "Invalid Request": the message was not read. */
const INVALID_REQUEST = -32600;

export class BoundedStdioTransport implements Transport {
  onclose?: () => void;
  onerror?: (error: Error) => void;
  onmessage?: (message: JSONRPCMessage) => void;

  /** Chunks read and not yet split into lines (kept while reading is paused). */
  private readonly queue: Buffer[] = [];
  /** The current line so far. */
  private line: Buffer[] = [];
  private lineBytes = 0;
  /** Inside an oversized message: its start and its latest end, for its id; the rest is dropped. */
  private oversized?: { head: Buffer; tail: Buffer };
  private readonly unanswered = new Set<RequestId>();
  private draining = false;
  /** The client closed stdin: what was read is still answered, then the transport closes. */
  private ended = false;
  private closed = false;

  constructor(
    private readonly input: Readable = process.stdin,
    private readonly output: Writable = process.stdout,
    private readonly log: (line: string) => void = (line) => process.stderr.write(`${line}\n`),
    private readonly maxMessageBytes = MAX_MESSAGE_BYTES,
  ) {}

  private readonly onData = (chunk: Buffer): void => {
    this.queue.push(chunk);
    this.pump();
  };

  private readonly onInputError = (error: Error): void => this.onerror?.(error);

  private readonly onEnd = (): void => {
    this.ended = true;
    this.pump();
  };

  async start(): Promise<void> {
    this.input.on('data', this.onData);
    this.input.on('error', this.onInputError);
    this.input.on('end', this.onEnd);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.input.off('data', this.onData);
    this.input.off('error', this.onInputError);
    this.input.off('end', this.onEnd);
    if (this.input.listenerCount('data') === 0) this.input.pause();
    this.queue.length = 0;
    this.line = [];
    this.onclose?.();
  }

  send(message: JSONRPCMessage): Promise<void> {
    if (!isJSONRPCRequest(message) && !isJSONRPCNotification(message) && 'id' in message) this.unanswered.delete(message.id as RequestId);
    return this.write(serializeMessage(message));
  }

  private write(text: string): Promise<void> {
    return new Promise((resolve) => {
      if (this.output.write(text)) {
        resolve();
        this.pump();
        return;
      }
      this.draining = true;
      this.output.once('drain', () => {
        this.draining = false;
        resolve();
        this.pump();
      });
    });
  }

  private blocked(): boolean {
    return this.draining || this.unanswered.size >= MAX_UNANSWERED;
  }

  /** Splits what was read into messages until there is nothing left or reading must wait. */
  private pump(): void {
    if (this.closed) return;
    while (this.queue.length && !this.blocked()) {
      const chunk = this.queue[0];
      const end = chunk.indexOf(0x0a);
      if (end === -1) this.queue.shift();
      else this.queue[0] = chunk.subarray(end + 1);
      this.take(end === -1 ? chunk : chunk.subarray(0, end));
      if (end !== -1) this.endLine();
    }
    if (this.ended && !this.queue.length && !this.draining && this.unanswered.size === 0) void this.close();
    else if (this.blocked()) this.input.pause();
    else this.input.resume();
  }

  private take(part: Buffer): void {
    if (!this.oversized && this.lineBytes + part.length <= this.maxMessageBytes) {
      this.line.push(part);
      this.lineBytes += part.length;
      return;
    }
    if (!this.oversized) {
      const start = Buffer.concat([...this.line, part.subarray(0, ID_WINDOW)]);
      this.oversized = { head: start.subarray(0, ID_WINDOW), tail: Buffer.alloc(0) };
      this.line = [];
      this.lineBytes = 0;
    }
    const tail = Buffer.concat([this.oversized.tail, part]);
    this.oversized.tail = tail.subarray(Math.max(0, tail.length - ID_WINDOW));
  }

  private endLine(): void {
    if (this.oversized) {
      const { head, tail } = this.oversized;
      this.oversized = undefined;
      this.refuse(idOf(head.toString('utf8'), tail.toString('utf8')));
      return;
    }
    const text = Buffer.concat(this.line).toString('utf8').replace(/\r$/, '');
    this.line = [];
    this.lineBytes = 0;
    if (!text.trim()) return;
    let message: JSONRPCMessage;
    try {
      message = deserializeMessage(text);
    } catch (error) {
      this.onerror?.(error as Error);
      return;
    }
    if (isJSONRPCRequest(message)) this.unanswered.add(message.id);
    if (isJSONRPCNotification(message) && message.method === 'notifications/cancelled') {
      // A cancelled request gets no answer: it no longer holds back reading.
      const requestId = (message.params as { requestId?: RequestId } | undefined)?.requestId;
      if (requestId !== undefined) this.unanswered.delete(requestId);
    }
    this.onmessage?.(message);
  }

  private refuse(id: RequestId | null): void {
    const what = `a message of more than ${this.maxMessageBytes} bytes`;
    this.log(`incident-lens mcp: refused ${what}${id === null ? '' : ` (request id ${escapeTerminal(JSON.stringify(id))})`}; not read`);
    const error = { code: INVALID_REQUEST, message: `Refused ${what}: not read.` };
    void this.write(`${JSON.stringify({ jsonrpc: '2.0', id, error })}\n`);
  }
}

/**
 * The id of a message that was not parsed, from its first or last bytes (clients write it first
 * or last); null, as JSON-RPC says, when neither shows it.
 */
function idOf(head: string, tail: string): RequestId | null {
  const value = '(-?\\d{1,15}|"(?:[^"\\\\]|\\\\.){0,100}")';
  const found =
    new RegExp(`^\\s*\\{\\s*(?:"jsonrpc"\\s*:\\s*"2\\.0"\\s*,\\s*)?"id"\\s*:\\s*${value}`).exec(head) ??
    new RegExp(`[,{]\\s*"id"\\s*:\\s*${value}\\s*\\}\\s*$`).exec(tail);
  if (!found) return null;
  try {
    return JSON.parse(found[1]) as RequestId;
  } catch {
    return null;
  }
}
