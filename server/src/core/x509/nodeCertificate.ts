// node:crypto views of a CertInfo (X509Certificate, public KeyObject), built once per CertInfo.
// Node does the signature maths; our own decoder does everything that is read from the DER.
import { X509Certificate, createPublicKey, type KeyObject } from 'node:crypto';
import type { CertInfo } from '../types';
import { concatBytes, derTlv, parseBer } from '../asn1/ber';

// Importing into node:crypto costs ~0.1-0.7 ms (OpenSSL 3 decoders), and each parse of a CMS object
// makes fresh CertInfo objects for the same embedded certificates: cache by the DER bytes.
const MAX_CACHED = 2000;
const x509ByDer = new Map<string, X509Certificate | null>();
const keyBySpki = new Map<string, KeyObject | null>();

function cached<T>(map: Map<string, T | null>, id: string, make: () => T): T | undefined {
  let v = map.get(id);
  if (v === undefined) {
    try {
      v = make();
    } catch {
      v = null;
    }
    if (map.size >= MAX_CACHED) map.delete(map.keys().next().value as string);
    map.set(id, v);
  }
  return v ?? undefined;
}

const b64 = (b: Uint8Array): string => Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('base64');

export function x509Of(c: CertInfo): X509Certificate | undefined {
  return cached(x509ByDer, b64(c.der), () => new X509Certificate(Buffer.from(c.der)));
}

/** The subjectPublicKeyInfo DER (tbsCertificate field 7, after an optional [0] version). */
const spkiByCert = new WeakMap<CertInfo, Uint8Array | null>();

export function spkiOf(c: CertInfo): Uint8Array | undefined {
  let v = spkiByCert.get(c);
  if (v === undefined) {
    v = findSpki(c) ?? null;
    spkiByCert.set(c, v);
  }
  return v ?? undefined;
}

function findSpki(c: CertInfo): Uint8Array | undefined {
  const r = parseBer(c.der);
  if (!r.ok) return undefined;
  const tbs = r.node.children[0];
  if (!tbs) return undefined;
  const hasVersion = tbs.children[0]?.cls === 2 && tbs.children[0].tag === 0;
  const spki = tbs.children[hasVersion ? 6 : 5];
  return spki ? c.der.subarray(spki.start, spki.end) : undefined;
}

/** The certificate's public key, or undefined when node:crypto cannot import it (e.g. ML-DSA). */
export function publicKeyOf(c: CertInfo): KeyObject | undefined {
  const spki = spkiOf(c);
  if (!spki) return undefined;
  return cached(keyBySpki, b64(spki), () => createPublicKey({ key: Buffer.from(spki), format: 'der', type: 'spki' }));
}

export function sameCertificate(a: CertInfo, b: CertInfo): boolean {
  return a === b || (a.der.length === b.der.length && Buffer.compare(Buffer.from(a.der), Buffer.from(b.der)) === 0);
}

/**
 * A DSA key whose certificate omits the domain parameters inherits them from its issuer
 * (RFC 3279 §2.3.2; RFC 4134's Diane certificate does this).
 */
export function publicKeyWithInheritedParams(c: CertInfo, issuer: CertInfo): KeyObject | undefined {
  const own = spkiOf(c);
  const parent = spkiOf(issuer);
  if (!own || !parent) return undefined;
  const a = parseBer(own);
  const p = parseBer(parent);
  if (!a.ok || !p.ok) return undefined;
  const alg = a.node.children[0];
  const bits = a.node.children[1];
  const parentAlg = p.node.children[0];
  const params = parentAlg?.children[1];
  if (!alg || !bits || alg.children.length !== 1 || !params || !alg.children[0]) return undefined;
  const oid = own.subarray(alg.children[0].start, alg.children[0].end);
  const algDer = derTlv(0x30, concatBytes([oid, parent.subarray(params.start, params.end)]));
  const spki = derTlv(0x30, concatBytes([algDer, own.subarray(bits.start, bits.end)]));
  try {
    return createPublicKey({ key: Buffer.from(spki), format: 'der', type: 'spki' });
  } catch {
    return undefined;
  }
}
