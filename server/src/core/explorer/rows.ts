// The explorer's row model: one row per stanza, everything the table, the filter, the diagram and
// the report show, computed from the same Analysis the diagnostics come from (no re-parsing).
import type { Analysis } from '../analyze';
import { effectiveSeverity } from '../rules';
import type { Direction, Finding, ObjectReport, Severity, Span, StanzaKind } from '../types';
import { payloadSummary } from './summary';

export type Verdict = ObjectReport['status'];

export interface StanzaRow {
  /** 0-based index of the stanza in the trace. */
  index: number;
  /** The capture time as the log writes it. */
  time?: string;
  epochMs?: number;
  /** Milliseconds since the previous stanza with a resolved time. */
  deltaMs?: number;
  direction: Direction;
  stream?: string;
  kind: StanzaKind;
  type?: string;
  /** The attributes as written (absent when the stanza has none). */
  from?: string;
  to?: string;
  /** Who sent / receives it: the attribute, or who it implicitly is (this client, the server). */
  fromEntity: string;
  toEntity: string;
  id?: string;
  summary: string;
  /** The worst verdict of its `<e2e/>` objects (failed > unreadable > encrypted > verified). */
  verdict?: Verdict;
  /** The code lens title of that object. */
  lens?: string;
  /** Indexes of its objects in `analysis.objects`. */
  objects: number[];
  /** Codes of the findings inside the stanza and of its objects, once each. */
  codes: string[];
  /** The worst severity among its findings. */
  severity?: Severity;
  /** Offsets of the stanza element in the file. */
  span: Span;
}

/** What the table, the filter and the diagram read of a row: no offsets, no object indexes. */
export type ViewRow = Omit<StanzaRow, 'span' | 'objects'>;

export interface RowOptions {
  /** The lens title of an object (the LSP's presentation); absent: the status word. */
  lensTitle?: (obj: ObjectReport, findings: readonly Finding[]) => string;
  severityOverrides?: Readonly<Record<string, 'error' | 'warning' | 'information' | 'hint' | 'off'>>;
}

const VERDICT_RANK: Record<Verdict, number> = { verified: 0, decrypted: 1, encrypted: 2, unreadable: 3, failed: 4 };
const SEVERITY_RANK: Record<Severity, number> = { error: 0, warning: 1, information: 2, hint: 3 };

/** Index of the stanza whose span contains `offset` (spans are in file order), or -1. */
export function containing(spans: readonly Span[], offset: number): number {
  let lo = 0;
  let hi = spans.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (spans[mid].end <= offset) lo = mid + 1;
    else if (spans[mid].start > offset) hi = mid - 1;
    else return mid;
  }
  return -1;
}

/** A client log names its own account only in what it receives: the first full JID it is sent to. */
function ownJid(analysis: Analysis): string | undefined {
  for (const s of analysis.trace?.stanzas ?? []) if (s.direction === 'in' && s.to?.value.includes('/')) return s.to.value;
  return undefined;
}

function domainOf(jid: string): string {
  const bare = jid.split('/')[0];
  return bare.slice(bare.indexOf('@') + 1);
}

/**
 * The rows of stanzas [range.from, range.to) (all by default): a range costs what its rows cost,
 * plus one pass over the findings and objects (the explorer's first screen of a long trace).
 */
export function buildRows(analysis: Analysis, options: RowOptions = {}, range?: { from: number; to: number }): StanzaRow[] {
  const stanzas = analysis.trace?.stanzas ?? [];
  const lo = Math.max(0, Math.min(stanzas.length, range?.from ?? 0));
  const hi = Math.max(lo, Math.min(stanzas.length, range?.to ?? stanzas.length));
  const me = analysis.trace?.vantage === 'client' || analysis.trace?.vantage === 'unknown' ? ownJid(analysis) : undefined;
  const client = me ?? 'client';
  const server = me ? domainOf(me) : 'server';
  const rows: StanzaRow[] = [];
  for (let index = lo; index < hi; index++) {
    const s = stanzas[index];
    const from = s.from?.value;
    const to = s.to?.value;
    const out = s.direction === 'out';
    rows.push({
      index,
      time: s.time?.text,
      epochMs: s.time?.epochMs,
      direction: s.direction,
      stream: s.stream,
      kind: s.kind,
      type: s.type?.value,
      from,
      to,
      fromEntity: from ?? (out ? client : server),
      toEntity: to ?? (out ? server : client),
      id: s.id?.value,
      summary: payloadSummary(s),
      objects: [],
      codes: [],
      span: s.element.span,
    });
  }
  // Δ: from the last timed stanza before the range on.
  let prev: number | undefined;
  for (let j = lo - 1; j >= 0 && prev === undefined; j--) prev = stanzas[j].time?.epochMs;
  for (const r of rows) {
    if (r.epochMs === undefined) continue;
    if (prev !== undefined) r.deltaMs = r.epochMs - prev;
    prev = r.epochMs;
  }
  const spans = stanzas.map((s) => s.element.span);
  const codeSets = rows.map(() => new Set<string>());
  for (const f of analysis.findings) {
    const i = containing(spans, f.span.start);
    if (i < lo || i >= hi) continue;
    codeSets[i - lo].add(f.code);
    const sev = effectiveSeverity(f.code, f.severity, options.severityOverrides);
    const r = rows[i - lo];
    if (sev && (!r.severity || SEVERITY_RANK[sev] < SEVERITY_RANK[r.severity])) r.severity = sev;
  }
  for (const o of analysis.objects) {
    if (o.stanzaIndex < lo || o.stanzaIndex >= hi) continue;
    const r = rows[o.stanzaIndex - lo];
    r.objects.push(o.index);
    for (const c of o.codes) codeSets[o.stanzaIndex - lo].add(c);
    if (!r.verdict || VERDICT_RANK[o.status] > VERDICT_RANK[r.verdict]) {
      r.verdict = o.status;
      r.lens = options.lensTitle ? options.lensTitle(o, analysis.findings) : o.status;
    }
  }
  rows.forEach((r, i) => (r.codes = [...codeSets[i]].sort()));
  return rows;
}

/** The row whose stanza contains `offset` (the editor's cursor), or -1. */
export function rowAt(rows: readonly StanzaRow[], offset: number): number {
  return containing(rows.map((r) => r.span), offset);
}

/**
 * The row for the editor's cursor: the stanza that holds it, or else the next one that starts on
 * the cursor's line (the cursor in a log line's prefix), or else the previous one ending on it.
 */
export function rowNear(spans: readonly Span[], offset: number, lineStart: number, lineEnd: number): number {
  const inside = containing(spans, offset);
  if (inside >= 0) return inside;
  let lo = 0;
  let hi = spans.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (spans[mid].start < offset) lo = mid + 1;
    else hi = mid;
  }
  if (lo < spans.length && spans[lo].start <= lineEnd) return lo;
  if (lo > 0 && spans[lo - 1].end >= lineStart) return lo - 1;
  return -1;
}
