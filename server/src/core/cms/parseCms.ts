// CMS ContentInfo (BER or DER) -> SignedData / EnvelopedData. Structure only: no cryptography.
// Malformed input becomes { ok: false, reason, offset } with the byte offset of the fault.
import type { CertInfo } from '../types';
import {
  type BerNode,
  contentOf,
  isDefinite,
  octetStringOf,
  parseBer,
  rawOf,
  smallIntegerOf,
  timeOf,
  toDer,
} from '../asn1/ber';
import { OID, oidName } from '../asn1/oids';
import { Asn1Error, CONTEXT, T, expect, explicit, isTag, oid, seq, set } from '../asn1/walk';
import { decodeName } from '../x509/distinguishedName';
import { parseCertificate } from '../x509/certInfo';
import type {
  AlgorithmId,
  CmsIdentifier,
  ContentEncryptionAlgorithm,
  EnvelopedData,
  KariOriginator,
  KekRecipientInfo,
  KeyAgreeRecipientInfo,
  KeyTransportAlgorithm,
  OaepParams,
  PssParams,
  RecipientInfo,
  SignatureAlgorithm,
  SignedAttributes,
  SignedData,
  SignerInfo,
} from './cmsTypes';

export type ContentInfo =
  | { kind: 'signedData'; signedData: SignedData }
  | { kind: 'envelopedData'; envelopedData: EnvelopedData }
  | { kind: 'other'; contentTypeOid: string; name: string };

export type CmsParse =
  | { ok: true; info: ContentInfo; /** BER (some indefinite length) or DER. */ encoding: 'BER' | 'DER'; trailingBytes: number }
  | { ok: false; reason: string; offset?: number };

function version(b: Uint8Array, n: BerNode | undefined, what: string, parent: BerNode): number {
  const v = smallIntegerOf(b, expect(n, T.INTEGER, what, 0, parent));
  if (v === undefined) throw new Asn1Error(`${what}: not a small INTEGER`, n!.start);
  return v;
}

export function algorithmId(b: Uint8Array, n: BerNode | undefined, what: string, parent?: BerNode): AlgorithmId {
  const s = seq(n, what, parent);
  const id = oid(b, s.children[0], `${what} OID`, s);
  const p = s.children[1];
  return { oid: id, name: oidName(id), ...(p ? { params: rawOf(b, p) } : {}) };
}

/** Hash name inside a [n] EXPLICIT AlgorithmIdentifier of PSS/OAEP params (default sha1). */
function hashParam(b: Uint8Array, n: BerNode | undefined, what: string): string {
  if (!n) return 'sha1';
  return algorithmId(b, n.children[0], what, n).name;
}

function mgf1Param(b: Uint8Array, n: BerNode | undefined, what: string): string {
  if (!n) return 'sha1';
  const mgf = seq(n.children[0], what, n);
  const mgfOid = oid(b, mgf.children[0], `${what} OID`, mgf);
  if (mgfOid !== OID.mgf1) return oidName(mgfOid);
  return algorithmId(b, mgf.children[1], `${what} hash`, mgf).name;
}

function pssParams(b: Uint8Array, p: BerNode | undefined): PssParams {
  const out: PssParams = { hash: 'sha1', mgf1Hash: 'sha1', saltLength: 20, trailerField: 1 };
  if (!p || isTag(p, T.NULL)) return out;
  const s = seq(p, 'RSASSA-PSS-params');
  for (const c of s.children) {
    if (c.cls !== CONTEXT) continue;
    if (c.tag === 0) out.hash = hashParam(b, c, 'PSS hashAlgorithm');
    else if (c.tag === 1) out.mgf1Hash = mgf1Param(b, c, 'PSS maskGenAlgorithm');
    else if (c.tag === 2) out.saltLength = smallIntegerOf(b, expect(c.children[0], T.INTEGER, 'PSS saltLength', 0, c)) ?? 20;
    else if (c.tag === 3) out.trailerField = smallIntegerOf(b, expect(c.children[0], T.INTEGER, 'PSS trailerField', 0, c)) ?? 1;
  }
  return out;
}

