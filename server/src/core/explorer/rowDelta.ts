// What changed between two row models, as one splice: the rows an edit touched, found as the
// longest common prefix and suffix of rows equal in everything but their index (an edit shifts
// the indexes after it, not the rows). The table applies it in place of a full reload.
import type { ViewRow } from './rows';

export interface RowSplice<R = ViewRow> {
  /** Index of the first changed row. */
  at: number;
  /** How many old rows go from there. */
  remove: number;
  /** The new rows in their place. */
  insert: R[];
}

const FIELDS = ['time', 'epochMs', 'deltaMs', 'direction', 'stream', 'kind', 'type', 'from', 'to', 'fromEntity', 'toEntity', 'id', 'summary', 'verdict', 'lens', 'severity'] as const;

/** Equal in every field but the index. */
export function sameRow(a: ViewRow, b: ViewRow): boolean {
  for (const f of FIELDS) if (a[f] !== b[f]) return false;
  if (a.codes.length !== b.codes.length) return false;
  for (let i = 0; i < a.codes.length; i++) if (a.codes[i] !== b.codes[i]) return false;
  return true;
}

export function diffRows(old: readonly ViewRow[], next: readonly ViewRow[]): RowSplice {
  const max = Math.min(old.length, next.length);
  let p = 0;
  while (p < max && sameRow(old[p], next[p])) p++;
  let s = 0;
  while (s < max - p && sameRow(old[old.length - 1 - s], next[next.length - 1 - s])) s++;
  return { at: p, remove: old.length - p - s, insert: next.slice(p, next.length - s) };
}

/** `old` with the splice applied; the rows after it renumbered (new objects, `old` is not changed). */
export function applySplice(old: readonly ViewRow[], splice: RowSplice): ViewRow[] {
  const out = old.slice(0, splice.at);
  for (const r of splice.insert) out.push(r.index === out.length ? r : { ...r, index: out.length });
  for (let i = splice.at + splice.remove; i < old.length; i++) {
    const r = old[i];
    out.push(r.index === out.length ? r : { ...r, index: out.length });
  }
  return out;
}

/** Where a row of the old model is in the new one (-1: it was removed or replaced). */
export function movedIndex(index: number, splice: RowSplice): number {
  if (index < splice.at) return index;
  if (index >= splice.at + splice.remove) return index + splice.insert.length - splice.remove;
  return -1;
}
