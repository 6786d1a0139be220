// The one changed window between two versions of a document: everything before `start` and
// everything from `oldEnd` (old) / `newEnd` (new) on is the same text. Compared in blocks that
// double while they match (native string equality, a few dozen comparisons for 20 MB), then the
// first differing block is halved down to characters.
export interface ChangedWindow {
  start: number;
  oldEnd: number;
  newEnd: number;
}

const FIRST_BLOCK = 1024;

/** Length of the common prefix of a[from..] and b[from..], at most `max` characters in all. */
function commonPrefix(a: string, b: string, max: number): number {
  let p = 0;
  let block = FIRST_BLOCK;
  while (p + block <= max && a.slice(p, p + block) === b.slice(p, p + block)) {
    p += block;
    block *= 2;
  }
  for (block = Math.min(block, max - p); block > 16; block >>= 1) {
    if (p + block <= max && a.slice(p, p + block) === b.slice(p, p + block)) p += block;
  }
  while (p < max && a.charCodeAt(p) === b.charCodeAt(p)) p++;
  return p;
}

/** Length of the common suffix, at most `max` characters. */
function commonSuffix(a: string, b: string, max: number): number {
  const o = a.length;
  const n = b.length;
  let s = 0;
  let block = FIRST_BLOCK;
  while (s + block <= max && a.slice(o - s - block, o - s) === b.slice(n - s - block, n - s)) {
    s += block;
    block *= 2;
  }
  for (block = Math.min(block, max - s); block > 16; block >>= 1) {
    if (s + block <= max && a.slice(o - s - block, o - s) === b.slice(n - s - block, n - s)) s += block;
  }
  while (s < max && a.charCodeAt(o - s - 1) === b.charCodeAt(n - s - 1)) s++;
  return s;
}

export function changedWindow(oldText: string, newText: string): ChangedWindow {
  const p = commonPrefix(oldText, newText, Math.min(oldText.length, newText.length));
  // The common suffix may not overlap the common prefix.
  const s = commonSuffix(oldText, newText, Math.min(oldText.length, newText.length) - p);
  return { start: p, oldEnd: oldText.length - s, newEnd: newText.length - s };
}

/** Whether `w` can be the window between texts of these lengths (a caller's window is checked so before use). */
export function windowFits(w: ChangedWindow, oldLength: number, newLength: number): boolean {
  return 0 <= w.start && w.start <= w.oldEnd && w.oldEnd <= oldLength && w.start <= w.newEnd && w.newEnd <= newLength && w.newEnd - w.oldEnd === newLength - oldLength;
}

/**
 * The window of two edits made one after the other: `first` from text A to B, `then` from B to C
 * (its offsets are B's); the result takes A to C. It may hold unchanged text between the two (a
 * window's promise is only that everything outside it is the same).
 */
export function composeWindows(first: ChangedWindow, then: ChangedWindow): ChangedWindow {
  const grown = then.newEnd - then.oldEnd;
  return {
    start: Math.min(first.start, then.start),
    oldEnd: first.oldEnd + Math.max(0, then.oldEnd - first.newEnd),
    newEnd: Math.max(first.newEnd, then.oldEnd) + grown,
  };
}
