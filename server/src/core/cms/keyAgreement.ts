// Key agreement for CMS kari recipients: ECDH ephemeral-static over the NIST curves (RFC 5753) and
// X25519 / X448 (RFC 8418), the ANSI X9.63 and HKDF key-derivation functions over the
// ECC-CMS-SharedInfo, and AES key wrap (RFC 3394, RFC 5649). Both directions: the writer (seal/)
// uses the same KDF and wrap. Everything through node:crypto.
import { createCipheriv, createDecipheriv, createHash, createPublicKey, diffieHellman, hkdfSync, type KeyObject } from 'node:crypto';
import { concatBytes, derTlv } from '../asn1/ber';
import { oid as oidDer } from '../asn1/derEncode';

/** How a kari keyEncryptionAlgorithm OID derives the key-encryption key. */
export interface KdfScheme {
  kdf: 'x963' | 'hkdf';
  hash: 'sha1' | 'sha224' | 'sha256' | 'sha384' | 'sha512';
  /** Cofactor Diffie-Hellman (the same value for curves with cofactor 1, which are all node supports). */
  cofactor: boolean;
}

export const KDF_SCHEMES: Readonly<Record<string, KdfScheme>> = {
  '1.3.133.16.840.63.0.2': { kdf: 'x963', hash: 'sha1', cofactor: false }, // dhSinglePass-stdDH-sha1kdf-scheme
  '1.3.132.1.11.0': { kdf: 'x963', hash: 'sha224', cofactor: false },
  '1.3.132.1.11.1': { kdf: 'x963', hash: 'sha256', cofactor: false },
  '1.3.132.1.11.2': { kdf: 'x963', hash: 'sha384', cofactor: false },
  '1.3.132.1.11.3': { kdf: 'x963', hash: 'sha512', cofactor: false },
  '1.3.133.16.840.63.0.3': { kdf: 'x963', hash: 'sha1', cofactor: true }, // dhSinglePass-cofactorDH-sha1kdf-scheme
  '1.3.132.1.14.0': { kdf: 'x963', hash: 'sha224', cofactor: true },
  '1.3.132.1.14.1': { kdf: 'x963', hash: 'sha256', cofactor: true },
  '1.3.132.1.14.2': { kdf: 'x963', hash: 'sha384', cofactor: true },
  '1.3.132.1.14.3': { kdf: 'x963', hash: 'sha512', cofactor: true },
  '1.2.840.113549.1.9.16.3.19': { kdf: 'hkdf', hash: 'sha256', cofactor: false }, // dhSinglePass-stdDH-hkdf-sha256-scheme (RFC 8418)
  '1.2.840.113549.1.9.16.3.20': { kdf: 'hkdf', hash: 'sha384', cofactor: false },
  '1.2.840.113549.1.9.16.3.21': { kdf: 'hkdf', hash: 'sha512', cofactor: false },
};

export const KEY_WRAPS: Readonly<Record<string, { cipher: string; kekLength: number; padded: boolean }>> = {
  '2.16.840.1.101.3.4.1.5': { cipher: 'id-aes128-wrap', kekLength: 16, padded: false },
  '2.16.840.1.101.3.4.1.25': { cipher: 'id-aes192-wrap', kekLength: 24, padded: false },
  '2.16.840.1.101.3.4.1.45': { cipher: 'id-aes256-wrap', kekLength: 32, padded: false },
  '2.16.840.1.101.3.4.1.8': { cipher: 'id-aes128-wrap-pad', kekLength: 16, padded: true },
  '2.16.840.1.101.3.4.1.28': { cipher: 'id-aes192-wrap-pad', kekLength: 24, padded: true },
  '2.16.840.1.101.3.4.1.48': { cipher: 'id-aes256-wrap-pad', kekLength: 32, padded: true },
};

const CURVE_OIDS: Readonly<Record<string, string>> = {
  prime256v1: '1.2.840.10045.3.1.7',
  secp384r1: '1.3.132.0.34',
  secp521r1: '1.3.132.0.35',
};

const ECX_OIDS: Readonly<Record<string, string>> = { x25519: '1.3.101.110', x448: '1.3.101.111' };

