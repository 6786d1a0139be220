// Where a stretch of decoded text sits in the file: a list of file ranges, because one decoded
// text can come from several places (re-joined log buffers, each with its own line prefix) and an
// escape (`&amp;`, `\"`) stands for one character. Redaction replaces these ranges, never the
// framing between them.
import type { OffsetMap, Span } from '../types';

/** The file ranges that produce characters [start, end) of a text with map `map`, in file order. */
export function fileRuns(map: OffsetMap, start: number, end: number): Span[] {
  if (end <= start) return [];
  // Escapes and gaps only ever make the file range longer than the text: equal lengths mean the
  // text is the file range itself, character for character (the common case, checked in O(log n)).
  const whole = map.toFileSpan(start, end);
  if (whole.end - whole.start === end - start) return [whole];
  const runs: Span[] = [];
  for (let i = start; i < end; i++) {
    const sp = map.toFileSpan(i, i + 1);
    const last = runs[runs.length - 1];
    if (last && sp.start >= last.start && sp.start <= last.end) last.end = Math.max(last.end, sp.end);
    else runs.push({ start: sp.start, end: sp.end });
  }
  return runs;
}
