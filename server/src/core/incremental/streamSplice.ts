// Re-parses only the stanzas an edit touched in a raw XML stream (one `<stream:stream>` holding
// every stanza): the text between the nearest unchanged sibling elements before and after the edit
// is scanned alone, in the stream's namespaces, and spliced into the previous parse; everything
// after it is the previous parse moved by the edit's length. Anything the splice cannot reproduce
// exactly as a whole-file scan would (markup or faults in the region, an unclosed element, a
// non-stanza element, no stanza left) returns undefined: the caller parses the whole file.
import type { Finding, OffsetMap, Stanza, Trace, XmlElement, XmlNode } from '../types';
import { scanXml, STREAMS_NS } from '../xml/scanXml';
import { GapText, gapValues } from './gapText';
import { HTTPBIND_NS, stanzaKind } from '../trace/stanzaModel';
import { regionStanzas } from './compactPlain';
import type { ChangedWindow } from './textDiff';
import { shiftFinding } from './shiftModel';
import { lazyShiftedElement, lazyShiftedNode, lazyShiftedStanza } from './lazyShift';
import { movedList, slicePieces } from './movedList';
import { ownCopy } from '../ownCopy';
import type { Sliceable } from '../textSource';
import { shiftMap } from '../offsetMap';

const ROOT_NS: Record<string, string> = { '': 'jabber:client', stream: STREAMS_NS };

/** A stream child moved (none when the distance is 0). */
const movedNode = (n: XmlNode, d: number): XmlNode => (d === 0 ? n : lazyShiftedNode(n, d));

/** What a splice re-parsed: the old and new extent of the region and the stanzas it replaced. */
export interface SpliceRegion {
  oldFrom: number;
  oldTo: number;
  newFrom: number;
  newTo: number;
  /** prev.stanzas[firstRemoved, firstAfter) were replaced by next.stanzas[firstRemoved, firstRemoved + added). */
  firstRemoved: number;
  firstAfter: number;
  added: number;
  /** How far everything after the region moved. */
  delta: number;
}

export interface Splice {
  trace: Trace;
  region: SpliceRegion;
}

export function* spliceRawStreamRegion(prev: Trace, newText: Sliceable, w: ChangedWindow): Generator<void, Splice | undefined, void> {
  if (prev.dialect !== 'raw-xml' || prev.stanzas.length === 0) return undefined;
  const stream = enclosingStream(prev.others, w);
  if (!stream) return undefined;
  const kids = stream.children;
  // Anchors: the last element child ending at or before the edit, the first starting at or after it.
  let left = -1;
  let right = -1;
  for (let i = lowerBound(kids, w.start); i >= 0 && i < kids.length; i--) {
    const k = kids[i];
    if (k.type === 'element' && k.span.end <= w.start) {
      left = i;
      break;
    }
  }
  for (let i = Math.max(0, left + 1); i < kids.length; i++) {
    const k = kids[i];
    if (k.type === 'element' && k.span.start >= w.oldEnd) {
      right = i;
      break;
    }
  }
  if (right < 0) return undefined;
  const anchorsOk = (left < 0 || isClosedElement(kids[left])) && isClosedElement(kids[right]);
  if (!anchorsOk) return undefined;
  const d = w.newEnd - w.oldEnd;
  const oldFrom = left >= 0 ? kids[left].span.end : stream.startTagEnd;
  const oldTo = kids[right].span.start;
  const removed = kids.slice(left + 1, right);
  if (!removed.every((k) => k.type !== 'element' || !isWrapper(k))) return undefined;
  if (prev.findings.some((f) => f.span.end >= oldFrom - 1 && f.span.start <= oldTo + 1)) return undefined;

  const newFrom = oldFrom;
  const newTo = oldTo + d;
  const scope = streamScope(stream);
  const added = scanRegion(newText, newFrom, newTo, scope);
  if (!added) return undefined;

  // Stanzas and the stream's children: the unchanged ones before, the region's, and the rest
  // moved by the edit's length, as pieces (movedList.ts): nothing after the edit is visited.
  const firstRemoved = firstStanzaAtOrAfter(prev.stanzas, oldFrom);
  const firstAfter = firstStanzaAtOrAfter(prev.stanzas, oldTo);
  const fresh = regionStanzas(added, scope);
  const stanzas = movedList(
    [...slicePieces(prev.stanzas, 0, firstRemoved), { items: fresh, from: 0, to: fresh.length, delta: 0 }, ...slicePieces(prev.stanzas, firstAfter, prev.stanzas.length, d)],
    lazyShiftedStanza,
  );
  const children = movedList([...slicePieces(kids, 0, left + 1), { items: added.nodes, from: 0, to: added.nodes.length, delta: 0 }, ...slicePieces(kids, right, kids.length, d)], movedNode);
  const newStream: XmlElement = { ...stream, span: { start: stream.span.start, end: stream.span.end + d }, children };
  if (stanzas.length === 0) return undefined;
  // Other elements: those before the region (the stream among them), the region's, the rest moved.
  const others: XmlElement[] = [];
  for (const o of prev.others) if (o.span.start < oldFrom) others.push(o === stream ? newStream : o);
  for (const o of added.others) others.push(o);
  for (const o of prev.others) if (o.span.start >= oldTo) others.push(lazyShiftedElement(o, d));
  const findings: Finding[] = prev.findings.map((f) => (f.span.start >= oldTo ? shiftFinding(f, d) : f));
  const trace: Trace = { dialect: prev.dialect, vantage: prev.vantage, stanzas, others, findings };
  return { trace, region: { oldFrom, oldTo, newFrom, newTo, firstRemoved, firstAfter, added: added.elements.length, delta: d } };
}

