// What is at an offset: the stanza, the object record, an element or attribute. Binary searches
// over the trace's document-ordered stanzas.
import type { Analysis, ObjectRecord } from '../analyze';
import type { Span, Stanza, XmlAttr, XmlElement } from '../types';

export function contains(span: Span, offset: number): boolean {
  return span.start <= offset && offset <= span.end;
}

export function stanzaIndexAt(analysis: Analysis, offset: number): number {
  const stanzas = analysis.trace?.stanzas ?? [];
  let lo = 0;
  let hi = stanzas.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const s = stanzas[mid].element.span;
    if (offset < s.start) hi = mid - 1;
    else if (offset > s.end) lo = mid + 1;
    else return mid;
  }
  return -1;
}

export function stanzaAt(analysis: Analysis, offset: number): Stanza | undefined {
  const i = stanzaIndexAt(analysis, offset);
  return i < 0 ? undefined : analysis.trace?.stanzas[i];
}

/** Stanza indexes touched by any of the spans (a selection of several stanzas). */
export function stanzaIndexesIn(analysis: Analysis, spans: Span[]): number[] {
  const stanzas = analysis.trace?.stanzas ?? [];
  const out = new Set<number>();
  for (const sp of spans) {
    stanzas.forEach((s, i) => {
      const e = s.element.span;
      if (e.start <= sp.end && sp.start <= e.end) out.add(i);
    });
  }
  return [...out].sort((a, b) => a - b);
}

export function recordAt(analysis: Analysis, offset: number): ObjectRecord | undefined {
  return analysis.records.find((r) => contains(r.report.span, offset));
}

/** The object at the offset, else the one in the same stanza, else the nearest one before it. */
export function recordNear(analysis: Analysis, offset: number): ObjectRecord | undefined {
  const direct = recordAt(analysis, offset);
  if (direct) return direct;
  const si = stanzaIndexAt(analysis, offset);
  if (si >= 0) {
    const inStanza = analysis.records.find((r) => r.report.stanzaIndex === si);
    if (inStanza) return inStanza;
  }
  let best: ObjectRecord | undefined;
  for (const r of analysis.records) if (r.report.span.start <= offset) best = r;
  return best ?? analysis.records[0];
}

export function recordsOfStanza(analysis: Analysis, stanzaIndex: number): ObjectRecord[] {
  return analysis.records.filter((r) => r.report.stanzaIndex === stanzaIndex);
}

export function attrAt(el: XmlElement, offset: number): XmlAttr | undefined {
  return el.attrs.find((a) => contains(a.valueSpan, offset) || contains(a.nameSpan, offset));
}

/** The deepest element containing the offset. */
export function elementAt(el: XmlElement, offset: number): XmlElement {
  for (const c of el.children) {
    if (c.type === 'element' && contains(c.span, offset)) return elementAt(c, offset);
  }
  return el;
}
