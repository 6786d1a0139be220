// Finds OX `<openpgp xmlns='urn:xmpp:openpgp:0'/>` elements in a stanza (also in forwarded carbons
// and MAM results), each with the addresses of the message around it.
import type { Stanza, XmlElement } from '../types';
import { attr, children, textOf } from '../omemo/xmlBits';

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
  const walk = (el: XmlElement, message: XmlElement) => {
    if (el.local === 'openpgp' && el.ns === OX_NS) {
      out.push({ element: el, base64: textOf(el).replace(/\s+/g, ''), from: attr(message, 'from')?.value, to: attr(message, 'to')?.value });
      return;
    }
    for (const c of children(el)) walk(c, c.local === 'message' ? c : message);
  };
  walk(stanza.element, stanza.element);
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
  const walk = (el: XmlElement, node: string | undefined) => {
    const n = attr(el, 'node')?.value ?? node;
    if (el.local === 'pubkey' && el.ns === OX_NS && n?.startsWith(KEY_NODE)) {
      const data = children(el, 'data')[0];
      if (data) out.push({ fingerprint: n.slice(KEY_NODE.length).toUpperCase(), base64: textOf(data).replace(/\s+/g, '') });
      return;
    }
    for (const c of children(el)) walk(c, n);
  };
  for (const s of stanzas) walk(s.element, undefined);
  return out;
}
