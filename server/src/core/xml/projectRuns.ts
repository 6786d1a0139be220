// Builds file-coordinate offset maps for decoded character data. The scanner reads a source
// text that is either the file itself (no map) or a derived text (a log entry with its escapes
// undone) with a map to the file; XML references inside it become escape runs on top.
import { RunOffsetMap } from '../offsetMap';
import type { OffsetMap } from '../types';
import type { EscapeRun } from './entities';

/** A shiftMap (a streamed segment's text, a CPIM body) maps runs whole: no per-character projection. */
function isShift(m: OffsetMap): m is OffsetMap & { shift: number } {
  return typeof (m as { shift?: unknown }).shift === 'number';
}

/** Appends source characters [start, start+length) as they map to the file. */
export function appendVerbatim(target: RunOffsetMap, source: OffsetMap | undefined, start: number, length: number): void {
  if (length <= 0) return;
  if (!source || isShift(source)) {
    target.verbatim(start + (source ? source.shift : 0), length);
    return;
  }
  // A derived source may itself hold escape runs (an Erlang `\"`): project character by character.
  for (let l = start; l < start + length; l++) {
    const sp = source.toFileSpan(l, l + 1);
    const len = sp.end - sp.start;
    if (len === 1) target.verbatim(sp.start, 1);
    else target.escape(sp.start, len, 1);
  }
}

/** Appends `outLength` characters decoded from source characters [start, start+length). */
export function appendEscape(
  target: RunOffsetMap,
  source: OffsetMap | undefined,
  start: number,
  length: number,
  outLength: number,
): void {
  const sp = source ? source.toFileSpan(start, start + length) : { start, end: start + length };
  target.escape(sp.start, sp.end - sp.start, outLength);
}

/** Appends a decoded source range with its reference escapes. */
export function appendDecoded(
  target: RunOffsetMap,
  source: OffsetMap | undefined,
  start: number,
  end: number,
  escapes: readonly EscapeRun[] | undefined,
): void {
  let p = start;
  if (escapes) {
    for (const e of escapes) {
      appendVerbatim(target, source, p, e.srcStart - p);
      appendEscape(target, source, e.srcStart, e.srcLength, e.outLength);
      p = e.srcStart + e.srcLength;
    }
  }
  appendVerbatim(target, source, p, end - p);
}
