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
  /** Initial namespace scope (prefix '' = default namespace). */
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
  /** findings.length when the element opened: later cascades of one fault are not re-reported. */
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

function rootScope(namespaces: Record<string, string> | undefined): Scope {
  const s: Scope = Object.create(null);
  s.xml = XML_NS;
  if (namespaces) for (const k of Object.keys(namespaces)) s[k] = namespaces[k];
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

export function scanXml(src: string, start: number, end: number, opts: ScanOptions = {}): ScanResult {
  const map = opts.map;
  const allowUnclosed = !!opts.allowUnclosed;
  const lenient = !!opts.lenient;
  const quietOutside = lenient || !!opts.quietOutside;
  const streams = !!opts.streams;
  const single = !!opts.single;
  const nodes: XmlNode[] = [];
  const findings: Finding[] = [];
  const stack: Frame[] = [];
  const root = rootScope(opts.namespaces);
  let scope = root;
  let cutInMarkup = false;
  let cancelled = false;
  const endedEarly = new Set<XmlElement>();
  let tags = 0;
  const isCancelled = opts.isCancelled;
  // Cache: the first '&' at or after `ampFrom` (-1: none), so text without references costs no scan.
  let nextAmp = -1;
  let ampFrom = Number.POSITIVE_INFINITY;

  const sp = map ? (a: number, b: number): Span => map.toFileSpan(a, b) : (a: number, b: number): Span => ({ start: a, end: b });
  const at = map ? (a: number): number => map.toFile(a) : (a: number): number => a;

  function fault(offset: number, length: number, message: string): void {
    findings.push({ code: 'xml.malformed', message, span: sp(offset, Math.min(offset + length, end)) });
  }
  function decodeFaults(faults: DecodeFault[]): void {
    for (const f of faults) fault(f.offset, 1, f.message);
  }
  function indexBounded(ch: string, from: number): number {
    const i = src.indexOf(ch, from);
    return i === -1 || i >= end ? -1 : i;
  }
  function firstAmpIn(a: number, b: number): number {
    if (a < ampFrom || (nextAmp !== -1 && nextAmp < a)) {
      nextAmp = src.indexOf('&', a);
      ampFrom = a;
    }
    return nextAmp !== -1 && nextAmp < b ? nextAmp : -1;
  }
  function append(node: XmlNode): void {
    if (stack.length > 0) stack[stack.length - 1].el.children.push(node);
    else nodes.push(node);
  }

  function text(a: number, b: number): void {
    if (b <= a) return;
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
    const amp = firstAmpIn(a, b);
    let value: string;
    let escapes: EscapeRun[] | undefined;
    if (amp === -1) value = src.slice(a, b);
    else {
      const faults: DecodeFault[] = [];
      const d = decodeEntities(src, a, b, amp, faults);
      if (stack.length > 0 || !quietOutside) decodeFaults(faults);
      value = d.value;
      escapes = d.escapes;
    }
    append(new SourceText('text', value, sp(a, b), a, b, escapes, map));
  }

  function closeFrame(f: Frame, localEnd: number, closed: boolean): void {
    f.el.span = sp(f.localStart, localEnd);
    f.el.closed = closed;
  }

  /** Pops frames above index `i` (exclusive) as unclosed at `localEnd`. */
  function popAbove(i: number, localEnd: number): void {
    while (stack.length > i + 1) closeFrame(stack.pop()!, localEnd, false);
    scope = stack.length > 0 ? stack[stack.length - 1].scope : root;
  }

  let pos = start;
  let textStart = start;
  scan: while (pos < end) {
    const lt = indexBounded('<', pos);
    if (lt === -1) {
      pos = end;
      break;
    }
    if (lt + 1 >= end) {
      text(textStart, lt);
      textStart = end;
      cutInMarkup = true;
      if (!allowUnclosed) fault(lt, 1, "unexpected end of input after '<'");
      pos = end;
      break;
    }
    const c = src.charCodeAt(lt + 1);
    if (c === CH_SLASH) {
      text(textStart, lt);
      // ------------------------------------------------------------ end tag
      let p = lt + 2;
      const nameStart = p;
      while (p < end && isNameChar(src.charCodeAt(p))) p++;
      const name = src.slice(nameStart, p);
      while (p < end && isSpace(src.charCodeAt(p))) p++;
      if (p >= end) {
        cutInMarkup = true;
        if (!allowUnclosed) fault(lt, p - lt, 'unexpected end of input inside an end tag');
        textStart = pos = end;
        break;
      }
      if (src.charCodeAt(p) !== CH_GT) {
        fault(p, 1, name ? `expected '>' to end the end tag </${name}>` : "expected an element name after '</'");
        const gt = indexBounded('>', p);
        const nlt = indexBounded('<', p);
        p = gt !== -1 && (nlt === -1 || gt < nlt) ? gt + 1 : p;
      } else p++;
      textStart = pos = p;
      if (!name) continue;
      let i = stack.length - 1;
      while (i >= 0 && stack[i].el.name !== name) i--;
      if (i === stack.length - 1 && i >= 0) {
        const f = stack.pop()!;
        closeFrame(f, p, true);
        scope = stack.length > 0 ? stack[stack.length - 1].scope : root;
      } else if (i >= 0) {
        const inner = stack[stack.length - 1];
        if (findings.length === inner.mark) {
          fault(lt, p - lt, `end tag </${name}> found while <${inner.el.name}> is still open`);
        }
        popAbove(i, lt);
        const f = stack.pop()!;
        closeFrame(f, p, true);
        scope = stack.length > 0 ? stack[stack.length - 1].scope : root;
      } else if (streams && name === 'stream:stream') {
        // The stream's close in a later log entry than its header: nothing to match here.
      } else if (stack.length === 0) {
        if (!lenient) fault(lt, p - lt, `end tag </${name}> without a matching start tag`);
      } else {
        fault(lt, p - lt, `end tag </${name}> does not match the open <${stack[stack.length - 1].el.name}>`);
      }
      if (single && stack.length === 0 && i >= 0) break scan;
      continue;
    }
    if (c === CH_BANG) {
      // ------------------------------------------------------------ comment, CDATA, DOCTYPE
      if (src.startsWith('<!--', lt)) {
        text(textStart, lt);
        const close = src.indexOf('-->', lt + 4);
        if (close === -1 || close + 3 > end) {
          cutInMarkup = true;
          if (!allowUnclosed) fault(lt, 4, 'comment is not closed');
          textStart = pos = end;
          break;
        }
        textStart = pos = close + 3;
        continue;
      }
      if (src.startsWith('<![CDATA[', lt)) {
        text(textStart, lt);
        const a = lt + 9;
        const close = src.indexOf(']]>', a);
        if (close === -1 || close + 3 > end) {
          cutInMarkup = true;
          if (!allowUnclosed) fault(lt, 9, 'CDATA section is not closed');
          if (stack.length > 0) append(new SourceText('cdata', src.slice(a, end), sp(a, end), a, end, undefined, map));
          textStart = pos = end;
          break;
        }
        if (stack.length > 0) append(new SourceText('cdata', src.slice(a, close), sp(a, close), a, close, undefined, map));
        else if (!lenient) fault(lt, 9, 'CDATA section outside any element');
        textStart = pos = close + 3;
        continue;
      }
      if (src.startsWith('<!DOCTYPE', lt)) {
        text(textStart, lt);
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
        if (stack.length > 0) fault(lt, 9, 'DOCTYPE is not allowed inside a stanza (it is skipped, never expanded)');
        if (p >= end) {
          cutInMarkup = true;
          if (!allowUnclosed) fault(lt, 9, 'DOCTYPE declaration is not closed');
          textStart = pos = end;
          break;
        }
        textStart = pos = p + 1;
        continue;
      }
      if (!lenient) {
        text(textStart, lt);
        textStart = lt;
        fault(lt, 2, "'<!' starts no comment, CDATA section or DOCTYPE");
      }
      pos = lt + 1;
      continue;
    }
    if (c === CH_QM) {
      // ------------------------------------------------------------ processing instruction / XML declaration
      text(textStart, lt);
      const close = src.indexOf('?>', lt + 2);
      if (close === -1 || close + 2 > end) {
        cutInMarkup = true;
        if (!allowUnclosed) fault(lt, 2, 'processing instruction is not closed');
        textStart = pos = end;
        break;
      }
      textStart = pos = close + 2;
      continue;
    }
    if (!isNameStart(c)) {
      if (!lenient && (stack.length > 0 || !quietOutside)) {
        text(textStart, lt);
        textStart = lt;
        fault(lt, 1, "'<' must start a tag (write '&lt;')");
      }
      pos = lt + 1;
      continue;
    }
    // -------------------------------------------------------------- start tag
    if (isCancelled && (++tags & 1023) === 0 && isCancelled()) {
      cancelled = true;
      textStart = pos = lt;
      break;
    }
    let p = lt + 1;
    const nameStart = p;
    while (p < end && isNameChar(src.charCodeAt(p))) p++;
    const name = src.slice(nameStart, p);
    const attrs: XmlAttr[] = [];
    const tagMark = findings.length;
    let selfClose = false;
    let tagCut = false;
    let hadSpace = true;
    let resumeAt = -1; // the tag ended early at a '<' (recovery)
    for (;;) {
      const before = p;
      while (p < end && isSpace(src.charCodeAt(p))) p++;
      hadSpace = p > before;
      if (p >= end) {
        tagCut = true;
        break;
      }
      const ch = src.charCodeAt(p);
      if (ch === CH_GT) {
        p++;
        break;
      }
      if (ch === CH_SLASH) {
        if (p + 1 >= end) {
          tagCut = true;
          p = end;
          break;
        }
        if (src.charCodeAt(p + 1) === CH_GT) {
          p += 2;
          selfClose = true;
          break;
        }
        fault(p, 1, "expected '>' after '/' in a start tag");
        p++;
        continue;
      }
      if (isNameStart(ch)) {
        if (!hadSpace) fault(p, 1, 'attributes must be separated by whitespace');
        const anStart = p;
        while (p < end && isNameChar(src.charCodeAt(p))) p++;
        const aname = src.slice(anStart, p);
        const anEnd = p;
        while (p < end && isSpace(src.charCodeAt(p))) p++;
        if (p >= end) {
          tagCut = true;
          break;
        }
        if (src.charCodeAt(p) !== CH_EQ) {
          fault(p, 1, `expected '=' after attribute name '${aname}'`);
          continue;
        }
        p++;
        while (p < end && isSpace(src.charCodeAt(p))) p++;
        if (p >= end) {
          tagCut = true;
          break;
        }
        const q = src.charCodeAt(p);
        let vStart: number;
        let vEnd: number;
        if (q !== CH_DQ && q !== CH_SQ) {
          fault(p, 1, `the value of attribute '${aname}' must be quoted`);
          vStart = p;
          while (p < end) {
            const v = src.charCodeAt(p);
            if (isSpace(v) || v === CH_GT || v === CH_LT || (v === CH_SLASH && src.charCodeAt(p + 1) === CH_GT)) break;
            p++;
          }
          vEnd = p;
        } else {
          vStart = p + 1;
          const close = indexBounded(q === CH_DQ ? '"' : "'", vStart);
          const lt2 = indexBounded('<', vStart);
          if (lt2 !== -1 && (close === -1 || lt2 < close)) {
            fault(lt2, 1, `'<' is not allowed in the value of attribute '${aname}'`);
            const gt = close === -1 ? -1 : src.indexOf('>', lt2);
            if (close === -1 || (gt !== -1 && gt < close)) {
              // The closing quote is missing: end the value and the tag at the '<'.
              vEnd = lt2;
              resumeAt = lt2;
            } else vEnd = close;
          } else if (close === -1) {
            tagCut = true;
            vEnd = end;
          } else vEnd = close;
          p = resumeAt !== -1 ? resumeAt : Math.min(vEnd + 1, end);
        }
        let value: string;
        const amp = firstAmpIn(vStart, vEnd);
        if (amp === -1) value = src.slice(vStart, vEnd);
        else {
          const faults: DecodeFault[] = [];
          value = decodeEntities(src, vStart, vEnd, amp, faults).value;
          decodeFaults(faults);
        }
        for (let k = 0; k < attrs.length; k++) {
          if (attrs[k].name === aname) {
            fault(anStart, anEnd - anStart, `duplicate attribute '${aname}'`);
            break;
          }
        }
        attrs.push({ name: aname, value, nameSpan: sp(anStart, anEnd), valueSpan: sp(vStart, vEnd) });
        if (resumeAt !== -1 || tagCut) break;
        continue;
      }
      if (ch === CH_LT) {
        fault(p, 1, `start tag <${name}> is not closed with '>'`);
        resumeAt = p;
        break;
      }
      fault(p, 1, `unexpected character '${src[p]}' in start tag <${name}>`);
      p++;
    }
    if (lenient && (findings.length > tagMark || tagCut)) {
      // Unknown text: something like `<user@host>` in prose is not a tag; read it as text.
      findings.length = tagMark;
      pos = lt + 1;
      continue;
    }
    text(textStart, lt);
    if (tagCut) {
      cutInMarkup = true;
      if (!allowUnclosed) fault(lt, p - lt, `unexpected end of input inside the start tag <${name}>`);
      p = end;
    }
    const tagEnd = resumeAt !== -1 ? resumeAt : p;

    const colon = name.indexOf(':');
    const local = colon === -1 ? name : name.slice(colon + 1);
    // Namespaces: declarations on this element open a new scope.
    let elScope = declare(scope, attrs);
    if (streams && local === 'stream' && stack.length > 0 && (name === 'stream:stream' || elScope[colon === -1 ? '' : name.slice(0, colon)] === STREAMS_NS)) {
      // A stream restart (after STARTTLS/SASL) or a new session: the previous stream ends here.
      let i = stack.length - 1;
      while (i >= 0 && !(stack[i].el.local === 'stream' && (stack[i].el.name === 'stream:stream' || stack[i].el.ns === STREAMS_NS))) i--;
      if (i >= 0) {
        popAbove(i, lt);
        closeFrame(stack.pop()!, lt, false);
        scope = stack.length > 0 ? stack[stack.length - 1].scope : root;
        elScope = declare(scope, attrs);
      }
    }
    let ns = elScope[colon === -1 ? '' : name.slice(0, colon)];

    if (streams && stack.length > 0 && isStanzaName(local) && isStanzaNs(ns)) {
      // A stanza cannot sit directly in another stanza or in its plain children (<body/>...): the
      // previous stanza lost its end tag. End it here so this one is read at stream level.
      const inner = stack[stack.length - 1].el;
      if (isStanzaNs(inner.ns) && inner.local !== 'forwarded' && inner.local !== 'item') {
        let outer = -1;
        for (let i = 0; i < stack.length; i++) {
          if (isStanzaName(stack[i].el.local) && isStanzaNs(stack[i].el.ns)) {
            outer = i;
            break;
          }
        }
        if (outer >= 0) {
          const open = stack[outer].el.name;
          if (findings.length === stack[stack.length - 1].mark) {
            fault(lt, name.length + 1, `<${name}> starts before the open <${open}> was closed (missing </${open}>)`);
          }
          popAbove(outer, lt);
          const cut = stack.pop()!;
          closeFrame(cut, lt, false);
          endedEarly.add(cut.el);
          scope = stack.length > 0 ? stack[stack.length - 1].scope : root;
          elScope = declare(scope, attrs);
          ns = elScope[colon === -1 ? '' : name.slice(0, colon)];
        }
      }
    }

    const el: XmlElement = {
      type: 'element',
      name,
      local,
      ns,
      attrs,
      children: [],
      span: sp(lt, tagEnd),
      nameSpan: sp(nameStart, nameStart + name.length),
      startTagEnd: at(tagEnd),
      closed: selfClose,
    };
    append(el);
    if (tagCut) {
      stack.push({ el, scope: elScope, localStart: lt, mark: findings.length });
      textStart = pos = end;
      break;
    }
    if (selfClose) {
      textStart = pos = tagEnd;
      if (single && stack.length === 0) break;
      continue;
    }
    stack.push({ el, scope: elScope, localStart: lt, mark: findings.length });
    scope = elScope;
    textStart = pos = tagEnd;
  }
  if (pos >= end && textStart < end && !cancelled) text(textStart, end);
  const stop = Math.min(pos, end);

  const open: XmlElement[] = [];
  if (stack.length > 0) {
    if (!allowUnclosed && !cutInMarkup && !cancelled) {
      const inner = stack[stack.length - 1];
      if (findings.length === inner.mark) {
        findings.push({
          code: 'xml.malformed',
          message: `<${inner.el.name}> is never closed (end of input)`,
          span: inner.el.nameSpan,
        });
      }
    }
    for (const f of stack) {
      closeFrame(f, stop, false);
      open.push(f.el);
    }
  }
  return cancelled ? { nodes, findings, stop, open, cutInMarkup, endedEarly, cancelled } : { nodes, findings, stop, open, cutInMarkup, endedEarly };
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
