// CMS SignedData verification with node:crypto. "Verified" means: the digest computed here equals
// messageDigest, contentType equals eContentType, and the signature over the DER SET OF signed
// attributes verifies with the signer's key (CMS-2/3). XML turns the CDATA's CRLF into LF while
// S/MIME signs CRLF text, so the content is tried as it is, then with bare LF -> CRLF.
import { constants, createHash, verify as cryptoVerify, type KeyObject } from 'node:crypto';
import type { CertInfo, SignatureVerdict } from '../types';
import { publicKeyOf, publicKeyWithInheritedParams, spkiOf } from '../x509/nodeCertificate';
import { parseBer } from '../asn1/ber';
import { hashOptions, nodeHashName, signatureScheme } from './algorithms';
import type { CmsIdentifier, SignedData, SignerInfo } from './cmsTypes';
import { OID } from '../asn1/oids';

export interface SignerResult {
  signerInfo: SignerInfo;
  cert?: CertInfo;
  certificateSource?: 'embedded' | 'workspace';
  signature: SignatureVerdict;
  reason?: string;
  /** The computed digest equals messageDigest (undefined without signed attributes or content). */
  digestOk?: boolean;
  contentTypeOk?: boolean;
  /** Content altered: the computed digest differs from messageDigest (report cms.sig.digestMismatch). */
  digestMismatch: boolean;
  /** The contentType attribute differs from eContentType (report cms.sig.contentTypeMismatch). */
  contentTypeMismatch: boolean;
  canonicalization?: 'asIs' | 'crlf';
  signingTimeMs?: number;
  signatureHex: string;
  /**
   * Why a signature with its certificate at hand could not be checked: the algorithm does not fit
   * the signer's key (cms.sig.algorithmKeyMismatch), or this tool cannot compute it (cms.sig.unsupported).
   */
  failure?: 'algorithmKeyMismatch' | 'unsupported';
}

/** Bare LF -> CRLF (existing CRLF pairs are kept); undefined when nothing would change. */
export function lfToCrlf(b: Uint8Array): Uint8Array | undefined {
  let bare = 0;
  for (let i = 0; i < b.length; i++) if (b[i] === 0x0a && (i === 0 || b[i - 1] !== 0x0d)) bare++;
  if (bare === 0) return undefined;
  const out = new Uint8Array(b.length + bare);
  let o = 0;
  for (let i = 0; i < b.length; i++) {
    if (b[i] === 0x0a && (i === 0 || b[i - 1] !== 0x0d)) out[o++] = 0x0d;
    out[o++] = b[i]!;
  }
  return out;
}

/** SHA-1 of the subjectPublicKey BIT STRING: the RFC 5280 method-1 key identifier. */
function computedSki(c: CertInfo): string | undefined {
  const spki = spkiOf(c);
  if (!spki) return undefined;
  const r = parseBer(spki);
  const bits = r.ok ? r.node.children[1] : undefined;
  if (!bits) return undefined;
  return createHash('sha1').update(spki.subarray(bits.contentStart + 1, bits.contentEnd)).digest('hex');
}

export function certificateMatches(c: CertInfo, id: CmsIdentifier): boolean {
  // X.520 names compare case-insensitively for the usual attribute types.
  if (id.kind === 'issuerAndSerial') return c.serialHex === id.serialHex && c.issuer.toLowerCase() === id.issuer.toLowerCase();
  return (c.subjectKeyId ?? computedSki(c)) === id.ski;
}

function findSigner(
  id: CmsIdentifier,
  embedded: CertInfo[],
  workspace: CertInfo[],
): { cert: CertInfo; source: 'embedded' | 'workspace' } | undefined {
  const e = embedded.find((c) => certificateMatches(c, id));
  if (e) return { cert: e, source: 'embedded' };
  const w = workspace.find((c) => certificateMatches(c, id));
  return w ? { cert: w, source: 'workspace' } : undefined;
}

type SigCheck = { ok: true; valid: boolean } | { ok: false; reason: string; failure: 'algorithmKeyMismatch' | 'unsupported' };