function oaepParams(b: Uint8Array, p: BerNode | undefined): OaepParams {
  const out: OaepParams = { hash: 'sha1', mgf1Hash: 'sha1', label: new Uint8Array(0) };
  if (!p || isTag(p, T.NULL)) return out;
  const s = seq(p, 'RSAES-OAEP-params');
  for (const c of s.children) {
    if (c.cls !== CONTEXT) continue;
    if (c.tag === 0) out.hash = hashParam(b, c, 'OAEP hashFunc');
    else if (c.tag === 1) out.mgf1Hash = mgf1Param(b, c, 'OAEP maskGenFunc');
    else if (c.tag === 2) {
      const src = seq(c.children[0], 'OAEP pSourceFunc', c);
      const v = src.children[1];
      if (v) out.label = octetStringOf(b, expect(v, T.OCTET_STRING, 'OAEP label', 0, src));
    }
  }
  return out;
}

function withParams<T extends AlgorithmId>(b: Uint8Array, alg: AlgorithmId, n: BerNode): T {
  const paramsNode = n.children[1];
  if (alg.oid === OID.rsassaPss) return { ...alg, pss: pssParams(b, paramsNode) } as unknown as T;
  if (alg.oid === OID.rsaesOaep) return { ...alg, oaep: oaepParams(b, paramsNode) } as unknown as T;
  return alg as T;
}

/** issuerAndSerialNumber SEQUENCE or [0] IMPLICIT SubjectKeyIdentifier. */
function identifier(b: Uint8Array, n: BerNode | undefined, what: string, parent: BerNode): CmsIdentifier {
  if (n && isTag(n, 0, CONTEXT)) {
    return { kind: 'ski', ski: Buffer.from(n.constructed ? octetStringOf(b, n) : contentOf(b, n)).toString('hex') };
  }
  const s = seq(n, what, parent);
  const issuer = decodeName(b, s.children[0], `${what} issuer`);
  const serialNode = expect(s.children[1], T.INTEGER, `${what} serialNumber`, 0, s);
  const c = contentOf(b, serialNode);
  let i = 0;
  while (i < c.length - 1 && c[i] === 0) i++;
  return { kind: 'issuerAndSerial', issuer: issuer.text, serialHex: Buffer.from(c.subarray(i)).toString('hex') || '00' };
}

function signedAttributes(b: Uint8Array, n: BerNode): SignedAttributes {
  const out: SignedAttributes = { der: toDer(b, n, 0x31), attributes: [], problems: [] };
  if (!isDefinite(n)) out.problems.push('signedAttrs are not DER (indefinite length); verified over their DER re-encoding');
  const seen = new Set<string>();
  for (const a of n.children) {
    const s = seq(a, 'signed attribute');
    const id = oid(b, s.children[0], 'attribute type', s);
    const values = set(s.children[1], `attribute ${oidName(id)} values`, s);
    out.attributes.push({ oid: id, name: oidName(id), valueCount: values.children.length });
    if (seen.has(id)) out.problems.push(`attribute ${oidName(id)} appears more than once`);
    seen.add(id);
    const v = values.children[0];
    if (values.children.length !== 1 && (id === OID.contentType || id === OID.messageDigest || id === OID.signingTime)) {
      out.problems.push(`attribute ${oidName(id)} must have exactly one value (has ${values.children.length})`);
    }
    if (!v) continue;
    if (id === OID.contentType) out.contentType = oid(b, v, 'contentType value');
    else if (id === OID.messageDigest) out.messageDigest = octetStringOf(b, expect(v, T.OCTET_STRING, 'messageDigest value'));
    else if (id === OID.signingTime) {
      const t = timeOf(b, v);
      if (t === undefined) out.problems.push('signingTime is not a valid UTCTime/GeneralizedTime');
      else out.signingTimeMs = t;
    }
  }
  return out;
}

