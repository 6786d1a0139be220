// DER writers for CMS (RFC 5652) SignedData, EnvelopedData and AuthEnvelopedData as RFC 3923 uses
// them: signed attributes, the signer's certificate included, issuerAndSerialNumber identifiers;
// RSA PKCS#1 v1.5, RSA-PSS, ECDSA and Ed25519 signatures; RSA key transport and ECDH / X25519 key
// agreement (kari); AES-CBC or AES-GCM content encryption. All via node:crypto.
// Writers throw on unusable keys; sealStanza turns that into a one-line refusal.
import {
  createCipheriv,
  createHash,
  createPublicKey,
  generateKeyPairSync,
  publicEncrypt,
  randomBytes,
  sign,
  X509Certificate,
  constants,
  type KeyObject,
} from 'node:crypto';
import type { CertInfo, KeyEntry } from '../types';
import { type BerNode, isDefinite, parseBer, rawOf } from '../asn1/ber';
import { OID } from '../asn1/oids';
import { CONTEXT, T, isTag } from '../asn1/walk';
import { bitString, ctx, type Der, int, nul, octets, oid, retag, seq, setOf, time } from '../asn1/derEncode';
import { agree, deriveKek, KDF_SCHEMES, sharedInfo, wrapKey } from '../cms/keyAgreement';

export type DigestName = 'sha1' | 'sha256' | 'sha384' | 'sha512';
export type CipherName = 'aes128' | 'aes256' | 'aes128-gcm' | 'aes256-gcm';

export interface SignOptions {
  digest: DigestName;
  /** True for multipart/signed (no eContent); false for signed-data carrying the content. */
  detached: boolean;
  signingTimeMs: number;
}

export interface EncryptOptions {
  cipher: CipherName;
}

const DIGEST_OID: Record<DigestName, string> = { sha1: OID.sha1, sha256: OID.sha256, sha384: OID.sha384, sha512: OID.sha512 };
const DIGEST_BYTES: Record<DigestName, number> = { sha1: 20, sha256: 32, sha384: 48, sha512: 64 };

/** Key types `seal` signs with. */
export const SIGNING_KEY_TYPES: readonly string[] = ['rsa', 'rsa-pss', 'ec', 'ed25519'];
/** Key types `seal` encrypts to: RSA key transport, ECDH / X25519 key agreement. */
export const RECIPIENT_KEY_TYPES: readonly string[] = ['rsa', 'ec', 'x25519', 'x448'];

/** The digest actually used: RFC 8419 §3 fixes SHA-512 for Ed25519 with signed attributes. */
export function effectiveDigest(key: KeyObject | undefined, requested: DigestName): DigestName {
  return key?.asymmetricKeyType === 'ed25519' ? 'sha512' : requested;
}

function contentInfo(type: string, content: Der): Der {
  return seq(oid(type), ctx(0, content));
}

interface CertParts {
  /** Full encodings, copied verbatim into CMS identifiers. */
  issuer: Uint8Array;
  serial: Uint8Array;
  spki: Uint8Array;
}

const isSequence = (n: BerNode | undefined): n is BerNode => isTag(n, T.SEQUENCE) && n!.constructed;

/** Issuer, serial and SPKI of a DER certificate; undefined when it is malformed or not DER-length. */
function certParts(der: Uint8Array): CertParts | undefined {
  const parsed = parseBer(der);
  if (!parsed.ok || !isSequence(parsed.node) || !isDefinite(parsed.node)) return undefined;
  const tbs = parsed.node.children[0];
  if (!isSequence(tbs)) return undefined;
  const f = tbs.children;
  let i = isTag(f[0], 0, CONTEXT) && f[0]!.constructed ? 1 : 0; // version
  const serial = f[i++];
  i++; // signature AlgorithmIdentifier
  const issuer = f[i++];
  i++; // validity
  i++; // subject
  const spki = f[i];
  if (!isTag(serial, T.INTEGER) || serial!.constructed || !isSequence(issuer) || !isSequence(spki)) return undefined;
  return { issuer: rawOf(der, issuer), serial: rawOf(der, serial!), spki: rawOf(der, spki) };
}

function issuerAndSerial(certDer: Uint8Array): Der {
  const parts = certParts(certDer);
  if (!parts) throw new Error('the certificate cannot be parsed');
  return seq(parts.issuer, parts.serial);
}

const ECDSA_OID: Record<DigestName, string> = {
  sha1: OID.ecdsaWithSha1, sha256: OID.ecdsaWithSha256, sha384: OID.ecdsaWithSha384, sha512: OID.ecdsaWithSha512,
};

/** RSASSA-PSS-params (RFC 4055): the digest for both hash and MGF1, salt as long as the digest. */
function pssParams(digest: DigestName): Der {
  const hash = seq(oid(DIGEST_OID[digest]));
  return seq(ctx(0, hash), ctx(1, seq(oid(OID.mgf1), hash)), ctx(2, int(DIGEST_BYTES[digest])));
}

