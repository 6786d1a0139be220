// X.501 Name -> RFC 4514 string (most specific RDN first), plus the attribute list for callers
// that look for JIDs in CN / emailAddress.
import { type BerNode, rawOf, stringOf } from '../asn1/ber';
import { DN_SHORT_NAMES } from '../asn1/oids';
import { Asn1Error, oid, seq, set } from '../asn1/walk';

export interface DnAttribute {
  oid: string;
  /** Short name (CN, O...) or the dotted OID. */
  type: string;
  /** Decoded string, or `#hex` of the DER value for non-string values. */
  value: string;
  /** True when `value` is `#hex` (not a character string). */
  hex?: boolean;
}

export interface DistinguishedName {
  /** RDNs in encoding order (least specific first); each RDN may hold several attributes. */
  rdns: DnAttribute[][];
  /** RFC 4514 text. */
  text: string;
}

function escapeValue(v: string): string {
  let out = v.replace(/[\\,+"<>;=]/g, (c) => `\\${c}`).replace(/\u0000/g, '\\00');
  if (out.startsWith('#') || out.startsWith(' ')) out = `\\${out}`;
  if (out.endsWith(' ') && out.length > 1) out = `${out.slice(0, -1)}\\ `;
  return out;
}

/** Decodes a Name (SEQUENCE OF RDN); throws Asn1Error on structure errors. */
// Issuer and subject names recur in every object a signer sends: decoded once per DER encoding.
const names = new Map<string, DistinguishedName>();

export function decodeName(bytes: Uint8Array, node: BerNode | undefined, what: string): DistinguishedName {
  const name = seq(node, what);
  const key = Buffer.from(bytes.buffer, bytes.byteOffset + name.start, name.end - name.start).toString('latin1');
  let dn = names.get(key);
  if (!dn) {
    dn = decodeNameUncached(bytes, name, what);
    if (names.size >= 2048) names.clear();
    names.set(key, dn);
  }
  return dn;
}

function decodeNameUncached(bytes: Uint8Array, name: BerNode, what: string): DistinguishedName {
  const rdns: DnAttribute[][] = [];
  for (const rdnNode of name.children) {
    const rdn = set(rdnNode, `${what} RDN`);
    const attrs: DnAttribute[] = [];
    for (const atv of rdn.children) {
      const s = seq(atv, `${what} attribute`);
      const type = oid(bytes, s.children[0], `${what} attribute type`, s);
      const valueNode = s.children[1];
      if (!valueNode) throw new Asn1Error(`${what} attribute ${type} has no value`, s.start);
      const str = stringOf(bytes, valueNode);
      const value = str ?? `#${Buffer.from(rawOf(bytes, valueNode)).toString('hex')}`;
      attrs.push({ oid: type, type: DN_SHORT_NAMES[type] ?? type, value, ...(str === undefined ? { hex: true } : {}) });
    }
    rdns.push(attrs);
  }
  const text = [...rdns]
    .reverse()
    .map((rdn) => rdn.map((a) => `${a.type}=${a.hex ? a.value : escapeValue(a.value)}`).join('+'))
    .join(',');
  return { rdns, text };
}
