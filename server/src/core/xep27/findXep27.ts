// Finds legacy XEP-0027 objects: `<x xmlns='jabber:x:signed'/>` (a detached OpenPGP signature over
// the presence <status/> or message <body/> character data) and `<x xmlns='jabber:x:encrypted'/>`
// (an OpenPGP message whose plaintext is the real body). Both carry "ASCII armor with the headers
// removed": base64 lines and, usually, a `=XXXX` CRC-24 line.
import type { Stanza, XmlElement } from '../types';
import { attr, children, walkElements } from '../omemo/xmlBits';

export const XEP27_SIGNED_NS = 'jabber:x:signed';
export const XEP27_ENCRYPTED_NS = 'jabber:x:encrypted';

export interface Xep27Ref {
  element: XmlElement;
  type: 'signed' | 'encrypted';
  /** The OpenPGP packets as base64, whitespace and the armor checksum removed. */
  base64: string;
  /** What a signature covers: the character data of the presence <status/> or message <body/>. */
  signedText?: string;
  /** Which element the signed text came from ('none': the stanza has neither, the empty text is signed). */
  over: 'status' | 'body' | 'none';
  /** The enclosing stanza (carbons and MAM results nest one). */
  stanza: XmlElement;
  from?: string;
  to?: string;
}

/** Character data as written, not trimmed: a signature covers every character. */
function characterData(el: XmlElement): string {
  return el.children.map((c) => (c.type === 'element' ? '' : c.value)).join('');
}

/**
 * The base64 of headless armor: line breaks, the CRC-24 line (`=` and 4 base64 characters after the
 * body) and, from clients that keep them against the XEP, BEGIN/END lines and `Key: value` headers
 * removed (their letters would otherwise decode as packet bytes).
 */
export function armorBodyToBase64(text: string): string {
  const lines = text.split(/\r?\n/).map((l) => l.trim());
  const kept = lines.filter((l) => !l.startsWith('-----') && !/^[A-Za-z][\w-]*: /.test(l) && !/^=[A-Za-z0-9+/]{4}$/.test(l));
  const compact = kept.join('').replace(/\s+/g, '');
  // A base64 body is a multiple of 4 characters long; the checksum adds exactly 5.
  return compact.length % 4 === 1 && compact[compact.length - 5] === '=' ? compact.slice(0, -5) : compact;
}

export function findXep27(stanza: Stanza): Xep27Ref[] {
  const out: Xep27Ref[] = [];
  walkElements(stanza.element, stanza.element, (el, outer) => {
    const enclosing = el.local === 'message' || el.local === 'presence' ? el : outer;
    if (el.local === 'x' && (el.ns === XEP27_SIGNED_NS || el.ns === XEP27_ENCRYPTED_NS)) {
      const type = el.ns === XEP27_SIGNED_NS ? 'signed' : 'encrypted';
      const textEl = children(enclosing, enclosing.local === 'presence' ? 'status' : 'body')[0];
      const over = textEl ? (textEl.local as 'status' | 'body') : 'none';
      out.push({
        element: el,
        type,
        base64: armorBodyToBase64(characterData(el)),
        signedText: type === 'signed' ? (textEl ? characterData(textEl) : '') : undefined,
        over,
        stanza: enclosing,
        from: attr(enclosing, 'from')?.value,
        to: attr(enclosing, 'to')?.value,
      });
      return undefined;
    }
    return enclosing;
  });
  return out;
}

/** The key the edge's results are looked up by: the packets, and for a signature the text it covers. */
export function xep27Key(ref: Pick<Xep27Ref, 'type' | 'base64' | 'signedText'>): string {
  return ref.type === 'signed' ? `xep27:signed:${ref.base64}\u0000${ref.signedText ?? ''}` : `xep27:encrypted:${ref.base64}`;
}

/** Every XEP-0027 object of the trace: what the edge opens before the analysis. */
export function xep27Payloads(stanzas: readonly Stanza[]): Xep27Ref[] {
  const seen = new Set<string>();
  return stanzas.flatMap((s) => findXep27(s)).filter((r) => !seen.has(xep27Key(r)) && (seen.add(xep27Key(r)), true));
}

/** A cheap test before the edge parses the text. */
export function mayHoldXep27(text: string): boolean {
  return text.includes(XEP27_SIGNED_NS) || text.includes(XEP27_ENCRYPTED_NS);
}