function signerInfo(b: Uint8Array, n: BerNode): SignerInfo {
  const s = seq(n, 'SignerInfo');
  const f = s.children;
  let i = 0;
  const v = version(b, f[i++], 'SignerInfo version', s);
  const sid = identifier(b, f[i++], 'SignerInfo sid', s);
  const digestAlgorithm = algorithmId(b, f[i++], 'SignerInfo digestAlgorithm', s);
  let signedAttrs: SignedAttributes | undefined;
  if (isTag(f[i], 0, CONTEXT)) signedAttrs = signedAttributes(b, f[i++]!);
  const sigAlgNode = f[i++];
  const signatureAlgorithm = withParams<SignatureAlgorithm>(b, algorithmId(b, sigAlgNode, 'SignerInfo signatureAlgorithm', s), sigAlgNode!);
  const signature = octetStringOf(b, expect(f[i++], T.OCTET_STRING, 'SignerInfo signature', 0, s));
  const unsignedAttrOids: string[] = [];
  if (isTag(f[i], 1, CONTEXT)) {
    for (const a of f[i]!.children) {
      const x = seq(a, 'unsigned attribute');
      unsignedAttrOids.push(oid(b, x.children[0], 'unsigned attribute type', x));
    }
  }
  return {
    version: v,
    sid,
    digestAlgorithm,
    signatureAlgorithm,
    ...(signedAttrs ? { signedAttrs } : {}),
    signature,
    unsignedAttrOids,
    start: s.start,
    end: s.end,
  };
}

// Every signed stanza of a sender embeds the same certificate: decode it once. CertInfo objects are
// treated as immutable by all callers, so sharing them is safe.
const CERT_CACHE_MAX = 500;
const certCache = new Map<string, CertInfo>();

function cachedCertificate(der: Uint8Array): CertInfo {
  const id = Buffer.from(der.buffer, der.byteOffset, der.byteLength).toString('base64');
  let c = certCache.get(id);
  if (!c) {
    c = parseCertificate(der);
    if (certCache.size >= CERT_CACHE_MAX) certCache.delete(certCache.keys().next().value as string);
    certCache.set(id, c);
  }
  return c;
}

function certificateSet(b: Uint8Array, n: BerNode, out: CertInfo[], problems: { offset: number; reason: string }[]): void {
  for (const c of n.children) {
    if (!isTag(c, T.SEQUENCE)) {
      const kinds = ['extendedCertificate', 'v1AttrCert', 'v2AttrCert', 'other'];
      problems.push({ offset: c.start, reason: `${c.cls === CONTEXT ? (kinds[c.tag] ?? `[${c.tag}]`) : 'non-certificate'} entry ignored` });
      continue;
    }
    try {
      out.push(cachedCertificate(toDer(b, c)));
    } catch (e) {
      problems.push({ offset: c.start, reason: e instanceof Error ? e.message : String(e) });
    }
  }
}

function signedData(b: Uint8Array, n: BerNode): SignedData {
  const s = seq(n, 'SignedData');
  const f = s.children;
  let i = 0;
  const v = version(b, f[i++], 'SignedData version', s);
  const digestAlgorithms = set(f[i++], 'digestAlgorithms', s).children.map((d) => algorithmId(b, d, 'digestAlgorithm'));
  const eci = seq(f[i++], 'encapContentInfo', s);
  const eType = oid(b, eci.children[0], 'eContentType', eci);
  let eContent: Uint8Array | undefined;
  if (eci.children[1]) {
    const inner = explicit(eci.children[1], 0, 'eContent', eci);
    // PKCS#7 v1.5 allowed any type here; its content octets are what was digested.
    eContent = isTag(inner, T.OCTET_STRING) ? octetStringOf(b, inner) : b.slice(inner.contentStart, inner.contentEnd);
  }
  const certificates: CertInfo[] = [];
  const certificateProblems: { offset: number; reason: string }[] = [];
  let crlCount = 0;
  if (isTag(f[i], 0, CONTEXT)) certificateSet(b, f[i++]!, certificates, certificateProblems);
  if (isTag(f[i], 1, CONTEXT)) crlCount = f[i++]!.children.length;
  const signerInfos = set(f[i++], 'signerInfos', s).children.map((si) => signerInfo(b, si));
  return {
    version: v,
    digestAlgorithms,
    eContentType: { oid: eType, name: oidName(eType) },
    ...(eContent ? { eContent: new Uint8Array(eContent) } : {}),
    certificates,
    certificateProblems,
    crlCount,
    signerInfos,
  };
}

