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

/** Every element below `el` (itself included), depth first. */
export function* descendants(el: XmlElement): Generator<XmlElement> {
  yield el;
  for (const c of children(el)) yield* descendants(c);
}
