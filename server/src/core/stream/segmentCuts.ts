// Where a streamed trace may be cut into segments that frame, parse and judge exactly as the whole
// file does: at the start of a line that opens a new log entry, in the line dialects whose entries
// always end there (no network buffers re-joined across entries, no TAB continuation, no summaries
// that depend on the whole file); in a raw XML stream, before a line that starts a child of
// <stream:stream> while nothing but the stream is open (chunkedParse's boundary, checked with the
// framers' OpenXmlTracker). Other dialects are analysed whole (the CLI's in-memory path).
import type { Dialect } from '../types';
import { libstrophe, nodeXmpp, openfire, prosody, rfcTranscript, slixmpp, smack, xmpppy, type LineDialect } from '../trace/lineFramer';
import { OpenXmlTracker } from '../trace/openXmlTracker';
import { RECORD_START } from '../trace/serverFramers';
import { DINO_HEADER, XMPPJS_MARKER } from '../trace/blockFramers';

const SEGMENTED: Partial<Record<Dialect, LineDialect>> = { libstrophe, slixmpp, 'rfc-transcript': rfcTranscript };
const entryOf = (spec: LineDialect) => (head: string) => spec.entry(head) !== null;

/**
 * Where an edited region may be cut (incremental/logSplice.ts): before a line that opens an entry
 * - in every line dialect (an entry line always ends the entry before it): the streamed ones,
 *   Prosody's (its entries end at the next line not starting with a TAB), and the buffer dialects
 *   (xmpppy, Smack, Openfire, node-xmpp);
 * - in ejabberd's log, whose records end at the next line starting with a timestamp;
 * - in @xmpp/debug's output and Dino's, whose elements end at the next marker line.
 * Not Gajim's or Psi's consoles: their markers are XML comments matched across line breaks, so a
 * line that looks like one may be inside an earlier one.
 * Prosody and the buffer dialects are not streamed: whether Prosody's summaries are stanzas
 * depends on the whole file, and network buffers are re-joined across records. A region parsed
 * alone shows any summary the whole file would drop, or a buffer cut short, and the splice then
 * gives up.
 */
const ENTRY_CUTS: Partial<Record<Dialect, (head: string) => boolean>> = {
  libstrophe: entryOf(libstrophe),
  slixmpp: entryOf(slixmpp),
  'rfc-transcript': entryOf(rfcTranscript),
  prosody: entryOf(prosody),
  xmpppy: entryOf(xmpppy),
  smack: entryOf(smack),
  openfire: entryOf(openfire),
  'node-xmpp': entryOf(nodeXmpp),
  ejabberd: (head) => RECORD_START.test(head),
  xmppjs: (head) => XMPPJS_MARKER.test(head),
  dino: (head) => DINO_HEADER.test(head),
};

/** Line heads are matched as the framer matches them (its HEAD). */
const HEAD = 512;

export function isSegmentable(dialect: Dialect): boolean {
  return SEGMENTED[dialect] !== undefined || dialect === 'raw-xml';
}

/** Whether a line dialect's entries always end where the next entry's line starts (cuts may go there). */
export function hasEntryCuts(dialect: Dialect): boolean {
  return ENTRY_CUTS[dialect] !== undefined;
}

/**
 * Whether a line whose first characters (up to its end, without the line break) are `head` opens
 * a new entry, as the framer reads it: a segment may start there.
 */
export function startsEntry(head: string, dialect: Dialect): boolean {
  const entry = ENTRY_CUTS[dialect];
  return entry !== undefined && head.charCodeAt(0) !== 9 && entry(head.slice(0, HEAD));
}

/**
 * The last offset in (0, text.length) where a segment may start: a complete line (its line break
 * is in `text`) that the dialect reads as a new entry; -1 when there is none after `from`.
 */
export function lastCut(text: string, dialect: Dialect, from = 1): number {
  if (dialect === 'raw-xml') return lastStreamChildCut(text, from);
  if (!SEGMENTED[dialect]) return -1;
  let nl = text.lastIndexOf('\n');
  // The line after the last line break may be incomplete: only lines that end inside `text` count.
  for (let end = nl; end > 0; end = nl) {
    nl = text.lastIndexOf('\n', end - 1);
    const start = nl + 1;
    if (start < from) return -1;
    const lineEnd = end > start && text.charCodeAt(end - 1) === 13 ? end - 1 : end;
    if (startsEntry(text.slice(start, Math.min(lineEnd, start + HEAD)), dialect)) return start;
  }
  return -1;
}

/**
 * The last line start in [from, text.length) of a raw XML stream's text (read from a point where
 * only the stream was open) where a start tag begins a line and no element but the stream, nor
 * any markup, is open; -1 when there is none. The line must be complete (its break in `text`).
 */
function lastStreamChildCut(text: string, from: number): number {
  const tracker = new OpenXmlTracker(text, 0);
  const lastBreak = text.lastIndexOf('\n');
  let cut = -1;
  for (let i = text.indexOf('\n<', from - 1); i >= 0 && i < lastBreak; i = text.indexOf('\n<', i + 2)) {
    const c = text.charCodeAt(i + 2);
    if (!((c >= 65 && c <= 90) || (c >= 97 && c <= 122))) continue;
    if (i + 1 >= from && !tracker.insideAt(i + 1)) cut = i + 1;
  }
  return cut;
}
