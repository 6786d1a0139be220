// The tolerant, positioned XML scanner behind parseXml and the trace parser. A hand-written
// charCodeAt/indexOf loop (no backtracking regexes): it never throws, reports each fault once at
// its exact offset and keeps going, so one bad stanza does not hide the next.
import type { Finding, OffsetMap, Span, XmlAttr, XmlElement, XmlNode, XmlText } from '../types';
import { RunOffsetMap } from '../offsetMap';
import { isNameChar, isNameStart, isSpace } from './chars';
import { decodeEntities, type DecodeFault, type EscapeRun } from './entities';
import { appendDecoded } from './projectRuns';

export const STREAMS_NS = 'http://etherx.jabber.org/streams';
export const XML_NS = 'http://www.w3.org/XML/1998/namespace';

export interface ScanOptions {
  /** Source offset -> file offset. Absent: source offsets are file offsets. */
  map?: OffsetMap;
  /** Initial namespace scope (prefix '' = default namespace); read once per object, never after. */
  namespaces?: Record<string, string>;
  /** An input that ends inside elements or markup is not a fault (a fragment, a log entry). */
  allowUnclosed?: boolean;
  /** Unknown text: a '<' that starts no markup is plain text, and junk outside elements is not a fault. */
  lenient?: boolean;
  /** XMPP streams: a new `<stream:stream>` restarts the stream; a lone `</stream:stream>` is fine. */
  streams?: boolean;
  /** Text outside any element is log noise: a stray '<' or '&' there is not a fault. */
  quietOutside?: boolean;
  /** Stop after the first complete top-level element (a Tigase `DATA=` dump). */
  single?: boolean;
  /** Polled every few hundred start tags; scanning stops (with `cancelled`) when it returns true. */
  isCancelled?: () => boolean;
}

export interface ScanResult {
  nodes: XmlNode[];
  findings: Finding[];
  /** Source offset where scanning stopped. */
  stop: number;
  /** Elements still open when the input ended, outermost first. */
  open: XmlElement[];
  /** The input ended inside a tag, comment, CDATA section or PI. */
  cutInMarkup: boolean;
  /** Stopped early by isCancelled: what is open was not cut by the capture. */
  cancelled?: boolean;
  /** Stanzas ended where the next stanza started (their end tag was missing: an xml.malformed). */
  endedEarly: Set<XmlElement>;
}

type Scope = Record<string, string | undefined>;

interface Frame {
  el: XmlElement;
  scope: Scope;
  localStart: number;
  /** The fault count when the element opened: later cascades of one fault are not re-reported. */
  mark: number;
}

/** Character data with its decoding kept, so its offset map is built only when asked for. */
export class SourceText implements XmlText {
  private cached?: OffsetMap;
  constructor(
    readonly type: 'text' | 'cdata',
    readonly value: string,
    readonly span: Span,
    /** Source range of the raw characters and the map of the source to the file. */
    readonly srcStart: number,
    readonly srcEnd: number,
    readonly escapes: readonly EscapeRun[] | undefined,
    readonly source: OffsetMap | undefined,
  ) {}

  get map(): OffsetMap {
    if (!this.cached) {
      const m = new RunOffsetMap();
      this.appendTo(m);
      this.cached = m;
    }
    return this.cached;
  }

  /** Appends this text's characters, as they map to the file, to `target`. */
  appendTo(target: RunOffsetMap): void {
    appendDecoded(target, this.source, this.srcStart, this.srcEnd, this.escapes);
  }
}

/**
 * The root scope of each `namespaces` object, made once: every log entry is a scan of its own, and
 * a fresh root per scan (a new prototype for the scopes declared under it) cost V8 a new hidden
 * class per entry. Scopes are never written after they are made, so sharing them is safe.
 */
const rootScopes = new WeakMap<object, Scope>();
const NO_NAMESPACES = {};

function rootScope(namespaces: Record<string, string> | undefined): Scope {
  const key = namespaces ?? NO_NAMESPACES;
  let s = rootScopes.get(key);
  if (!s) {
    s = Object.create(null) as Scope;
    s.xml = XML_NS;
    if (namespaces) for (const k of Object.keys(namespaces)) s[k] = namespaces[k];
    rootScopes.set(key, s);
  }
  return s;
}

