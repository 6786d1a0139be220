// The OpenPGP edge of OX (XEP-0373): reads workspace OpenPGP keys (armored or binary, public and
// secret) and opens every OX object of a document with the `openpgp` library before the analysis,
// which is synchronous. The results feed the core through an `OxResolver` keyed by base64 text, so
// the core stays pure and deterministic (core/ox/oxOpened.ts). No secret material leaves this file.
import type * as openpgp from 'openpgp';
import { openpgpLib } from './openpgpLib';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join } from 'node:path';
import { parseTrace } from '../core/trace/parseTrace';
import { announcedKeys, oxPayloads, type AnnouncedKey } from '../core/ox/findOx';
import type { OxOpened, OxResolver, OxSignature } from '../core/ox/oxOpened';
import { xep27Key, xep27Payloads } from '../core/xep27/findXep27';
import { mayHoldOpenPgp } from '../core/openPgpMarkers';
import { openXep27 } from './openXep27';

export interface OpenPgpKeys {
  publicKeys: openpgp.PublicKey[];
  privateKeys: openpgp.PrivateKey[];
  problems: { path: string; reason: string }[];
}

const OPENPGP_EXTENSIONS = new Set(['.asc', '.gpg', '.pgp']);

/** OpenPGP key files under the key paths (files, or directories one level deep), like certificates. */
export function openPgpKeyFiles(paths: string[]): { path: string; bytes: Uint8Array }[] {
  const out: { path: string; bytes: Uint8Array }[] = [];
  const add = (p: string, explicit: boolean) => {
    if (!explicit && !OPENPGP_EXTENSIONS.has(extname(p).toLowerCase())) return;
    try {
      out.push({ path: p, bytes: new Uint8Array(readFileSync(p)) });
    } catch {
      // unreadable: the certificate loader reports the path already
    }
  };
  for (const p of paths) {
    try {
      if (statSync(p).isDirectory()) {
        for (const n of readdirSync(p).sort()) if (statSync(join(p, n)).isFile()) add(join(p, n), false);
      } else add(p, OPENPGP_EXTENSIONS.has(extname(p).toLowerCase()));
    } catch {
      // missing path: reported by the certificate loader
    }
  }
  return out;
}

function looksArmored(bytes: Uint8Array): boolean {
  return Buffer.from(bytes.subarray(0, 200)).toString('latin1').includes('-----BEGIN PGP ');
}

function looksBinaryOpenPgp(bytes: Uint8Array): boolean {
  // An OpenPGP packet header: bit 7 set; a key file starts with a public/secret key packet (tag 5 or 6).
  const b = bytes[0];
  if (b === undefined || (b & 0x80) === 0) return false;
  const tag = b & 0x40 ? b & 0x3f : (b >> 2) & 0x0f;
  return tag === 5 || tag === 6;
}

/** A passphrase for every file, or one per path (the language server asks per file). */
export type OpenPgpPassphrase = string | ((path: string) => string | undefined) | undefined;

/** Why an encrypted secret key did not open: the CLI and the language server ask again on these words. */
export const PASSPHRASE_REQUIRED = 'passphrase required (an encrypted OpenPGP secret key)';
export const PASSPHRASE_WRONG = 'wrong passphrase (the OpenPGP secret key did not decrypt)';

/** Parses key files; files that are not OpenPGP keys are ignored (they are certificates or PEM keys). */
export async function readOpenPgpKeys(files: { path: string; bytes: Uint8Array }[], passphrase?: OpenPgpPassphrase): Promise<OpenPgpKeys> {
  const keys: OpenPgpKeys = { publicKeys: [], privateKeys: [], problems: [] };
  const passFor = (path: string) => (typeof passphrase === 'function' ? passphrase(path) : passphrase);
  for (const f of files) {
    let read: openpgp.Key[];
    try {
      const r = await parseKeyFile(f.bytes);
      if (!r) continue;
      read = r;
    } catch (e) {
      keys.problems.push({ path: f.path, reason: `not a usable OpenPGP key: ${(e as Error).message.split('\n')[0]}` });
      continue;
    }
    for (const k of read) {
      if (!k.isPrivate()) {
        addPublic(keys, k as openpgp.PublicKey);
        continue;
      }
      const priv = k as openpgp.PrivateKey;
      // The public half verifies and encrypts even when the secret half stays locked.
      addPublic(keys, priv.toPublic());
      const opened = await unlock(priv, passFor(f.path));
      if (typeof opened === 'string') keys.problems.push({ path: f.path, reason: opened });
      else keys.privateKeys.push(opened);
    }
  }
  return keys;
}

