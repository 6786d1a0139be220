// What is at an offset: the stanza, the object, an attribute. Binary searches over the trace's
// document-ordered stanzas.
import type { Analysis } from './coreBridge';
import type { ObjectReport, Span, Stanza, XmlAttr, XmlElement } from '../core/types';

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

export function objectAt(analysis: Analysis, offset: number): ObjectReport | undefined {
  return analysis.objects.find((o) => contains(o.span, offset));
}

/** The object at the offset, else the one in the same stanza, else the nearest one before it. */
export function objectNear(analysis: Analysis, offset: number): ObjectReport | undefined {
  const direct = objectAt(analysis, offset);
  if (direct) return direct;
  const si = stanzaIndexAt(analysis, offset);
  if (si >= 0) {
    const inStanza = analysis.objects.find((o) => o.stanzaIndex === si);
    if (inStanza) return inStanza;
  }
  let best: ObjectReport | undefined;
  for (const o of analysis.objects) if (o.span.start <= offset) best = o;
  return best ?? analysis.objects[0];
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

export function bareJid(jid: string): string {
  const slash = jid.indexOf('/');
  return (slash < 0 ? jid : jid.slice(0, slash)).toLowerCase();
}
