// Whether a log entry's XML is still open, kept up to date as the entry grows line by line. The
// line framers ask this at every record-looking line of a multi-line entry; re-scanning the entry
// from its start each time made an unclosed element cost O(lines²) (8,000 lines: 17 s). This
// tracker reads each character once and resumes where it stopped, even inside a tag or a comment.
//
// It follows the scanner's reading where it matters for "still open": markup cut by the end,
// open elements other than the stream, end tags that close the innermost element of their name,
// a new <stream:stream> ending the previous stream. It keeps no tree and reports nothing.
import { isNameChar, isNameStart, isSpace } from '../xml/chars';
import { boundedIndexOf, STREAMS_NS } from '../xml/scanXml';

const enum Mode {
  Text,
  /** Just after '<' (the next characters say what it is). */
  Lt,
  StartName,
  InStartTag,
  EndName,
  InEndTag,
  /** Inside comment, CDATA section or processing instruction: waiting for `terminator`. */
  Until,
  Doctype,
}

export class OpenXmlTracker {
  private pos: number;
  private mode = Mode.Text;
  private markStart = 0;
  private nameEnd = 0;
  private quote = 0;
  private slash = false;
  /** In a start tag, the last non-space character was '=' (a quote opens a value only there). */
  private afterEq = false;
  private terminator = '';
  private searchFrom = 0;
  private bracket = 0;
  private readonly stack: string[] = [];
  /** Per open element: the default namespace inside it, and its own namespace (both rough). */
  private readonly nsStack: (string | undefined)[] = [];
  private readonly elNs: (string | undefined)[] = [];
  /** Index of the outermost open stanza, -1 when none. */
  private outerStanza = -1;
  private readonly counts = new Map<string, number>();
  /** Open elements whose local name is not `stream`. */
  private nonStream = 0;

  constructor(
    private readonly text: string,
    start: number,
  ) {
    this.pos = start;
  }

  /**
   * Starts over at `start` (a new entry of the same text): the framers keep one tracker per text
   * instead of a new one, with its lists and map, per log entry.
   */
  reset(start: number): this {
    this.pos = start;
    this.mode = Mode.Text;
    this.markStart = this.nameEnd = this.quote = this.searchFrom = this.bracket = this.nonStream = 0;
    this.slash = this.afterEq = false;
    this.terminator = '';
    this.stack.length = this.nsStack.length = this.elNs.length = 0;
    this.outerStanza = -1;
    this.counts.clear();
    return this;
  }

  /** True when the XML from the start to `end` is inside an element (other than the stream) or markup. */
  insideAt(end: number): boolean {
    if (end > this.pos) this.feed(end);
    return this.mode !== Mode.Text || this.nonStream > 0;
  }

  private feed(end: number): void {
    const t = this.text;
    let p = this.pos;
    while (p < end) {
      switch (this.mode) {
        case Mode.Text: {
          const lt = boundedIndexOf(t, '<', p, end);
          if (lt === -1) {
            p = end;
            break;
          }
          this.markStart = lt;
          this.mode = Mode.Lt;
          p = lt + 1;
          break;
        }
        case Mode.Lt: {
          const c = t.charCodeAt(p);
          if (c === 0x2f) {
            this.mode = Mode.EndName;
            p++;
          } else if (c === 0x3f) {
            p++;
            this.until('?>', p);
          } else if (c === 0x21) {
            // '<!--', '<![CDATA[' or '<!DOCTYPE': wait until enough characters are there to tell.
            const ms = this.markStart;
            if (end - ms < 9 && !(end - ms >= 4 && t.startsWith('<!--', ms))) return this.stopAt(p);
            if (t.startsWith('<!--', ms)) {
              p = ms + 4;
              this.until('-->', p);
            } else if (t.startsWith('<![CDATA[', ms)) {
              p = ms + 9;
              this.until(']]>', p);
            } else if (t.startsWith('<!DOCTYPE', ms)) {
              this.mode = Mode.Doctype;
              this.quote = 0;
              this.bracket = 0;
              p = ms + 9;
            } else this.mode = Mode.Text;
          } else if (isNameStart(c)) {
            this.mode = Mode.StartName;
          } else this.mode = Mode.Text;
          break;
        }
        case Mode.StartName:
        case Mode.EndName: {
          while (p < end && isNameChar(t.charCodeAt(p))) p++;
          if (p >= end) break;
          this.nameEnd = p;
          this.quote = 0;
          this.slash = false;
          this.afterEq = false;
          this.mode = this.mode === Mode.StartName ? Mode.InStartTag : Mode.InEndTag;
          break;
        }
        case Mode.InStartTag: {
          for (; p < end; p++) {
            const c = t.charCodeAt(p);
            if (this.quote) {
              if (c === this.quote) this.quote = 0;
              else if (c === 0x3c) {
                // As the scanner reads a '<' in a value: the value goes on to its closing quote
                // when no '>' comes first; otherwise the quote is missing and the tag ends here.
                const close = boundedIndexOf(t, this.quote === 0x22 ? '"' : "'", p, end);
                const gt = close === -1 ? -1 : boundedIndexOf(t, '>', p, close);
                if (close !== -1 && gt === -1) {
                  p = close;
                  this.quote = 0;
                  continue;
                }
                this.quote = 0;
                this.openElement(true, p);
                break;
              }
              continue;
            }
            if ((c === 0x22 || c === 0x27) && this.afterEq) {
              this.quote = c;
              this.afterEq = false;
              continue;
            }
            if (c === 0x3d) this.afterEq = true;
            else if (!isSpace(c)) this.afterEq = false;
            if (c === 0x3e) {
              this.openElement(!this.slash, p);
              p++;
              break;
            } else if (c === 0x3c) {
              // The scanner ends an unclosed start tag at the next '<' (and keeps the element open).
              this.openElement(true, p);
              break;
            }
            this.slash = c === 0x2f;
          }
          break;
        }
        case Mode.InEndTag: {
          while (p < end && isSpace(t.charCodeAt(p))) p++;
          if (p >= end) break;
          this.closeElement(t.slice(this.markStart + 2, this.nameEnd));
          this.mode = Mode.Text;
          if (t.charCodeAt(p) === 0x3e) p++;
          break;
        }
        case Mode.Until: {
          const i = boundedIndexOf(t, this.terminator, this.searchFrom, end);
          if (i === -1) {
            // Resume just before the end next time (a terminator cut in two by this line).
            this.searchFrom = Math.max(this.searchFrom, end - this.terminator.length + 1);
            p = end;
            break;
          }
          this.mode = Mode.Text;
          p = i + this.terminator.length;
          break;
        }
        case Mode.Doctype: {
          for (; p < end; p++) {
            const c = t.charCodeAt(p);
            if (this.quote) {
              if (c === this.quote) this.quote = 0;
            } else if (c === 0x22 || c === 0x27) this.quote = c;
            else if (c === 0x5b) this.bracket++;
            else if (c === 0x5d) this.bracket--;
            else if (c === 0x3e && this.bracket <= 0) {
              this.mode = Mode.Text;
              p++;
              break;
            }
          }
          break;
        }
      }
    }
    this.pos = p;
  }