/** The SignerInfo signatureAlgorithm and the signature over `data`, for the signer's key type. */
function signWith(key: KeyObject, digest: DigestName, data: Uint8Array): { algorithm: Der; signature: Uint8Array } {
  switch (key.asymmetricKeyType) {
    case 'rsa':
      // What OpenSSL writes and RFC 3370 §3.2 prefers for CMS: rsaEncryption, NULL parameters.
      return { algorithm: seq(oid(OID.rsaEncryption), nul()), signature: new Uint8Array(sign(digest, data, key)) };
    case 'rsa-pss': {
      const signature = sign(digest, data, { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: DIGEST_BYTES[digest] });
      return { algorithm: seq(oid(OID.rsassaPss), pssParams(digest)), signature: new Uint8Array(signature) };
    }
    case 'ec':
      return { algorithm: seq(oid(ECDSA_OID[digest])), signature: new Uint8Array(sign(digest, data, key)) };
    case 'ed25519':
      // RFC 8419: id-Ed25519 with absent parameters, PureEdDSA over the DER signed attributes.
      return { algorithm: seq(oid(OID.ed25519)), signature: new Uint8Array(sign(null, data, key)) };
    default:
      throw new Error(`unsupported signing key type ${key.asymmetricKeyType ?? 'unknown'}`);
  }
}

export function signData(content: Uint8Array, signer: KeyEntry, opts: SignOptions): Uint8Array {
  const key = signer.privateKey;
  if (!key) throw new Error('the signer certificate has no private key');
  const digest = effectiveDigest(key, opts.digest);
  const digestAlg = seq(oid(DIGEST_OID[digest]));
  const md = new Uint8Array(createHash(digest).update(content).digest());
  const capabilities = [OID.aes256Gcm, OID.aes128Gcm, OID.aes256Cbc, OID.aes128Cbc].map((c) => seq(oid(c)));
  const attrs = [
    seq(oid(OID.contentType), setOf(oid(OID.data))),
    seq(oid(OID.signingTime), setOf(time(opts.signingTimeMs))),
    seq(oid(OID.messageDigest), setOf(octets(md))),
    // SMIME-9: tell the peer what we can decrypt (strongest first; a SEQUENCE keeps the order).
    seq(oid(OID.smimeCapabilities), setOf(seq(...capabilities))),
  ];
  // CMS-2: the signature covers the attributes encoded as SET OF; they travel as [0] IMPLICIT.
  const attrSet = setOf(...attrs);
  const { algorithm, signature } = signWith(key, digest, attrSet);
  const signerInfo = seq(
    int(1),
    issuerAndSerial(signer.cert.der),
    digestAlg,
    retag(0xa0, attrSet),
    algorithm,
    octets(signature),
  );
  const encap = opts.detached ? seq(oid(OID.data)) : seq(oid(OID.data), ctx(0, octets(content)));
  const signedData = seq(
    int(1),
    setOf(digestAlg),
    encap,
    ctx(0, signer.cert.der),
    setOf(signerInfo),
  );
  return contentInfo(OID.signedData, signedData);
}

function recipientKey(cert: CertInfo): KeyObject {
  let key: KeyObject;
  try {
    key = new X509Certificate(Buffer.from(cert.der)).publicKey;
  } catch {
    const parts = certParts(cert.der);
    if (!parts) throw new Error(`certificate ${cert.subject} cannot be parsed`);
    key = createPublicKey({ key: Buffer.from(parts.spki), format: 'der', type: 'spki' });
  }
  if (!RECIPIENT_KEY_TYPES.includes(key.asymmetricKeyType ?? '')) {
    throw new Error(`certificate ${cert.subject} has a ${key.asymmetricKeyType ?? 'unknown'} key, which cannot receive (RSA, EC, X25519 or X448 keys can)`);
  }
  return key;
}

/** RFC 5753 / RFC 8418 scheme per curve: the X9.63 KDF with a hash as strong as the curve. */
const KARI_SCHEME: Record<string, string> = {
  prime256v1: OID.stdDhSha256Kdf,
  secp384r1: OID.stdDhSha384Kdf,
  secp521r1: '1.3.132.1.11.3',
  x25519: OID.stdDhSha256Kdf,
  x448: '1.3.132.1.11.3', // dhSinglePass-stdDH-sha512kdf-scheme (RFC 8418 §2.2)
};

/** The subjectPublicKey bits of an SPKI. */
function spkiBits(spki: Uint8Array): Uint8Array {
  const parsed = parseBer(spki);
  const bits = parsed.ok ? parsed.node.children[1] : undefined;
  if (!bits || !isTag(bits, T.BIT_STRING)) throw new Error('unexpected public key encoding');
  return spki.slice(bits.contentStart + 1, bits.contentEnd);
}