/**
 * The one empty list of attributes and of children: most elements have no attributes or no
 * children, and a list per element cost a few dozen bytes each in a large trace. Frozen: the tree
 * is read, never written, after the scan.
 */
const NO_ATTRS: XmlAttr[] = Object.freeze([]) as unknown as XmlAttr[];
const NO_CHILDREN: XmlNode[] = Object.freeze([]) as unknown as XmlNode[];
/** An open element's span until its end is known (closeFrame always replaces it). */
const OPEN_SPAN: Span = Object.freeze({ start: -1, end: -1 });

/**
 * Names and short values, one string each: a slice shorter than 13 characters is a copy in V8, and
 * a large trace repeats `message`, `to`, `chat` hundreds of thousands of times. Bounded: past the
 * limit, new strings are kept as they are (no clearing, no churn).
 */
const INTERN_LIMIT = 8192;
const INTERN_MAX_LENGTH = 12;
const interned = new Map<string, string>();

function intern(s: string): string {
  if (s.length > INTERN_MAX_LENGTH) return s;
  const known = interned.get(s);
  if (known !== undefined) return known;
  if (interned.size < INTERN_LIMIT) interned.set(s, s);
  return s;
}

const CH_LT = 0x3c;
const CH_GT = 0x3e;
const CH_SLASH = 0x2f;
const CH_BANG = 0x21;
const CH_QM = 0x3f;
const CH_EQ = 0x3d;
const CH_DQ = 0x22;
const CH_SQ = 0x27;
/** Up to this many attributes, a duplicate is found by comparing names; beyond, with a Set. */
const DUP_SCAN_LIMIT = 8;
/**
 * Findings one scan keeps; the rest are counted in one `findings.capped` (a run of 200,000 stray
 * quotes is one fault per character). Above the per-file cap, so that cap still decides what shows.
 */
const MAX_SCAN_FINDINGS = 10_001;
/** Up to this depth an unmatched end tag is looked up by walking the stack. */
const SHALLOW = 32;

export function scanXml(src: string, start: number, end: number, opts: ScanOptions = {}): ScanResult {
  return new XmlScanner(src, end, opts).run(start);
}

/**
 * The next occurrence of one character at or after a position, searched only up to `end` and
 * remembered: the scanner asks again and again with growing positions (each attribute value looks
 * for the next '<'), and every answer costs amortised O(1) instead of a scan to the next hit.
 */
class NextChar {
  private at = -1;
  private from = Number.POSITIVE_INFINITY;
  constructor(
    private readonly src: string,
    private readonly ch: string,
    private readonly end: number,
  ) {}

  find(from: number): number {
    if (from < this.from || (this.at !== -1 && this.at < from)) {
      this.at = boundedIndexOf(this.src, this.ch, from, this.end);
      this.from = from;
    }
    return this.at;
  }
}

/** `src.indexOf(needle, from)` that never looks at or past `end` (a frame of a larger file). */
export function boundedIndexOf(src: string, needle: string, from: number, end: number): number {
  if (from >= end) return -1;
  if (end >= src.length) return src.indexOf(needle, from);
  // A slice of a long string is a view (no copy): the search stops at the frame's end.
  const i = src.slice(from, end).indexOf(needle);
  return i === -1 ? -1 : from + i;
}

/** What the main loop does after one construct: go on from `pos`, or stop scanning. */
const STOP = -1;

interface StartTag {
  name: string;
  nameStart: number;
  attrs: XmlAttr[];
  selfClose: boolean;
  /** The input ended inside the tag. */
  cut: boolean;
  /** Where the tag's text ends (after '>' or '/>'; at a '<' when it ended early). */
  end: number;
  /** The tag ended early at a '<' (recovery). */
  resumed: boolean;
}

