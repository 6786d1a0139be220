// CMS EnvelopedData decryption with the user's workspace keys, through node:crypto.
//
// Key transport: RSA PKCS#1 v1.5 and RSA-OAEP. Node 20 refuses RSA_PKCS1_PADDING for private
// decryption (CVE-2023-46809, Marvin) when OpenSSL lacks implicit rejection, so v1.5 is done as a
// raw RSA operation (RSA_NO_PADDING) and the padding is checked here; this is an offline inspector,
// not an oracle an attacker can query. A wrong key almost always fails that padding check or the
// content-encryption key length check.
//
// Content: AES-128/192/256-CBC and DES-EDE3-CBC. A wrong key or a damaged last block fails the
// PKCS#7 padding check and is reported as an error. CBC has no MAC: flipping bytes in the middle
// of the ciphertext can still "decrypt" to altered plaintext, which is why the inner signature
// (sign-then-encrypt, RFC 3923 §6.5) must be verified before the plaintext is trusted.
import { constants, createDecipheriv, privateDecrypt, type KeyObject } from 'node:crypto';
import type { KeyEntry } from '../types';
import { nodeCipher, nodeHashName } from './algorithms';
import { identifierText, type EnvelopedData, type KeyTransRecipientInfo } from './cmsTypes';
import { certificateMatches } from './verifySignedData';

export interface RecipientOutcome {
  id: string;
  keyEncryptionAlgorithm: string;
  matched?: KeyEntry;
  opened: boolean;
  error?: string;
}

export interface DecryptResult {
  recipients: RecipientOutcome[];
  plaintext?: Uint8Array;
  error?: string;
}

/** Strips EME-PKCS1-v1_5 padding (00 02 PS>=8 nonzero 00 M); undefined when it is not there. */
function unpadPkcs1v15(em: Buffer): Buffer | undefined {
  if (em.length < 11 || em[0] !== 0x00 || em[1] !== 0x02) return undefined;
  let sep = -1;
  for (let i = 2; i < em.length; i++) {
    if (em[i] === 0x00) {
      sep = i;
      break;
    }
  }
  if (sep < 10) return undefined;
  return em.subarray(sep + 1);
}

function unwrapKey(ri: KeyTransRecipientInfo, key: KeyObject): { cek: Buffer } | { error: string } {
  const alg = ri.keyEncryptionAlgorithm;
  const ek = Buffer.from(ri.encryptedKey);
  try {
    if (alg.name === 'rsaEncryption') {
      const em = privateDecrypt({ key, padding: constants.RSA_NO_PADDING }, ek);
      const cek = unpadPkcs1v15(em);
      return cek ? { cek } : { error: 'RSA PKCS#1 v1.5 padding check failed (wrong key or damaged encryptedKey)' };
    }
    if (alg.name === 'RSAES-OAEP') {
      const p = alg.oaep ?? { hash: 'sha1', mgf1Hash: 'sha1', label: new Uint8Array(0) };
      const h = nodeHashName(p.hash);
      if (!h) return { error: `unsupported OAEP hash ${p.hash}` };
      if (p.mgf1Hash !== p.hash) return { error: `RSA-OAEP with MGF1-${p.mgf1Hash} and ${p.hash} is not supported by node:crypto` };
      const cek = privateDecrypt(
        { key, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: h, ...(p.label.length ? { oaepLabel: Buffer.from(p.label) } : {}) },
        ek,
      );
      return { cek };
    }
    return { error: `unsupported key transport algorithm ${alg.name}` };
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    // OpenSSL's reason ("oaep decoding error", "data too large for modulus") names the symptom.
    const reason = msg.replace(/^error:[0-9A-F]+:[^:]*::/i, '');
    return { error: `key transport (${alg.name}) failed: ${reason} (wrong key or damaged encryptedKey)` };
  }
}

function decryptContent(ed: EnvelopedData, cek: Buffer): { plaintext: Uint8Array } | { error: string } {
  const alg = ed.contentEncryptionAlgorithm;
  const c = nodeCipher(alg.name);
  if (!c) return { error: `unsupported content encryption algorithm ${alg.name}` };
  if (!ed.encryptedContent) return { error: 'the encrypted content is detached (not in the object)' };
  if (!alg.iv || alg.iv.length !== c.ivLength) return { error: `${alg.name} needs a ${c.ivLength}-byte IV in its parameters` };
  if (cek.length !== c.keyLength) {
    return { error: `the recovered content-encryption key is ${cek.length} bytes, ${alg.name} needs ${c.keyLength} (wrong key?)` };
  }
  try {
    const d = createDecipheriv(c.cipher, cek, Buffer.from(alg.iv));
    const out = Buffer.concat([d.update(ed.encryptedContent), d.final()]);
    return { plaintext: new Uint8Array(out) };
  } catch {
    return { error: `${alg.name} decryption failed: bad padding (wrong key or altered ciphertext)` };
  }
}

export function decryptEnvelopedData(ed: EnvelopedData, keys: KeyEntry[]): DecryptResult {
  const withKeys = keys.filter((k) => k.privateKey);
  const recipients: RecipientOutcome[] = [];
  let plaintext: Uint8Array | undefined;
  let lastError: string | undefined;
  for (const ri of ed.recipientInfos) {
    if (ri.kind !== 'ktri') {
      recipients.push({ id: ri.description, keyEncryptionAlgorithm: ri.kind, opened: false, error: `${ri.kind} recipients are not supported` });
      continue;
    }
    const outcome: RecipientOutcome = { id: identifierText(ri.rid), keyEncryptionAlgorithm: ri.keyEncryptionAlgorithm.name, opened: false };
    recipients.push(outcome);
    const matches = withKeys.filter((k) => certificateMatches(k.cert, ri.rid));
    if (matches.length === 0) continue;
    outcome.matched = matches[0];
    if (plaintext) continue; // already opened through another recipient
    for (const entry of matches) {
      const unwrapped = unwrapKey(ri, entry.privateKey!);
      if ('error' in unwrapped) {
        outcome.error = lastError = unwrapped.error;
        continue;
      }
      const content = decryptContent(ed, unwrapped.cek);
      if ('error' in content) {
        outcome.error = lastError = content.error;
        continue;
      }
      outcome.matched = entry;
      outcome.opened = true;
      delete outcome.error;
      plaintext = content.plaintext;
      break;
    }
  }
  if (plaintext) return { recipients, plaintext };
  if (recipients.some((r) => r.matched)) return { recipients, error: lastError ?? 'decryption failed' };
  return { recipients, error: 'no workspace key matches any recipient' };
}
