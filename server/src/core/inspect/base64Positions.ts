// From a byte of decoded base64 back to the file: byte i comes from the (4*floor(i/3) + i%3)-th
// base64 character (whitespace and line breaks skipped), which the text's map places in the file.
import type { OffsetMap, Span } from '../types';

export class Base64Positions {
  private chars?: Int32Array;

  constructor(
    private readonly text: string,
    private readonly map: OffsetMap,
  ) {}

  /** Text offsets of the non-whitespace characters, computed once on first use. */
  private positions(): Int32Array {
    if (this.chars) return this.chars;
    const out = new Int32Array(this.text.length);
    let n = 0;
    for (let i = 0; i < this.text.length; i++) {
      const c = this.text.charCodeAt(i);
      if (c !== 0x20 && c !== 0x09 && c !== 0x0d && c !== 0x0a) out[n++] = i;
    }
    return (this.chars = out.subarray(0, n));
  }

  private charOf(byte: number): number | undefined {
    const p = this.positions();
    const k = 4 * Math.floor(byte / 3) + (byte % 3);
    return k < p.length ? p[k] : undefined;
  }

  /** The file range of the base64 characters that encode bytes [start, end). */
  fileSpan(start: number, end: number): Span | undefined {
    if (end <= start) return undefined;
    const a = this.charOf(start);
    const b = this.charOf(end - 1);
    if (a === undefined || b === undefined) return undefined;
    // The last byte's bits reach into the next character.
    const last = Math.min(b + 1, this.positions()[this.positions().length - 1]);
    const s = this.map.toFile(a);
    const e = this.map.toFileSpan(last, last + 1).end;
    return { start: s, end: Math.max(e, s) };
  }
}
