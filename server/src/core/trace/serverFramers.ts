// Frames server debug logs whose records start with a timestamp and may continue on more lines:
// ejabberd (`Send XML on stream = <<"...">>`, an Erlang binary to unescape) and Tigase
// (`DATA=<...>, SIZE=...` packet dumps, several per record).
import type { Direction } from '../types';
import { captureTime, lines, type Frame, type Framing } from './frames';
import { parseCaptureTime } from './timestamps';
import { parseErlangBinary } from './erlangBinary';
import { escapeStrayText } from './derivedText';

interface RecordLine {
  start: number;
  /** Start of the next record (or end of text). */
  end: number;
  timeEnd: number;
}

/** How a record's first line starts: a record runs until the next line that starts so. */
export const RECORD_START = /^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}(?:[.,]\d+)?(?:Z|[+-]\d{2}:?\d{2})?/;

/** Records that begin with `YYYY-MM-DD[ T]hh:mm:ss...`; continuation lines belong to the record above. */
function records(text: string, isCancelled?: () => boolean): RecordLine[] {
  const out: RecordLine[] = [];
  const re = RECORD_START;
  let n = 0;
  for (const ln of lines(text)) {
    if ((++n & 1023) === 0 && isCancelled?.()) break;
    const c = text.charCodeAt(ln.start);
    if (c < 0x30 || c > 0x39) continue;
    const m = re.exec(text.slice(ln.start, Math.min(ln.end, ln.start + 40)));
    if (!m) continue;
    if (out.length) out[out.length - 1].end = ln.start;
    out.push({ start: ln.start, end: text.length, timeEnd: ln.start + m[0].length });
  }
  return out;
}

const EJABBERD_XML = /\b(Send|Sending|Received|Receiving) XML on stream = <</;

export function frameEjabberd(text: string, referenceDate?: string, isCancelled?: () => boolean): Framing {
  const frames: Frame[] = [];
  for (const r of records(text, isCancelled)) {
    const head = text.slice(r.start, Math.min(r.end, r.start + 600));
    const m = EJABBERD_XML.exec(head);
    if (!m) continue;
    const lt = r.start + m.index + m[0].length - 2;
    const bin = parseErlangBinary(text, lt, r.end);
    if (!bin.text.trim()) continue;
    const direction: Direction = m[1].startsWith('Rec') ? 'in' : 'out';
    // The connection's process: `(tcp|<0.1.0>)` in newer logs, else the logging process `<0.1.0>@`.
    const pid = /\((?:\w+)\|(<[\d.]+>)\)/.exec(head.slice(0, m.index))?.[1] ?? /(<[\d.]+>)@/.exec(head)?.[1] ?? '';
    frames.push({
      start: lt,
      end: bin.end,
      derived: { text: bin.text, map: bin.map },
      direction,
      time: captureTime(text, r.start, r.timeEnd, parseCaptureTime(text.slice(r.start, r.timeEnd), referenceDate)),
      channel: `ejabberd:${pid}:${direction}`,
      stream: pid || undefined,
      // lager shortens long terms with a trailing `...`.
      cut: !bin.complete || bin.text.endsWith('...'),
    });
  }
  return { dialect: 'ejabberd', frames, findings: [] };
}

/**
 * Each `DATA=<...>` dump is one entry: a packet logged by several components appears (and counts)
 * once per dump, as the log shows it. Dumps are single elements; the logger's ` ... ` cut of a
 * long packet leaves it unclosed (reported as truncated).
 */
export function frameTigase(text: string, referenceDate?: string, isCancelled?: () => boolean): Framing {
  const frames: Frame[] = [];
  let nextData = -2; // the next `DATA=<` at or after the current record (-1: none left)
  for (const r of records(text, isCancelled)) {
    if (nextData === -2 || (nextData !== -1 && nextData < r.start)) nextData = text.indexOf('DATA=<', r.start);
    let at = nextData;
    if (at === -1 || at >= r.end) continue;
    const head = text.slice(r.start, Math.min(r.end, r.start + 200));
    // Only the socket layer knows the direction; packets between components have none.
    const direction: Direction = /writePacketToSocket|Writing packet|Sending packet/.test(head)
      ? 'out'
      : /processSocketData|Reading packet|Received packet/.test(head)
        ? 'in'
        : 'unknown';
    const time = captureTime(text, r.start, r.timeEnd, parseCaptureTime(text.slice(r.start, r.timeEnd), referenceDate));
    while (at !== -1 && at < r.end) {
      // A dump the logger cut (` ... `) must not run into the record's next dump.
      let next = text.indexOf('DATA=<', at + 6);
      if (next >= r.end) next = -1;
      const end = next === -1 ? r.end : next;
      // A dump prints character data as the server holds it: stray `&` / `<` are not the sender's.
      frames.push({ start: at + 5, end, derived: escapeStrayText(text, at + 5, end), direction, time, single: true });
      at = next;
    }
  }
  return { dialect: 'tigase', frames, findings: [] };
}
