// Frames line-oriented logs: a line with a marker (SENT:, RECV (0):, send:, ...) starts an entry
// whose XML runs from the marker to the next record line (a multi-line stanza continues on lines
// that do not look like log records).
import type { Dialect, Direction, Finding } from '../types';
import { captureTime, lines, trimEntryEnd, type Frame, type Framing } from './frames';
import { parseCaptureTime } from './timestamps';
import { stripAnsi } from './ansi';
import { dropContinuationTabs } from './derivedText';
import { scanXml } from '../xml/scanXml';
import { OpenXmlTracker } from './openXmlTracker';

export interface EntryMatch {
  /** Offset of the XML within the line. */
  content: number;
  direction: Direction;
  /** Offsets of the timestamp within the line. */
  time?: [number, number];
  channel?: string;
  /** The stream (connection) the log names for this entry. */
  stream?: string;
  /** This entry logs only the opening tag (Prosody's `Received[c2s]:` summaries). */
  lossy?: boolean;
}

export interface LineDialect {
  dialect: Dialect;
  /** A line that starts an XML entry. */
  entry(line: string): EntryMatch | null;
  /** A line that starts any log record (and so ends the previous entry). */
  record(line: string): boolean;
  /** Frames of one channel are network buffers to re-join. */
  join?: boolean;
  /** A record-looking line continues an entry whose XML is still open (stanza text over lines). */
  continueOpen?: boolean;
  /** Stripped from the end of an entry (node-xmpp's `+3ms`). */
  tail?: RegExp;
  /** Other lines continue an entry only while its XML is still open (transcripts inside prose). */
  continueWhileOpen?: boolean;
  /** Lines that start with a TAB continue the entry; the logger added that TAB (Prosody). */
  tabContinuation?: boolean;
  /**
   * Lossy entries summarise stanzas that other entries of the same log hold whole (Prosody's
   * `Received[c2s]:` beside `mod_stanza_debug`'s `RECV:`): when whole entries exist, summaries are
   * not stanzas of their own.
   */
  summariesDuplicate?: boolean;
}

const HEAD = 512;

export function frameLines(text: string, spec: LineDialect, referenceDate?: string, isCancelled?: () => boolean): Framing {
  const frames: Frame[] = [];
  const findings: Finding[] = [];
  let open: { frame: Frame; lineEnd: number; xml?: OpenXmlTracker } | undefined;
  let count = 0;
  // One tracker for the whole text, reset per entry (only one entry is open at a time).
  let tracker: OpenXmlTracker | undefined;
  const trackerAt = (start: number): OpenXmlTracker => (tracker ??= new OpenXmlTracker(text, start)).reset(start);

  const close = (nextStart: number): void => {
    if (!open) return;
    const f = open.frame;
    f.end = f.lossy ? open.lineEnd : Math.max(f.start, trimEntryEnd(text, f.start, nextStart));
    if (spec.tail) f.end = stripTail(text, f.start, f.end, spec.tail);
    f.derived = (spec.tabContinuation ? dropContinuationTabs(text, f.start, f.end) : undefined) ?? stripAnsi(text, f.start, f.end);
    if (hasContent(text, f.start, f.end)) frames.push(f);
    open = undefined;
  };

  for (const ln of lines(text)) {
    if ((++count & 511) === 0 && isCancelled?.()) break;
    // Markers sit in a line's prefix: matching only the head keeps long base64 lines linear.
    const s = text.slice(ln.start, Math.min(ln.end, ln.start + HEAD));
    if (open && spec.tabContinuation && text.charCodeAt(ln.start) === 9) continue;
    const m = spec.entry(s);
    if (m) {
      close(ln.start);
      const frame: Frame = { start: ln.start + m.content, end: ln.end, direction: m.direction };
      if (m.time) {
        const [a, b] = m.time;
        frame.time = captureTime(text, ln.start + a, ln.start + b, parseCaptureTime(s.slice(a, b), referenceDate));
      }
      if (spec.join && m.channel) frame.channel = m.channel;
      if (m.stream) frame.stream = m.stream;
      if (m.lossy) frame.lossy = true;
      open = { frame, lineEnd: ln.end };
      if (m.lossy) close(ln.next);
    } else if (open && spec.continueWhileOpen) {
      // One tracker per entry, fed as the entry grows (each character read once, not per line).
      open.xml ??= trackerAt(open.frame.start);
      if (spec.record(s) || !open.xml.insideAt(trimEntryEnd(text, open.frame.start, ln.start))) close(ln.start);
    } else if (open && spec.record(s)) {
      // A stanza whose text runs over lines that look like log records (a body quoting a date)
      // continues while its XML is open; buffer dialects re-join at the next entry instead.
      if (spec.continueOpen) {
        // One tracker per entry, fed as the entry grows: each character is read once.
        open.xml ??= trackerAt(open.frame.start);
        if (open.xml.insideAt(trimEntryEnd(text, open.frame.start, ln.start))) continue;
      }
      close(ln.start);
    }
  }
  close(text.length);
  if (spec.summariesDuplicate && frames.some((f) => !f.lossy)) return { dialect: spec.dialect, frames: frames.filter((f) => !f.lossy), findings };
  return { dialect: spec.dialect, frames, findings };
}

