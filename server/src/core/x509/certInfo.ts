// X.509 certificate -> CertInfo, decoded with our own BER reader so every identity (xmppAddr,
// im:/pres: URIs, DN values) comes from the DER rather than from a display string.
import type { CertInfo } from '../types';
import { type BerNode, contentOf, octetStringOf, parseBer, rawOf, timeOf } from '../asn1/ber';
import { OID, oidName } from '../asn1/oids';
import { Asn1Error, CONTEXT, T, expect, explicit, isTag, oid, seq } from '../asn1/walk';
import { decodeName } from './distinguishedName';
import { bareJid } from '../jid/jid';
import { jidFromUri } from '../jid/jidUri';
import { parseJid } from '../jid/jid';
import { decodeSubjectAltName, looksLikeUserJid, type SubjectAltNames } from './subjectAltName';

/** Offsets of the parts other modules need (signature checks, public key import). */
export interface CertLayout {
  tbs: BerNode;
  spki: BerNode;
  issuerName: BerNode;
  subjectName: BerNode;
}

function readTime(bytes: Uint8Array, node: BerNode | undefined, what: string): number {
  if (!node) throw new Asn1Error(`${what}: missing`, 0);
  const t = timeOf(bytes, node);
  if (t === undefined) throw new Asn1Error(`${what}: not a valid UTCTime/GeneralizedTime`, node.start);
  return t;
}

const CURVE_BITS: Record<string, number> = {
  '1.2.840.10045.3.1.7': 256, // prime256v1
  '1.3.132.0.34': 384, // secp384r1
  '1.3.132.0.35': 521, // secp521r1
  '1.3.132.0.10': 256, // secp256k1
  '1.3.132.0.33': 224, // secp224r1
};

function bitLength(b: Uint8Array): number {
  let i = 0;
  while (i < b.length && b[i] === 0) i++;
  if (i === b.length) return 0;
  return (b.length - i - 1) * 8 + (32 - Math.clz32(b[i]!));
}

/** Key size read from the SPKI itself: importing a key into node:crypto costs ~0.5 ms. */
function keyBits(der: Uint8Array, spki: BerNode, algOid: string): number | undefined {
  try {
    const alg = spki.children[0]!;
    const params = alg.children[1];
    const bits = spki.children[1]!;
    if (algOid === OID.rsaEncryption || algOid === OID.rsassaPss) {
      const inner = parseBer(der.subarray(bits.contentStart + 1, bits.contentEnd));
      const modulus = inner.ok ? inner.node.children[0] : undefined;
      return modulus ? bitLength(contentOf(der.subarray(bits.contentStart + 1, bits.contentEnd), modulus)) : undefined;
    }
    if (algOid === OID.ecPublicKey) {
      const curve = params && isTag(params, T.OID) ? oid(der, params, 'curve') : undefined;
      return curve ? CURVE_BITS[curve] : undefined;
    }
    if (algOid === OID.dsa) {
      const p = params?.children[0];
      return p ? bitLength(contentOf(der, p)) : undefined;
    }
    if (algOid === '1.3.101.112') return 256;
    if (algOid === '1.3.101.113') return 456;
    return undefined;
  } catch {
    return undefined;
  }
}