class XmlScanner {
  private readonly map: OffsetMap | undefined;
  private readonly allowUnclosed: boolean;
  private readonly lenient: boolean;
  private readonly quietOutside: boolean;
  private readonly streams: boolean;
  private readonly single: boolean;
  private readonly isCancelled: (() => boolean) | undefined;
  private readonly nodes: XmlNode[] = [];
  private readonly findings: Finding[] = [];
  private readonly stack: Frame[] = [];
  /**
   * Open elements per name, kept from the first mismatched end tag in a deep stack on: then an end
   * tag that matches none is known at once, without a walk down the stack (no cost before).
   */
  private openNames: Map<string, number> | undefined;
  /** Index in `stack` of the outermost open stanza, -1 when none. */
  private outerStanza = -1;
  private readonly root: Scope;
  private scope: Scope;
  private cutInMarkup = false;
  private cancelled = false;
  private readonly endedEarly = new Set<XmlElement>();
  private tags = 0;
  /** Faults seen, also those beyond MAX_SCAN_FINDINGS that are only counted. */
  private faults = 0;
  private textStart = 0;
  private readonly lt: NextChar;
  private readonly gt: NextChar;
  private readonly amp: NextChar;
  private readonly dq: NextChar;
  private readonly sq: NextChar;
  private readonly sp: (a: number, b: number) => Span;
  private readonly at: (a: number) => number;

  constructor(
    private readonly src: string,
    private readonly end: number,
    opts: ScanOptions,
  ) {
    const map = (this.map = opts.map);
    this.allowUnclosed = !!opts.allowUnclosed;
    this.lenient = !!opts.lenient;
    this.quietOutside = this.lenient || !!opts.quietOutside;
    this.streams = !!opts.streams;
    this.single = !!opts.single;
    this.isCancelled = opts.isCancelled;
    this.root = this.scope = this.placedScope = rootScope(opts.namespaces);
    this.lt = new NextChar(src, '<', end);
    this.gt = new NextChar(src, '>', end);
    this.amp = new NextChar(src, '&', end);
    this.dq = new NextChar(src, '"', end);
    this.sq = new NextChar(src, "'", end);
    this.sp = map ? (a, b) => map.toFileSpan(a, b) : (a, b) => ({ start: a, end: b });
    this.at = map ? (a) => map.toFile(a) : (a) => a;
  }

  run(start: number): ScanResult {
    const { src, end } = this;
    let pos = start;
    this.textStart = start;
    while (pos < end) {
      const lt = this.lt.find(pos);
      if (lt === -1) {
        pos = end;
        break;
      }
      if (lt + 1 >= end) {
        this.text(this.textStart, lt);
        this.textStart = end;
        this.cutInMarkup = true;
        if (!this.allowUnclosed) this.fault(lt, 1, "unexpected end of input after '<'");
        pos = end;
        break;
      }
      const c = src.charCodeAt(lt + 1);
      let next: number;
      if (c === CH_SLASH) next = this.endTag(lt);
      else if (c === CH_BANG) next = this.declaration(lt);
      else if (c === CH_QM) next = this.skipped(lt, 2, '?>', 'processing instruction');
      else if (isNameStart(c)) next = this.startTag(lt);
      else next = this.strayLt(lt);
      if (next === STOP) {
        pos = this.stopAt;
        break;
      }
      pos = next;
    }
    return this.finish(pos);
  }

  /** Where scanning stopped when a handler returned STOP. */
  private stopAt = 0;
  private readonly tag: StartTag = { name: '', nameStart: 0, attrs: NO_ATTRS, selfClose: false, cut: false, end: 0, resumed: false };
  private readonly attrScratch: XmlAttr[] = [];
  /** The scope of the element `placeElement` made last. */
  private placedScope: Scope;

  private stop(at: number): number {
    this.stopAt = at;
    return STOP;
  }

  // ------------------------------------------------------------------ findings and nodes

  private fault(offset: number, length: number, message: string, span?: Span): void {
    if (++this.faults > MAX_SCAN_FINDINGS) return;
    this.findings.push({ code: 'xml.malformed', message, span: span ?? this.sp(offset, Math.min(offset + length, this.end)) });
  }

  private decodeFaults(faults: DecodeFault[]): void {
    for (const f of faults) this.fault(f.offset, 1, f.message);
  }

  private append(node: XmlNode): void {
    const stack = this.stack;
    if (stack.length === 0) {
      this.nodes.push(node);
      return;
    }
    const el = stack[stack.length - 1].el;
    // The first child makes a list of exactly one (no spare capacity); later ones grow it.
    if (el.children === NO_CHILDREN) el.children = [node];
    else el.children.push(node);
  }

