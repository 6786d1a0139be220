// Secrets the trace model can see: the character data and attributes of SASL, SASL2, FAST,
// legacy auth, registration, MUC, data-form, dialback and component-handshake elements, and (when
// asked) message bodies. Each hit is given as the file ranges its decoded text maps back to, so
// the log's own framing (line prefixes, Erlang escapes) stays as it is.
import type { Trace, XmlElement, XmlNode, XmlText } from '../types';
import { fileRuns } from './fileRuns';
import { BODY_PLACEHOLDER, PLACEHOLDER, type Hit, type RedactionKind } from './secretKinds';
import { pushAll } from '../findingLimits';

const SASL_NS = 'urn:ietf:params:xml:ns:xmpp-sasl';
const SASL2_NS = 'urn:xmpp:sasl:2';
const SASL_ELEMENTS = new Set(['auth', 'response', 'challenge', 'success']);
const SASL2_ELEMENTS = new Set(['initial-response', 'response', 'challenge', 'additional-data']);
const IQ_AUTH_NS = 'jabber:iq:auth';
const BODY_NS = new Set(['jabber:client', 'jabber:server', 'jabber:component:accept', 'jabber:component:connect', undefined]);
const XHTML_IM_NS = 'http://jabber.org/protocol/xhtml-im';
/** Attributes whose values address an entity: the JIDs to pseudonymise. */
const JID_ATTRS = new Set(['from', 'to', 'jid', 'initiator', 'responder', 'by']);
const JID_ELEMENTS = new Set(['jid', 'authorization-identifier']);

export interface XmlFindings {
  hits: Hit[];
  /** JID strings seen in addressing attributes and <jid/> elements (decoded). */
  jids: string[];
  /** Localparts written on their own (XEP-0077/0078 <username/>): [text, node]. */
  usernames: XmlText[];
}

/** The kind of secret an element's text is, or undefined. */
function textSecretKind(el: XmlElement, parent: XmlElement | undefined): RedactionKind | undefined {
  const ns = el.ns ?? '';
  const l = el.local;
  if (ns === SASL_NS && SASL_ELEMENTS.has(l)) return 'sasl';
  if (ns === SASL2_NS && SASL2_ELEMENTS.has(l)) return 'sasl2';
  if (l === 'password' && (ns === IQ_AUTH_NS || ns === 'jabber:iq:register' || ns.startsWith('http://jabber.org/protocol/muc'))) return 'password';
  if (ns === IQ_AUTH_NS && (l === 'digest' || l === 'hash' || l === 'token')) return 'iq-auth-digest';
  if (ns === 'jabber:server:dialback' && (l === 'result' || l === 'verify')) return 'dialback-key';
  if (l === 'handshake' && ns.startsWith('jabber:component:')) return 'component-handshake';
  if (l === 'value' && parent && parent.local === 'field' && parent.ns === 'jabber:x:data' && isSecretField(parent)) return 'password';
  return undefined;
}

function isSecretField(field: XmlElement): boolean {
  const get = (n: string) => field.attrs.find((a) => a.name === n)?.value ?? '';
  return get('type') === 'text-private' || /(^|[#_])(password|secret|token)$/i.test(get('var'));
}

/** Attributes that are tokens: FAST (XEP-0484) and instant stream resumption (XEP-0397). */
function tokenAttribute(el: XmlElement, name: string): boolean {
  const ns = el.ns ?? '';
  if (ns.startsWith('urn:xmpp:fast:')) return name === 'token';
  if (ns.startsWith('urn:xmpp:isr:')) return name === 'key' || name === 'token';
  return false;
}

function isBodyElement(el: XmlElement): boolean {
  if (el.local === 'html' && el.ns === XHTML_IM_NS) return true;
  return (el.local === 'body' || el.local === 'subject') && BODY_NS.has(el.ns);
}

/** Every text below `el` in document order (an explicit stack: nesting may be very deep). */
function textsBelow(el: XmlElement, out: XmlText[]): void {
  const stack: (XmlElement | XmlText)[] = [...el.children].reverse();
  while (stack.length > 0) {
    const c = stack.pop()!;
    if (c.type === 'element') for (let i = c.children.length - 1; i >= 0; i--) stack.push(c.children[i]);
    else out.push(c);
  }
}

/** Nothing to hide: blank, SASL's empty response `=`, or already redacted. */
function isEmptyValue(v: string): boolean {
  const t = v.trim();
  return t === '' || t === '=' || t === PLACEHOLDER || t === BODY_PLACEHOLDER;
}

function textHit(kind: RedactionKind, t: XmlText): Hit | undefined {
  if (isEmptyValue(t.value)) return undefined;
  // Raw characters as long as the value: the text is its file range (no escape, no gap).
  const spans = t.span.end - t.span.start === t.value.length ? [{ ...t.span }] : fileRuns(t.map, 0, t.value.length);
  if (spans.length === 0) return undefined;
  const values = kind === 'body' ? [] : kind === 'sasl' || kind === 'sasl2' ? saslCredentials(t.value) : [t.value.trim()];
  return { kind, spans, replacement: kind === 'body' ? BODY_PLACEHOLDER : PLACEHOLDER, values };
}

/** What a SASL payload reveals that a log may repeat in clear: PLAIN's password, X-OAUTH2's token. */
function saslCredentials(payload: string): string[] {
  const b64 = payload.replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]+=*$/.test(b64)) return [];
  const parts = Buffer.from(b64, 'base64').toString('utf8').split('\0');
  return parts.length === 3 ? [parts[2]] : [];
}

/** Walks every element of the trace once (stanzas and stream-level elements), never into <e2e/>. */
export function findXmlSecrets(trace: Trace, options: { bodies: boolean }): XmlFindings {
  const out: XmlFindings = { hits: [], jids: [], usernames: [] };
  const seen = new Set<XmlElement>();
  const stack: { el: XmlElement; parent?: XmlElement; inMessage: boolean }[] = [];
  for (const s of trace.stanzas) stack.push({ el: s.element, inMessage: s.kind === 'message' });
  for (const o of trace.others) stack.push({ el: o, inMessage: false });
  while (stack.length > 0) {
    const { el, parent, inMessage } = stack.pop()!;
    if (seen.has(el)) continue;
    seen.add(el);
    if (el.local === 'e2e') continue; // the protected object stays byte-exact
    for (const a of el.attrs) {
      if (tokenAttribute(el, a.name) && !isEmptyValue(a.value)) out.hits.push({ kind: 'fast-token', spans: [a.valueSpan], replacement: PLACEHOLDER, values: [a.value] });
      else if (JID_ATTRS.has(a.name) && a.value.includes('@')) out.jids.push(a.value);
    }
    const kind = textSecretKind(el, parent);
    if (kind || (options.bodies && inMessage && isBodyElement(el))) {
      const texts: XmlText[] = [];
      textsBelow(el, texts);
      for (const t of texts) {
        const h = textHit(kind ?? 'body', t);
        if (h) out.hits.push(h);
      }
      continue;
    }
    if (JID_ELEMENTS.has(el.local)) for (const t of directTexts(el)) out.jids.push(t.value.trim());
    if (el.local === 'username' && (el.ns === IQ_AUTH_NS || el.ns === 'jabber:iq:register')) pushAll(out.usernames, directTexts(el));
    const isMessage = inMessage || el.local === 'message';
    for (const c of el.children) if (c.type === 'element') stack.push({ el: c, parent: el, inMessage: isMessage });
  }
  return out;
}

function directTexts(el: XmlElement): XmlText[] {
  return el.children.filter((c: XmlNode): c is XmlText => c.type !== 'element' && c.value.trim() !== '');
}
