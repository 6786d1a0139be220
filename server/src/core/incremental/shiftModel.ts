// Moving the leaves of a parsed model by `delta` offsets: what lies after an edit is the same text
// at another place, so its parse is reused with every file offset shifted instead of scanning it
// again. Each call makes new objects: the previous version's analysis stays as it was. Elements
// and stanzas are moved lazily (lazyShift.ts).
import type { XmlAttr, XmlElement, XmlNode } from '../types';
import { SourceText } from '../xml/scanXml';
import { shiftSpan } from '../spanShift';
import { shiftedMap } from '../offsetMap';
import { GapText } from './gapText';

export { shiftFinding, shiftSpan } from '../spanShift';

export function shiftedAttr(a: XmlAttr, d: number): XmlAttr {
  return { name: a.name, value: a.value, nameSpan: shiftSpan(a.nameSpan, d), valueSpan: shiftSpan(a.valueSpan, d) };
}

export function shiftedText(t: Exclude<XmlNode, XmlElement>, d: number): XmlNode {
  if (t instanceof GapText) return t.movedBy(d);
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
