// JSON.parse of one message, in steps: a 22 MB didOpen decoded whole (UTF-8, then JSON.parse)
// holds the event loop for 50–90 ms. The structure of an LSP message is small; its size is in a
// few long strings (a document's text). Those are found by scanning the bytes, cut out, and
// unescaped a slice at a time; the rest is parsed whole.
//
// Byte-level scanning is exact: in UTF-8 no byte of a multi-byte character is below 0x80, so a
// 0x22 (") or 0x5C (\) byte is always that character.

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const QUOTE_BYTE = Buffer.from('"');
export interface StepLimits {
  /** Strings at least this long (bytes) are decoded in slices. */
  longString: number;
  /** Bytes scanned, or unescaped, per step. */
  stepBytes: number;
  /** Quotes looked at per step (each one is a trip out of native code). */
  stepQuotes: number;
}
export const STEP_LIMITS: StepLimits = { longString: 256 * 1024, stepBytes: 1024 * 1024, stepQuotes: 20_000 };
/** Characters that can never be part of a JSON escape or of a multi-byte UTF-8 character: a
 *  slice may end just before one. */
const SAFE_CUTS = [0x3c /* < */, 0x20 /* space */, 0x3e /* > */];

export type Pause = () => Promise<void>;

interface LongString { start: number; end: number } // byte range inside the quotes

/** Parses `bytes` as JSON, yielding to `pause` between steps. Invalid JSON rejects like JSON.parse. */
export async function parseJsonInSteps(bytes: Uint8Array, pause: Pause, limits: StepLimits = STEP_LIMITS): Promise<unknown> {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const long = await findLongStrings(buf, pause, limits);
  if (long === undefined || long.length === 0) return JSON.parse(buf.toString('utf8'));
  const nonce = `\u0000xmpp-e2e-long-${Math.random().toString(36).slice(2)}-`;
  const skeleton = JSON.parse(skeletonText(buf, long, nonce));
  const values: string[] = [];
  for (const s of long) values.push(await unescapeInSteps(buf, s, pause, limits.stepBytes));
  return fillPlaceholders(skeleton, nonce, values);
}

/** The byte ranges of long strings, or undefined when the quotes do not pair (JSON.parse will say why). */
async function findLongStrings(buf: Buffer, pause: Pause, limits: StepLimits): Promise<LongString[] | undefined> {
  const found: LongString[] = [];
  let pos = 0;
  let open = -1; // index just after an opening quote, while inside a string
  let stepFrom = 0;
  let quotes = 0;
  for (;;) {
    const q = buf.indexOf(QUOTE, pos);
    if (q < 0) break;
    pos = q + 1;
    if (open < 0) open = pos;
    else if (!escaped(buf, q, open)) {
      if (q - open >= limits.longString) found.push({ start: open, end: q });
      open = -1;
    }
    if (++quotes >= limits.stepQuotes || pos - stepFrom >= limits.stepBytes) {
      quotes = 0;
      stepFrom = pos;
      await pause();
    }
  }
  return open < 0 ? found : undefined;
}

/** Whether the quote at `q` is escaped: an odd run of backslashes before it (within the string). */
function escaped(buf: Buffer, q: number, from: number): boolean {
  let n = 0;
  for (let i = q - 1; i >= from && buf[i] === BACKSLASH; i--) n++;
  return n % 2 === 1;
}

function skeletonText(buf: Buffer, long: LongString[], nonce: string): string {
  const parts: string[] = [];
  let at = 0;
  long.forEach((s, k) => {
    parts.push(buf.toString('utf8', at, s.start), JSON.stringify(nonce + k).slice(1, -1));
    at = s.end;
  });
  parts.push(buf.toString('utf8', at));
  return parts.join('');
}

async function unescapeInSteps(buf: Buffer, s: LongString, pause: Pause, stepBytes: number): Promise<string> {
  const parts: string[] = [];
  let at = s.start;
  while (at < s.end) {
    const cut = safeCut(buf, at + stepBytes, s.end);
    const bs = buf.indexOf(BACKSLASH, at);
    // With escapes, the slice is parsed as a JSON string: quoted as bytes, decoded flat.
    parts.push(bs < 0 || bs >= cut ? buf.toString('utf8', at, cut) : JSON.parse(Buffer.concat([QUOTE_BYTE, buf.subarray(at, cut), QUOTE_BYTE]).toString('utf8')));
    at = cut;
    if (at < s.end) await pause();
  }
  return parts.join('');
}

/** The first position at or after `want` that starts with a safe character, or `end`. */
function safeCut(buf: Buffer, want: number, end: number): number {
  if (want >= end) return end;
  let best = end;
  for (const c of SAFE_CUTS) {
    const i = buf.indexOf(c, want);
    if (i >= 0 && i < best) best = i;
  }
  return best;
}

function fillPlaceholders(value: unknown, nonce: string, values: string[]): unknown {
  if (typeof value === 'string') {
    if (!value.startsWith(nonce)) return value;
    const k = Number(value.slice(nonce.length));
    return Number.isInteger(k) && k < values.length ? values[k] : value;
  }
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) value[i] = fillPlaceholders(value[i], nonce, values);
  } else if (value !== null && typeof value === 'object') {
    const o = value as Record<string, unknown>;
    for (const key of Object.keys(o)) {
      const filled = fillPlaceholders(o[key], nonce, values);
      const name = fillPlaceholders(key, nonce, values) as string; // a long key (never in LSP, but JSON allows it)
      if (name !== key) delete o[key];
      o[name] = filled;
    }
  }
  return value;
}