/** Elements whose children the trace builder reads as stream level (parseTrace's isWrapper). */
function isWrapper(el: XmlElement): boolean {
  if (el.local === 'stream' && (el.ns === STREAMS_NS || el.name === 'stream:stream')) return true;
  if (el.local === 'body' && el.ns === HTTPBIND_NS) return true;
  return el.ns === 'tigase:cluster' && (el.local === 'cluster' || el.local === 'data');
}

function isClosedElement(n: XmlNode): boolean {
  return n.type === 'element' && n.closed;
}

/** The top-level stream element whose content holds the whole changed window. */
function enclosingStream(others: XmlElement[], w: ChangedWindow): XmlElement | undefined {
  for (const o of others) {
    if (o.local !== 'stream' || o.ns !== STREAMS_NS) continue;
    if (o.startTagEnd <= w.start && w.oldEnd <= o.span.end) {
      // A stream nested in another element of the list has other scopes: not handled.
      if (others.some((p) => p !== o && p.span.start <= o.span.start && o.span.end <= p.span.end)) return undefined;
      return o;
    }
  }
  return undefined;
}

/** The namespaces the stream's children start in (the trace builder's defaults, then the stream's declarations). */
export function streamScope(stream: XmlElement): Record<string, string> {
  const scope: Record<string, string> = { ...ROOT_NS };
  for (const a of stream.attrs) {
    if (a.name === 'xmlns') scope[''] = a.value;
    else if (a.name.startsWith('xmlns:')) scope[a.name.slice(6)] = a.value;
  }
  return scope;
}

export interface Region {
  /** The stream's children in the region: elements and the white space between them. */
  nodes: XmlNode[];
  /** The stanzas among them. */
  elements: XmlElement[];
  /** The other elements (stream management, features...), for the trace's `others`. */
  others: XmlElement[];
  /** The region's own copy that was scanned, and the file offset of its first character. */
  src: string;
  shift: number;
}

/**
 * Scans [from, to) of an edited text as the stream's content: only closed elements that hold no
 * stream-level content (no stream, BOSH or cluster wrapper), separated by white space, with no
 * fault; the white space between them becomes the text nodes a whole-file scan makes. The region is
 * scanned in its own copy: what the parse keeps (names, values, text) would otherwise be slices of
 * the edited version's text, and hold every version of an edited document alive.
 */
export function scanRegion(text: Sliceable, from: number, to: number, namespaces: Record<string, string>): Region | undefined {
  if (to < from) return undefined;
  const src = ownCopy(text.slice(from, to));
  return scanIn(src, from, 0, src.length, namespaces);
}

/**
 * As scanRegion, over the text itself: for a fresh parse, whose model may keep slices of the
 * text it parsed (the document holds that text anyway).
 */
export function scanRegionInPlace(text: string, from: number, to: number, namespaces: Record<string, string>): Region | undefined {
  if (to < from) return undefined;
  return scanIn(text, 0, from, to, namespaces);
}

/** Scans src[from, to); `shift`: the file offset of src[0]. */
function scanIn(src: string, shift: number, from: number, to: number, namespaces: Record<string, string>): Region | undefined {
  const map = shift === 0 ? undefined : shiftMap(shift);
  const r = scanXml(src, from, to, { namespaces, map, allowUnclosed: false, streams: true, quietOutside: false });
  if (r.findings.length > 0 || r.open.length > 0 || r.cutInMarkup || r.endedEarly.size > 0) return undefined;
  const nodes: XmlNode[] = [];
  const elements: XmlElement[] = [];
  const others: XmlElement[] = [];
  let p = from;
  for (const n of r.nodes) {
    if (n.type !== 'element') continue;
    if (!n.closed || isWrapper(n)) return undefined;
    if (!gap(src, map, p, n.span.start - shift, nodes)) return undefined;
    nodes.push(n);
    (stanzaKind(n) ? elements : others).push(n);
    p = n.span.end - shift;
  }
  if (!gap(src, map, p, to, nodes)) return undefined;
  return { nodes, elements, others, src, shift };
}

/** White space between two siblings (source offsets), as a text node; false when anything else is there. */
function gap(src: string, map: OffsetMap | undefined, a: number, b: number, out: XmlNode[]): boolean {
  if (b < a) return false;
  for (let i = a; i < b; i++) {
    const c = src.charCodeAt(i);
    if (c !== 32 && c !== 9 && c !== 10 && c !== 13) return false;
  }
  if (b > a) out.push(new GapText(gapValues.of(src.slice(a, b)), map ? map.toFile(a) : a));
  return true;
}

/** Index of the first child whose span ends after `offset` (binary search; children are in order). */
function lowerBound(kids: XmlNode[], offset: number): number {
  let lo = 0;
  let hi = kids.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (kids[mid].span.end <= offset) lo = mid + 1;
    else hi = mid;
  }
  return Math.min(lo, kids.length - 1);
}

/** The index of the first stanza starting at or after `offset`. */
export function firstStanzaAtOrAfter(stanzas: readonly Stanza[], offset: number): number {
  let lo = 0;
  let hi = stanzas.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (stanzas[mid].element.span.start < offset) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
