// A stanza kept as its place in the text it was scanned from instead of as a tree. Most stanzas
// of a large trace are plain (e2e/plainStanza.ts): after judging they are read for their kind,
// from, to, type and id, and their tree only when a hover, the outline or an explorer row asks.
// A plain stanza's tree is ~3 KB of objects; this is a few numbers and strings: from, to, type and
// id as their values and their offsets in the element, packed in one short string (an attribute
// with its two spans was 136 bytes, ~500 per stanza), made into attributes when read. The tree
// is scanned again when read (the same source, scope and offsets: the same tree) and the last
// few hundred trees are kept, so a reader going over one element's parts meets the same objects.
import { shiftMap } from '../offsetMap';
import { shiftSpan, STANZA_ORIGIN } from '../spanShift';
import type { CaptureTime, Span, Stanza, XmlAttr, XmlElement, XmlNode } from '../types';
import { scanXml } from '../xml/scanXml';
import { SharedStrings } from '../ownCopy';

/** What the compact stanzas of one scan share: the text, where it sits in the file, its scope and the element's name. */
interface Tag {
  /** The text scanned (a region's own copy, never the document's: it would hold every version). */
  readonly src: string;
  /** File offset of src[0] when first parsed. */
  readonly shift: number;
  readonly namespaces: Record<string, string>;
  readonly name: string;
  readonly local: string;
  readonly ns: string | undefined;
}

/** What one scan found: the element's place and the attributes the rules read. */
interface Origin {
  /** A few per trace (message, presence, iq in a scope): five fields fewer per stanza. */
  readonly tag: Tag;
  /** The element's range in `tag.src`. */
  readonly start: number;
  readonly end: number;
  readonly startTagLength: number;
  /** from, to, type, id: their values as first parsed (fields, not a list: 80 bytes less per stanza). */
  readonly from: string | undefined;
  readonly to: string | undefined;
  readonly type: string | undefined;
  readonly id: string | undefined;
  /** Per KNOWN attribute, its name's and value's start and end from the element's start, one character each. */
  readonly at: string;
}

const KNOWN = ['from', 'to', 'type', 'id'] as const;

/** Offsets packed one per UTF-16 unit: a known attribute further into its tag keeps the tree. */
const MAX_PACKED = 0xffff;

/** Trees scanned again, most recently read last. */
const trees = new Map<CompactElement, XmlElement>();
const MAX_TREES = 512;

export class CompactElement implements XmlElement {
  readonly #o: Origin;
  /** How far the element has moved since it was first parsed. */
  readonly #d: number;

  constructor(o: Origin, d: number) {
    this.#o = o;
    this.#d = d;
  }