async function parseKeyFile(bytes: Uint8Array): Promise<openpgp.Key[] | undefined> {
  if (looksArmored(bytes)) return openpgpLib().readKeys({ armoredKeys: Buffer.from(bytes).toString('utf8') });
  if (looksBinaryOpenPgp(bytes)) return openpgpLib().readKeys({ binaryKeys: bytes });
  return undefined;
}

/** The decrypted secret key, or the reason (secret-free) it stays locked. */
async function unlock(priv: openpgp.PrivateKey, passphrase: string | undefined): Promise<openpgp.PrivateKey | string> {
  if (priv.isDecrypted()) return priv;
  if (passphrase === undefined) return PASSPHRASE_REQUIRED;
  try {
    return await openpgpLib().decryptKey({ privateKey: priv, passphrase });
  } catch (e) {
    return /passphrase/i.test((e as Error).message) ? PASSPHRASE_WRONG : `the OpenPGP secret key does not open: ${(e as Error).message.split('\n')[0]}`;
  }
}

/** An OpenPGP key file holding an encrypted secret key (a passphrase is needed before reading it). */
export async function isLockedOpenPgpKey(bytes: Uint8Array): Promise<boolean> {
  try {
    const keys = await parseKeyFile(bytes);
    return (keys ?? []).some((k) => k.isPrivate() && !(k as openpgp.PrivateKey).isDecrypted());
  } catch {
    return false;
  }
}

/** A secret key file and its public export are the same key: keep one. */
function addPublic(keys: OpenPgpKeys, k: openpgp.PublicKey): void {
  if (!keys.publicKeys.some((p) => p.getFingerprint() === k.getFingerprint())) keys.publicKeys.push(k);
}

const hex = (id: openpgp.KeyID) => id.toHex().toUpperCase();

export async function signaturesOf(verifications: { keyID: openpgp.KeyID; verified: Promise<true> }[], keys: OpenPgpKeys): Promise<OxSignature[]> {
  const out: OxSignature[] = [];
  for (const v of verifications) {
    const key = keys.publicKeys.find((k) => k.getKeys(v.keyID).length > 0);
    const base = { keyId: hex(v.keyID), userIds: key?.getUserIDs() ?? [], fingerprint: key?.getFingerprint().toUpperCase() };
    if (!key) {
      out.push({ ...base, result: 'noKey' });
      continue;
    }
    try {
      await v.verified;
      out.push({ ...base, result: 'valid' });
    } catch (e) {
      out.push({ ...base, result: 'invalid', reason: (e as Error).message.split('\n')[0] });
    }
  }
  return out;
}

/** Opens one OX object: decrypts (when encrypted and a secret key matches) and verifies. */
export async function openOx(base64: string, keys: OpenPgpKeys): Promise<OxOpened> {
  let message: openpgp.Message<Uint8Array>;
  try {
    message = await openpgpLib().readMessage({ binaryMessage: new Uint8Array(Buffer.from(base64, 'base64')) });
  } catch (e) {
    return { encrypted: false, recipients: [], decrypt: 'failed', signatures: [], error: `not an OpenPGP message (${(e as Error).message.split('\n')[0]})` };
  }
  const recipients = message.getEncryptionKeyIDs().map(hex);
  if (recipients.length === 0) {
    try {
      const r = await openpgpLib().verify({ message, verificationKeys: keys.publicKeys, format: 'binary' });
      return { encrypted: false, recipients, decrypt: 'notEncrypted', plaintext: Buffer.from(r.data as Uint8Array).toString('utf8'), signatures: await signaturesOf(r.signatures, keys) };
    } catch (e) {
      return { encrypted: false, recipients, decrypt: 'failed', signatures: [], error: (e as Error).message.split('\n')[0] };
    }
  }
  const ids = message.getEncryptionKeyIDs();
  const decryptionKeys = keys.privateKeys.filter((k) => ids.some((id) => k.getKeys(id).length > 0));
  if (decryptionKeys.length === 0) return { encrypted: true, recipients, decrypt: 'noKey', signatures: [] };
  try {
    const r = await openpgpLib().decrypt({ message, decryptionKeys, verificationKeys: keys.publicKeys, format: 'binary' });
    return { encrypted: true, recipients, decrypt: 'ok', plaintext: Buffer.from(r.data as Uint8Array).toString('utf8'), signatures: await signaturesOf(r.signatures, keys) };
  } catch (e) {
    return { encrypted: true, recipients, decrypt: 'failed', signatures: [], error: (e as Error).message.split('\n')[0] };
  }
}

