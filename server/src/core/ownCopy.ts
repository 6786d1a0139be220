// Own copies, so that a value kept for long does not keep its parent alive.
// - V8 keeps a substring (≥ 13 characters) as a slice of its parent: a short value kept for long
//   (a tracker's entry) can hold a whole document, or a streamed segment, alive.
// - Node cuts a small Buffer (under 4 KB) from a shared 8 KB pool slab: a view kept for long (a
//   signature, a digest, parsed from a decoded object) keeps the whole slab alive. 2,500 cached
//   objects held 15 MB of slabs for 5 MB of their bytes.

export function ownCopy(s: string): string {
  return s.length < 13 ? s : (' ' + s).slice(1);
}

/** `b` itself when it owns its memory, else its bytes in a buffer of their own (never pooled). */
export function ownBytes(b: Buffer): Buffer {
  if (b.byteOffset === 0 && b.buffer.byteLength === b.length) return b;
  const own = Buffer.allocUnsafeSlow(b.length);
  b.copy(own);
  return own;
}