  private text(a: number, b: number): void {
    if (b <= a) return;
    const { src, stack } = this;
    if (stack.length === 0) {
      // Outside any element only non-blank text is kept (junk in a log, content after a root).
      let blank = true;
      for (let i = a; i < b; i++) {
        if (!isSpace(src.charCodeAt(i))) {
          blank = false;
          break;
        }
      }
      if (blank) return;
    }
    const amp = this.ampIn(a, b);
    let value: string;
    let escapes: EscapeRun[] | undefined;
    if (amp === -1) value = intern(src.slice(a, b));
    else {
      const faults: DecodeFault[] = [];
      const d = decodeEntities(src, a, b, amp, faults);
      if (stack.length > 0 || !this.quietOutside) this.decodeFaults(faults);
      value = d.value;
      escapes = d.escapes;
    }
    this.append(new SourceText('text', value, this.sp(a, b), a, b, escapes, this.map));
  }

  private ampIn(a: number, b: number): number {
    const i = this.amp.find(a);
    return i !== -1 && i < b ? i : -1;
  }

  // ------------------------------------------------------------------ the open-element stack

  private push(f: Frame): void {
    if (this.outerStanza === -1 && isStanzaName(f.el.local) && isStanzaNs(f.el.ns)) this.outerStanza = this.stack.length;
    this.stack.push(f);
    if (this.openNames) this.openNames.set(f.el.name, (this.openNames.get(f.el.name) ?? 0) + 1);
  }

  private pop(): Frame {
    const f = this.stack.pop()!;
    const names = this.openNames;
    if (names) {
      const n = names.get(f.el.name)!;
      if (n <= 1) names.delete(f.el.name);
      else names.set(f.el.name, n - 1);
    }
    if (this.outerStanza >= this.stack.length) this.outerStanza = -1;
    return f;
  }

  private rescope(): void {
    this.scope = this.stack.length > 0 ? this.stack[this.stack.length - 1].scope : this.root;
  }

  private closeFrame(f: Frame, localEnd: number, closed: boolean): void {
    const el = f.el;
    el.span = this.sp(f.localStart, localEnd);
    el.closed = closed;
    // A list grown by push keeps spare capacity (17 slots for 2 children): keep an exact copy.
    if (el.children.length > 1) el.children = el.children.slice();
  }

  /** Pops frames above index `i` (exclusive) as unclosed at `localEnd`. */
  private popAbove(i: number, localEnd: number): void {
    while (this.stack.length > i + 1) this.closeFrame(this.pop(), localEnd, false);
    this.rescope();
  }

  /** Index of the innermost open element named `name`, or -1. */
  private openIndexOf(name: string): number {
    const stack = this.stack;
    const top = stack.length - 1;
    if (top >= 0 && stack[top].el.name === name) return top;
    if (top >= SHALLOW) {
      if (!this.openNames) {
        this.openNames = new Map();
        for (const f of stack) this.openNames.set(f.el.name, (this.openNames.get(f.el.name) ?? 0) + 1);
      }
      if (!this.openNames.has(name)) return -1;
    }
    let i = top;
    while (i >= 0 && this.stack[i].el.name !== name) i--;
    return i;
  }

  // ------------------------------------------------------------------ end tag

  private endTag(lt: number): number {
    const { src, end, stack } = this;
    this.text(this.textStart, lt);
    let p = lt + 2;
    const nameStart = p;
    while (p < end && isNameChar(src.charCodeAt(p))) p++;
    const name = intern(src.slice(nameStart, p));
    while (p < end && isSpace(src.charCodeAt(p))) p++;
    if (p >= end) {
      this.cutInMarkup = true;
      if (!this.allowUnclosed) this.fault(lt, p - lt, 'unexpected end of input inside an end tag');
      this.textStart = end;
      return this.stop(end);
    }
    if (src.charCodeAt(p) !== CH_GT) {
      this.fault(p, 1, name ? `expected '>' to end the end tag </${name}>` : "expected an element name after '</'");
      const gt = this.gt.find(p);
      const nlt = this.lt.find(p);
      p = gt !== -1 && (nlt === -1 || gt < nlt) ? gt + 1 : p;
    } else p++;
    this.textStart = p;
    if (!name) return p;
    const i = this.openIndexOf(name);
    if (i === stack.length - 1 && i >= 0) {
      this.closeFrame(this.pop(), p, true);
      this.rescope();
    } else if (i >= 0) {
      const inner = stack[stack.length - 1];
      if (this.faults === inner.mark) {
        this.fault(lt, p - lt, `end tag </${name}> found while <${inner.el.name}> is still open`);
      }
      this.popAbove(i, lt);
      this.closeFrame(this.pop(), p, true);
      this.rescope();
    } else if (this.streams && name === 'stream:stream') {
      // The stream's close in a later log entry than its header: nothing to match here.
    } else if (stack.length === 0) {
      if (!this.lenient) this.fault(lt, p - lt, `end tag </${name}> without a matching start tag`);
    } else {
      this.fault(lt, p - lt, `end tag </${name}> does not match the open <${stack[stack.length - 1].el.name}>`);
    }
    if (this.single && stack.length === 0 && i >= 0) return this.stop(p);
    return p;
  }