/** Opens every OX object of a document; the resolver answers the analysis synchronously. */
/** `mayHold`: the caller's own (incremental) answer to mayHoldOpenPgp(text). */
export async function oxResolverFor(text: string, keys: OpenPgpKeys | undefined, mayHold = mayHoldOpenPgp(text)): Promise<OxResolver | undefined> {
  if (!keys || !mayHold) return undefined;
  const stanzas = parseTrace(text).stanzas;
  const announced = announcedKeys(stanzas);
  const all = await withAnnouncedKeys(keys, announced);
  // An edit elsewhere in the trace must not decrypt and verify every object again: results are
  // remembered per key set, keyed by the object and the keys the trace announces.
  const memo = memoFor(keys);
  const keyed = announced.map((a) => a.fingerprint).sort().join(',');
  const opened = new Map<string, OxOpened>();
  const open = async (key: string, how: () => Promise<OxOpened>) => {
    const id = `${keyed}|${key}`;
    let r = memo.get(id);
    if (!r) {
      r = await how();
      if (memo.size >= MAX_REMEMBERED) memo.delete(memo.keys().next().value!);
      memo.set(id, r);
    }
    opened.set(key, r);
  };
  for (const b64 of oxPayloads(stanzas)) await open(b64, () => openOx(b64, all));
  // Legacy XEP-0027 objects: the same keys, the same resolver (keys prefixed 'xep27:').
  for (const ref of xep27Payloads(stanzas)) await open(xep27Key(ref), () => openXep27(ref, all));
  return (b64) => opened.get(b64);
}

/** Opened objects remembered per loaded key set (a new key set, e.g. after a key file changed, starts empty). */
const MAX_REMEMBERED = 5000;
const MEMO = new WeakMap<OpenPgpKeys, Map<string, OxOpened>>();

function memoFor(keys: OpenPgpKeys): Map<string, OxOpened> {
  let m = MEMO.get(keys);
  if (!m) MEMO.set(keys, (m = new Map()));
  return m;
}

/** Adds the public keys the trace announces whose fingerprint is the one their PEP node names. */
export async function withAnnouncedKeys(keys: OpenPgpKeys, announced: AnnouncedKey[]): Promise<OpenPgpKeys> {
  if (announced.length === 0) return keys;
  const out: OpenPgpKeys = { ...keys, publicKeys: [...keys.publicKeys] };
  for (const a of announced) {
    try {
      const k = await openpgpLib().readKey({ binaryKey: new Uint8Array(Buffer.from(a.base64, 'base64')) });
      if (k.getFingerprint().toUpperCase() === a.fingerprint) addPublic(out, k.toPublic());
    } catch {
      // not a key: a trace is not trusted input, and an unreadable announcement verifies nothing
    }
  }
  return out;
}

/** The OpenPGP keys loaded with a key store (the LSP keeps them beside the pure store). */
const BY_STORE = new WeakMap<object, OpenPgpKeys>();

export function attachOpenPgpKeys(store: object, keys: OpenPgpKeys): void {
  BY_STORE.set(store, keys);
}

export function openPgpKeysOf(store: object | undefined): OpenPgpKeys | undefined {
  return store ? BY_STORE.get(store) : undefined;
}
