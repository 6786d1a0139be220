// The parse after an edit, moved lazily: an element moved by `d` offsets gets its own spans at
// once (a splice reads them to find its anchors), and its attributes and children only when
// something reads them. An edit that changes no verdict (incremental/reuseAnalysis.ts) then costs
// a few objects per stanza instead of a copy of every tree. A moved element of a moved element
// points back to the first parse with the summed distance, so nothing grows edit after edit.
// Shared references stay shared: a stanza's `from` is one of its element's attributes, its refs
// and delay are its element's descendants, found by their path from the stanza element.
import type { DelayInfo, E2eRef, Stanza, XmlAttr, XmlElement, XmlNode } from '../types';
import { noteMoved, shiftSpan } from '../spanShift';
import { shiftedAttr, shiftedMap, shiftedText } from './shiftModel';

/** A lazily moved element -> what it is a move of, and how far. */
const movedFrom = new WeakMap<XmlElement, { base: XmlElement; d: number }>();

/** The element first parsed and the distance, looking through earlier lazy moves not yet read. */
function root(el: XmlElement, d: number): { base: XmlElement; d: number } {
  const m = movedFrom.get(el);
  return m ? { base: m.base, d: m.d + d } : { base: el, d };
}

export function lazyShiftedElement(el: XmlElement, delta: number): XmlElement {
  if (delta === 0) return el;
  const { base, d } = root(el, delta);
  const out = {
    type: 'element',
    name: base.name,
    local: base.local,
    ns: base.ns,
    attrs: undefined,
    children: undefined,
    span: shiftSpan(base.span, d),
    nameSpan: shiftSpan(base.nameSpan, d),
    startTagEnd: base.startTagEnd + d,
    closed: base.closed,
  } as unknown as XmlElement;
  lazyProperty(out, 'attrs', () => (base.attrs.length === 0 ? base.attrs : base.attrs.map((a) => shiftedAttr(a, d))));
  lazyProperty(out, 'children', () => (base.children.length === 0 ? base.children : base.children.map((c) => lazyShiftedNode(c, d))));
  movedFrom.set(out, { base, d });
  return out;
}

export function lazyShiftedNode(n: XmlNode, d: number): XmlNode {
  return n.type === 'element' ? lazyShiftedElement(n, d) : shiftedText(n, d);
}

/** Redefined as a plain data property on first read, in the same place among the keys. */
function lazyProperty<T extends object>(obj: T, key: keyof T & string, compute: () => unknown): void {
  Object.defineProperty(obj, key, {
    enumerable: true,
    configurable: true,
    get() {
      const value = compute();
      Object.defineProperty(obj, key, { value, enumerable: true, configurable: true, writable: true });
      return value;
    },
    set(value: unknown) {
      Object.defineProperty(obj, key, { value, enumerable: true, configurable: true, writable: true });
    },
  });
}

/** Child indexes from `top` down to `target` (found by span containment), or undefined. */
function pathTo(top: XmlElement, target: XmlElement): number[] | undefined {
  const path: number[] = [];
  let el = top;
  while (el !== target) {
    const kids = el.children;
    const i = kids.findIndex((k) => k === target || (k.type === 'element' && k.span.start <= target.span.start && target.span.end <= k.span.end));
    if (i < 0) return undefined;
    path.push(i);
    el = kids[i] as XmlElement;
  }
  return path;
}

function follow(top: XmlElement, path: number[]): XmlElement {
  let el = top;
  for (const i of path) el = el.children[i] as XmlElement;
  return el;
}

/** The node of `moved` at the place `node` has in `base` (an attribute by index, an element by path). */
function counterpart(base: XmlElement, moved: XmlElement, target: XmlElement): XmlElement {
  const path = pathTo(base, target);
  if (!path) throw new Error('lazyShift: a stanza part outside its element');
  return follow(moved, path);
}

function attrCounterpart(baseOwner: XmlElement, movedOwner: XmlElement, a: XmlAttr): XmlAttr {
  const i = baseOwner.attrs.indexOf(a);
  if (i < 0) throw new Error('lazyShift: an attribute outside its element');
  return movedOwner.attrs[i];
}

function movedRef(baseEl: XmlElement, el: XmlElement, r: E2eRef, d: number): E2eRef {
  const out: E2eRef = { element: counterpart(baseEl, el, r.element), ns: r.ns, isCdata: r.isCdata, content: r.content, contentSpan: shiftSpan(r.contentSpan, d), map: shiftedMap(r.map, d) };
  noteMoved(out, r, d);
  return out;
}

function movedDelay(baseEl: XmlElement, el: XmlElement, x: DelayInfo, d: number): DelayInfo {
  const delayEl = counterpart(baseEl, el, x.element);
  const out: DelayInfo = { element: delayEl, legacy: x.legacy };
  if (x.stamp) out.stamp = attrCounterpart(x.element, delayEl, x.stamp);
  if (x.epochMs !== undefined) out.epochMs = x.epochMs;
  if (x.from) out.from = attrCounterpart(x.element, delayEl, x.from);
  return out;
}

/**
 * The stanza `d` offsets later. Its element is moved lazily; from/to/type/id, delay and refs are
 * found in the moved element when first read (the same objects its tree holds).
 */
export function lazyShiftedStanza(s: Stanza, d: number): Stanza {
  if (d === 0) return s;
  const el = lazyShiftedElement(s.element, d);
  const out = { kind: s.kind, element: el, direction: s.direction } as Stanza;
  for (const key of Object.keys(s) as (keyof Stanza)[]) {
    switch (key) {
      case 'kind':
      case 'element':
      case 'direction':
        break;
      case 'time':
        if (s.time) out.time = { ...s.time, span: shiftSpan(s.time.span, d) };
        break;
      case 'from':
      case 'to':
      case 'type':
      case 'id': {
        const a = s[key];
        if (a) lazyProperty(out, key, () => attrCounterpart(s.element, el, a));
        break;
      }
      case 'delay': {
        const x = s.delay;
        if (x) lazyProperty(out, 'delay', () => movedDelay(s.element, el, x, d));
        break;
      }
      case 'e2e':
        if (s.e2e.length === 0) out.e2e = s.e2e;
        else lazyProperty(out, 'e2e', () => s.e2e.map((r) => movedRef(s.element, el, r, d)));
        break;
      default:
        (out as unknown as Record<string, unknown>)[key] = s[key];
    }
  }
  return out;
}