  // ------------------------------------------------------------------ comment, CDATA, DOCTYPE

  private declaration(lt: number): number {
    const src = this.src;
    if (src.startsWith('<!--', lt)) return this.skipped(lt, 4, '-->', 'comment');
    if (src.startsWith('<![CDATA[', lt)) return this.cdata(lt);
    if (src.startsWith('<!DOCTYPE', lt)) return this.doctype(lt);
    if (!this.lenient) {
      this.text(this.textStart, lt);
      this.textStart = lt;
      this.fault(lt, 2, "'<!' starts no comment, CDATA section or DOCTYPE");
    }
    return lt + 1;
  }

  /** Markup that runs to `terminator`; STOP (cut) when the input ends first. */
  private closedBy(lt: number, from: number, terminator: string, openLength: number, what: string): number {
    const close = boundedIndexOf(this.src, terminator, from, this.end);
    if (close === -1 || close + terminator.length > this.end) {
      this.cutInMarkup = true;
      if (!this.allowUnclosed) this.fault(lt, openLength, `${what} is not closed`);
      return -1;
    }
    return close;
  }

  /** A comment or processing instruction: skipped to its terminator (STOP when the input ends first). */
  private skipped(lt: number, openLength: number, terminator: string, what: string): number {
    this.text(this.textStart, lt);
    const close = this.closedBy(lt, lt + openLength, terminator, openLength, what);
    if (close === -1) {
      this.textStart = this.end;
      return this.stop(this.end);
    }
    return (this.textStart = close + terminator.length);
  }

  private cdata(lt: number): number {
    const { src, end } = this;
    this.text(this.textStart, lt);
    const a = lt + 9;
    const close = this.closedBy(lt, a, ']]>', 9, 'CDATA section');
    if (close === -1) {
      if (this.stack.length > 0) this.append(new SourceText('cdata', src.slice(a, end), this.sp(a, end), a, end, undefined, this.map));
      this.textStart = end;
      return this.stop(end);
    }
    if (this.stack.length > 0) this.append(new SourceText('cdata', src.slice(a, close), this.sp(a, close), a, close, undefined, this.map));
    else if (!this.lenient) this.fault(lt, 9, 'CDATA section outside any element');
    return (this.textStart = close + 3);
  }

  private doctype(lt: number): number {
    const { src, end } = this;
    this.text(this.textStart, lt);
    // Skipped, never expanded: find its '>' outside quotes and the internal subset.
    let p = lt + 9;
    let bracket = 0;
    let quote = 0;
    for (; p < end; p++) {
      const ch = src.charCodeAt(p);
      if (quote) {
        if (ch === quote) quote = 0;
      } else if (ch === CH_DQ || ch === CH_SQ) quote = ch;
      else if (ch === 0x5b) bracket++;
      else if (ch === 0x5d) bracket--;
      else if (ch === CH_GT && bracket <= 0) break;
    }
    if (this.stack.length > 0) this.fault(lt, 9, 'DOCTYPE is not allowed inside a stanza (it is skipped, never expanded)');
    if (p >= end) {
      this.cutInMarkup = true;
      if (!this.allowUnclosed) this.fault(lt, 9, 'DOCTYPE declaration is not closed');
      this.textStart = end;
      return this.stop(end);
    }
    return (this.textStart = p + 1);
  }

  // ------------------------------------------------------------------ stray '<'