const RFC3394_IV = Buffer.from('a6a6a6a6a6a6a6a6', 'hex');
const RFC5649_IV = Buffer.from('a65959a6', 'hex');

/** The peer's public key as a KeyObject on the same curve (or X25519/X448) as `own`. */
export function peerPublicKey(own: KeyObject, publicKeyBits: Uint8Array): KeyObject {
  const type = own.asymmetricKeyType;
  let alg: Uint8Array;
  if (type === 'ec') {
    const curve = own.asymmetricKeyDetails?.namedCurve ?? '';
    const curveOid = CURVE_OIDS[curve];
    if (!curveOid) throw new Error(`unsupported curve ${curve || '(unknown)'}`);
    alg = derTlv(0x30, concatBytes([oidDer('1.2.840.10045.2.1'), oidDer(curveOid)]));
  } else if (type === 'x25519' || type === 'x448') {
    alg = derTlv(0x30, oidDer(ECX_OIDS[type]!));
  } else {
    throw new Error(`a ${type ?? 'unknown'} key cannot do key agreement`);
  }
  const spki = derTlv(0x30, concatBytes([alg, derTlv(0x03, concatBytes([Uint8Array.of(0), publicKeyBits]))]));
  return createPublicKey({ key: Buffer.from(spki), format: 'der', type: 'spki' });
}

/** ECC-CMS-SharedInfo (RFC 5753 §7.2): keyInfo, entityUInfo [0] (the ukm), suppPubInfo [2] (key bits). */
export function sharedInfo(keyWrapDer: Uint8Array, kekLength: number, ukm?: Uint8Array): Uint8Array {
  const bits = new Uint8Array(4);
  new DataView(bits.buffer).setUint32(0, kekLength * 8);
  const parts = [keyWrapDer];
  if (ukm) parts.push(derTlv(0xa0, derTlv(0x04, ukm)));
  parts.push(derTlv(0xa2, derTlv(0x04, bits)));
  return derTlv(0x30, concatBytes(parts));
}

/** ANSI X9.63 KDF: Hash(Z || counter || SharedInfo) for counter = 1, 2, ... */
function x963(hash: string, z: Uint8Array, info: Uint8Array, length: number): Buffer {
  const blocks: Buffer[] = [];
  let have = 0;
  for (let counter = 1; have < length; counter++) {
    const c = Buffer.alloc(4);
    c.writeUInt32BE(counter);
    const block = createHash(hash).update(z).update(c).update(info).digest();
    blocks.push(block);
    have += block.length;
  }
  return Buffer.concat(blocks).subarray(0, length);
}

/** The key-encryption key from the shared secret Z. */
export function deriveKek(scheme: KdfScheme, z: Uint8Array, info: Uint8Array, length: number): Buffer {
  if (scheme.kdf === 'hkdf') return Buffer.from(hkdfSync(scheme.hash, z, Buffer.alloc(0), info, length));
  return x963(scheme.hash, z, info, length);
}

export function agree(privateKey: KeyObject, publicKey: KeyObject): Buffer {
  return diffieHellman({ privateKey, publicKey });
}

/** AES key unwrap; throws when the integrity check fails (wrong key or altered wrapped key). */
export function unwrapKey(wrapOid: string, kek: Uint8Array, wrapped: Uint8Array): Buffer {
  const w = KEY_WRAPS[wrapOid];
  if (!w) throw new Error(`unsupported key wrap ${wrapOid}`);
  const d = createDecipheriv(w.cipher, kek, w.padded ? RFC5649_IV : RFC3394_IV);
  return Buffer.concat([d.update(wrapped), d.final()]);
}

export function wrapKey(wrapOid: string, kek: Uint8Array, key: Uint8Array): Buffer {
  const w = KEY_WRAPS[wrapOid];
  if (!w) throw new Error(`unsupported key wrap ${wrapOid}`);
  const c = createCipheriv(w.cipher, kek, w.padded ? RFC5649_IV : RFC3394_IV);
  return Buffer.concat([c.update(key), c.final()]);
}
