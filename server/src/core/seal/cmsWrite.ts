// DER writers for CMS (RFC 5652) SignedData and EnvelopedData as RFC 3923 uses them: signed
// attributes, the signer's certificate included, issuerAndSerialNumber identifiers, RSA PKCS#1
// v1.5 (or ECDSA) signatures, RSA key transport and AES-CBC content encryption, all via node:crypto.
// Writers throw on unusable keys; sealStanza turns that into a one-line refusal.
import {
  createCipheriv,
  createHash,
  createPublicKey,
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
import { ctx, type Der, int, nul, octets, oid, retag, seq, setOf, time } from './derEncode';

export type DigestName = 'sha1' | 'sha256';
export type CipherName = 'aes128' | 'aes256';

export interface SignOptions {
  digest: DigestName;
  /** True for multipart/signed (no eContent); false for signed-data carrying the content. */
  detached: boolean;
  signingTimeMs: number;
}

export interface EncryptOptions {
  cipher: CipherName;
}

const DIGEST_OID: Record<DigestName, string> = { sha1: OID.sha1, sha256: OID.sha256 };

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

function signatureAlgorithm(key: KeyObject, digest: DigestName): Der {
  switch (key.asymmetricKeyType) {
    case 'rsa':
      // What OpenSSL writes and RFC 3370 §3.2 prefers for CMS: rsaEncryption, NULL parameters.
      return seq(oid(OID.rsaEncryption), nul());
    case 'ec':
      return seq(oid(digest === 'sha1' ? OID.ecdsaWithSha1 : OID.ecdsaWithSha256));
    default:
      throw new Error(`unsupported signing key type ${key.asymmetricKeyType ?? 'unknown'}`);
  }
}

export function signData(content: Uint8Array, signer: KeyEntry, opts: SignOptions): Uint8Array {
  const key = signer.privateKey;
  if (!key) throw new Error('the signer certificate has no private key');
  const digestAlg = seq(oid(DIGEST_OID[opts.digest]));
  const md = new Uint8Array(createHash(opts.digest).update(content).digest());
  const attrs = [
    seq(oid(OID.contentType), setOf(oid(OID.data))),
    seq(oid(OID.signingTime), setOf(time(opts.signingTimeMs))),
    seq(oid(OID.messageDigest), setOf(octets(md))),
    // SMIME-9: tell the peer what we can decrypt (strongest first).
    seq(oid(OID.smimeCapabilities), setOf(seq(seq(oid(OID.aes256Cbc)), seq(oid(OID.aes128Cbc))))),
  ];
  // CMS-2: the signature covers the attributes encoded as SET OF; they travel as [0] IMPLICIT.
  const attrSet = setOf(...attrs);
  const signature = new Uint8Array(sign(opts.digest, attrSet, key));
  const signerInfo = seq(
    int(1),
    issuerAndSerial(signer.cert.der),
    digestAlg,
    retag(0xa0, attrSet),
    signatureAlgorithm(key, opts.digest),
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
  if (key.asymmetricKeyType !== 'rsa') {
    throw new Error(`certificate ${cert.subject} has a ${key.asymmetricKeyType ?? 'unknown'} key; only RSA key transport is supported`);
  }
  return key;
}

export function encryptData(content: Uint8Array, recipients: CertInfo[], opts: EncryptOptions): Uint8Array {
  if (recipients.length === 0) throw new Error('no recipient certificate');
  const keyLen = opts.cipher === 'aes128' ? 16 : 32;
  const algOid = opts.cipher === 'aes128' ? OID.aes128Cbc : OID.aes256Cbc;
  const cek = randomBytes(keyLen);
  const iv = randomBytes(16);
  const cipher = createCipheriv(opts.cipher === 'aes128' ? 'aes-128-cbc' : 'aes-256-cbc', cek, iv);
  const encrypted = new Uint8Array(Buffer.concat([cipher.update(content), cipher.final()]));
  const ktris = recipients.map((cert) => {
    const wrapped = publicEncrypt({ key: recipientKey(cert), padding: constants.RSA_PKCS1_PADDING }, cek);
    return seq(int(0), issuerAndSerial(cert.der), seq(oid(OID.rsaEncryption), nul()), octets(new Uint8Array(wrapped)));
  });
  cek.fill(0);
  const encryptedContentInfo = seq(
    oid(OID.data),
    seq(oid(algOid), octets(new Uint8Array(iv))),
    retag(0x80, octets(encrypted)),
  );
  // Version 0: only issuerAndSerialNumber ktri, no originatorInfo or unprotectedAttrs (RFC 5652 §6.1).
  return contentInfo(OID.envelopedData, seq(int(0), setOf(...ktris), encryptedContentInfo));
}