  private strayLt(lt: number): number {
    if (!this.lenient && (this.stack.length > 0 || !this.quietOutside)) {
      this.text(this.textStart, lt);
      this.textStart = lt;
      this.fault(lt, 1, "'<' must start a tag (write '&lt;')");
    }
    return lt + 1;
  }

  // ------------------------------------------------------------------ start tag

  private startTag(lt: number): number {
    if (this.isCancelled && (++this.tags & 1023) === 0 && this.isCancelled()) {
      this.cancelled = true;
      this.textStart = lt;
      return this.stop(lt);
    }
    const tagMark = this.faults;
    const tagFindings = this.findings.length;
    // One StartTag per scanner, reset per tag: no allocation beyond the element itself.
    const tag = this.readStartTag(lt);
    if (this.lenient && (this.faults > tagMark || tag.cut)) {
      // Unknown text: something like `<user@host>` in prose is not a tag; read it as text.
      this.findings.length = tagFindings;
      this.faults = tagMark;
      return lt + 1;
    }
    this.text(this.textStart, lt);
    if (tag.cut) {
      this.cutInMarkup = true;
      if (!this.allowUnclosed) this.fault(lt, tag.end - lt, `unexpected end of input inside the start tag <${tag.name}>`);
      tag.end = this.end;
    }
    const el = this.placeElement(lt, tag);
    const scope = this.placedScope;
    this.append(el);
    if (tag.cut) {
      this.push({ el, scope, localStart: lt, mark: this.faults });
      this.textStart = this.end;
      return this.stop(this.end);
    }
    this.textStart = tag.end;
    if (tag.selfClose) return this.single && this.stack.length === 0 ? this.stop(tag.end) : tag.end;
    this.push({ el, scope, localStart: lt, mark: this.faults });
    this.scope = scope;
    return tag.end;
  }

  /** Name and attributes of the start tag at `lt`, with a fault for everything out of place. */
  private readStartTag(lt: number): StartTag {
    const { src, end } = this;
    let p = lt + 1;
    const nameStart = p;
    while (p < end && isNameChar(src.charCodeAt(p))) p++;
    const tag = this.tag;
    tag.name = intern(src.slice(nameStart, p));
    tag.nameStart = nameStart;
    // Attributes are collected in one reused list, then copied at their exact count.
    const attrs = (tag.attrs = this.attrScratch);
    attrs.length = 0;
    tag.selfClose = tag.cut = tag.resumed = false;
    tag.end = p;
    let seen: Set<string> | undefined;
    for (;;) {
      const before = p;
      while (p < end && isSpace(src.charCodeAt(p))) p++;
      const hadSpace = p > before;
      if (p >= end) {
        tag.cut = true;
        break;
      }
      const ch = src.charCodeAt(p);
      if (ch === CH_GT) {
        p++;
        break;
      }
      if (ch === CH_SLASH) {
        if (p + 1 >= end) {
          tag.cut = true;
          p = end;
          break;
        }
        if (src.charCodeAt(p + 1) === CH_GT) {
          p += 2;
          tag.selfClose = true;
          break;
        }
        this.fault(p, 1, "expected '>' after '/' in a start tag");
        p++;
        continue;
      }
      if (isNameStart(ch)) {
        if (!hadSpace) this.fault(p, 1, 'attributes must be separated by whitespace');
        const count = tag.attrs.length;
        p = this.attribute(p, tag);
        if (tag.attrs.length > count && count >= DUP_SCAN_LIMIT) seen = this.checkDuplicate(tag.attrs, seen);
        if (tag.resumed || tag.cut) break;
        continue;
      }
      if (ch === CH_LT) {
        this.fault(p, 1, `start tag <${tag.name}> is not closed with '>'`);
        tag.resumed = true;
        break;
      }
      this.fault(p, 1, `unexpected character '${src[p]}' in start tag <${tag.name}>`);
      p++;
    }
    tag.end = p;
    tag.attrs = attrs.length === 0 ? NO_ATTRS : attrs.slice();
    attrs.length = 0;
    return tag;
  }

