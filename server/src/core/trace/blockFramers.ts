// Frames dialects where a marker precedes each stanza and the stanza follows on its own lines:
// Gajim's and Psi's XML consoles (an XML comment before each stanza), Dino's `--print-xmpp`
// (`XMPP IN [...]` header lines), xmpp.js's debug output (`IN` / `OUT` lines).
import { OpenXmlTracker } from './openXmlTracker';
import type { Direction } from '../types';
import { captureTime, lines, trimEntryEnd, type Frame, type Framing } from './frames';
import { parseCaptureTime } from './timestamps';
import { stripAnsi } from './ansi';
import { escapeLtxRawText } from './derivedText';

interface Marker {
  /** File offsets of the marker itself; the entry starts at `end`. */
  start: number;
  end: number;
  direction: Direction;
  time?: [number, number];
  channel?: string;
  /** The printer writes an element's only text child unescaped (ltx). */
  rawText?: boolean;
}

function framesBetween(text: string, markers: Marker[], referenceDate: string | undefined, endOf?: (m: Marker, next: number) => number): Frame[] {
  const frames: Frame[] = [];
  for (let i = 0; i < markers.length; i++) {
    const m = markers[i];
    const next = i + 1 < markers.length ? markers[i + 1].start : text.length;
    const end = endOf ? endOf(m, next) : trimEntryEnd(text, m.end, next);
    const f: Frame = { start: m.end, end: Math.max(m.end, end), direction: m.direction };
    if (m.time) f.time = captureTime(text, m.time[0], m.time[1], parseCaptureTime(text.slice(m.time[0], m.time[1]), referenceDate));
    f.derived = stripAnsi(text, f.start, f.end);
    frames.push(f);
    if (m.rawText && !f.derived) f.derived = escapeLtxRawText(text, f.start, f.end);
  }
  return frames;
}

/** Gajim: `<!-- Incoming <time> (<account>) -->` / `<!-- Outgoing ... -->`. */
export function frameGajim(text: string, referenceDate?: string): Framing {
  const re = /<!--\s*(Incoming|Outgoing)\s+(.*?)\s*(?:\(([^()]*)\))?\s*-->/g;
  const markers: Marker[] = [];
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const tStart = m.index + m[0].indexOf(m[2], m[0].indexOf(m[1]) + m[1].length);
    markers.push({
      start: m.index,
      end: m.index + m[0].length,
      direction: m[1] === 'Incoming' ? 'in' : 'out',
      time: m[2] ? [tStart, tStart + m[2].length] : undefined,
    });
  }
  return { dialect: 'gajim', frames: framesBetween(text, markers, referenceDate), findings: [] };
}

/** Psi ring-buffer dump: `<!-- TS:<iso time> -->` before each stanza; direction is only a colour. */
export function framePsi(text: string, referenceDate?: string): Framing {
  const re = /<!--\s*TS:\s*([^\s>]*?)\s*-->/g;
  const markers: Marker[] = [];
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const tStart = m.index + m[0].indexOf(m[1], 7);
    markers.push({ start: m.index, end: m.index + m[0].length, direction: 'unknown', time: m[1] ? [tStart, tStart + m[1].length] : undefined });
  }
  return { dialect: 'psi', frames: framesBetween(text, markers, referenceDate), findings: [] };
}

/** Dino's header line before each element: `XMPP IN [<remote> <stream> <time>]` (or `OUT`, `IN ROOT`). */
export const DINO_HEADER = /^(?:\u001b\[[\d;]*m)*XMPP (IN|OUT)(?: ROOT)?(?: \[([^\]]*)\])?/;

/** Dino `--print-xmpp`: a header line, the stanza below. */
export function frameDino(text: string, referenceDate?: string): Framing {
  const markers: Marker[] = [];
  for (const ln of lines(text)) {
    const s = text.slice(ln.start, Math.min(ln.end, ln.start + 512));
    const m = DINO_HEADER.exec(s);
    if (!m) continue;
    let time: [number, number] | undefined;
    if (m[2]) {
      const iso = /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}(?::?\d{2})?)?/.exec(m[2]);
      if (iso) {
        const at = ln.start + s.indexOf(m[2]) + iso.index;
        time = [at, at + iso[0].length];
      }
    }
    markers.push({ start: ln.start, end: ln.next, direction: m[1] === 'IN' ? 'in' : 'out', time });
  }
  return { dialect: 'dino', frames: framesBetween(text, markers, referenceDate), findings: [] };
}