function recipientInfo(b: Uint8Array, n: BerNode): RecipientInfo {
  if (isTag(n, T.SEQUENCE)) {
    const s = seq(n, 'KeyTransRecipientInfo');
    const v = version(b, s.children[0], 'KeyTransRecipientInfo version', s);
    const rid = identifier(b, s.children[1], 'rid', s);
    const algNode = s.children[2];
    const keyEncryptionAlgorithm = withParams<KeyTransportAlgorithm>(b, algorithmId(b, algNode, 'keyEncryptionAlgorithm', s), algNode!);
    const encryptedKey = octetStringOf(b, expect(s.children[3], T.OCTET_STRING, 'encryptedKey', 0, s));
    return { kind: 'ktri', version: v, rid, keyEncryptionAlgorithm, encryptedKey };
  }
  if (isTag(n, 1, CONTEXT)) return keyAgreeRecipientInfo(b, n);
  if (isTag(n, 2, CONTEXT)) return kekRecipientInfo(b, n);
  const kinds = { 3: 'pwri', 4: 'ori' } as const;
  const kind = n.cls === CONTEXT ? kinds[n.tag as 3 | 4] : undefined;
  if (!kind) throw new Asn1Error('RecipientInfo: unknown choice', n.start);
  let description: string = kind;
  try {
    const alg = n.children.find((c, idx) => idx > 0 && isTag(c, T.SEQUENCE) && isTag(c.children[0], T.OID));
    if (alg) description = `${kind} ${oidName(oid(b, alg.children[0], 'keyEncryptionAlgorithm OID', alg))}`;
  } catch {
    // the summary is best effort
  }
  return { kind, description };
}

/** BIT STRING bytes (whole bytes only: keys and signatures). */
function bitStringBytes(b: Uint8Array, n: BerNode | undefined, what: string, parent: BerNode): Uint8Array {
  const bits = expect(n, T.BIT_STRING, what, 0, parent);
  const c = contentOf(b, bits);
  if (bits.constructed || c.length < 1 || c[0] !== 0) throw new Asn1Error(`${what}: not a primitive BIT STRING of whole bytes`, bits.start);
  return c.slice(1);
}

