// subjectAltName GeneralNames -> the identities an XMPP verifier cares about. xmppAddr values are
// read from the DER (otherName type-id 1.3.6.1.5.5.7.8.5, value [0] EXPLICIT UTF8String), never
// from a display string, so punctuation and non-ASCII survive exactly.
import { type BerNode, contentOf, stringOf, universalTagName } from '../asn1/ber';
import { OID } from '../asn1/oids';
import { Asn1Error, CONTEXT, explicit, oid, seq } from '../asn1/walk';

export interface OtherName {
  typeId: string;
  /** Decoded string value, when the [0] value is a character string. */
  value?: string;
  /** ASN.1 type of the value (e.g. `UTF8String`, `IA5String`). */
  valueType: string;
}

export interface SubjectAltNames {
  otherNames: OtherName[];
  dnsNames: string[];
  emails: string[];
  uris: string[];
  ips: string[];
}

function ipText(b: Uint8Array): string {
  if (b.length === 4) return Array.from(b).join('.');
  if (b.length === 16) {
    const parts: string[] = [];
    for (let i = 0; i < 16; i += 2) parts.push(((b[i]! << 8) | b[i + 1]!).toString(16));
    return parts.join(':');
  }
  return Buffer.from(b).toString('hex');
}

/** Decodes the extnValue of subjectAltName (a GeneralNames SEQUENCE). Throws Asn1Error. */
export function decodeSubjectAltName(bytes: Uint8Array, node: BerNode): SubjectAltNames {
  const out: SubjectAltNames = { otherNames: [], dnsNames: [], emails: [], uris: [], ips: [] };
  const names = seq(node, 'subjectAltName');
  for (const gn of names.children) {
    if (gn.cls !== CONTEXT) throw new Asn1Error('subjectAltName: GeneralName is not context-tagged', gn.start);
    const text = (): string => Buffer.from(contentOf(bytes, gn)).toString('latin1');
    switch (gn.tag) {
      case 0: {
        // otherName ::= SEQUENCE { type-id OID, value [0] EXPLICIT ANY } with IMPLICIT [0] outer tag
        const typeId = oid(bytes, gn.children[0], 'otherName type-id', gn);
        const v = explicit(gn.children[1], 0, 'otherName value');
        const value = stringOf(bytes, v);
        out.otherNames.push({
          typeId,
          ...(value !== undefined ? { value } : {}),
          valueType: v.cls === 0 ? universalTagName(v.tag) : `[${v.tag}]`,
        });
        break;
      }
      case 1:
        out.emails.push(text());
        break;
      case 2:
        out.dnsNames.push(text());
        break;
      case 6:
        out.uris.push(text());
        break;
      case 7:
        out.ips.push(ipText(contentOf(bytes, gn)));
        break;
      default:
        // x400Address, directoryName, ediPartyName, registeredID: nothing XMPP-related
        break;
    }
  }
  return out;
}

export const XMPP_ADDR_OID = OID.xmppAddr;

/** localpart@domain.tld (optionally /resource): used for DN values and foreign otherNames. */
export function looksLikeUserJid(s: string): boolean {
  return /^[^\s@/"&'<>:]+@[^\s@/]+\.[^\s@/.]+\.?(\/.*)?$/u.test(s);
}
