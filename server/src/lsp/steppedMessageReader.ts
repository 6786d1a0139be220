// The stdio transport's reader. vscode-jsonrpc's own reader copies a message's chunks into one
// buffer once the last one is in, then decodes and parses it in one task: for a 22 MB didOpen
// that task held the server's event loop for 50–90 ms. Here a large body is copied as its chunks
// arrive and parsed in steps (steppedJson.ts); small messages are parsed at once. Messages are
// delivered in the order they came.
import { AbstractMessageReader, type DataCallback, type Disposable, type Message, type MessageReader } from 'vscode-languageserver/node';
import { parseJsonInSteps, type Pause } from './steppedJson';
import { yieldToEventLoop } from './runSafe';

/** Bodies at least this long are parsed in steps. */
export const STEPPED_BODY_BYTES = 1024 * 1024;
const HEADER_END = Buffer.from('\r\n\r\n', 'ascii');
const MAX_HEADER_BYTES = 64 * 1024;

export class SteppedMessageReader extends AbstractMessageReader implements MessageReader {
  private header = Buffer.alloc(0);
  private body: Buffer | undefined;
  private filled = 0;
  /** Parses queued behind a stepped one keep their order. */
  private queue: Promise<void> = Promise.resolve();
  private pending = 0;
  private callback: DataCallback | undefined;

  constructor(private readonly readable: NodeJS.ReadableStream, private readonly pause: Pause = yieldToEventLoop) {
    super();
  }

  listen(callback: DataCallback): Disposable {
    this.callback = callback;
    const onData = (chunk: Buffer | string): void => {
      try {
        this.onData(typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk);
      } catch (e) {
        this.fireError(e);
      }
    };
    const onError = (e: unknown): void => this.fireError(e);
    // As vscode-jsonrpc's reader: 'close' only ('end' comes before it, and would close twice).
    const onClose = (): void => this.fireClose();
    this.readable.on('data', onData);
    this.readable.on('error', onError);
    this.readable.on('close', onClose);
    return {
      dispose: () => {
        this.readable.off('data', onData);
        this.readable.off('error', onError);
        this.readable.off('close', onClose);
      },
    };
  }

  private onData(chunk: Buffer): void {
    let at = 0;
    while (at < chunk.length) {
      if (this.body === undefined) {
        at = this.readHeader(chunk, at);
        if (this.body === undefined) return;
      }
      const n = Math.min(this.body.length - this.filled, chunk.length - at);
      chunk.copy(this.body, this.filled, at, at + n);
      this.filled += n;
      at += n;
      if (this.filled === this.body.length) {
        const body = this.body;
        this.body = undefined;
        this.filled = 0;
        this.deliver(body);
      }
    }
  }

  /** Consumes header bytes from `chunk` at `at`; sets `body` once the header is complete. */
  private readHeader(chunk: Buffer, at: number): number {
    // A view when no header bytes are pending: many small messages in one chunk are not each copied with the rest of it.
    const joined = this.header.length === 0 ? chunk.subarray(at) : Buffer.concat([this.header, chunk.subarray(at)]);
    const end = joined.indexOf(HEADER_END);
    if (end < 0) {
      if (joined.length > MAX_HEADER_BYTES) throw new Error('Message header too long (no blank line after it)');
      this.header = Buffer.from(joined);
      return chunk.length;
    }
    const used = end + HEADER_END.length - this.header.length;
    this.header = Buffer.alloc(0);
    const length = contentLength(joined.toString('ascii', 0, end));
    if (length === 0) throw new Error('Content-Length 0: an empty message');
    this.body = Buffer.allocUnsafe(length);
    this.filled = 0;
    return at + used;
  }

  private deliver(body: Buffer): void {
    if (this.pending === 0 && body.length < STEPPED_BODY_BYTES) {
      let message: Message;
      try {
        message = JSON.parse(body.toString('utf8'));
      } catch (e) {
        this.fireError(e); // this message is lost; the next one is read as usual
        return;
      }
      this.emit(message);
      return;
    }
    this.pending++;
    this.queue = this.queue
      .then(async () => this.emit((await parseJsonInSteps(body, this.pause)) as Message))
      .catch((e) => this.fireError(e))
      .finally(() => { this.pending--; });
  }

  private emit(message: Message): void {
    this.callback?.(message);
  }
}

function contentLength(header: string): number {
  for (const line of header.split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon > 0 && line.slice(0, colon).trim().toLowerCase() === 'content-length') {
      const n = Number(line.slice(colon + 1).trim());
      if (Number.isInteger(n) && n >= 0) return n;
      throw new Error(`Content-Length value must be a number. Got ${line.slice(colon + 1).trim()}`);
    }
  }
  throw new Error(`Header must provide a Content-Length property.\n${header}`);
}
