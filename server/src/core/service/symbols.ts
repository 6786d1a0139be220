// Outline (one symbol per stanza and per other top-level element) and folding (per stanza, per
// `<e2e/>` payload), both capped like xml.symbols.maxItemsComputed (0: none, negative: unlimited).
// Spans only; the LSP adapter turns them into ranges and lines.
import type { Analysis } from '../analyze';
import type { ObjectReport, Span, Stanza, XmlElement } from '../types';

export type SymbolKindName = 'message' | 'presence' | 'iq' | 'element';

export interface SymbolRecord {
  name: string;
  detail: string;
  kind: SymbolKindName;
  span: Span;
  selectionSpan: Span;
}

export interface FoldRecord {
  span: Span;
  /** A payload block (region) rather than an element. */
  region: boolean;
}

const ARROW: Record<Stanza['direction'], string> = { out: '→', in: '←', unknown: '·' };
const MARK: Record<ObjectReport['status'], string> = { verified: '✔', failed: '✖', encrypted: '🔒', unreadable: '⚠', decrypted: '🔓' };

export function stanzaLabel(s: Stanza): string {
  const type = s.type ? ` (${s.type.value})` : '';
  const route = s.from || s.to ? ` ${s.from?.value ?? '?'} → ${s.to?.value ?? '?'}` : '';
  return `${ARROW[s.direction]} ${s.kind}${type}${route}`;
}

function cap(limit: number): number {
  return limit < 0 ? Number.POSITIVE_INFINITY : limit;
}

function symbol(name: string, detail: string, kind: SymbolKindName, el: XmlElement): SymbolRecord {
  return { name: name || el.name, detail, kind, span: el.span, selectionSpan: el.nameSpan };
}

export function documentSymbols(analysis: Analysis, maxItems: number): { symbols: SymbolRecord[]; capped: boolean } {
  const trace = analysis.trace;
  if (!trace) return { symbols: [], capped: false };
  const limit = cap(maxItems);
  const byStanza = new Map<number, ObjectReport[]>();
  for (const o of analysis.objects) byStanza.set(o.stanzaIndex, [...(byStanza.get(o.stanzaIndex) ?? []), o]);
  const items: SymbolRecord[] = [];
  let capped = false;
  for (let i = 0; i < trace.stanzas.length; i++) {
    if (items.length >= limit) {
      capped = true;
      break;
    }
    const s = trace.stanzas[i];
    const objs = byStanza.get(i) ?? [];
    const marks = objs.length ? objs.map((o) => MARK[o.status]).join('') : s.e2e.length ? '🔐' : '';
    const detail = [s.stream ? `[${s.stream}]` : '', s.id ? `id=${s.id.value}` : '', s.time?.text ?? '', marks ? `e2e ${marks}` : ''].filter(Boolean).join('  ');
    items.push(symbol(stanzaLabel(s), detail, s.kind, s.element));
  }
  for (const el of trace.others) {
    if (items.length >= limit) {
      capped = true;
      break;
    }
    items.push(symbol(`<${el.name}>`, el.ns ?? '', 'element', el));
  }
  items.sort((a, b) => a.span.start - b.span.start);
  return { symbols: items, capped };
}

/** Candidate folds in document order; the adapter drops those within one line and applies the cap. */
export function foldingSpans(analysis: Analysis): FoldRecord[] {
  const trace = analysis.trace;
  if (!trace) return [];
  const elements = [...trace.stanzas.map((s) => s.element), ...trace.others].sort((x, y) => x.span.start - y.span.start);
  return [
    ...elements.map((el) => ({ span: el.span, region: false })),
    ...trace.stanzas.flatMap((s) => s.e2e.map((e) => ({ span: e.contentSpan, region: true }))),
  ];
}