/** Decodes the certificate structure; throws Asn1Error. */
export function decodeCertificate(der: Uint8Array): { info: Omit<CertInfo, 'pem'>; layout: CertLayout } {
  const parsed = parseBer(der);
  if (!parsed.ok) throw new Asn1Error(parsed.reason, parsed.offset);
  const cert = seq(parsed.node, 'Certificate');
  const tbs = seq(cert.children[0], 'tbsCertificate', cert);
  const sigAlg = seq(cert.children[1], 'signatureAlgorithm', cert);
  expect(cert.children[2], T.BIT_STRING, 'signatureValue', 0, cert);
  let i = 0;
  const f = tbs.children;
  if (isTag(f[0], 0, CONTEXT)) i++; // version
  const serial = expect(f[i++], T.INTEGER, 'serialNumber', 0, tbs);
  seq(f[i++], 'signature', tbs);
  const issuerName = f[i++];
  const issuer = decodeName(der, issuerName, 'issuer');
  const validity = seq(f[i++], 'validity', tbs);
  const notBefore = readTime(der, validity.children[0], 'notBefore');
  const notAfter = readTime(der, validity.children[1], 'notAfter');
  const subjectName = f[i++];
  const subject = decodeName(der, subjectName, 'subject');
  const spki = seq(f[i++], 'subjectPublicKeyInfo', tbs);
  const pkAlgOid = oid(der, seq(spki.children[0], 'SPKI algorithm', spki).children[0], 'SPKI algorithm OID');

  let san: SubjectAltNames = { otherNames: [], dnsNames: [], emails: [], uris: [], ips: [] };
  let subjectKeyId: string | undefined;
  let isCA = false;
  for (; i < f.length; i++) {
    const n = f[i]!;
    if (!isTag(n, 3, CONTEXT)) continue; // issuer/subject unique IDs
    const exts = seq(explicit(n, 3, 'extensions'), 'extensions');
    for (const ext of exts.children) {
      const e = seq(ext, 'extension');
      const extOid = oid(der, e.children[0], 'extnID', e);
      const valueNode = e.children[e.children.length - 1];
      const octets = octetStringOf(der, expect(valueNode, T.OCTET_STRING, `extension ${extOid} value`, 0, e));
      if (extOid !== OID.subjectAltName && extOid !== OID.subjectKeyIdentifier && extOid !== OID.basicConstraints) continue;
      const inner = parseBer(octets, { exact: true });
      if (!inner.ok) {
        // Offsets inside the OCTET STRING are shifted to the certificate's bytes.
        throw new Asn1Error(`extension ${oidName(extOid)}: ${inner.reason}`, valueNode!.contentStart + inner.offset);
      }
      if (extOid === OID.subjectAltName) san = decodeSubjectAltName(octets, inner.node);
      else if (extOid === OID.subjectKeyIdentifier) {
        subjectKeyId = Buffer.from(contentOf(octets, expect(inner.node, T.OCTET_STRING, 'subjectKeyIdentifier'))).toString('hex');
      } else {
        const bc = seq(inner.node, 'basicConstraints');
        const ca = bc.children[0];
        isCA = isTag(ca, T.BOOLEAN) && contentOf(octets, ca)[0] !== 0;
      }
    }
  }

  const xmppAddrs: string[] = [];
  const legacyOtherNames: { typeId: string; value: string }[] = [];
  const xmppAddrNotUtf8: { value: string; type: string }[] = [];
  for (const on of san.otherNames) {
    if (on.value === undefined) continue;
    if (on.typeId === OID.xmppAddr) {
      xmppAddrs.push(on.value);
      if (on.valueType !== 'UTF8String') xmppAddrNotUtf8.push({ value: on.value, type: on.valueType });
    }
    else if (looksLikeUserJid(on.value)) legacyOtherNames.push({ typeId: on.typeId, value: on.value });
  }
  // im:/pres: URIs must name a valid JID (E2E-17): an invalid one binds nothing and is reported.
  const uriJids: string[] = [];
  const badUriJids: { uri: string; reason: string }[] = [];
  const fullJidUris: string[] = [];
  const uriJidSchemes: string[] = [];
  for (const uri of san.uris) {
    const scheme = /^(im|pres):/i.exec(uri);
    if (scheme) uriJidSchemes.push(scheme[1]!.toLowerCase());
    const j = jidFromUri(uri);
    if (j === undefined) continue;
    const r = parseJid(j);
    if (!r.ok && scheme) {
      badUriJids.push({ uri, reason: r.reason });
      continue;
    }
    if (j) uriJids.push(j);
    if (r.ok && r.jid.resource !== undefined && scheme) fullJidUris.push(uri);
  }
  const sanBare = new Set([...xmppAddrs, ...uriJids].map(bareJid));
  const subjectJids: string[] = [];
  for (const rdn of subject.rdns) {
    for (const a of rdn) {
      if ((a.oid === OID.commonName || a.oid === OID.emailAddress) && !a.hex && looksLikeUserJid(a.value)) {
        if (!sanBare.has(bareJid(a.value)) && !subjectJids.includes(a.value)) subjectJids.push(a.value);
      }
    }
  }

  const bits = keyBits(der, spki, pkAlgOid);
  const issuerDer = rawOf(der, issuerName!);
  const subjectDer = rawOf(der, subjectName!);
  const info: Omit<CertInfo, 'pem'> = {
    der,
    subject: subject.text,
    issuer: issuer.text,
    serialHex: serialHex(der, serial),
    notBefore,
    notAfter,
    xmppAddrs,
    ...(xmppAddrNotUtf8.length ? { xmppAddrNotUtf8 } : {}),
    legacyOtherNames,
    uriJids,
    ...(badUriJids.length ? { badUriJids } : {}),
    ...(fullJidUris.length ? { fullJidUris } : {}),
    ...(uriJidSchemes.length ? { uriJidSchemes } : {}),
    subjectJids,
    dnsNames: san.dnsNames,
    emails: san.emails,
    ...(subjectKeyId !== undefined ? { subjectKeyId } : {}),
    isCA,
    selfIssued: Buffer.compare(Buffer.from(issuerDer), Buffer.from(subjectDer)) === 0 || issuer.text.toLowerCase() === subject.text.toLowerCase(),
    publicKeyAlgorithm: oidName(pkAlgOid),
    ...(bits !== undefined ? { publicKeyBits: bits } : {}),
    signatureAlgorithm: oidName(oid(der, sigAlg.children[0], 'signatureAlgorithm OID', sigAlg)),
  };
  return { info, layout: { tbs, spki, issuerName: issuerName!, subjectName: subjectName! } };
}

