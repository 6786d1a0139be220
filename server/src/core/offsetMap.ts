// Piecewise offset maps from a derived text back to the file. A derived text is built by
// appending runs: a verbatim run copies file characters one for one; an escape run produces
// `localLength` characters from `fileLength` file characters (e.g. `&amp;` -> `&`, `\"` -> `"`),
// and every offset inside it maps to the start of the escape.
import type { OffsetMap, Span } from './types';

interface Run {
  local: number;
  file: number;
  localLength: number;
  fileLength: number;
}

export class RunOffsetMap implements OffsetMap {
  private readonly runs: Run[] = [];
  private localEnd = 0;

  /** Appends a verbatim run of `length` characters starting at `fileOffset`. */
  verbatim(fileOffset: number, length: number): this {
    if (length <= 0) return this;
    const last = this.runs[this.runs.length - 1];
    if (
      last &&
      last.localLength === last.fileLength &&
      last.local + last.localLength === this.localEnd &&
      last.file + last.fileLength === fileOffset
    ) {
      last.localLength += length;
      last.fileLength += length;
    } else {
      this.runs.push({ local: this.localEnd, file: fileOffset, localLength: length, fileLength: length });
    }
    this.localEnd += length;
    return this;
  }

  /** Appends `localLength` characters that stand for `fileLength` file characters at `fileOffset`. */
  escape(fileOffset: number, fileLength: number, localLength: number): this {
    if (localLength <= 0) return this;
    this.runs.push({ local: this.localEnd, file: fileOffset, localLength, fileLength });
    this.localEnd += localLength;
    return this;
  }

  get length(): number {
    return this.localEnd;
  }

  toFile(localOffset: number): number {
    const runs = this.runs;
    if (runs.length === 0) return 0;
    if (localOffset >= this.localEnd) {
      const last = runs[runs.length - 1];
      return last.file + last.fileLength + (localOffset - this.localEnd);
    }
    const r = runs[this.runIndex(localOffset)];
    const delta = localOffset - r.local;
    if (delta < 0) return r.file;
    return r.localLength === r.fileLength ? r.file + delta : r.file;
  }

  /** Index of the last run starting at or before `localOffset` (0 when none does; runs ascend). */
  private runIndex(localOffset: number): number {
    const runs = this.runs;
    let lo = 0;
    let hi = runs.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (runs[mid].local <= localOffset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  toFileSpan(localStart: number, localEnd: number): Span {
    const start = this.toFile(localStart);
    if (localEnd <= localStart) return { start, end: start };
    // The end maps through the last character so an escape at the end is covered whole.
    const lastChar = localEnd - 1;
    const runs = this.runs;
    let end = this.toFile(lastChar) + 1;
    // The run holding the last character, by binary search: a walk from the last run made
    // projecting a long derived text character by character quadratic.
    const r = runs[this.runIndex(lastChar)];
    if (r && r.local <= lastChar && lastChar < r.local + r.localLength && r.localLength !== r.fileLength) end = r.file + r.fileLength;
    return { start, end: Math.max(end, start) };
  }
}

/** A map that shifts every offset by a constant (a derived text that is a plain substring). */
export function shiftMap(fileOffset: number): OffsetMap & { shift: number } {
  return {
    shift: fileOffset,
    toFile: (o) => fileOffset + o,
    toFileSpan: (s, e) => ({ start: fileOffset + s, end: fileOffset + Math.max(e, s) }),
  };
}

/** Every offset maps to one file span: for text that has no exact place in the file (decrypted or base64-decoded content). */
export function constantMap(span: Span): OffsetMap {
  return { toFile: () => span.start, toFileSpan: () => ({ start: span.start, end: span.end }) };
}

/** An offset map whose file offsets are another map's, moved by `delta`. */
export class ShiftedMap implements OffsetMap {
  constructor(
    readonly inner: OffsetMap,
    readonly delta: number,
  ) {}

  toFile(localOffset: number): number {
    return this.inner.toFile(localOffset) + this.delta;
  }

  toFileSpan(localStart: number, localEnd: number): Span {
    const s = this.inner.toFileSpan(localStart, localEnd);
    return { start: s.start + this.delta, end: s.end + this.delta };
  }
}

export function shiftedMap(map: OffsetMap, delta: number): OffsetMap {
  if (delta === 0) return map;
  if (map instanceof ShiftedMap) return map.delta + delta === 0 ? map.inner : new ShiftedMap(map.inner, map.delta + delta);
  return new ShiftedMap(map, delta);
}