  /**
   * One `name="value"` at `p`; appends it to `tag.attrs` (when it has a value) and returns where
   * the tag goes on. Sets `tag.cut` / `tag.resumed` when the tag ends inside or at a '<'.
   */
  private attribute(p: number, tag: StartTag): number {
    const { src, end } = this;
    const anStart = p;
    while (p < end && isNameChar(src.charCodeAt(p))) p++;
    const aname = intern(src.slice(anStart, p));
    const anEnd = p;
    while (p < end && isSpace(src.charCodeAt(p))) p++;
    if (p >= end) {
      tag.cut = true;
      return p;
    }
    if (src.charCodeAt(p) !== CH_EQ) {
      this.fault(p, 1, `expected '=' after attribute name '${aname}'`);
      return p;
    }
    p++;
    while (p < end && isSpace(src.charCodeAt(p))) p++;
    if (p >= end) {
      tag.cut = true;
      return p;
    }
    const q = src.charCodeAt(p);
    let vStart: number;
    let vEnd: number;
    if (q !== CH_DQ && q !== CH_SQ) {
      this.fault(p, 1, `the value of attribute '${aname}' must be quoted`);
      vStart = p;
      while (p < end) {
        const v = src.charCodeAt(p);
        if (isSpace(v) || v === CH_GT || v === CH_LT || (v === CH_SLASH && src.charCodeAt(p + 1) === CH_GT)) break;
        p++;
      }
      vEnd = p;
    } else {
      vStart = p + 1;
      const close = (q === CH_DQ ? this.dq : this.sq).find(vStart);
      const lt2 = this.lt.find(vStart);
      if (lt2 !== -1 && (close === -1 || lt2 < close)) {
        this.fault(lt2, 1, `'<' is not allowed in the value of attribute '${aname}'`);
        const gt = close === -1 ? -1 : this.gt.find(lt2);
        if (close === -1 || (gt !== -1 && gt < close)) {
          // The closing quote is missing: end the value and the tag at the '<'.
          vEnd = lt2;
          tag.resumed = true;
        } else vEnd = close;
      } else if (close === -1) {
        tag.cut = true;
        vEnd = end;
      } else vEnd = close;
      p = tag.resumed ? vEnd : Math.min(vEnd + 1, end);
    }
    let value: string;
    const amp = this.ampIn(vStart, vEnd);
    if (amp === -1) value = intern(src.slice(vStart, vEnd));
    else {
      const faults: DecodeFault[] = [];
      value = decodeEntities(src, vStart, vEnd, amp, faults).value;
      this.decodeFaults(faults);
    }
    if (tag.attrs.length < DUP_SCAN_LIMIT) {
      for (let k = 0; k < tag.attrs.length; k++) {
        if (tag.attrs[k].name === aname) {
          this.fault(anStart, anEnd - anStart, `duplicate attribute '${aname}'`);
          break;
        }
      }
    }
    tag.attrs.push({ name: aname, value, nameSpan: this.sp(anStart, anEnd), valueSpan: this.sp(vStart, vEnd) });
    return p;
  }

  /**
   * Beyond a few attributes, duplicates are found with a Set of the names so far (one lookup per
   * attribute, not a comparison with every earlier one). Returns the Set for the next attribute.
   */
  private checkDuplicate(attrs: XmlAttr[], seen: Set<string> | undefined): Set<string> {
    const last = attrs[attrs.length - 1];
    if (!seen) {
      seen = new Set();
      for (let k = 0; k < attrs.length - 1; k++) seen.add(attrs[k].name);
    }
    if (seen.has(last.name)) {
      this.fault(0, 0, `duplicate attribute '${last.name}'`, last.nameSpan);
    } else seen.add(last.name);
    return seen;
  }

