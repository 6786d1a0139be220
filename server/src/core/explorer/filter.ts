// The explorer's filter language, shared by the table, the diagram, the report and
// `xmpp-e2e inspect --filter`: whitespace-separated terms, all of which must hold.
//   from:JID to:JID jid:JID   bare JID matches every resource; full JID matches exactly
//   kind:message|presence|iq  dir:in|out|unknown  stream:NAME  type:chat|get|...
//   verdict:verified|failed|decrypted|encrypted|unreadable|any|none   code:DIAGNOSTIC.CODE (prefix with *)
//   free text                 case-insensitive, in from, to, id, type, stream, summary, lens
// `a,b` in a value means either; a leading `-` negates a term; "quoted values" may hold spaces.
import type { ViewRow } from './rows';

/** What the filter reads of a row (the webview's rows carry no offsets). */
export type FilterableRow = ViewRow;

export type FilterField = 'from' | 'to' | 'jid' | 'kind' | 'dir' | 'stream' | 'type' | 'verdict' | 'code' | 'text';

export interface FilterTerm {
  field: FilterField;
  /** Alternatives (from `a,b`); lower-cased except stream names. */
  values: string[];
  negate: boolean;
  /** Offsets of the term in the expression (for error squiggles in the filter box). */
  start: number;
  end: number;
}

export interface Filter {
  source: string;
  terms: FilterTerm[];
}

export type FilterParse = { ok: true; filter: Filter } | { ok: false; error: string; start: number; end: number };

const FIELDS: readonly FilterField[] = ['from', 'to', 'jid', 'kind', 'dir', 'stream', 'type', 'verdict', 'code'];
const ALIASES: Record<string, FilterField> = { direction: 'dir', status: 'verdict', with: 'jid' };
const ALLOWED: Partial<Record<FilterField, readonly string[]>> = {
  kind: ['message', 'presence', 'iq'],
  dir: ['in', 'out', 'unknown'],
  verdict: ['verified', 'failed', 'decrypted', 'encrypted', 'unreadable', 'any', 'none'],
};

/** Splits into tokens, honouring double quotes; reports an unterminated quote. */
function tokens(expr: string): { text: string; start: number; end: number }[] | { error: string; start: number; end: number } {
  const out: { text: string; start: number; end: number }[] = [];
  let i = 0;
  while (i < expr.length) {
    if (/\s/.test(expr[i])) {
      i++;
      continue;
    }
    const start = i;
    let text = '';
    while (i < expr.length && !/\s/.test(expr[i])) {
      if (expr[i] === '"') {
        const close = expr.indexOf('"', i + 1);
        if (close < 0) return { error: 'unterminated quote', start: i, end: expr.length };
        text += expr.slice(i + 1, close);
        i = close + 1;
      } else text += expr[i++];
    }
    out.push({ text, start, end: i });
  }
  return out;
}

export function parseFilter(expr: string): FilterParse {
  const toks = tokens(expr);
  if (!Array.isArray(toks)) return { ok: false, ...toks };
  const terms: FilterTerm[] = [];
  for (const t of toks) {
    let text = t.text;
    const negate = text.startsWith('-') && text.length > 1;
    if (negate) text = text.slice(1);
    const colon = text.indexOf(':');
    const name = colon > 0 ? text.slice(0, colon).toLowerCase() : '';
    const field = (FIELDS as readonly string[]).includes(name) ? (name as FilterField) : ALIASES[name];
    // `juliet@example.com/balcony:x` or `urn:xmpp:ping` are free text, not unknown fields.
    if (colon > 0 && !field && /^[a-z]+$/.test(name) && !text.includes('@') && !name.startsWith('urn')) {
      return { ok: false, error: `unknown filter field "${name}:" (use ${FIELDS.join(':, ')}: or free text)`, start: t.start, end: t.end };
    }
    if (!field) {
      terms.push({ field: 'text', values: [text.toLowerCase()], negate, start: t.start, end: t.end });
      continue;
    }
    const raw = text.slice(colon + 1);
    const values = raw.split(',').map((v) => (field === 'stream' ? v : v.toLowerCase())).filter((v) => v !== '');
    if (values.length === 0) return { ok: false, error: `"${name}:" needs a value`, start: t.start, end: t.end };
    const allowed = ALLOWED[field];
    const bad = allowed && values.find((v) => !allowed.includes(v));
    if (bad) return { ok: false, error: `${field}: must be ${allowed!.join(', ')}, not "${bad}"`, start: t.start, end: t.end };
    terms.push({ field, values, negate, start: t.start, end: t.end });
  }
  return { ok: true, filter: { source: expr, terms } };
}

/** JIDs compare case-insensitively in node and domain (a simplification of nodeprep/nameprep); the resource exactly. */
function jidMatches(jid: string | undefined, wanted: string): boolean {
  if (jid === undefined) return false;
  const slash = jid.indexOf('/');
  const bare = (slash < 0 ? jid : jid.slice(0, slash)).toLowerCase();
  const wslash = wanted.indexOf('/');
  if (wslash < 0) return bare === wanted;
  return bare === wanted.slice(0, wslash) && jid.slice(slash + 1).toLowerCase() === wanted.slice(wslash + 1);
}

function codeMatches(codes: readonly string[], wanted: string): boolean {
  if (wanted.endsWith('*')) return codes.some((c) => c.toLowerCase().startsWith(wanted.slice(0, -1)));
  return codes.some((c) => c.toLowerCase() === wanted);
}

function holds(row: FilterableRow, field: FilterField, v: string): boolean {
  switch (field) {
    case 'from':
      return jidMatches(row.fromEntity, v);
    case 'to':
      return jidMatches(row.toEntity, v);
    case 'jid':
      return jidMatches(row.fromEntity, v) || jidMatches(row.toEntity, v);
    case 'kind':
      return row.kind === v;
    case 'dir':
      return row.direction === v;
    case 'stream':
      return row.stream === v;
    case 'type':
      return (row.type ?? '').toLowerCase() === v;
    case 'verdict':
      return v === 'any' ? row.verdict !== undefined : v === 'none' ? row.verdict === undefined : row.verdict === v;
    case 'code':
      return codeMatches(row.codes, v);
    case 'text':
      return [row.from, row.to, row.id, row.type, row.stream, row.summary, row.lens, row.kind]
        .some((s) => s !== undefined && s.toLowerCase().includes(v));
  }
}

export function matchesFilter(row: FilterableRow, filter: Filter): boolean {
  for (const t of filter.terms) {
    const any = t.values.some((v) => holds(row, t.field, v));
    if (any === t.negate) return false;
  }
  return true;
}

/** The rows a filter keeps (all of them for an empty filter). */
export function applyFilter<R extends FilterableRow>(rows: readonly R[], filter: Filter | undefined): R[] {
  if (!filter || filter.terms.length === 0) return rows.slice();
  return rows.filter((r) => matchesFilter(r, filter));
}