/** @xmpp/debug's line before each element: the element follows on the next lines, or on its own line. */
export const XMPPJS_MARKER = /^(IN|OUT)(?:\s*$|\s+(?=<))/;

/** xmpp.js `@xmpp/debug`: a line `IN` or `OUT`, then the indented element; other output ends it. */
export function frameXmppJs(text: string, referenceDate?: string): Framing {
  const markers: Marker[] = [];
  const ends: number[] = [];
  let open = false;
  // Fed as the element grows (each character read once), not re-scanned from the marker per line.
  let xml: OpenXmlTracker | undefined;
  for (const ln of lines(text)) {
    const s = text.slice(ln.start, ln.end);
    // The element follows on the next lines, or on the marker's own line.
    const mk = XMPPJS_MARKER.exec(s);
    if (mk) {
      if (open) ends.push(ln.start);
      markers.push({ start: ln.start, end: mk[0].length < s.length ? ln.start + mk[0].length : ln.next, direction: mk[1] === 'IN' ? 'in' : 'out', rawText: true });
      open = true;
      xml = undefined;
    } else if (open && /^[^\s<]/.test(s) && !(xml ??= new OpenXmlTracker(text, markers[markers.length - 1].end)).insideAt(ln.start)) {
      // Unindented output ends the element, unless it is the element's own text running over lines
      // (the CDATA of an <e2e/> is printed as it is).
      ends.push(ln.start);
      open = false;
    }
  }
  if (open) ends.push(text.length);
  const endAt = new Map<Marker, number>();
  markers.forEach((m, i) => endAt.set(m, ends[i]));
  return {
    dialect: 'xmppjs',
    frames: framesBetween(text, markers, referenceDate, (m) => trimEntryEnd(text, m.end, endAt.get(m) ?? text.length)),
    findings: [],
  };
}

/**
 * Prosody's scansion scripts: `<Client> sends:` / `<Client> receives:`, then the stanza on
 * indented lines. The client's name is the stream; what it sends is outgoing.
 */
export function frameScansion(text: string): Framing {
  const frames: Frame[] = [];
  let open: Frame | undefined;
  let lastContent = 0;
  const close = (): void => {
    if (open && lastContent > open.start) frames.push({ ...open, end: lastContent });
    open = undefined;
  };
  for (const ln of lines(text)) {
    const s = text.slice(ln.start, Math.min(ln.end, ln.start + 512));
    const c = s.charCodeAt(0);
    if (open && (c === 9 || c === 32)) {
      if (s.trim()) lastContent = ln.end;
      continue;
    }
    if (!s.trim()) continue;
    close();
    const m = /^(.+?) (sends|receives):\s*$/.exec(s);
    if (m) open = { start: ln.next, end: ln.next, direction: m[2] === 'sends' ? 'out' : 'in', stream: m[1] };
  }
  close();
  return { dialect: 'scansion', frames, findings: [] };
}

/** Tigase test-suite scripts (.cot): `send: { ... }` and `expect: { ... }` blocks of stanzas. */
export function frameCot(text: string): Framing {
  const frames: Frame[] = [];
  let pending: Direction | undefined;
  let open: Frame | undefined;
  for (const ln of lines(text)) {
    const s = text.slice(ln.start, Math.min(ln.end, ln.start + 512));
    if (open) {
      if (/^\s*\}\s*$/.test(s)) {
        open.end = trimEntryEnd(text, open.start, ln.start);
        frames.push(open);
        open = undefined;
      }
      continue;
    }
    const m = /^(send|expect)(?:\s+[\w-]+)*\s*:\s*(\{)?\s*$/.exec(s);
    if (m) {
      pending = m[1] === 'send' ? 'out' : 'in';
      if (m[2]) open = { start: ln.next, end: ln.next, direction: pending };
    } else if (pending && /^\s*\{\s*$/.test(s)) open = { start: ln.next, end: ln.next, direction: pending };
    else if (s.trim()) pending = undefined;
  }
  return { dialect: 'tigase-cot', frames, findings: [] };
}
