// The one changed window between two versions of a document: everything before `start` and
// everything from `oldEnd` (old) / `newEnd` (new) on is the same text. Compared in blocks with
// native string equality, so an unchanged 20 MB prefix costs a few milliseconds.
export interface ChangedWindow {
  start: number;
  oldEnd: number;
  newEnd: number;
}

const BLOCK = 4096;

export function changedWindow(oldText: string, newText: string): ChangedWindow {
  const max = Math.min(oldText.length, newText.length);
  let p = 0;
  while (p + BLOCK <= max && oldText.slice(p, p + BLOCK) === newText.slice(p, p + BLOCK)) p += BLOCK;
  while (p < max && oldText.charCodeAt(p) === newText.charCodeAt(p)) p++;
  // The common suffix may not overlap the common prefix.
  const room = max - p;
  let s = 0;
  const o = oldText.length;
  const n = newText.length;
  while (s + BLOCK <= room && oldText.slice(o - s - BLOCK, o - s) === newText.slice(n - s - BLOCK, n - s)) s += BLOCK;
  while (s < room && oldText.charCodeAt(o - s - 1) === newText.charCodeAt(n - s - 1)) s++;
  return { start: p, oldEnd: o - s, newEnd: n - s };
}
