// The framing stage's output: each log entry's XML as a range of the file (or a derived text with
// its map), with what the log line says about direction and time.
import type { CaptureTime, Dialect, Direction, Finding } from '../types';
import type { RunOffsetMap } from '../offsetMap';

export interface Frame {
  /** File range of the entry's XML (for a derived text: the range it was derived from). */
  start: number;
  end: number;
  /** A derived text (an Erlang binary unescaped) and its map to the file; absent: the file range itself. */
  derived?: { text: string; map: RunOffsetMap };
  direction: Direction;
  time?: CaptureTime;
  /**
   * Frames of one channel (session and direction) are network buffers: a stanza cut at the end of
   * one continues in the next, so they are re-joined before parsing.
   */
  channel?: string;
  /** The stream (connection) the log names for this entry (see Stanza.stream). */
  stream?: string;
  /** Only the first element is the entry's XML (Tigase `DATA=<...>, SIZE=...`). */
  single?: boolean;
  /** The logger cut this entry short (ejabberd's `...`): nothing continues it. */
  cut?: boolean;
  /** The entry logs only the opening tag (Prosody's summaries): unclosed elements are expected. */
  lossy?: boolean;
}

export interface Framing {
  dialect: Dialect;
  frames: Frame[];
  findings: Finding[];
  /** Whole-file parse in lenient mode (unknown text). */
  lenient?: boolean;
}

export interface Line {
  start: number;
  /** End of the line's content, before CR LF / LF. */
  end: number;
  /** Start of the next line. */
  next: number;
}

/** Iterates the lines of `text` (LF or CR LF), without allocating the line strings. */
export function* lines(text: string): Generator<Line> {
  let start = 0;
  const n = text.length;
  while (start < n) {
    let nl = text.indexOf('\n', start);
    if (nl === -1) nl = n;
    const end = nl > start && text.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
    yield { start, end, next: Math.min(nl + 1, n) };
    start = nl + 1;
  }
}

/** End of an entry that runs until `nextStart` (the next record's line): drops the line break before it. */
export function trimEntryEnd(text: string, from: number, nextStart: number): number {
  let e = nextStart;
  if (e > from && text.charCodeAt(e - 1) === 10) e--;
  if (e > from && text.charCodeAt(e - 1) === 13) e--;
  return e;
}

export function captureTime(text: string, start: number, end: number, parsed: { epochMs?: number; dateKnown: boolean }): CaptureTime {
  const t = text.slice(start, end);
  const span = { start, end };
  const { epochMs, dateKnown } = parsed;
  // Made whole (not extended afterwards): one capture time per entry, and a property added later
  // costs each of them a separate property store.
  if (epochMs !== undefined && Number.isFinite(epochMs)) return { text: t, span, dateKnown, epochMs };
  return { text: t, span, dateKnown };
}