/** [1] KeyAgreeRecipientInfo (RFC 5652 §6.2.2): originator, ukm, scheme + key wrap, encrypted keys. */
function keyAgreeRecipientInfo(b: Uint8Array, n: BerNode): KeyAgreeRecipientInfo {
  const f = n.children;
  let i = 0;
  const v = version(b, f[i++], 'KeyAgreeRecipientInfo version', n);
  const origTag = explicit(f[i++], 0, 'kari originator', n);
  let originator: KariOriginator;
  if (isTag(origTag, 1, CONTEXT)) {
    // originatorKey [1] IMPLICIT OriginatorPublicKey { algorithm, publicKey BIT STRING }
    originator = {
      kind: 'key',
      algorithm: algorithmId(b, origTag.children[0], 'originatorKey algorithm', origTag),
      publicKey: bitStringBytes(b, origTag.children[1], 'originatorKey publicKey', origTag),
    };
  } else {
    originator = { kind: 'cert', id: identifier(b, origTag, 'kari originator', n) };
  }
  let ukm: Uint8Array | undefined;
  if (isTag(f[i], 1, CONTEXT)) ukm = octetStringOf(b, expect(explicit(f[i++], 1, 'kari ukm', n), T.OCTET_STRING, 'kari ukm'));
  const algNode = seq(f[i++], 'kari keyEncryptionAlgorithm', n);
  const keyEncryptionAlgorithm = algorithmId(b, algNode, 'kari keyEncryptionAlgorithm', n);
  const wrapNode = algNode.children[1];
  const keyWrapAlgorithm = isTag(wrapNode, T.SEQUENCE)
    ? { ...algorithmId(b, wrapNode, 'kari key wrap algorithm', algNode), der: toDer(b, wrapNode!) }
    : undefined;
  const keys = seq(f[i++], 'recipientEncryptedKeys', n).children.map((rek) => {
    const s = seq(rek, 'RecipientEncryptedKey');
    const ridNode = s.children[0];
    // KeyAgreeRecipientIdentifier: issuerAndSerialNumber, or [0] IMPLICIT RecipientKeyIdentifier { ski, date?, other? }
    const rid: CmsIdentifier = isTag(ridNode, 0, CONTEXT)
      ? { kind: 'ski', ski: Buffer.from(octetStringOf(b, expect(ridNode!.children[0], T.OCTET_STRING, 'rKeyId subjectKeyIdentifier', 0, ridNode))).toString('hex') }
      : identifier(b, ridNode, 'RecipientEncryptedKey rid', s);
    return { rid, encryptedKey: octetStringOf(b, expect(s.children[1], T.OCTET_STRING, 'RecipientEncryptedKey encryptedKey', 0, s)) };
  });
  return {
    kind: 'kari',
    version: v,
    originator,
    ...(ukm ? { ukm } : {}),
    keyEncryptionAlgorithm,
    ...(keyWrapAlgorithm ? { keyWrapAlgorithm } : {}),
    recipientEncryptedKeys: keys,
  };
}

/** [2] KEKRecipientInfo { version, kekid { keyIdentifier, date?, other? }, keyEncryptionAlgorithm, encryptedKey }. */
function kekRecipientInfo(b: Uint8Array, n: BerNode): KekRecipientInfo {
  const v = version(b, n.children[0], 'KEKRecipientInfo version', n);
  const kekid = seq(n.children[1], 'KEKIdentifier', n);
  const kekId = octetStringOf(b, expect(kekid.children[0], T.OCTET_STRING, 'KEK keyIdentifier', 0, kekid));
  const keyEncryptionAlgorithm = algorithmId(b, n.children[2], 'kekri keyEncryptionAlgorithm', n);
  const encryptedKey = octetStringOf(b, expect(n.children[3], T.OCTET_STRING, 'kekri encryptedKey', 0, n));
  return { kind: 'kekri', version: v, kekId, keyEncryptionAlgorithm, encryptedKey };
}

function contentEncryptionAlgorithm(b: Uint8Array, n: BerNode | undefined, parent: BerNode): ContentEncryptionAlgorithm {
  const alg = algorithmId(b, n, 'contentEncryptionAlgorithm', parent);
  const p = n!.children[1];
  if (isTag(p, T.OCTET_STRING)) return { ...alg, iv: octetStringOf(b, p) };
  // GCMParameters / CCMParameters (RFC 5084): SEQUENCE { aes-nonce OCTET STRING, aes-ICVlen INTEGER DEFAULT 12 }
  if (AEAD_OIDS.has(alg.oid) && isTag(p, T.SEQUENCE)) {
    const nonce = octetStringOf(b, expect(p!.children[0], T.OCTET_STRING, 'AEAD nonce', 0, p));
    const len = p!.children[1] ? smallIntegerOf(b, expect(p!.children[1], T.INTEGER, 'AEAD ICVlen', 0, p)) : 12;
    if (len === undefined) throw new Asn1Error('AEAD ICVlen: not a small INTEGER', p!.children[1]!.start);
    return { ...alg, aead: { nonce, icvLength: len } };
  }
  // RC2-CBC: SEQUENCE { rc2ParameterVersion INTEGER OPTIONAL, iv OCTET STRING }
  if (isTag(p, T.SEQUENCE)) {
    const iv = p.children.find((c) => isTag(c, T.OCTET_STRING));
    if (iv) return { ...alg, iv: octetStringOf(b, iv) };
  }
  return alg;
}

