// Algorithm tables for CMS: what each OID is, which node:crypto name computes it, and how RFC 3923
// and current S/MIME judge it (spec-checklist 1.5 E2E-34, 2 LEG-1, 6.2 SMIME-10).
import { OID_NAMES } from '../asn1/oids';
import { rememberedBy } from '../stringMemo';

const pick = (oids: string[]): Readonly<Record<string, string>> => Object.fromEntries(oids.map((o) => [o, OID_NAMES[o] ?? o]));

export const DIGEST_ALGORITHMS = pick([
  '1.2.840.113549.2.5', '1.3.14.3.2.26', '2.16.840.1.101.3.4.2.4', '2.16.840.1.101.3.4.2.1', '2.16.840.1.101.3.4.2.2',
  '2.16.840.1.101.3.4.2.3', '2.16.840.1.101.3.4.2.8', '2.16.840.1.101.3.4.2.9', '2.16.840.1.101.3.4.2.10',
  '2.16.840.1.101.3.4.2.12',
]);

export const SIGNATURE_ALGORITHMS = pick([
  '1.2.840.113549.1.1.1', '1.2.840.113549.1.1.4', '1.2.840.113549.1.1.5', '1.2.840.113549.1.1.10', '1.2.840.113549.1.1.11',
  '1.2.840.113549.1.1.12', '1.2.840.113549.1.1.13', '1.2.840.113549.1.1.14', '1.3.14.3.2.29', '1.2.840.10045.2.1',
  '1.2.840.10045.4.1', '1.2.840.10045.4.3.1', '1.2.840.10045.4.3.2', '1.2.840.10045.4.3.3', '1.2.840.10045.4.3.4',
  '1.2.840.10040.4.1', '1.2.840.10040.4.3', '2.16.840.1.101.3.4.3.1', '2.16.840.1.101.3.4.3.2', '1.3.101.112', '1.3.101.113',
  '2.16.840.1.101.3.4.3.17', '2.16.840.1.101.3.4.3.18', '2.16.840.1.101.3.4.3.19',
]);

export const KEY_TRANSPORT_ALGORITHMS = pick(['1.2.840.113549.1.1.1', '1.2.840.113549.1.1.7']);

export const CONTENT_ENCRYPTION_ALGORITHMS = pick([
  '2.16.840.1.101.3.4.1.2', '2.16.840.1.101.3.4.1.22', '2.16.840.1.101.3.4.1.42', '1.2.840.113549.3.7', '1.2.840.113549.3.2',
  '1.3.14.3.2.7', '2.16.840.1.101.3.4.1.6', '2.16.840.1.101.3.4.1.26', '2.16.840.1.101.3.4.1.46',
]);

/** node:crypto hash name for a digest name, or undefined when unsupported. */
export function nodeHashName(digestName: string): string | undefined {
  const map: Record<string, string> = {
    md5: 'md5', sha1: 'sha1', sha224: 'sha224', sha256: 'sha256', sha384: 'sha384', sha512: 'sha512',
    'sha3-256': 'sha3-256', 'sha3-384': 'sha3-384', 'sha3-512': 'sha3-512', shake256: 'shake256',
  };
  return map[digestName.toLowerCase()];
}

/** createHash options: RFC 8419 uses SHAKE256 with 512 bits of output as Ed448's digest. */
export function hashOptions(nodeHash: string): { outputLength: number } | undefined {
  return nodeHash === 'shake256' ? { outputLength: 64 } : undefined;
}

export type SignatureScheme = 'rsa-pkcs1' | 'rsa-pss' | 'ecdsa' | 'dsa' | 'eddsa';

/**
 * How a SignerInfo signatureAlgorithm is computed: the scheme and the hash it names (undefined
 * when the algorithm is "the key's algorithm", e.g. rsaEncryption: then the SignerInfo digest applies).
 */