const unsupported = (reason: string): SigCheck => ({ ok: false, reason, failure: 'unsupported' });

function checkSignature(si: SignerInfo, key: KeyObject, data: Uint8Array): SigCheck {
  const alg = si.signatureAlgorithm;
  const scheme = signatureScheme(alg.name);
  if (!scheme) return unsupported(`unsupported signature algorithm ${alg.name}`);
  const keyType = key.asymmetricKeyType ?? 'unknown';
  const expected: Record<string, string[]> = {
    'rsa-pkcs1': ['rsa'],
    'rsa-pss': ['rsa', 'rsa-pss'],
    ecdsa: ['ec'],
    dsa: ['dsa'],
    eddsa: ['ed25519', 'ed448'],
  };
  if (!expected[scheme.scheme]!.includes(keyType)) {
    return { ok: false, reason: `signature algorithm ${alg.name} does not fit the certificate's ${keyType} key`, failure: 'algorithmKeyMismatch' };
  }
  const data$ = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  const sig = Buffer.from(si.signature.buffer, si.signature.byteOffset, si.signature.byteLength);
  try {
    if (scheme.scheme === 'eddsa') return { ok: true, valid: cryptoVerify(null, data$, key, sig) };
    if (scheme.scheme === 'rsa-pss') {
      const p = alg.pss ?? { hash: 'sha1', mgf1Hash: 'sha1', saltLength: 20, trailerField: 1 };
      const h = nodeHashName(p.hash);
      if (!h) return unsupported(`unsupported RSA-PSS hash ${p.hash}`);
      // node:crypto uses the signature hash for MGF1 too.
      if (p.mgf1Hash !== p.hash) return unsupported(`RSA-PSS with MGF1-${p.mgf1Hash} and ${p.hash} is not supported`);
      return { ok: true, valid: cryptoVerify(h, data$, { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: p.saltLength }, sig) };
    }
    const hashName = scheme.hash ?? si.digestAlgorithm.name;
    const h = nodeHashName(hashName);
    if (!h) return unsupported(`unsupported digest ${hashName}`);
    if (scheme.scheme === 'rsa-pkcs1') {
      return { ok: true, valid: cryptoVerify(h, data$, { key, padding: constants.RSA_PKCS1_PADDING }, sig) };
    }
    return { ok: true, valid: cryptoVerify(h, data$, key, sig) };
  } catch (e) {
    return unsupported(`node:crypto cannot verify ${alg.name}: ${e instanceof Error ? e.message : String(e)}`);
  }
}

function hex(b: Uint8Array): string {
  return Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('hex');
}

