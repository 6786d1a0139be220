// The parse after an edit, moved lazily: an element moved by `d` offsets gets its own spans at
// once (a splice reads them to find its anchors), and its attributes and children only when
// something reads them. An edit that changes no verdict (incremental/reuseAnalysis.ts) then costs
// a few objects per stanza instead of a copy of every tree. A moved element of a moved element
// points back to the first parse with the summed distance, so nothing grows edit after edit.
// Shared references stay shared: a stanza's `from` is one of its element's attributes, its refs
// and delay are its element's descendants, found by their path from the stanza element.
import type { DelayInfo, E2eRef, Span, Stanza, XmlAttr, XmlElement, XmlNode } from '../types';
import { noteMoved, shiftSpan, STANZA_ORIGIN, stanzaOrigin } from '../spanShift';
import { shiftedAttr, shiftedText } from './shiftModel';
import { shiftedMap } from '../offsetMap';
import { CompactElement, CompactStanza } from '../trace/compactStanza';

/**
 * An element `d` offsets after `base` (the element first parsed: a move of a move points back to
 * it with the summed distance). Spans at once; attributes and children when first read.
 */
class MovedElement implements XmlElement {
  readonly type = 'element' as const;
  readonly name: string;
  readonly local: string;
  readonly ns: string | undefined;
  startTagEnd: number;
  closed: boolean;
  readonly #base: XmlElement;
  readonly #d: number;
  #span?: Span;
  #nameSpan?: Span;
  #attrs?: XmlAttr[];
  #children?: XmlNode[];

  constructor(base: XmlElement, d: number) {
    this.#base = base;
    this.#d = d;
    this.name = base.name;
    this.local = base.local;
    this.ns = base.ns;
    this.startTagEnd = base.startTagEnd + d;
    this.closed = base.closed;
  }

  get span(): Span {
    return (this.#span ??= shiftSpan(this.#base.span, this.#d));
  }

  set span(v: Span) {
    this.#span = v;
  }

  get nameSpan(): Span {
    return (this.#nameSpan ??= shiftSpan(this.#base.nameSpan, this.#d));
  }

  set nameSpan(v: Span) {
    this.#nameSpan = v;
  }

  get attrs(): XmlAttr[] {
    const b = this.#base.attrs;
    return (this.#attrs ??= b.length === 0 ? b : b.map((a) => shiftedAttr(a, this.#d)));
  }

  set attrs(v: XmlAttr[]) {
    this.#attrs = v;
  }

  get children(): XmlNode[] {
    const b = this.#base.children;
    return (this.#children ??= b.length === 0 ? b : b.map((c) => lazyShiftedNode(c, this.#d)));
  }

  set children(v: XmlNode[]) {
    this.#children = v;
  }

  /** The first parse and the distance from it, while nothing below was read (then it is its own base). */
  root(delta: number): { base: XmlElement; d: number } {
    return this.#attrs === undefined && this.#children === undefined ? { base: this.#base, d: this.#d + delta } : { base: this, d: delta };
  }
}

export function lazyShiftedElement(el: XmlElement, delta: number): XmlElement {
  if (delta === 0) return el;
  if (el instanceof CompactElement) return el.movedBy(delta);
  const { base, d } = el instanceof MovedElement ? el.root(delta) : { base: el, d: delta };
  return new MovedElement(base, d);
}

export function lazyShiftedNode(n: XmlNode, d: number): XmlNode {
  return n.type === 'element' ? lazyShiftedElement(n, d) : shiftedText(n, d);
}

/** Child indexes from `top` down to `target` (found by span containment), or undefined. */
export function pathTo(top: XmlElement, target: XmlElement): number[] | undefined {
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

export function elementAtPath(top: XmlElement, path: number[]): XmlElement {
  let el = top;
  for (const i of path) el = el.children[i] as XmlElement;
  return el;
}

/** The node of `moved` at the place `node` has in `base` (an attribute by index, an element by path). */
function counterpart(base: XmlElement, moved: XmlElement, target: XmlElement): XmlElement {
  const path = pathTo(base, target);
  if (!path) throw new Error('lazyShift: a stanza part outside its element');
  return elementAtPath(moved, path);
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
 * The stanza `d` offsets after `s`. Its element is moved lazily; from/to/type/id, delay and refs are
 * found in the moved element when first read (the same objects its tree holds).
 */
class MovedStanza implements Stanza {
  readonly kind: Stanza['kind'];
  readonly element: XmlElement;
  readonly direction: Stanza['direction'];
  entryIndex: number;
  stream?: string;
  readonly #s: Stanza;
  readonly #d: number;
  /** from, to, type, id once read (null: the stanza has none). */
  #from?: XmlAttr | null;
  #to?: XmlAttr | null;
  #type?: XmlAttr | null;
  #id?: XmlAttr | null;
  #delay?: DelayInfo | null;
  #e2e?: E2eRef[];
  #time?: Stanza['time'] | null;

  constructor(s: Stanza, d: number) {
    this.#s = s;
    this.#d = d;
    this.kind = s.kind;
    this.element = lazyShiftedElement(s.element, d);
    this.direction = s.direction;
    this.entryIndex = s.entryIndex;
    if (s.stream !== undefined) this.stream = s.stream;
  }

  #moved(a: XmlAttr | undefined): XmlAttr | null {
    return a ? attrCounterpart(this.#s.element, this.element, a) : null;
  }

  get time(): Stanza['time'] {
    if (this.#time === undefined) {
      const t = this.#s.time;
      this.#time = t ? { ...t, span: shiftSpan(t.span, this.#d) } : null;
    }
    return this.#time ?? undefined;
  }

  get from(): XmlAttr | undefined {
    if (this.#from === undefined) this.#from = this.#moved(this.#s.from);
    return this.#from ?? undefined;
  }

  get to(): XmlAttr | undefined {
    if (this.#to === undefined) this.#to = this.#moved(this.#s.to);
    return this.#to ?? undefined;
  }

  get type(): XmlAttr | undefined {
    if (this.#type === undefined) this.#type = this.#moved(this.#s.type);
    return this.#type ?? undefined;
  }

  get id(): XmlAttr | undefined {
    if (this.#id === undefined) this.#id = this.#moved(this.#s.id);
    return this.#id ?? undefined;
  }

  get delay(): DelayInfo | undefined {
    if (this.#delay === undefined) this.#delay = this.#s.delay ? movedDelay(this.#s.element, this.element, this.#s.delay, this.#d) : null;
    return this.#delay ?? undefined;
  }

  get e2e(): E2eRef[] {
    const refs = this.#s.e2e;
    return (this.#e2e ??= refs.length === 0 ? refs : refs.map((r) => movedRef(this.#s.element, this.element, r, this.#d)));
  }

  /** The stanza first parsed (per-stanza facts are remembered on it). */
  get [STANZA_ORIGIN](): Stanza {
    return stanzaOrigin(this.#s);
  }

  /** As for elements: a move of a stanza nothing was read of is a move of what it moved. */
  root(delta: number): { base: Stanza; d: number } {
    const untouched = this.#time === undefined && this.#from === undefined && this.#to === undefined && this.#type === undefined && this.#id === undefined && this.#delay === undefined && this.#e2e === undefined;
    return untouched ? { base: this.#s, d: this.#d + delta } : { base: this, d: delta };
  }
}

export function lazyShiftedStanza(s: Stanza, delta: number): Stanza {
  if (delta === 0) return s;
  if (s instanceof CompactStanza) return s.movedBy(delta);
  const { base, d } = s instanceof MovedStanza ? s.root(delta) : { base: s, d: delta };
  return new MovedStanza(base, d);
}