/** True when XML that starts at `start` is still inside an element (other than the stream) or markup at `end`. */
export function insideXml(text: string, start: number, end: number): boolean {
  return new OpenXmlTracker(text, start).insideAt(end);
}

/** A whitespace run before a tail like ` +3ms` at the end of a log entry. */
const TAIL_WINDOW = 64;

/**
 * The entry's end without its tail (node-xmpp's `+3ms`). The tail regex runs on the last few
 * dozen characters before trailing whitespace only: on the whole entry, `\s+` tried at every
 * position of a long blank run backtracks quadratically (25,000 spaces: 0.8 s).
 */
function stripTail(text: string, start: number, end: number, tail: RegExp): number {
  let e = end;
  while (e > start && isBlank(text.charCodeAt(e - 1))) e--;
  const from = Math.max(start, e - TAIL_WINDOW);
  const m = tail.exec(text.slice(from, e));
  if (!m) return end;
  let cut = from + m.index;
  // The match began at the window's start: its whitespace run may begin earlier.
  if (m.index === 0) while (cut > start && isBlank(text.charCodeAt(cut - 1))) cut--;
  return cut;
}

function isBlank(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13 || c === 12 || c === 11 || c === 0xa0;
}

function hasContent(text: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c !== 32 && c !== 9 && c !== 10 && c !== 13) return true;
  }
  return false;
}

// ------------------------------------------------------------------------- dialect line shapes

/** A timestamp somewhere in a log-line prefix. */
const PREFIX_TIME =
  /\d{4}[-./]\d{2}[-./]\d{2}[ T]\d{2}:\d{2}:\d{2}(?:[.,]\d+)?(?:Z|[+-]\d{2}:?\d{2})?|\d{1,2}[/.]\d{1,2}[/.](?:\d{4}|\d{2})[ T,]+\d{1,2}:\d{2}:\d{2}(?:[.,]\d+)?|[A-Z][a-z]{2} +[A-Z][a-z]{2} +\d{1,2} \d{2}:\d{2}:\d{2} \d{4}|[A-Z][a-z]{2} +\d{1,2} \d{2}:\d{2}:\d{2}|\d{1,2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2}(?: GMT)?|\d{1,2}:\d{2}:\d{2}(?:[.,]\d+)?/;

function timeIn(line: string, from: number, to: number): [number, number] | undefined {
  const m = PREFIX_TIME.exec(line.slice(from, to));
  return m ? [from + m.index, from + m.index + m[0].length] : undefined;
}

const XMPPPY = /^(.*?) - (SENT|RECV): - ?/;
// xmpppy logs what it sent and the data it received: a large stanza may come in several reads.
export const xmpppy: LineDialect = {
  dialect: 'xmpppy',
  join: true,
  continueOpen: true,
  entry(line) {
    const m = XMPPPY.exec(line);
    if (!m || m[1].includes('<')) return null;
    const direction = m[2] === 'SENT' ? 'out' : 'in';
    return { content: m[0].length, direction, time: m[1] ? [0, m[1].length] : undefined, channel: `xmpppy:${direction}` };
  },
  record: (line) => XMPPPY.test(line) || /^\S[^<]{0,40}?\d{1,2}:\d{2}:\d{2}[^<]{0,12}? - /.test(line),
};

// Smack's ConsoleDebugger prints `HH:mm:ss SENT (n): `; AndroidDebugger goes through logcat, whose
// own prefix (date, pids, tag) comes first.
const SMACK = /^([^<]*?)\b(SENT|RECV) \((\d+)\): ?/;
export const smack: LineDialect = {
  dialect: 'smack',
  join: true,
  entry(line) {
    const m = SMACK.exec(line);
    if (!m) return null;
    const direction = m[2] === 'SENT' ? 'out' : 'in';
    return { content: m[0].length, direction, time: timeIn(line, 0, m[1].length), channel: `smack:${m[3]}:${direction}` };
  },
  record: (line) => /^\d{1,2}:\d{2}:\d{2}/.test(line) || /^\d{2}-\d{2} \d{2}:\d{2}:\d{2}/.test(line) || SMACK.test(line),
};

/** A client's log: `<prefix>` then `<out word>: <xml>` or `<in word>: <xml>`, the XML running over lines while open. */
function markerDialect(dialect: Dialect, marker: RegExp, outWord: string, record: RegExp): LineDialect {
  return {
    dialect,
    continueOpen: true,
    entry(line) {
      const m = marker.exec(line);
      if (!m) return null;
      return { content: m[0].length, direction: m[2] === outWord ? 'out' : 'in', time: timeIn(line, 0, m[1].length) };
    },
    record: (line) => record.test(line),
  };
}

