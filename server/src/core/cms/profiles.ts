// Algorithm profiles: which algorithms a receiver is expected to have, which are legacy and which
// are deprecated, judged against one of three references. They drive `e2e.alg.nonMti`,
// `e2e.legacy.profile` and `smime.alg.deprecated`, and what `seal` writes by default.
//
//   rfc3923  RFC 3923 §9 as written: SHA-1, RSA, AES-128-CBC are the mandatory set (nothing else is
//            assumed); the pre-RFC drafts' MD5 and Triple-DES are read with a legacy warning.
//   smime4   RFC 8551 (S/MIME 4.0): SHA-256+, RSA / RSA-PSS / ECDSA / EdDSA, AES-GCM
//            (AuthEnvelopedData), RSA-OAEP and ECDH. SHA-1 and CBC-only encryption are warned.
//   modern   the default: RFC 3923's mandatory set and RFC 8551's together are "expected" (a peer
//            that implements either reads them), SHA-1 and 3DES are warned as deprecated, MD5 / RC2 /
//            DES are errors. seal writes SHA-256 and AES-128-CBC: clean here, readable by every
//            RFC 3923 peer, and nothing the current S/MIME deprecates.
import { canonicalName, classifyAlgorithm } from './algorithms';

export type AlgorithmProfile = 'rfc3923' | 'smime4' | 'modern';
export const ALGORITHM_PROFILES: readonly AlgorithmProfile[] = ['modern', 'rfc3923', 'smime4'];
export const DEFAULT_PROFILE: AlgorithmProfile = 'modern';

export function isAlgorithmProfile(v: unknown): v is AlgorithmProfile {
  return typeof v === 'string' && (ALGORITHM_PROFILES as readonly string[]).includes(v);
}

/** RFC 8551 §2 MUST / SHOULD+ / MUST- algorithms (and the RFC 5753 / 8418 / 3394 key management they need). */
const SMIME4 = new Set([
  'sha256', 'sha384', 'sha512', 'shake256',
  'rsaEncryption', 'sha256WithRSAEncryption', 'sha384WithRSAEncryption', 'sha512WithRSAEncryption', 'RSASSA-PSS', 'RSAES-OAEP',
  'id-ecPublicKey', 'ecdsa-with-SHA256', 'ecdsa-with-SHA384', 'ecdsa-with-SHA512', 'ED25519', 'ED448',
  'aes-128-gcm', 'aes-256-gcm', 'aes-128-cbc',
  'dhSinglePass-stdDH-sha256kdf-scheme', 'dhSinglePass-stdDH-sha384kdf-scheme', 'dhSinglePass-stdDH-sha512kdf-scheme',
  'dhSinglePass-stdDH-hkdf-sha256-scheme', 'dhSinglePass-stdDH-hkdf-sha384-scheme', 'dhSinglePass-stdDH-hkdf-sha512-scheme',
  'id-aes128-wrap', 'id-aes256-wrap',
]);

const CBC = new Set(['aes-128-cbc', 'aes-192-cbc', 'aes-256-cbc', 'des-ede3-cbc']);

export interface AlgorithmJudgement {
  /** Outside the profile's expected set: say which set. */
  nonMti?: string;
  legacy: boolean;
  deprecated?: { severity: 'warning' | 'error'; why: string };
}

const MANDATORY_TEXT: Record<AlgorithmProfile, string> = {
  rfc3923: "RFC 3923's mandatory set (SHA-1, RSA, AES-128-CBC)",
  smime4: "RFC 8551's set (SHA-256/512, RSA, RSA-PSS, ECDSA, EdDSA, AES-GCM, RSA-OAEP, ECDH)",
  modern: "both RFC 3923's mandatory set and RFC 8551's",
};

export function judgeAlgorithm(name: string, profile: AlgorithmProfile = DEFAULT_PROFILE): AlgorithmJudgement {
  const c = classifyAlgorithm(name);
  const canonical = canonicalName(name);
  const inSmime4 = SMIME4.has(canonical);
  const expected = profile === 'rfc3923' ? c.mti : profile === 'smime4' ? inSmime4 : c.mti || inSmime4;
  const out: AlgorithmJudgement = { legacy: profile !== 'smime4' && c.legacy };
  if (!expected) out.nonMti = MANDATORY_TEXT[profile];
  if (profile === 'rfc3923') {
    // Reading RFC 3923-era objects: SHA-1 is the mandatory digest, MD5/3DES get the legacy warning.
    if (c.deprecated === 'error' && !c.legacy) out.deprecated = { severity: 'error', why: 'broken' };
    return out;
  }
  if (c.deprecated !== 'no') {
    out.deprecated = { severity: c.deprecated, why: c.deprecated === 'error' ? 'broken' : 'deprecated by RFC 8551' };
  } else if (profile === 'smime4' && CBC.has(canonical)) {
    out.deprecated = { severity: 'warning', why: 'CBC has no integrity protection; RFC 8551 prefers AuthEnvelopedData with AES-GCM' };
  }
  return out;
}

/** What `seal` writes when --digest / --cipher are not given: clean under the same profile. */
export function sealDefaults(profile: AlgorithmProfile = DEFAULT_PROFILE): { digest: 'sha1' | 'sha256'; cipher: 'aes128' | 'aes128-gcm' } {
  if (profile === 'rfc3923') return { digest: 'sha1', cipher: 'aes128' };
  if (profile === 'smime4') return { digest: 'sha256', cipher: 'aes128-gcm' };
  return { digest: 'sha256', cipher: 'aes128' };
}
