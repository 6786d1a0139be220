// A string's own copy. V8 keeps a substring (≥ 13 characters) as a slice of its parent, so a short
// value kept for long (a tracker's entry) can hold a whole document, or a streamed segment, alive.

export function ownCopy(s: string): string {
  return s.length < 13 ? s : (' ' + s).slice(1);
}