export const libstrophe = markerDialect(
  'libstrophe',
  /^([^<]*?)\b(SENT|RECV): ?/,
  'SENT',
  /^(\S+ (DEBUG|INFO|WARN|WARNING|ERROR) |\d{1,4}[-./]\d{1,2}[-./]\d{1,4}|\d{2}:\d{2}:\d{2}|\[)/,
);

const OPENFIRE = /\b([A-Za-z0-9]+) - (RECV|SENT) \(([^)]*)\): ?/;
const OPENFIRE_RECORD = /^\d{4}[-./]\d{2}[-./]\d{2}[ T]\d{2}:\d{2}/;
export const openfire: LineDialect = {
  dialect: 'openfire',
  join: true,
  entry(line) {
    const m = OPENFIRE.exec(line);
    if (!m || line.slice(0, m.index).includes('<')) return null;
    const direction = m[2] === 'SENT' ? 'out' : 'in';
    return {
      content: m.index + m[0].length,
      direction,
      time: timeIn(line, 0, m.index),
      channel: `openfire:${m[1]}:${m[3]}:${direction}`,
    };
  },
  record: (line) => OPENFIRE_RECORD.test(line) || OPENFIRE.test(line),
};

// `debug` prints `  xmpp:ns send: <xml> +3ms` on a terminal, and a date first otherwise
// (ISO in debug >= 3, `toUTCString()` before).
const NODE_XMPP = /^([^<]*?)(xmpp:[\w:.-]*) (send|receive): ?/;
export const nodeXmpp: LineDialect = {
  dialect: 'node-xmpp',
  join: true,
  // debug prints a chunk's newlines as they are: CDATA lines of a signed object continue the entry.
  continueOpen: true,
  tail: /\s+\+\d+(?:\.\d+)?(?:ms|s|m|h)\s*$/,
  entry(line) {
    const m = NODE_XMPP.exec(line);
    if (!m || (m[1].trim() !== '' && !/\d/.test(m[1]))) return null;
    const direction = m[3] === 'send' ? 'out' : 'in';
    return { content: m[0].length, direction, time: timeIn(line, 0, m[1].length), channel: `${m[2]}:${direction}` };
  },
  // Debug lines of any namespace, and any line not continuing XML data, end an entry.
  record: (line) => /^\s{0,4}(?:\S+Z )?[\w-]+:[\w:.-]+ /.test(line) || /^[^\s<]/.test(line),
};

// Prosody: `<time> <session>\t<level>\t<message>`. Its default debug log summarises each stanza by
// its opening tag (`Received[c2s]: <message ...>`, `sending: <...>`); `mod_stanza_debug` adds whole
// stanzas (`RECV: ...`, `SEND: ...`) whose further lines start with a TAB. The session id
// (`c2s55d...`, `s2sin...`) is the stream.
const PROSODY_SUMMARY = /(?:(Received|Sending)\[[^\]]*\]|\b(sending|received)):\s?(?=\s*<)/;
const PROSODY_WHOLE = /\sdebug\t(SEND|RECV): (?=\s*<)/;
const PROSODY_SESSION = /(?:^|[\s|])([\w.-]+)\s+(?:debug|info|warn|error)\t/;
export const prosody: LineDialect = {
  dialect: 'prosody',
  tabContinuation: true,
  summariesDuplicate: true,
  entry(line) {
    const stream = PROSODY_SESSION.exec(line)?.[1];
    const w = PROSODY_WHOLE.exec(line);
    if (w) return { content: w.index + w[0].length, direction: w[1] === 'RECV' ? 'in' : 'out', time: timeIn(line, 0, w.index), stream };
    const m = PROSODY_SUMMARY.exec(line);
    if (!m) return null;
    const word = (m[1] ?? m[2]).toLowerCase();
    return { content: m.index + m[0].length, direction: word === 'received' ? 'in' : 'out', time: timeIn(line, 0, m.index), stream, lossy: true };
  },
  record: () => true,
};

// slixmpp logs through Python `logging`: `SEND: <xml>` / `RECV: <xml>` messages after whatever the
// application's format puts first (time, level, logger name). What it sends it logs as written
// (multi-line CDATA included); what it receives, re-serialised from its parse.
export const slixmpp = markerDialect(
  'slixmpp',
  /^([^<]*?)\b(SEND|RECV): ?(?=\s*<)/,
  'SEND',
  /^(?:\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}|\d{2}:\d{2}:\d{2}|(?:DEBUG|INFO|WARNING|ERROR|CRITICAL)\b)/,
);

// RFC-style annotated transcripts (RFC 6120 section 9): `C: <xml>` / `S: <xml>` (or `S1:` / `S2:`
// between servers), the element continuing on indented lines. The first party is the one writing.
const TRANSCRIPT = /^(C\d?|S\d?|E\d?): ?/;
export const rfcTranscript: LineDialect = {
  dialect: 'rfc-transcript',
  // A transcript quoted in a document (a XEP's <example/>) is followed by the document's own text.
  continueWhileOpen: true,
  entry(line) {
    const m = TRANSCRIPT.exec(line);
    if (!m) return null;
    const party = m[1];
    return { content: m[0].length, direction: party === 'C' || party === 'S1' || party === 'E1' ? 'out' : 'in', stream: party };
  },
  record: (line) => TRANSCRIPT.test(line) || /^\S/.test(line),
};
