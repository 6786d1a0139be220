// The stanza model: kind, addressing attributes, <delay/>, and every <e2e/> with the exact file
// span and map of its character data.
import { RunOffsetMap, shiftMap } from '../offsetMap';
import type { CaptureTime, DelayInfo, Direction, E2eRef, OffsetMap, Stanza, StanzaKind, XmlAttr, XmlElement, XmlText } from '../types';
import { SourceText } from '../xml/scanXml';
import { parseLegacyStamp, parseXep82 } from './timestamps';

export const DELAY_NS = 'urn:xmpp:delay';
export const HTTPBIND_NS = 'http://jabber.org/protocol/httpbind';
export const LEGACY_DELAY_NS = 'jabber:x:delay';

export function stanzaKind(el: XmlElement): StanzaKind | undefined {
  const l = el.local;
  if (l !== 'message' && l !== 'presence' && l !== 'iq') return undefined;
  // Stanzas are in jabber:client / jabber:server / jabber:component:*, in no namespace when a log
  // hides it (Dino), or inherit the BOSH wrapper's namespace; a PIDF <presence/> is not a stanza.
  if (el.ns !== undefined && !el.ns.startsWith('jabber:') && el.ns !== HTTPBIND_NS) return undefined;
  return l;
}

export function attr(el: XmlElement, name: string): XmlAttr | undefined {
  for (const a of el.attrs) if (a.name === name) return a;
  return undefined;
}

function delayOf(el: XmlElement): DelayInfo | undefined {
  let legacy: DelayInfo | undefined;
  for (const c of el.children) {
    if (c.type !== 'element') continue;
    if (c.local === 'delay' && c.ns === DELAY_NS) return delayInfo(c, false);
    if (!legacy && c.local === 'x' && c.ns === LEGACY_DELAY_NS) legacy = delayInfo(c, true);
  }
  return legacy;
}

function delayInfo(el: XmlElement, legacy: boolean): DelayInfo {
  const d: DelayInfo = { element: el, legacy };
  const stamp = attr(el, 'stamp');
  const from = attr(el, 'from');
  if (stamp) {
    d.stamp = stamp;
    const ms = legacy ? parseLegacyStamp(stamp.value) : parseXep82(stamp.value);
    if (ms !== undefined) d.epochMs = ms;
  }
  if (from) d.from = from;
  return d;
}

function isBlank(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c !== 32 && c !== 9 && c !== 10 && c !== 13) return false;
  }
  return true;
}

export function e2eRef(el: XmlElement): E2eRef {
  const texts: XmlText[] = [];
  for (const c of el.children) if (c.type !== 'element') texts.push(c);
  const map = new RunOffsetMap();
  let content = '';
  let sawCdata = false;
  let textData = false;
  for (const t of texts) {
    content += t.value;
    if (t.type === 'cdata') sawCdata = true;
    else if (!isBlank(t.value)) textData = true;
    if (t instanceof SourceText) t.appendTo(map);
    else appendForeign(map, t);
  }
  const contentSpan =
    texts.length > 0 ? { start: texts[0].span.start, end: texts[texts.length - 1].span.end } : { start: el.startTagEnd, end: el.startTagEnd };
  // No character data: every offset is the (empty) content span's position.
  const m: OffsetMap = content.length > 0 ? map : shiftMap(contentSpan.start);
  return { element: el, ns: el.ns, isCdata: sawCdata && !textData, content, contentSpan, map: m };
}

/** A text node made elsewhere: map each character through its own map. */
function appendForeign(map: RunOffsetMap, t: XmlText): void {
  for (let i = 0; i < t.value.length; i++) {
    const sp = t.map.toFileSpan(i, i + 1);
    if (sp.end - sp.start === 1) map.verbatim(sp.start, 1);
    else map.escape(sp.start, sp.end - sp.start, 1);
  }
}

/** Every <e2e/> below `root` in document order (iterative: a deeply nested stanza cannot overflow the stack). */
function collectE2e(root: XmlElement, out: E2eRef[]): void {
  const stack: { el: XmlElement; i: number }[] = [{ el: root, i: 0 }];
  while (stack.length > 0) {
    const top = stack[stack.length - 1];
    if (top.i >= top.el.children.length) {
      stack.pop();
      continue;
    }
    const c = top.el.children[top.i++];
    if (c.type !== 'element') continue;
    // An <e2e/> inside an <e2e/> is unusual but still an element to report on.
    if (c.local === 'e2e') out.push(e2eRef(c));
    if (c.children.length > 0) stack.push({ el: c, i: 0 });
  }
}

export function buildStanza(el: XmlElement, kind: StanzaKind, direction: Direction, time: CaptureTime | undefined, entryIndex: number): Stanza {
  const s: Stanza = { kind, element: el, direction, e2e: [], entryIndex };
  if (time) s.time = time;
  for (const a of el.attrs) {
    // The first of duplicated attributes (itself an xml.malformed) is the one reported.
    if (a.name === 'from') s.from ??= a;
    else if (a.name === 'to') s.to ??= a;
    else if (a.name === 'type') s.type ??= a;
    else if (a.name === 'id') s.id ??= a;
  }
  const delay = delayOf(el);
  if (delay) s.delay = delay;
  collectE2e(el, s.e2e);
  return s;
}
