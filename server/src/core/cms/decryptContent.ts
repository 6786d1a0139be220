// Content decryption for EnvelopedData (CBC) and AuthEnvelopedData (GCM, CCM; RFC 5083/5084).
// For the AEAD modes the tag (the AuthEnvelopedData mac) is checked before any plaintext leaves
// this function: node:crypto's final() verifies it, and the output of update() is dropped unless
// that succeeds. An altered tag, ciphertext or authenticated attribute is an error, never plaintext.
import { createDecipheriv } from 'node:crypto';
import type { EnvelopedData } from './cmsTypes';

interface CipherSpec {
  cipher: string;
  keyLength: number;
  mode: 'cbc' | 'gcm' | 'ccm';
  ivLength?: number;
}

const CIPHERS: Readonly<Record<string, CipherSpec>> = {
  'aes-128-cbc': { cipher: 'aes-128-cbc', keyLength: 16, mode: 'cbc', ivLength: 16 },
  'aes-192-cbc': { cipher: 'aes-192-cbc', keyLength: 24, mode: 'cbc', ivLength: 16 },
  'aes-256-cbc': { cipher: 'aes-256-cbc', keyLength: 32, mode: 'cbc', ivLength: 16 },
  'des-ede3-cbc': { cipher: 'des-ede3-cbc', keyLength: 24, mode: 'cbc', ivLength: 8 },
  'aes-128-gcm': { cipher: 'aes-128-gcm', keyLength: 16, mode: 'gcm' },
  'aes-192-gcm': { cipher: 'aes-192-gcm', keyLength: 24, mode: 'gcm' },
  'aes-256-gcm': { cipher: 'aes-256-gcm', keyLength: 32, mode: 'gcm' },
  'aes-128-ccm': { cipher: 'aes-128-ccm', keyLength: 16, mode: 'ccm' },
  'aes-192-ccm': { cipher: 'aes-192-ccm', keyLength: 24, mode: 'ccm' },
  'aes-256-ccm': { cipher: 'aes-256-ccm', keyLength: 32, mode: 'ccm' },
};

export function decryptContent(ed: EnvelopedData, cek: Uint8Array): { plaintext: Uint8Array } | { error: string } {
  const alg = ed.contentEncryptionAlgorithm;
  const c = CIPHERS[alg.name];
  if (!c) return { error: `unsupported content encryption algorithm ${alg.name}` };
  if (!ed.encryptedContent) return { error: 'the encrypted content is detached (not in the object)' };
  if (cek.length !== c.keyLength) {
    return { error: `the recovered content-encryption key is ${cek.length} bytes, ${alg.name} needs ${c.keyLength} (wrong key?)` };
  }
  const data = Buffer.from(ed.encryptedContent);
  if (c.mode === 'cbc') {
    if (ed.authenticated) return { error: `${alg.name} is not an authenticated cipher: AuthEnvelopedData needs GCM or CCM (RFC 5083)` };
    if (!alg.iv || alg.iv.length !== c.ivLength) return { error: `${alg.name} needs a ${c.ivLength}-byte IV in its parameters` };
    try {
      const d = createDecipheriv(c.cipher, cek, Buffer.from(alg.iv));
      return { plaintext: new Uint8Array(Buffer.concat([d.update(data), d.final()])) };
    } catch {
      return { error: `${alg.name} decryption failed: bad padding (wrong key or altered ciphertext)` };
    }
  }
  if (!ed.authenticated) return { error: `${alg.name} inside EnvelopedData: an AEAD cipher belongs in AuthEnvelopedData (RFC 5083)` };
  if (!alg.aead) return { error: `${alg.name} needs GCM/CCM parameters (nonce, ICV length)` };
  const { nonce, icvLength } = alg.aead;
  const tag = Buffer.from(ed.authenticated.mac);
  if (tag.length !== icvLength) return { error: `the mac is ${tag.length} bytes but the parameters say ${icvLength}` };
  const aad = ed.authenticated.authAttrsDer ? Buffer.from(ed.authenticated.authAttrsDer) : undefined;
  try {
    if (c.mode === 'gcm') {
      const d = createDecipheriv(c.cipher as 'aes-128-gcm', cek, Buffer.from(nonce), { authTagLength: icvLength });
      d.setAuthTag(tag);
      if (aad) d.setAAD(aad);
      const head = d.update(data);
      const tail = d.final(); // throws when the tag does not verify
      return { plaintext: new Uint8Array(Buffer.concat([head, tail])) };
    }
    const d = createDecipheriv(c.cipher as 'aes-128-ccm', cek, Buffer.from(nonce), { authTagLength: icvLength });
    d.setAuthTag(tag);
    if (aad) d.setAAD(aad, { plaintextLength: data.length });
    const head = d.update(data);
    const tail = d.final();
    return { plaintext: new Uint8Array(Buffer.concat([head, tail])) };
  } catch {
    return {
      error: `${alg.name} authentication failed: the tag does not match (altered ciphertext, authenticated attributes or mac, or a wrong key); no plaintext released`,
    };
  }
}