const AEAD_OIDS = new Set([
  '2.16.840.1.101.3.4.1.6', '2.16.840.1.101.3.4.1.26', '2.16.840.1.101.3.4.1.46', // aes-*-gcm
  '2.16.840.1.101.3.4.1.7', '2.16.840.1.101.3.4.1.27', '2.16.840.1.101.3.4.1.47', // aes-*-ccm
]);

/**
 * EnvelopedData, or AuthEnvelopedData (RFC 5083) when `authenticated`: the same fields, then
 * authAttrs [1] IMPLICIT, mac OCTET STRING, unauthAttrs [2] IMPLICIT.
 */
function envelopedData(b: Uint8Array, n: BerNode, authenticated = false): EnvelopedData {
  const s = seq(n, authenticated ? 'AuthEnvelopedData' : 'EnvelopedData');
  const f = s.children;
  let i = 0;
  const v = version(b, f[i++], 'EnvelopedData version', s);
  const originatorCertificates: CertInfo[] = [];
  if (isTag(f[i], 0, CONTEXT)) {
    const oi = f[i++]!;
    const certs = oi.children.find((c) => isTag(c, 0, CONTEXT));
    if (certs) certificateSet(b, certs, originatorCertificates, []);
  }
  const recipientInfos = set(f[i++], 'recipientInfos', s).children.map((r) => recipientInfo(b, r));
  const eci = seq(f[i], 'encryptedContentInfo', s);
  const ct = oid(b, eci.children[0], 'encryptedContentInfo contentType', eci);
  const cea = contentEncryptionAlgorithm(b, eci.children[1], eci);
  const ecNode = eci.children[2];
  let encryptedContent: Uint8Array | undefined;
  if (ecNode) {
    expect(ecNode, 0, 'encryptedContent', CONTEXT);
    encryptedContent = new Uint8Array(ecNode.constructed ? octetStringOf(b, ecNode) : contentOf(b, ecNode));
  }
  let auth: EnvelopedData['authenticated'];
  if (authenticated) {
    i++;
    let authAttrsDer: Uint8Array | undefined;
    if (isTag(f[i], 1, CONTEXT)) authAttrsDer = toDer(b, f[i++]!, 0x31);
    const mac = octetStringOf(b, expect(f[i], T.OCTET_STRING, 'AuthEnvelopedData mac', 0, s));
    auth = { mac, ...(authAttrsDer ? { authAttrsDer } : {}) };
  }
  return {
    version: v,
    recipientInfos,
    contentType: { oid: ct, name: oidName(ct) },
    contentEncryptionAlgorithm: cea,
    ...(encryptedContent ? { encryptedContent } : {}),
    originatorCertificates,
    ...(auth ? { authenticated: auth } : {}),
  };
}

export function parseContentInfo(bytes: Uint8Array): CmsParse {
  const parsed = parseBer(bytes);
  if (!parsed.ok) return { ok: false, reason: parsed.reason, offset: parsed.offset };
  const root = parsed.node;
  try {
    const ci = seq(root, 'ContentInfo');
    const type = oid(bytes, ci.children[0], 'ContentInfo contentType', ci);
    const encoding = isDefinite(root) ? 'DER' : 'BER';
    const trailingBytes = bytes.length - root.end;
    const done = (info: ContentInfo): CmsParse => ({ ok: true, info, encoding, trailingBytes });
    if (type === OID.signedData) return done({ kind: 'signedData', signedData: signedData(bytes, explicit(ci.children[1], 0, 'content', ci)) });
    if (type === OID.envelopedData || type === OID.authEnvelopedData) {
      const ed = envelopedData(bytes, explicit(ci.children[1], 0, 'content', ci), type === OID.authEnvelopedData);
      return done({ kind: 'envelopedData', envelopedData: ed });
    }
    return done({ kind: 'other', contentTypeOid: type, name: oidName(type) });
  } catch (e) {
    if (e instanceof Asn1Error) return { ok: false, reason: e.message, offset: e.offset };
    return { ok: false, reason: e instanceof Error ? e.message : String(e) };
  }
}
