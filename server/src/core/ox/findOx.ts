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
