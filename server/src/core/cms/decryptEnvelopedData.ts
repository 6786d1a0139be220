// CMS EnvelopedData decryption with the user's workspace keys, through node:crypto.
//
// Key transport: RSA PKCS#1 v1.5 and RSA-OAEP. Node 20 refuses RSA_PKCS1_PADDING for private
// decryption (CVE-2023-46809, Marvin) when OpenSSL lacks implicit rejection, so v1.5 is done as a
// raw RSA operation (RSA_NO_PADDING) and the padding is checked here; this is an offline inspector,
// not an oracle an attacker can query. A wrong key almost always fails that padding check or the
// content-encryption key length check.
//
// Key agreement (kari): ECDH ephemeral-static over P-256/P-384/P-521 and X25519/X448, X9.63 or
// HKDF, AES key wrap (keyAgreement.ts). KEK recipients (kekri) open when the caller supplies the KEK.
//
// Content (decryptContent.ts): AES-CBC and DES-EDE3-CBC; AES-GCM/CCM for AuthEnvelopedData. CBC has
// no MAC: flipping bytes in the middle of the ciphertext can still "decrypt" to altered plaintext,
// which is why the inner signature (sign-then-encrypt, RFC 3923 §6.5) must be verified before the
// plaintext is trusted; GCM/CCM release nothing unless the tag verifies.
import { constants, privateDecrypt, type KeyObject } from 'node:crypto';
import type { KeyEntry } from '../types';
import { nodeHashName } from './algorithms';
import { recipientSummaries, type EnvelopedData, type KeyAgreeRecipientInfo, type KeyTransRecipientInfo, type RecipientInfo } from './cmsTypes';
import { certificateMatches } from './verifySignedData';
import { decryptContent } from './decryptContent';
import { agree, deriveKek, KDF_SCHEMES, KEY_WRAPS, peerPublicKey, sharedInfo, unwrapKey as kekUnwrap } from './keyAgreement';

export interface RecipientOutcome {
  id: string;
  keyEncryptionAlgorithm: string;
  /** The workspace key that matched (absent for a KEK recipient). */
  matched?: KeyEntry;
  /** A key (workspace key or supplied KEK) names this recipient. */
  keyFound?: boolean;
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

/** ECDH (or X25519/X448) with the recipient's static key, the scheme's KDF, then AES key unwrap. */
function unwrapAgreedKey(ri: KeyAgreeRecipientInfo, encryptedKey: Uint8Array, key: KeyObject): { cek: Buffer } | { error: string } {
  const scheme = KDF_SCHEMES[ri.keyEncryptionAlgorithm.oid];
  if (!scheme) return { error: `unsupported key agreement scheme ${ri.keyEncryptionAlgorithm.name}` };
  const wrap = ri.keyWrapAlgorithm;
  const w = wrap ? KEY_WRAPS[wrap.oid] : undefined;
  if (!wrap || !w) return { error: `unsupported key wrap ${wrap?.name ?? '(none given)'} in ${ri.keyEncryptionAlgorithm.name}` };
  if (ri.originator.kind !== 'key') return { error: 'static-static key agreement (originator certificate) is not supported: RFC 5753 uses an ephemeral originator key' };
  let kek: Buffer | undefined;
  try {
    const z = agree(key, peerPublicKey(key, ri.originator.publicKey));
    kek = deriveKek(scheme, z, sharedInfo(wrap.der, w.kekLength, ri.ukm), w.kekLength);
    z.fill(0);
  } catch (e) {
    return { error: `key agreement (${ri.keyEncryptionAlgorithm.name}) failed: ${e instanceof Error ? e.message : String(e)}` };
  }
  try {
    return { cek: kekUnwrap(wrap.oid, kek, encryptedKey) };
  } catch {
    return { error: `${wrap.name} unwrap failed: integrity check (wrong key or damaged encryptedKey)` };
  } finally {
    kek.fill(0);
  }
}

/** One candidate way into the content: a recipient entry and the key that may open it. */
interface Attempt {
  outcome: RecipientOutcome;
  /** Workspace keys that match; undefined stands for a caller-supplied KEK. */
  candidates: (KeyEntry | undefined)[];
  open: (entry: KeyEntry | undefined) => { cek: Buffer } | { error: string };
}

function attemptsFor(ri: RecipientInfo, withKeys: KeyEntry[], keks: Kek[]): Attempt[] {
  const summaries = recipientSummaries(ri);
  switch (ri.kind) {
    case 'ktri': {
      const outcome: RecipientOutcome = { ...summaries[0]!, opened: false };
      return [{ outcome, candidates: withKeys.filter((k) => certificateMatches(k.cert, ri.rid)), open: (e) => unwrapKey(ri, e!.privateKey!) }];
    }
    case 'kari':
      return ri.recipientEncryptedKeys.map((rek, i) => ({
        outcome: { ...summaries[i]!, opened: false },
        candidates: withKeys.filter((k) => certificateMatches(k.cert, rek.rid)),
        open: (e: KeyEntry | undefined) => unwrapAgreedKey(ri, rek.encryptedKey, e!.privateKey!),
      }));
    case 'kekri': {
      const kek = keks.find((k) => Buffer.from(k.id).equals(Buffer.from(ri.kekId)));
      const outcome: RecipientOutcome = { ...summaries[0]!, opened: false };
      if (!kek) return [{ outcome, candidates: [], open: () => ({ error: 'no key' }) }];
      const open = (): { cek: Buffer } | { error: string } => {
        try {
          return { cek: kekUnwrap(ri.keyEncryptionAlgorithm.oid, kek.key, ri.encryptedKey) };
        } catch {
          return { error: `${ri.keyEncryptionAlgorithm.name} unwrap failed: integrity check (wrong KEK or damaged encryptedKey)` };
        }
      };
      return [{ outcome, candidates: [undefined], open }];
    }
    default:
      return [{ outcome: { ...summaries[0]!, opened: false, error: `${ri.kind} recipients are not supported` }, candidates: [], open: () => ({ error: 'unsupported' }) }];
  }
}

/** A pre-shared key-encryption key for kekri recipients (by its keyIdentifier). */
export interface Kek {
  id: Uint8Array;
  key: Uint8Array;
}

export function decryptEnvelopedData(ed: EnvelopedData, keys: KeyEntry[], options: { keks?: Kek[] } = {}): DecryptResult {
  const withKeys = keys.filter((k) => k.privateKey);
  const recipients: RecipientOutcome[] = [];
  let plaintext: Uint8Array | undefined;
  let lastError: string | undefined;
  for (const ri of ed.recipientInfos) {
    for (const attempt of attemptsFor(ri, withKeys, options.keks ?? [])) {
      const outcome = attempt.outcome;
      recipients.push(outcome);
      if (attempt.candidates.length === 0) continue;
      outcome.matched = attempt.candidates[0];
      outcome.keyFound = true;
      if (plaintext) continue; // already opened through another recipient
      for (const entry of attempt.candidates) {
        const unwrapped = attempt.open(entry);
        if ('error' in unwrapped) {
          outcome.error = lastError = unwrapped.error;
          continue;
        }
        const content = decryptContent(ed, unwrapped.cek);
        unwrapped.cek.fill(0);
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
  }
  if (plaintext) return { recipients, plaintext };
  if (recipients.some((r) => r.keyFound)) return { recipients, error: lastError ?? 'decryption failed' };
  return { recipients, error: 'no workspace key matches any recipient' };
}
