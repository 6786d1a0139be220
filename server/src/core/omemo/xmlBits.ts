// Small read-only helpers over the positioned XML model, for the OMEMO header and device lists.
import type { XmlAttr, XmlElement } from '../types';

export function children(el: XmlElement, local?: string, ns?: string): XmlElement[] {
  return el.children.filter((c): c is XmlElement => c.type === 'element' && (local === undefined || c.local === local) && (ns === undefined || c.ns === ns));
}

export function attr(el: XmlElement, name: string): XmlAttr | undefined {
  return el.attrs.find((a) => a.name === name);
}

export function textOf(el: XmlElement): string {
  return el.children.map((c) => (c.type === 'element' ? '' : c.value)).join('').trim();
}

/** Every element below `el` (itself included), depth first, in document order. An explicit stack:
 *  a stanza may nest elements a hundred thousand deep, more than the call stack holds. */
export function* descendants(el: XmlElement): Generator<XmlElement> {
  const stack: XmlElement[] = [el];
  while (stack.length > 0) {
    const next = stack.pop()!;
    yield next;
    const kids = children(next);
    for (let i = kids.length - 1; i >= 0; i--) stack.push(kids[i]);
  }
}

/**
 * Depth-first walk in document order with a context per element, on an explicit stack (nesting
 * may be deeper than the call stack). `step` returns the context for the element's children, or
 * undefined not to descend.
 */
export function walkElements<C>(root: XmlElement, ctx: C, step: (el: XmlElement, ctx: C) => C | undefined): void {
  const stack: { el: XmlElement; ctx: C }[] = [{ el: root, ctx }];
  while (stack.length > 0) {
    const { el, ctx: c } = stack.pop()!;
    const inner = step(el, c);
    if (inner === undefined) continue;
    const kids = children(el);
    for (let i = kids.length - 1; i >= 0; i--) stack.push({ el: kids[i], ctx: inner });
  }
}
