// Where a streamed trace may be cut into segments that frame, parse and judge exactly as the whole
// file does: at the start of a line that opens a new log entry, in the line dialects whose entries
// always end there (no network buffers re-joined across entries, no TAB continuation, no summaries
// that depend on the whole file). Other dialects are analysed whole (the CLI's in-memory path).
import type { Dialect } from '../types';
import { libstrophe, rfcTranscript, slixmpp, type LineDialect } from '../trace/lineFramer';

const SEGMENTED: Partial<Record<Dialect, LineDialect>> = { libstrophe, slixmpp, 'rfc-transcript': rfcTranscript };

/** Line heads are matched as the framer matches them (its HEAD). */
const HEAD = 512;

export function isSegmentable(dialect: Dialect): boolean {
  return SEGMENTED[dialect] !== undefined;
}

/**
 * The last offset in (0, text.length) where a segment may start: a complete line (its line break
 * is in `text`) that the dialect reads as a new entry; -1 when there is none after `from`.
 */
export function lastCut(text: string, dialect: Dialect, from = 1): number {
  const spec = SEGMENTED[dialect];
  if (!spec) return -1;
  let nl = text.lastIndexOf('\n');
  // The line after the last line break may be incomplete: only lines that end inside `text` count.
  for (let end = nl; end > 0; end = nl) {
    nl = text.lastIndexOf('\n', end - 1);
    const start = nl + 1;
    if (start < from) return -1;
    if (text.charCodeAt(start) === 9) continue;
    const lineEnd = end > start && text.charCodeAt(end - 1) === 13 ? end - 1 : end;
    if (spec.entry(text.slice(start, Math.min(lineEnd, start + HEAD)))) return start;
  }
  return -1;
}
