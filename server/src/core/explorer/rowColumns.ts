// The explorer's wire format for rows: columns instead of objects. Every string (JIDs, kinds,
// times, summaries, code lists) sits once in a string table and the rows point into it, so 50,000
// rows travel as a few number arrays plus the distinct strings, not as 50,000 keyed objects (a
// 17 MB JSON model took seconds to cross the extension host into the webview).
import type { ViewRow } from './rows';

/** The string fields, each with its short column key; `codes` travels joined by spaces. */
const STRING_COLUMNS = [
  ['time', 'tm'],
  ['direction', 'dr'],
  ['stream', 'st'],
  ['kind', 'k'],
  ['type', 'ty'],
  ['from', 'f'],
  ['to', 't'],
  ['fromEntity', 'fe'],
  ['toEntity', 'te'],
  ['id', 'id'],
  ['summary', 'su'],
  ['verdict', 'v'],
  ['lens', 'l'],
  ['severity', 'sv'],
  ['codes', 'cd'],
] as const;

type ColumnKey = (typeof STRING_COLUMNS)[number][1];

export interface RowColumns {
  /** Index of the first row; the others follow in order. */
  start: number;
  n: number;
  /** The distinct strings the columns point into. */
  s: string[];
  /** Per string field: indexes into `s`, -1 when the row has none. */
  c: Record<ColumnKey, number[]>;
  /** Capture times as `base + e[i]` ms, null when unknown; `d`: Δ to the previous timed stanza. */
  base: number;
  e: (number | null)[];
  d: (number | null)[];
}

function fieldText(r: ViewRow, field: (typeof STRING_COLUMNS)[number][0]): string | undefined {
  if (field === 'codes') return r.codes.length ? r.codes.join(' ') : undefined;
  return r[field];
}

/** Rows `rows[from..to)` as columns (their indexes are taken as written). */
export function encodeRows(rows: readonly ViewRow[], from = 0, to = rows.length): RowColumns {
  const s: string[] = [];
  const seen = new Map<string, number>();
  const intern = (v: string | undefined): number => {
    if (v === undefined) return -1;
    let k = seen.get(v);
    if (k === undefined) {
      k = s.length;
      s.push(v);
      seen.set(v, k);
    }
    return k;
  };
  const c = Object.fromEntries(STRING_COLUMNS.map(([, key]) => [key, [] as number[]])) as RowColumns['c'];
  const slice = rows.slice(from, Math.max(from, to));
  const base = slice.find((r) => r.epochMs !== undefined)?.epochMs ?? 0;
  const e: (number | null)[] = [];
  const d: (number | null)[] = [];
  for (const r of slice) {
    for (const [field, key] of STRING_COLUMNS) c[key].push(intern(fieldText(r, field)));
    e.push(r.epochMs === undefined ? null : r.epochMs - base);
    d.push(r.deltaMs ?? null);
  }
  return { start: slice[0]?.index ?? from, n: slice.length, s, c, base, e, d };
}

/** The rows back as objects (absent fields left out). */
export function decodeRows(cols: RowColumns): ViewRow[] {
  const out: ViewRow[] = [];
  for (let i = 0; i < cols.n; i++) {
    const row: Record<string, unknown> = { index: cols.start + i };
    for (const [field, key] of STRING_COLUMNS) {
      const k = cols.c[key][i];
      if (field === 'codes') row.codes = k < 0 ? [] : cols.s[k].split(' ');
      else if (k >= 0) row[field] = cols.s[k];
    }
    const e = cols.e[i];
    if (e !== null) row.epochMs = cols.base + e;
    const d = cols.d[i];
    if (d !== null) row.deltaMs = d;
    out.push(row as unknown as ViewRow);
  }
  return out;
}