function verifyOne(sd: SignedData, si: SignerInfo, content: Uint8Array | undefined, workspace: CertInfo[]): SignerResult {
  const base: SignerResult = {
    signerInfo: si,
    signature: 'unverifiable',
    digestMismatch: false,
    contentTypeMismatch: false,
    signatureHex: hex(si.signature),
    ...(si.signedAttrs?.signingTimeMs !== undefined ? { signingTimeMs: si.signedAttrs.signingTimeMs } : {}),
  };
  const found = findSigner(si.sid, sd.certificates, workspace);
  if (found) {
    base.cert = found.cert;
    base.certificateSource = found.source;
  }
  const attrs = si.signedAttrs;
  if (attrs?.contentType !== undefined) {
    base.contentTypeOk = attrs.contentType === sd.eContentType.oid;
    base.contentTypeMismatch = !base.contentTypeOk;
  }
  if (!content) return { ...base, reason: 'detached signature and no signed content to verify' };

  const variants: { bytes: Uint8Array; canonicalization: 'asIs' | 'crlf' }[] = [{ bytes: content, canonicalization: 'asIs' }];
  const crlf = lfToCrlf(content);
  if (crlf) variants.push({ bytes: crlf, canonicalization: 'crlf' });

  let digestOk: boolean | undefined;
  let canonicalization: 'asIs' | 'crlf' | undefined;
  if (attrs) {
    const h = nodeHashName(si.digestAlgorithm.name);
    if (!h) return { ...base, reason: `unsupported digest algorithm ${si.digestAlgorithm.name}`, failure: 'unsupported' };
    if (!attrs.messageDigest) return { ...base, signature: 'invalid', reason: 'the signed attributes lack messageDigest' };
    const expected = hex(attrs.messageDigest);
    for (const v of variants) {
      if (createHash(h, hashOptions(h)).update(v.bytes).digest('hex') === expected) {
        canonicalization = v.canonicalization;
        break;
      }
    }
    digestOk = canonicalization !== undefined;
    base.digestOk = digestOk;
    base.digestMismatch = !digestOk;
    if (digestOk) base.canonicalization = canonicalization;
  }

  if (!found) return { ...base, reason: `no certificate for the signer (${describe(si.sid)})` };
  const key = publicKeyOf(found.cert) ?? inheritedKey(found.cert, [...sd.certificates, ...workspace]);
  if (!key) return { ...base, reason: `node:crypto cannot import the signer's ${found.cert.publicKeyAlgorithm} key`, failure: 'unsupported' };

  if (attrs) {
    const check = checkSignature(si, key, attrs.der);
    if (!check.ok) return { ...base, reason: check.reason, failure: check.failure };
    if (!check.valid) return { ...base, signature: 'invalid', reason: 'bad signature value: the signed attributes do not verify with the signer\'s key' };
    if (!digestOk) return { ...base, signature: 'invalid', reason: 'content altered: the computed digest differs from messageDigest' };
    if (attrs.contentType === undefined) return { ...base, signature: 'invalid', reason: 'the signed attributes lack contentType' };
    if (base.contentTypeMismatch) return { ...base, signature: 'invalid', reason: 'the contentType attribute differs from eContentType' };
    return { ...base, signature: 'valid' };
  }
  // No signed attributes: the signature is over the content itself (only allowed for id-data).
  let lastFailure: string | undefined;
  for (const v of variants) {
    const check = checkSignature(si, key, v.bytes);
    if (!check.ok) return { ...base, reason: check.reason, failure: check.failure };
    if (check.valid) {
      const ok = { ...base, signature: 'valid' as const, canonicalization: v.canonicalization };
      return sd.eContentType.oid === OID.data ? ok : { ...ok, signature: 'invalid', reason: 'signed attributes are required when eContentType is not id-data' };
    }
    lastFailure = 'bad signature value (no signed attributes: the signature over the content does not verify)';
  }
  return { ...base, signature: 'invalid', reason: lastFailure };
}

function inheritedKey(cert: CertInfo, pool: CertInfo[]): KeyObject | undefined {
  if (cert.publicKeyAlgorithm !== 'dsaEncryption') return undefined;
  for (const issuer of pool) {
    if (issuer.subject !== cert.issuer || issuer === cert) continue;
    const k = publicKeyWithInheritedParams(cert, issuer);
    if (k) return k;
  }
  return undefined;
}

function describe(id: CmsIdentifier): string {
  return id.kind === 'ski' ? `subjectKeyIdentifier ${id.ski}` : `issuer ${id.issuer}, serial ${id.serialHex}`;
}

export function verifySignedData(sd: SignedData, options: { content?: Uint8Array; workspaceCerts?: CertInfo[] } = {}): SignerResult[] {
  // Detached content given by the caller (multipart/signed) wins over any eContent.
  const content = options.content ?? sd.eContent;
  const workspace = options.workspaceCerts ?? [];
  return sd.signerInfos.map((si) => {
    try {
      return verifyOne(sd, si, content, workspace);
    } catch (e) {
      // Defensive: a bug here must not take the whole analysis down.
      return {
        signerInfo: si,
        signature: 'unverifiable',
        digestMismatch: false,
        contentTypeMismatch: false,
        signatureHex: hex(si.signature),
        reason: `internal error: ${e instanceof Error ? e.message : String(e)}`,
      };
    }
  });
}
