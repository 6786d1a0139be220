// permessage-deflate (RFC 7692 7.2.2): a message is a raw DEFLATE block run without its final
// 00 00 FF FF. With context takeover the window carries over, so the sender's earlier messages are
// inflated again in front of this one (sync API only; bounded by MAX_HISTORY).
import { constants, inflateRawSync } from 'node:zlib';

const TAIL = Uint8Array.of(0, 0, 0xff, 0xff);
/** Past this much compressed history a message is not inflated (the capture is too long for the sync path). */
const MAX_HISTORY = 8 * 1024 * 1024;

/** A sender's deflate window: its compressed messages so far and how much they inflated to. */
export interface InflateHistory {
  input: Uint8Array[];
  inputLength: number;
  produced: number;
}

export function newHistory(): InflateHistory {
  return { input: [], inputLength: 0, produced: 0 };
}

/** Inflates one message; `history` is undefined when the sender resets its window each message. */
export function inflateMessage(message: Uint8Array, history: InflateHistory | undefined): { data: Uint8Array; error?: undefined } | { error: string } {
  const parts = history ? [...history.input, message, TAIL] : [message, TAIL];
  const length = (history?.inputLength ?? 0) + message.length + TAIL.length;
  if (length > MAX_HISTORY) return { error: `more than ${MAX_HISTORY} bytes of compressed history` };
  try {
    const out = inflateRawSync(Buffer.concat(parts, length), { finishFlush: constants.Z_SYNC_FLUSH });
    const data = new Uint8Array(out.buffer, out.byteOffset + (history?.produced ?? 0), out.length - (history?.produced ?? 0));
    if (history) {
      history.input.push(message, TAIL);
      history.inputLength += message.length + TAIL.length;
      history.produced = out.length;
    }
    return { data };
  } catch (e) {
    return { error: (e as Error).message };
  }
}