  private stopAt(p: number): void {
    this.pos = p;
  }

  private until(terminator: string, from: number): void {
    this.mode = Mode.Until;
    this.terminator = terminator;
    this.searchFrom = from;
  }

  private openElement(open: boolean, tagEnd: number): void {
    this.mode = Mode.Text;
    const name = this.text.slice(this.markStart + 1, this.nameEnd);
    const local = localName(name);
    const { ns, dflt } = this.namespaceOf(name, tagEnd);
    if (isStanzaName(local) && isStanzaNs(ns) && this.outerStanza >= 0) {
      // As the scanner reads it: a stanza inside a stanza (or its plain children) ends the open one.
      const inner = this.stack.length - 1;
      if (isStanzaNs(this.elNs[inner]) && this.stack[inner] !== 'forwarded' && this.stack[inner] !== 'item') {
        const outer = this.outerStanza;
        while (this.stack.length > outer) this.pop();
      }
    }
    if (!open) return;
    if (local === 'stream') {
      // A stream restart: the previous stream and everything in it end here.
      let i = this.stack.length - 1;
      while (i >= 0 && localName(this.stack[i]) !== 'stream') i--;
      if (i >= 0) while (this.stack.length > i) this.pop();
    }
    if (this.outerStanza === -1 && isStanzaName(local) && isStanzaNs(ns)) this.outerStanza = this.stack.length;
    this.stack.push(name);
    this.nsStack.push(dflt);
    this.elNs.push(ns);
    this.counts.set(name, (this.counts.get(name) ?? 0) + 1);
    if (localName(name) !== 'stream') this.nonStream++;
  }

  private closeElement(name: string): void {
    // Only an end tag with an open element of its name closes anything (and what is inside it).
    if (!name || !this.counts.has(name)) return;
    for (;;) {
      const popped = this.pop();
      if (popped === name) return;
    }
  }

  /**
   * The element's namespace and the default namespace its children inherit, roughly as the scanner
   * has them: a default declaration on the tag, else the parent's; a prefix resolves only when
   * declared on the same tag (`stream:` always), else it is unbound (no namespace).
   */
  private namespaceOf(name: string, tagEnd: number): { ns: string | undefined; dflt: string | undefined } {
    const tag = this.text.slice(this.nameEnd, tagEnd);
    const declares = tag.includes('xmlns');
    const m = declares ? XMLNS.exec(tag) : null;
    const dflt = m ? m[1] ?? m[2] : this.nsStack.length > 0 ? this.nsStack[this.nsStack.length - 1] : undefined;
    const colon = name.indexOf(':');
    if (colon === -1) return { ns: dflt, dflt };
    const prefix = name.slice(0, colon);
    if (prefix === 'stream') return { ns: STREAMS_NS, dflt };
    return { ns: declares && tag.includes(`xmlns:${prefix}`) ? 'declared' : undefined, dflt };
  }

  private pop(): string {
    const name = this.stack.pop()!;
    this.nsStack.pop();
    this.elNs.pop();
    if (this.outerStanza >= this.stack.length) this.outerStanza = -1;
    const n = this.counts.get(name)!;
    if (n <= 1) this.counts.delete(name);
    else this.counts.set(name, n - 1);
    if (localName(name) !== 'stream') this.nonStream--;
    return name;
  }
}

/** A default-namespace declaration in a start tag (searched once per tag: linear). */
const XMLNS = /\sxmlns\s*=\s*(?:"([^"]*)"|'([^']*)')/;

function isStanzaName(local: string): boolean {
  return local === 'message' || local === 'presence' || local === 'iq';
}

function isStanzaNs(ns: string | undefined): boolean {
  return ns === undefined || ns === 'jabber:client' || ns === 'jabber:server' || ns.startsWith('jabber:component:');
}

function localName(name: string): string {
  const colon = name.indexOf(':');
  return colon === -1 ? name : name.slice(colon + 1);
}
