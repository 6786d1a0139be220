// Finds OX `<openpgp xmlns='urn:xmpp:openpgp:0'/>` elements in a stanza (also in forwarded carbons
// and MAM results), each with the addresses of the message around it.
import type { Stanza, XmlElement } from '../types';
import { attr, children, textOf, walkElements } from '../omemo/xmlBits';

export const OX_NS = 'urn:xmpp:openpgp:0';

export interface OxRef {
  element: XmlElement;
  /** The base64 OpenPGP message, whitespace removed. */
  base64: string;
  from?: string;
  to?: string;
}

export function findOx(stanza: Stanza): OxRef[] {
  const out: OxRef[] = [];
  walkElements(stanza.element, stanza.element, (el, outer) => {
    const message = el.local === 'message' ? el : outer;
    if (el.local === 'openpgp' && el.ns === OX_NS) {
      out.push({ element: el, base64: textOf(el).replace(/\s+/g, ''), from: attr(message, 'from')?.value, to: attr(message, 'to')?.value });
      return undefined;
    }
    return message;
  });
  return out;
}

/** Every OX base64 text of the stanzas: what the edge opens before the analysis. */
export function oxPayloads(stanzas: readonly Stanza[]): string[] {
  return [...new Set(stanzas.flatMap((s) => findOx(s).map((r) => r.base64)))];
}

export interface AnnouncedKey {
  /** The fingerprint the PEP node name claims (`urn:xmpp:openpgp:0:public-keys:FPR`), upper case. */
  fingerprint: string;
  base64: string;
}

const KEY_NODE = `${OX_NS}:public-keys:`;

/** Public keys announced in the trace (XEP-0373 §4: publish requests, results, event notifications). */
export function announcedKeys(stanzas: readonly Stanza[]): AnnouncedKey[] {
  const out: AnnouncedKey[] = [];
  for (const s of stanzas) {
    // The context is the node name in scope ('' for none: undefined would stop the walk).
    walkElements(s.element, '', (el, node) => {
      const n = attr(el, 'node')?.value ?? node;
      if (el.local === 'pubkey' && el.ns === OX_NS && n.startsWith(KEY_NODE)) {
        const data = children(el, 'data')[0];
        if (data) out.push({ fingerprint: n.slice(KEY_NODE.length).toUpperCase(), base64: textOf(data).replace(/\s+/g, '') });
        return undefined;
      }
      return n;
    });
  }
  return out;
}