  get type(): 'element' {
    return 'element';
  }
  get name(): string {
    return this.#o.tag.name;
  }
  get local(): string {
    return this.#o.tag.local;
  }
  get ns(): string | undefined {
    return this.#o.tag.ns;
  }
  get closed(): boolean {
    return true;
  }
  get span(): Span {
    const at = this.#o.tag.shift + this.#d;
    return { start: this.#o.start + at, end: this.#o.end + at };
  }
  get startTagEnd(): number {
    return this.#o.start + this.#o.tag.shift + this.#d + this.#o.startTagLength;
  }
  get nameSpan(): Span {
    const start = this.#o.start + this.#o.tag.shift + this.#d + 1;
    return { start, end: start + this.#o.tag.name.length };
  }
  get attrs(): XmlAttr[] {
    return this.#tree().attrs;
  }
  get children(): XmlNode[] {
    return this.#tree().children;
  }

  /** from / to / type / id (index into KNOWN) at this element's place: a new attribute per read. */
  known(k: number): XmlAttr | undefined {
    const o = this.#o;
    const value = k === 0 ? o.from : k === 1 ? o.to : k === 2 ? o.type : o.id;
    if (value === undefined) return undefined;
    const base = o.start + o.tag.shift + this.#d;
    const at = (i: number) => base + o.at.charCodeAt(4 * k + i);
    return { name: KNOWN[k], value, nameSpan: { start: at(0), end: at(1) }, valueSpan: { start: at(2), end: at(3) } };
  }

  movedBy(delta: number): CompactElement {
    return delta === 0 ? this : new CompactElement(this.#o, this.#d + delta);
  }

  /** The scanned text between two file offsets as first parsed. */
  originText(start: number, end: number): string {
    const { src, shift } = this.#o.tag;
    return src.slice(start - shift, end - shift);
  }

  #tree(): XmlElement {
    let t = trees.get(this);
    if (t) {
      trees.delete(this);
    } else {
      const o = this.#o;
      const { src, shift, namespaces } = o.tag;
      const r = scanXml(src, o.start, o.end, { namespaces, map: shiftMap(shift + this.#d), streams: true });
      t = r.nodes[0] as XmlElement;
      if (trees.size >= MAX_TREES) trees.delete(trees.keys().next().value!);
    }
    trees.set(this, t);
    return t;
  }
}

/**
 * A log entry's capture time kept as where its text lies in the scanned text and what it was
 * parsed to: its text and span are made when read. A CaptureTime with its span and text was
 * ~140 bytes per stanza of a large log.
 */
class PackedTime {
  constructor(
    /** File offsets as first parsed. */
    readonly start: number,
    readonly end: number,
    readonly epochMs: number | undefined,
    readonly dateKnown: boolean,
  ) {}

  /** The capture time as captureTime (trace/frames.ts) made it, moved by `d`. */
  read(text: string, d: number): CaptureTime {
    const span = { start: this.start + d, end: this.end + d };
    return this.epochMs !== undefined ? { text, span, dateKnown: this.dateKnown, epochMs: this.epochMs } : { text, span, dateKnown: this.dateKnown };
  }
}

/** `t` packed when its text is in `src` and it has captureTime's fields and no others (it then reads back equal). */
function packedTime(t: CaptureTime | undefined, src: string, shift: number): CaptureTime | PackedTime | undefined {
  if (!t) return t;
  const keys = Object.keys(t).length;
  if (keys !== (t.epochMs === undefined ? 3 : 4)) return t;
  if (t.span.start < shift || src.slice(t.span.start - shift, t.span.end - shift) !== t.text) return t;
  return new PackedTime(t.span.start, t.span.end, t.epochMs, t.dateKnown);
}

const NO_REFS: never[] = [];
Object.freeze(NO_REFS);

/** A plain stanza (no `<e2e/>`, delay or error: see e2e/plainStanza.ts) over a CompactElement. */
export class CompactStanza implements Stanza {
  readonly kind: Stanza['kind'];
  readonly element: CompactElement;
  readonly direction: Stanza['direction'];
  readonly entryIndex: number;
  /** The log's stream (connection) name; absent as on a stanza built without one. */
  declare readonly stream?: string;
  readonly #origin: CompactStanza | undefined;
  /** The capture time as first parsed (packed when its text can be read back), and how far this copy has moved since. */
  readonly #time: CaptureTime | PackedTime | undefined;
  readonly #d: number;
  #movedTime?: CaptureTime;

  constructor(kind: Stanza['kind'], element: CompactElement, direction: Stanza['direction'], entryIndex: number, origin?: CompactStanza, time?: CaptureTime | PackedTime, stream?: string, d = 0) {
    this.kind = kind;
    this.element = element;
    this.direction = direction;
    this.entryIndex = entryIndex;
    if (stream !== undefined) this.stream = stream;
    this.#origin = origin;
    this.#time = time;
    this.#d = d;
  }

  get from(): XmlAttr | undefined {
    return this.element.known(0);
  }
  get to(): XmlAttr | undefined {
    return this.element.known(1);
  }
  get type(): XmlAttr | undefined {
    return this.element.known(2);
  }
  get id(): XmlAttr | undefined {
    return this.element.known(3);
  }
  get delay(): undefined {
    return undefined;
  }
  get e2e(): never[] {
    return NO_REFS;
  }
  /** The log entry's time, where this copy of the stanza is (a packed one made at each read, another moved once). */
  get time(): CaptureTime | undefined {
    const t = this.#time;
    if (!t) return t;
    if (t instanceof PackedTime) return t.read(this.element.originText(t.start, t.end), this.#d);
    if (this.#d === 0) return t;
    return (this.#movedTime ??= { ...t, span: shiftSpan(t.span, this.#d) });
  }

  /** The stanza first parsed (per-stanza facts are remembered on it). */
  get [STANZA_ORIGIN](): Stanza {
    return this.#origin ?? this;
  }

  movedBy(delta: number): CompactStanza {
    return delta === 0 ? this : new CompactStanza(this.kind, this.element.movedBy(delta), this.direction, this.entryIndex, this.#origin ?? this, this.#time, this.stream, this.#d + delta);
  }
}

/**
 * `s` kept compactly: its element is one scanned from `scan.src`, whose offset 0 is file offset
 * `scan.shift`, in `namespaces`; its capture time and stream are kept as they are. Only for a
 * closed, plain stanza; undefined when its known attributes lie too far into the tag to pack.
 */
export function compactStanza(s: Stanza, scan: CompactScan, namespaces: Record<string, string>): CompactStanza | undefined {
  const { src, shift } = scan;
  const el = s.element;
  const known = [s.from, s.to, s.type, s.id];
  const at = packedOffsets(known, el.span.start);
  if (at === undefined) return undefined;
  const o: Origin = {
    tag: scan.tagFor(namespaces, el),
    start: el.span.start - shift,
    end: el.span.end - shift,
    startTagLength: el.startTagEnd - el.span.start,
    from: shared(s.from?.value),
    to: shared(s.to?.value),
    type: s.type?.value,
    id: s.id?.value,
    at,
  };
  return new CompactStanza(s.kind, new CompactElement(o, 0), s.direction, s.entryIndex, undefined, packedTime(s.time, src, shift), s.stream);
}

/**
 * What the compact stanzas of one scan (one text at one place) share: the text, its file offset,
 * and a tag per scope and element name. Made by the caller for that scan and dropped with it, so
 * that no text outlives the stanzas that point into it.
 */
export class CompactScan {
  private readonly byScope = new Map<object, Map<string, Tag>>();

  constructor(
    readonly src: string,
    readonly shift: number,
  ) {}

  tagFor(namespaces: Record<string, string>, el: XmlElement): Tag {
    let tags = this.byScope.get(namespaces);
    if (!tags) this.byScope.set(namespaces, (tags = new Map()));
    const key = el.ns === undefined ? el.name : `${el.name} ${el.ns}`;
    let tag = tags.get(key);
    if (!tag) tags.set(key, (tag = { src: this.src, shift: this.shift, namespaces, name: el.name, local: el.local, ns: el.ns }));
    return tag;
  }
}

/**
 * One string per address: a trace repeats a few JIDs over every stanza, and each stanza's own copy
 * (a slice of the text it was scanned from) was 32 bytes.
 */
const addresses = new SharedStrings(8192, 256);
const shared = (v: string | undefined): string | undefined => (v === undefined ? undefined : addresses.of(v));

/** The known attributes' name and value spans from `start`, one UTF-16 unit each (absent: zeros). */
function packedOffsets(known: readonly (XmlAttr | undefined)[], start: number): string | undefined {
  // Always 16 units (4 attributes, 4 offsets each), made into one flat string at once.
  const units = new Array<number>(4 * KNOWN.length).fill(0);
  for (let k = 0; k < KNOWN.length; k++) {
    const a = known[k];
    if (!a) continue;
    const four = [a.nameSpan.start, a.nameSpan.end, a.valueSpan.start, a.valueSpan.end];
    for (let i = 0; i < 4; i++) {
      const unit = four[i] - start;
      if (unit < 0 || unit > MAX_PACKED) return undefined;
      units[4 * k + i] = unit;
    }
  }
  return String.fromCharCode(...units);
}