export function signatureScheme(name: string): { scheme: SignatureScheme; hash?: string } | undefined {
  const table: Record<string, { scheme: SignatureScheme; hash?: string }> = {
    rsaEncryption: { scheme: 'rsa-pkcs1' },
    md5WithRSAEncryption: { scheme: 'rsa-pkcs1', hash: 'md5' },
    sha1WithRSAEncryption: { scheme: 'rsa-pkcs1', hash: 'sha1' },
    sha1WithRSA: { scheme: 'rsa-pkcs1', hash: 'sha1' },
    sha224WithRSAEncryption: { scheme: 'rsa-pkcs1', hash: 'sha224' },
    sha256WithRSAEncryption: { scheme: 'rsa-pkcs1', hash: 'sha256' },
    sha384WithRSAEncryption: { scheme: 'rsa-pkcs1', hash: 'sha384' },
    sha512WithRSAEncryption: { scheme: 'rsa-pkcs1', hash: 'sha512' },
    'RSASSA-PSS': { scheme: 'rsa-pss' },
    'id-ecPublicKey': { scheme: 'ecdsa' },
    'ecdsa-with-SHA1': { scheme: 'ecdsa', hash: 'sha1' },
    'ecdsa-with-SHA224': { scheme: 'ecdsa', hash: 'sha224' },
    'ecdsa-with-SHA256': { scheme: 'ecdsa', hash: 'sha256' },
    'ecdsa-with-SHA384': { scheme: 'ecdsa', hash: 'sha384' },
    'ecdsa-with-SHA512': { scheme: 'ecdsa', hash: 'sha512' },
    dsaEncryption: { scheme: 'dsa' },
    'dsa-with-SHA1': { scheme: 'dsa', hash: 'sha1' },
    'dsa-with-SHA224': { scheme: 'dsa', hash: 'sha224' },
    'dsa-with-SHA256': { scheme: 'dsa', hash: 'sha256' },
    ED25519: { scheme: 'eddsa' },
    ED448: { scheme: 'eddsa' },
  };
  return table[name];
}

const MTI = new Set(['sha1', 'sha1WithRSAEncryption', 'sha1WithRSA', 'rsaEncryption', 'aes-128-cbc']);
const LEGACY = new Set(['md5', 'md5WithRSAEncryption', 'des-ede3-cbc']);
const DEPRECATED_WARNING = new Set(['sha1', 'sha1WithRSAEncryption', 'sha1WithRSA', 'ecdsa-with-SHA1', 'dsa-with-SHA1', 'des-ede3-cbc']);
const DEPRECATED_ERROR = new Set(['md5', 'md2', 'md5WithRSAEncryption', 'md2WithRSAEncryption', 'rc2-cbc', 'des-cbc']);

/**
 * RFC 3923 mandatory set (SHA-1, RSA PKCS#1 v1.5, AES-128-CBC), the pre-RFC legacy profile
 * (MD5, 3DES) and current S/MIME deprecation (SHA-1 and 3DES warnings; MD5, RC2, DES errors).
 * Accepts the names this module produces (OpenSSL-style), case-insensitively.
 */
export function classifyAlgorithm(name: string): { mti: boolean; legacy: boolean; deprecated: 'no' | 'warning' | 'error' } {
  const canonical = canonicalName(name);
  return {
    mti: MTI.has(canonical),
    legacy: LEGACY.has(canonical),
    deprecated: DEPRECATED_ERROR.has(canonical) ? 'error' : DEPRECATED_WARNING.has(canonical) ? 'warning' : 'no',
  };
}

export const canonicalName = rememberedBy(canonicalNameUncached);

function canonicalNameUncached(name: string): string {
  const n = name.trim();
  const lower = n.toLowerCase().replace(/_/g, '-');
  const aliases: Record<string, string> = {
    'sha-1': 'sha1', 'sha-256': 'sha256', 'sha-384': 'sha384', 'sha-512': 'sha512', 'sha-224': 'sha224',
    'md-5': 'md5', des3: 'des-ede3-cbc', '3des': 'des-ede3-cbc', 'des-ede3': 'des-ede3-cbc', 'tripledes': 'des-ede3-cbc',
    'aes128-cbc': 'aes-128-cbc', 'aes192-cbc': 'aes-192-cbc', 'aes256-cbc': 'aes-256-cbc', aes128: 'aes-128-cbc',
    'id-aes128-cbc': 'aes-128-cbc', 'id-aes192-cbc': 'aes-192-cbc', 'id-aes256-cbc': 'aes-256-cbc', rc2: 'rc2-cbc', des: 'des-cbc',
    rsa: 'rsaEncryption', rsaencryption: 'rsaEncryption',
  };
  if (aliases[lower]) return aliases[lower]!;
  for (const known of [...MTI, ...LEGACY, ...DEPRECATED_WARNING, ...DEPRECATED_ERROR]) {
    if (known.toLowerCase() === lower) return known;
  }
  const byOid = OID_NAMES[n];
  return byOid ?? n;
}
