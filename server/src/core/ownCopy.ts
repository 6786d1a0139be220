// Own copies, so that a value kept for long does not keep its parent alive.
// - V8 keeps a substring (≥ 13 characters) as a slice of its parent: a short value kept for long
//   (a tracker's entry) can hold a whole document, or a streamed segment, alive.
// - Node cuts a small Buffer (under 4 KB) from a shared 8 KB pool slab: a view kept for long (a
//   signature, a digest, parsed from a decoded object) keeps the whole slab alive. 2,500 cached
//   objects held 15 MB of slabs for 5 MB of their bytes.

export function ownCopy(s: string): string {
  return s.length < 13 ? s : (' ' + s).slice(1);
}

/**
 * One own copy per distinct string, for values a model repeats over thousands of entries (JIDs,
 * types, white-space runs): a shared copy keeps no document or segment alive. Bounded: past `max`
 * distinct strings, or for strings longer than `maxChars`, each caller keeps its own.
 */
export class SharedStrings {
  private readonly copies = new Map<string, string>();

  constructor(
    private readonly max: number,
    private readonly maxChars = Number.POSITIVE_INFINITY,
  ) {}

  of(s: string): string {
    if (s.length > this.maxChars) return s;
    const known = this.copies.get(s);
    if (known !== undefined) return known;
    const own = ownCopy(s);
    if (this.copies.size < this.max) this.copies.set(own, own);
    return own;
  }
}

/** `b` itself when it owns its memory, else its bytes in a buffer of their own (never pooled). */
export function ownBytes(b: Buffer): Buffer {
  if (b.byteOffset === 0 && b.buffer.byteLength === b.length) return b;
  const own = Buffer.allocUnsafeSlow(b.length);
  b.copy(own);
  return own;
}
