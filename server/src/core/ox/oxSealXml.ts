// The XML of sealing a <message/> as OX (XEP-0373 §3.1, XEP-0374 §2.1): the inner <signcrypt/>,
// <sign/> or <crypt/> that the OpenPGP message carries (every <to jid/>, <time stamp/>, <rpad/> for
// the encrypted ones, and the stanza's children in <payload/>), and the outer stanza that replaces
// it: the same start tag, <openpgp/> with the base64 message, a storage hint, the EME marker and a
// fallback body. Pure: the edge (node/sealOx.ts) draws the padding and does the OpenPGP work.
import { parseXml } from '../xml/parseXml';
import { bareJid } from '../jid/jid';
import { attr } from '../omemo/xmlBits';
import type { XmlElement } from '../types';
import { OX_NS } from './findOx';

export type OxSealKind = 'signcrypt' | 'sign' | 'crypt';

export interface OxSealPlan {
  /** Bare JIDs: the stanza's addresses (the sender may come from the caller for sender-side captures). */
  from: string;
  to: string;
  /** The inner element, UTF-8 text of the OpenPGP literal data. */
  inner: string;
  /** The stanza that replaces the plain one, given the base64 OpenPGP message. */
  outer(base64: string): string;
}

export const OX_FALLBACK_BODY = 'This message is encrypted with OpenPGP for XMPP (XEP-0373/0374).';
const PROTECTED = ['urn:xmpp:openpgp:0', 'urn:ietf:params:xml:ns:xmpp-e2e', 'jabber:x:encrypted', 'eu.siacs.conversations.axolotl', 'urn:xmpp:omemo:2'];

const escAttr = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/'/g, '&apos;');

/** XEP-0082 DateTime, milliseconds only when there are some (several stanzas sealed at once differ by 1 ms). */
export function oxStamp(ms: number): string {
  return new Date(ms).toISOString().replace('.000Z', 'Z');
}

/**
 * Plans the seal of one stanza, or says why it cannot be sealed. `rpad` is the random padding the
 * caller drew (XEP-0373 §3.1: random length, random content; not for <sign/>).
 */
export function planOxSeal(xml: string, kind: OxSealKind, nowMs: number, rpad: string, sender?: string): OxSealPlan | string {
  const el = parseXml(xml).nodes.find((n): n is XmlElement => n.type === 'element');
  if (!el || !el.closed) return 'not a complete stanza';
  if (el.local !== 'message') return `OX (XEP-0374) seals <message/> stanzas, not <${el.local}/>`;
  const kids = el.children.filter((c): c is XmlElement => c.type === 'element');
  const sealed = kids.find((c) => c.ns !== undefined && PROTECTED.includes(c.ns));
  if (sealed) return `the message is already sealed (it carries <${sealed.local} xmlns='${sealed.ns}'/>)`;
  if (kids.length === 0) return 'the message has no child element to protect';
  const toAttr = attr(el, 'to')?.value;
  if (!toAttr) return 'the message has no to: OX needs the recipient for <to jid/> and its key';
  const fromAttr = attr(el, 'from')?.value ?? sender;
  if (!fromAttr) return 'the message has no from: the sender\'s key cannot be chosen';
  const contentNs = el.ns ?? 'jabber:client';
  const payload = kids.map((c) => withNamespace(xml, c, contentNs)).join('');
  const to = bareJid(toAttr);
  const pad = kind === 'sign' ? '' : `<rpad>${rpad}</rpad>`;
  const inner = `<${kind} xmlns='${OX_NS}'><to jid='${escAttr(to)}'/><time stamp='${oxStamp(nowMs)}'/>${pad}<payload>${payload}</payload></${kind}>`;
  const startTag = xml.slice(el.span.start, el.startTagEnd);
  return {
    from: bareJid(fromAttr),
    to,
    inner,
    outer: (b64) =>
      `${startTag}<openpgp xmlns='${OX_NS}'>${b64}</openpgp><store xmlns='urn:xmpp:hints'/>` +
      `<encryption xmlns='urn:xmpp:eme:0' namespace='${OX_NS}' name='OpenPGP for XMPP'/><body>${OX_FALLBACK_BODY}</body></${el.name}>`,
  };
}

/** The child as written, with the stanza's content namespace declared when it relied on it (it now sits in <payload/>). */
function withNamespace(xml: string, c: XmlElement, contentNs: string): string {
  const text = xml.slice(c.span.start, c.span.end);
  if (c.name.includes(':') || c.attrs.some((a) => a.name === 'xmlns')) return text;
  const at = c.nameSpan.end - c.span.start;
  return `${text.slice(0, at)} xmlns='${escAttr(contentNs)}'${text.slice(at)}`;
}
