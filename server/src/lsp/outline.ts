// Outline (one symbol per stanza and per other top-level element) and folding (per stanza, per
// CDATA block), both capped like xml.symbols.maxItemsComputed (0: none, negative: unlimited).
import { SymbolKind, FoldingRangeKind, type DocumentSymbol, type FoldingRange } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Analysis } from './coreBridge';
import type { ObjectReport, Stanza, XmlElement } from '../core/types';
import { toRange } from './convert';

const ARROW: Record<Stanza['direction'], string> = { out: '→', in: '←', unknown: '·' };
const KIND: Record<Stanza['kind'], SymbolKind> = { message: SymbolKind.Event, presence: SymbolKind.Object, iq: SymbolKind.Function };
const MARK: Record<ObjectReport['status'], string> = { verified: '✔', failed: '✖', encrypted: '🔒', unreadable: '⚠' };

export function stanzaLabel(s: Stanza): string {
  const type = s.type ? ` (${s.type.value})` : '';
  const route = s.from || s.to ? ` ${s.from?.value ?? '?'} → ${s.to?.value ?? '?'}` : '';
  return `${ARROW[s.direction]} ${s.kind}${type}${route}`;
}

function cap(limit: number): number {
  return limit < 0 ? Number.POSITIVE_INFINITY : limit;
}

export function documentSymbols(doc: TextDocument, analysis: Analysis, maxItems: number): { symbols: DocumentSymbol[]; capped: boolean } {
  const trace = analysis.trace;
  if (!trace) return { symbols: [], capped: false };
  const limit = cap(maxItems);
  const byStanza = new Map<number, ObjectReport[]>();
  for (const o of analysis.objects) byStanza.set(o.stanzaIndex, [...(byStanza.get(o.stanzaIndex) ?? []), o]);
  type Item = { start: number; sym: DocumentSymbol };
  const items: Item[] = [];
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
    items.push({ start: s.element.span.start, sym: symbol(doc, stanzaLabel(s), detail, KIND[s.kind], s.element) });
  }
  for (const el of trace.others) {
    if (items.length >= limit) {
      capped = true;
      break;
    }
    items.push({ start: el.span.start, sym: symbol(doc, `<${el.name}>`, el.ns ?? '', SymbolKind.Namespace, el) });
  }
  items.sort((a, b) => a.start - b.start);
  return { symbols: items.map((x) => x.sym), capped };
}

function symbol(doc: TextDocument, name: string, detail: string, kind: SymbolKind, el: XmlElement): DocumentSymbol {
  const range = toRange(doc, el.span);
  const selectionRange = toRange(doc, el.nameSpan);
  // LSP requires selectionRange inside range.
  const sel = selectionRange.start.line >= range.start.line ? selectionRange : range;
  return { name: name || el.name, detail, kind, range, selectionRange: sel };
}

export function foldingRanges(doc: TextDocument, analysis: Analysis, maxItems: number): FoldingRange[] {
  const trace = analysis.trace;
  if (!trace) return [];
  const limit = cap(maxItems);
  const out: FoldingRange[] = [];
  const push = (start: number, end: number, kind?: FoldingRangeKind) => {
    const a = doc.positionAt(start).line;
    const b = doc.positionAt(Math.max(start, end - 1)).line;
    if (b > a) out.push(kind ? { startLine: a, endLine: b, kind } : { startLine: a, endLine: b });
  };
  const elements = [...trace.stanzas.map((s) => s.element), ...trace.others].sort((x, y) => x.span.start - y.span.start);
  const blocks = trace.stanzas.flatMap((s) => s.e2e.map((e) => e.contentSpan));
  for (const el of elements) {
    if (out.length >= limit) break;
    push(el.span.start, el.span.end);
  }
  for (const b of blocks) {
    if (out.length >= limit) break;
    push(b.start, b.end, FoldingRangeKind.Region);
  }
  return out.sort((x, y) => x.startLine - y.startLine);
}