  /**
   * The element for a start tag, in its namespace scope, after the stream-level recoveries: a new
   * `<stream:stream>` ends the previous stream; a stanza that opens inside another stanza ends it.
   */
  private placeElement(lt: number, tag: StartTag): XmlElement {
    const { name, attrs } = tag;
    const stack = this.stack;
    const colon = name.indexOf(':');
    const prefix = colon === -1 ? '' : name.slice(0, colon);
    const local = colon === -1 ? name : intern(name.slice(colon + 1));
    // Namespaces: declarations on this element open a new scope.
    let elScope = declare(this.scope, attrs);
    if (this.streams && local === 'stream' && stack.length > 0 && (name === 'stream:stream' || elScope[prefix] === STREAMS_NS)) {
      // A stream restart (after STARTTLS/SASL) or a new session: the previous stream ends here.
      let i = stack.length - 1;
      while (i >= 0 && !(stack[i].el.local === 'stream' && (stack[i].el.name === 'stream:stream' || stack[i].el.ns === STREAMS_NS))) i--;
      if (i >= 0) {
        this.popAbove(i, lt);
        this.closeFrame(this.pop(), lt, false);
        this.rescope();
        elScope = declare(this.scope, attrs);
      }
    }
    let ns = elScope[prefix];
    if (this.streams && stack.length > 0 && isStanzaName(local) && isStanzaNs(ns)) {
      // A stanza cannot sit directly in another stanza or in its plain children (<body/>...): the
      // previous stanza lost its end tag. End it here so this one is read at stream level.
      const inner = stack[stack.length - 1].el;
      const outer = this.outerStanza;
      if (isStanzaNs(inner.ns) && inner.local !== 'forwarded' && inner.local !== 'item' && outer >= 0) {
        const open = stack[outer].el.name;
        if (this.faults === stack[stack.length - 1].mark) {
          this.fault(lt, name.length + 1, `<${name}> starts before the open <${open}> was closed (missing </${open}>)`);
        }
        this.popAbove(outer, lt);
        const cut = this.pop();
        this.closeFrame(cut, lt, false);
        this.endedEarly.add(cut.el);
        this.rescope();
        elScope = declare(this.scope, attrs);
        ns = elScope[prefix];
      }
    }
    const el: XmlElement = {
      type: 'element',
      name,
      local,
      ns,
      attrs,
      children: NO_CHILDREN,
      // An element left open gets its span when it closes (or when the input ends).
      span: tag.selfClose && !tag.cut ? this.sp(lt, tag.end) : OPEN_SPAN,
      nameSpan: this.sp(tag.nameStart, tag.nameStart + name.length),
      startTagEnd: this.at(tag.end),
      closed: tag.selfClose,
    };
    this.placedScope = elScope;
    return el;
  }

  // ------------------------------------------------------------------ end of input

  private finish(pos: number): ScanResult {
    const { end, stack, findings, nodes, endedEarly, cutInMarkup, cancelled } = this;
    if (pos >= end && this.textStart < end && !cancelled) this.text(this.textStart, end);
    const stop = Math.min(pos, end);
    if (this.faults > MAX_SCAN_FINDINGS) {
      const dropped = this.faults - MAX_SCAN_FINDINGS;
      findings.push({
        code: 'findings.capped',
        message: `${dropped} more XML fault(s) here were dropped after the first ${MAX_SCAN_FINDINGS}.`,
        span: findings[findings.length - 1].span,
        data: { dropped, limit: MAX_SCAN_FINDINGS, codes: { 'xml.malformed': dropped } },
      });
    }
    const open: XmlElement[] = [];
    if (stack.length > 0) {
      if (!this.allowUnclosed && !cutInMarkup && !cancelled) {
        const inner = stack[stack.length - 1];
        if (this.faults === inner.mark) this.fault(0, 0, `<${inner.el.name}> is never closed (end of input)`, inner.el.nameSpan);
      }
      for (const f of stack) {
        this.closeFrame(f, stop, false);
        open.push(f.el);
      }
    }
    return cancelled ? { nodes, findings, stop, open, cutInMarkup, endedEarly, cancelled } : { nodes, findings, stop, open, cutInMarkup, endedEarly };
  }
}

function isStanzaName(local: string): boolean {
  return local === 'message' || local === 'presence' || local === 'iq';
}

/** Namespaces whose elements are stanzas or their plain children (not extension payloads). */
function isStanzaNs(ns: string | undefined): boolean {
  return ns === undefined || ns === 'jabber:client' || ns === 'jabber:server' || ns.startsWith('jabber:component:');
}

function declare(base: Scope, attrs: XmlAttr[]): Scope {
  let s = base;
  for (let k = 0; k < attrs.length; k++) {
    const an = attrs[k].name;
    if (an.charCodeAt(0) === 0x78 && an.startsWith('xmlns') && (an.length === 5 || an.charCodeAt(5) === 0x3a)) {
      if (s === base) s = Object.create(base) as Scope;
      s[an.length === 5 ? '' : an.slice(6)] = attrs[k].value || undefined;
    }
  }
  return s;
}
