// Moves parsed trace model by `delta` offsets: what lies after an edit is the same text at another
// place, so its parse is reused with every file offset shifted instead of scanning it again. Each
// call makes new objects (the previous version's analysis stays as it was) and keeps the sharing
// inside one stanza (its `from` is one of its element's attributes, its refs are its descendants).
import type { CaptureTime, DelayInfo, E2eRef, OffsetMap, Span, Stanza, XmlAttr, XmlElement, XmlNode } from '../types';
import { SourceText } from '../xml/scanXml';
import { noteMoved, shiftSpan } from '../spanShift';

export { shiftFinding, shiftSpan } from '../spanShift';

/** An offset map whose file offsets are another map's, moved by `delta`. */
export class ShiftedMap implements OffsetMap {
  constructor(
    readonly inner: OffsetMap,
    readonly delta: number,
  ) {}

  toFile(localOffset: number): number {
    return this.inner.toFile(localOffset) + this.delta;
  }

  toFileSpan(localStart: number, localEnd: number): Span {
    const s = this.inner.toFileSpan(localStart, localEnd);
    return { start: s.start + this.delta, end: s.end + this.delta };
  }
}

export function shiftedMap(map: OffsetMap, delta: number): OffsetMap {
  if (delta === 0) return map;
  if (map instanceof ShiftedMap) return map.delta + delta === 0 ? map.inner : new ShiftedMap(map.inner, map.delta + delta);
  return new ShiftedMap(map, delta);
}

/** Old node -> its shifted copy, so that shared references stay shared. */
type Memo = Map<object, object>;

function shiftAttr(a: XmlAttr, d: number, memo: Memo): XmlAttr {
  const done = memo.get(a) as XmlAttr | undefined;
  if (done) return done;
  const out: XmlAttr = { name: a.name, value: a.value, nameSpan: shiftSpan(a.nameSpan, d), valueSpan: shiftSpan(a.valueSpan, d) };
  memo.set(a, out);
  return out;
}

export function shiftNode(n: XmlNode, d: number, memo: Memo = new Map()): XmlNode {
  return n.type === 'element' ? shiftElement(n, d, memo) : shiftText(n, d);
}

function shiftText(t: Exclude<XmlNode, XmlElement>, d: number): XmlNode {
  if (t instanceof SourceText) {
    // Read straight from the file: the same characters, later in it. Otherwise through a map.
    if (t.source === undefined) {
      const escapes = t.escapes?.map((e) => ({ srcStart: e.srcStart + d, srcLength: e.srcLength, outLength: e.outLength }));
      return new SourceText(t.type, t.value, shiftSpan(t.span, d), t.srcStart + d, t.srcEnd + d, escapes, undefined);
    }
    return new SourceText(t.type, t.value, shiftSpan(t.span, d), t.srcStart, t.srcEnd, t.escapes, shiftedMap(t.source, d));
  }
  return { type: t.type, value: t.value, span: shiftSpan(t.span, d), map: shiftedMap(t.map, d) };
}

export function shiftElement(el: XmlElement, d: number, memo: Memo = new Map()): XmlElement {
  const done = memo.get(el) as XmlElement | undefined;
  if (done) return done;
  const out: XmlElement = {
    type: 'element',
    name: el.name,
    local: el.local,
    ns: el.ns,
    attrs: el.attrs.map((a) => shiftAttr(a, d, memo)),
    children: [],
    span: shiftSpan(el.span, d),
    nameSpan: shiftSpan(el.nameSpan, d),
    startTagEnd: el.startTagEnd + d,
    closed: el.closed,
  };
  memo.set(el, out);
  out.children = el.children.map((c) => shiftNode(c, d, memo));
  return out;
}

function shiftRef(r: E2eRef, d: number, memo: Memo): E2eRef {
  const out: E2eRef = { element: shiftElement(r.element, d, memo), ns: r.ns, isCdata: r.isCdata, content: r.content, contentSpan: shiftSpan(r.contentSpan, d), map: shiftedMap(r.map, d) };
  noteMoved(out, r, d);
  return out;
}

function shiftDelay(x: DelayInfo, d: number, memo: Memo): DelayInfo {
  const out: DelayInfo = { element: shiftElement(x.element, d, memo), legacy: x.legacy };
  if (x.stamp) out.stamp = shiftAttr(x.stamp, d, memo);
  if (x.epochMs !== undefined) out.epochMs = x.epochMs;
  if (x.from) out.from = shiftAttr(x.from, d, memo);
  return out;
}

function shiftTime(t: CaptureTime, d: number): CaptureTime {
  return { ...t, span: shiftSpan(t.span, d) };
}

/** The stanza `d` offsets later; `memo` shares nodes with an enclosing element shifted in the same call. */
export function shiftStanza(s: Stanza, d: number, memo: Memo = new Map()): Stanza {
  // Property by property, in buildStanza's order, so that a shifted stanza is the one a scan builds.
  const out = { kind: s.kind, element: shiftElement(s.element, d, memo), direction: s.direction } as Stanza;
  for (const key of Object.keys(s) as (keyof Stanza)[]) {
    switch (key) {
      case 'kind':
      case 'element':
      case 'direction':
        break;
      case 'time':
        if (s.time) out.time = shiftTime(s.time, d);
        break;
      case 'from':
      case 'to':
      case 'type':
      case 'id':
        if (s[key]) out[key] = shiftAttr(s[key]!, d, memo);
        break;
      case 'delay':
        if (s.delay) out.delay = shiftDelay(s.delay, d, memo);
        break;
      case 'e2e':
        out.e2e = s.e2e.map((r) => shiftRef(r, d, memo));
        break;
      default:
        (out as unknown as Record<string, unknown>)[key] = s[key];
    }
  }
  return out;
}
