// The extensions of a certificate for the path view: name, criticality and a short reading of the
// value (basicConstraints, keyUsage, extKeyUsage decoded; the rest as shortened hex), plus the
// key usage bits the path checks need.
import { contentOf, oidOf, parseBer, smallIntegerOf } from '../asn1/ber';
import { oidName } from '../asn1/oids';
import type { CertInfo } from '../types';
import { shortHex } from './asn1Tree';

export interface CertExtension {
  oid: string;
  name: string;
  critical: boolean;
  summary: string;
}

export interface CertExtensions {
  list: CertExtension[];
  /** keyUsage bit names, when the extension is present. */
  keyUsage?: string[];
  /** extKeyUsage purposes (names or OIDs), when present. */
  extKeyUsage?: string[];
  pathLen?: number;
}

const KEY_USAGE = ['digitalSignature', 'nonRepudiation', 'keyEncipherment', 'dataEncipherment', 'keyAgreement', 'keyCertSign', 'cRLSign', 'encipherOnly', 'decipherOnly'];
const EKU_NAMES: Record<string, string> = {
  '1.3.6.1.5.5.7.3.1': 'serverAuth',
  '1.3.6.1.5.5.7.3.2': 'clientAuth',
  '1.3.6.1.5.5.7.3.3': 'codeSigning',
  '1.3.6.1.5.5.7.3.4': 'emailProtection',
  '1.3.6.1.5.5.7.3.8': 'timeStamping',
  '1.3.6.1.5.5.7.3.9': 'OCSPSigning',
  '2.5.29.37.0': 'anyExtendedKeyUsage',
};

function bits(v: Uint8Array): string[] {
  const unused = v[0] ?? 0;
  const names: string[] = [];
  for (let i = 0; i < (v.length - 1) * 8 - unused; i++) {
    if (v[1 + (i >> 3)]! & (0x80 >> (i & 7))) names.push(KEY_USAGE[i] ?? `bit ${i}`);
  }
  return names;
}

/** Decodes the extensions; a malformed one is listed as such, never thrown. */
export function certExtensions(cert: CertInfo): CertExtensions {
  const out: CertExtensions = { list: [] };
  const der = cert.der;
  const root = parseBer(der);
  if (!root.ok) return out;
  const tbs = root.node.children[0];
  const wrapper = tbs?.children.find((c) => c.cls === 2 && c.tag === 3);
  for (const ext of wrapper?.children[0]?.children ?? []) {
    const [idNode, second, third] = ext.children;
    const oid = idNode ? oidOf(der, idNode) ?? '?' : '?';
    const critical = second?.tag === 1 && contentOf(der, second)[0] !== 0;
    const valueNode = second?.tag === 1 ? third : second;
    const value = valueNode ? contentOf(der, valueNode) : new Uint8Array(0);
    const inner = parseBer(value);
    let summary = shortHex(value);
    if (inner.ok) {
      const n = inner.node;
      if (oid === '2.5.29.19') {
        const ca = n.children[0]?.tag === 1 && contentOf(value, n.children[0])[0] !== 0;
        const lenNode = n.children.find((c) => c.tag === 2);
        if (lenNode) out.pathLen = smallIntegerOf(value, lenNode);
        summary = `CA:${ca ? 'TRUE' : 'FALSE'}${out.pathLen !== undefined ? `, pathlen:${out.pathLen}` : ''}`;
      } else if (oid === '2.5.29.15') {
        out.keyUsage = bits(contentOf(value, n));
        summary = out.keyUsage.join(', ') || '(none)';
      } else if (oid === '2.5.29.37') {
        out.extKeyUsage = n.children.map((c) => {
          const o = oidOf(value, c) ?? '?';
          return EKU_NAMES[o] ?? o;
        });
        summary = out.extKeyUsage.join(', ');
      } else if (oid === '2.5.29.14' || oid === '2.5.29.35') {
        const id = oid === '2.5.29.14' ? n : n.children.find((c) => c.cls === 2 && c.tag === 0);
        if (id) summary = Buffer.from(contentOf(value, id)).toString('hex');
      } else if (oid === '2.5.29.17') {
        summary = sanSummary(cert);
      }
    }
    out.list.push({ oid, name: oidName(oid), critical, summary });
  }
  return out;
}

export function sanSummary(c: CertInfo): string {
  const parts = [
    ...c.xmppAddrs.map((j) => `xmppAddr ${j}`),
    ...c.legacyOtherNames.map((o) => `otherName ${o.typeId} ${o.value}`),
    ...c.uriJids.map((j) => `URI JID ${j}`),
    ...c.dnsNames.map((d) => `DNS ${d}`),
    ...c.emails.map((e) => `email ${e}`),
  ];
  return [...new Set(parts)].join('; ') || '(none)';
}