/** KeyAgreeRecipientInfo (RFC 5753 ephemeral-static ECDH, RFC 8418 X25519), issuerAndSerial rid. */
function kari(cert: CertInfo, recipient: KeyObject, cek: Uint8Array): Der {
  const type = recipient.asymmetricKeyType;
  const x = type === 'x25519' || type === 'x448';
  const curve = x ? type : recipient.asymmetricKeyDetails?.namedCurve ?? '';
  const scheme = KARI_SCHEME[curve];
  if (!scheme) throw new Error(`certificate ${cert.subject} uses curve ${curve || '(unknown)'}; P-256, P-384, P-521, X25519 and X448 are supported`);
  const ephemeral = type === 'x25519' ? generateKeyPairSync('x25519') : type === 'x448' ? generateKeyPairSync('x448') : generateKeyPairSync('ec', { namedCurve: curve });
  const wrapOid = cek.length > 16 ? OID.aes256Wrap : OID.aes128Wrap;
  const wrapAlg = seq(oid(wrapOid));
  const kekLength = cek.length > 16 ? 32 : 16;
  const z = agree(ephemeral.privateKey, recipient);
  const kek = deriveKek(KDF_SCHEMES[scheme]!, z, sharedInfo(wrapAlg, kekLength), kekLength);
  const wrapped = new Uint8Array(wrapKey(wrapOid, kek, cek));
  z.fill(0);
  kek.fill(0);
  const pub = spkiBits(new Uint8Array(ephemeral.publicKey.export({ type: 'spki', format: 'der' })));
  // originatorKey with absent parameters (the recipient's curve applies), as OpenSSL writes it.
  const originator = ctx(0, ctx(1, seq(oid(type === 'x25519' ? OID.x25519 : type === 'x448' ? OID.x448 : OID.ecPublicKey)), bitString(pub)));
  const rek = seq(seq(issuerAndSerial(cert.der), octets(wrapped)));
  return ctx(1, int(3), originator, seq(oid(scheme), wrapAlg), rek);
}

function recipientInfo(cert: CertInfo, cek: Uint8Array): { der: Der; version: number } {
  const key = recipientKey(cert);
  if (key.asymmetricKeyType !== 'rsa') return { der: kari(cert, key, cek), version: 3 };
  const wrapped = publicEncrypt({ key, padding: constants.RSA_PKCS1_PADDING }, cek);
  return { der: seq(int(0), issuerAndSerial(cert.der), seq(oid(OID.rsaEncryption), nul()), octets(new Uint8Array(wrapped))), version: 0 };
}

const CIPHERS: Record<CipherName, { oid: string; node: string; keyLength: number; aead: boolean }> = {
  aes128: { oid: OID.aes128Cbc, node: 'aes-128-cbc', keyLength: 16, aead: false },
  aes256: { oid: OID.aes256Cbc, node: 'aes-256-cbc', keyLength: 32, aead: false },
  'aes128-gcm': { oid: OID.aes128Gcm, node: 'aes-128-gcm', keyLength: 16, aead: true },
  'aes256-gcm': { oid: OID.aes256Gcm, node: 'aes-256-gcm', keyLength: 32, aead: true },
};

/** True when the cipher makes AuthEnvelopedData (smime-type=authEnveloped-data). */
export function isAeadCipher(cipher: CipherName): boolean {
  return CIPHERS[cipher].aead;
}

/**
 * EnvelopedData (CBC) or AuthEnvelopedData (GCM, RFC 5083/5084: 12-byte nonce, 16-byte tag as the
 * mac, no authenticated attributes since the content type is id-data).
 */
export function encryptData(content: Uint8Array, recipients: CertInfo[], opts: EncryptOptions): Uint8Array {
  if (recipients.length === 0) throw new Error('no recipient certificate');
  const c = CIPHERS[opts.cipher];
  const cek = new Uint8Array(randomBytes(c.keyLength));
  try {
    const ris = recipients.map((cert) => recipientInfo(cert, cek));
    if (c.aead) {
      const nonce = randomBytes(12);
      const cipher = createCipheriv(c.node as 'aes-128-gcm', cek, nonce, { authTagLength: 16 });
      const encrypted = new Uint8Array(Buffer.concat([cipher.update(content), cipher.final()]));
      const eci = seq(oid(OID.data), seq(oid(c.oid), seq(octets(new Uint8Array(nonce)), int(16))), retag(0x80, octets(encrypted)));
      const mac = new Uint8Array(cipher.getAuthTag());
      return contentInfo(OID.authEnvelopedData, seq(int(0), setOf(...ris.map((r) => r.der)), eci, octets(mac)));
    }
    const iv = randomBytes(16);
    const cipher = createCipheriv(c.node, cek, iv);
    const encrypted = new Uint8Array(Buffer.concat([cipher.update(content), cipher.final()]));
    const eci = seq(oid(OID.data), seq(oid(c.oid), octets(new Uint8Array(iv))), retag(0x80, octets(encrypted)));
    // Version 0 when every recipient is a version-0 ktri, else 2 (RFC 5652 §6.1).
    const version = ris.every((r) => r.version === 0) ? 0 : 2;
    return contentInfo(OID.envelopedData, seq(int(version), setOf(...ris.map((r) => r.der)), eci));
  } finally {
    cek.fill(0);
  }
}