function serialHex(der: Uint8Array, node: BerNode): string {
  const c = contentOf(der, node);
  let i = 0;
  while (i < c.length - 1 && c[i] === 0) i++;
  return Buffer.from(c.subarray(i)).toString('hex') || '00';
}

/** Parses a DER certificate. Throws a plain Error with the reason and byte offset on garbage. */
export function parseCertificate(der: Uint8Array): CertInfo {
  try {
    const own = new Uint8Array(der); // detach from any larger buffer the caller may reuse
    const { info } = decodeCertificate(own);
    return { ...info, pem: certificateToPem(own) };
  } catch (e) {
    if (e instanceof Asn1Error) throw new Error(`not a valid X.509 certificate: ${e.message} (at byte ${e.offset})`);
    throw new Error(`not a valid X.509 certificate: ${e instanceof Error ? e.message : String(e)}`);
  }
}

const PEM_BLOCK = /-----BEGIN (?:X509 |TRUSTED )?CERTIFICATE-----([\s\S]*?)-----END (?:X509 |TRUSTED )?CERTIFICATE-----/g;

/** Every parseable certificate in a PEM text (text around the armour is ignored; bad blocks are skipped). */
export function certificatesFromPem(text: string): CertInfo[] {
  const out: CertInfo[] = [];
  for (const m of text.matchAll(PEM_BLOCK)) {
    const der = Buffer.from(m[1]!.replace(/[^A-Za-z0-9+/=]/g, ''), 'base64');
    try {
      out.push(parseCertificate(der));
    } catch {
      // A broken block does not hide the good ones; key-store code reports files that yield nothing.
    }
  }
  return out;
}

export function certificateToPem(der: Uint8Array): string {
  const b64 = Buffer.from(der).toString('base64');
  const lines = b64.match(/.{1,64}/g) ?? [];
  return `-----BEGIN CERTIFICATE-----\n${lines.join('\n')}\n-----END CERTIFICATE-----\n`;
}

/** xmppAddrs, then URI JIDs: bare, lower-cased, de-duplicated (the identities a `from` may match). */
export function certificateJids(c: CertInfo): string[] {
  const out: string[] = [];
  for (const j of [...c.xmppAddrs, ...c.uriJids]) {
    const b = bareJid(j);
    if (b && !out.includes(b)) out.push(b);
  }
  return out;
}
