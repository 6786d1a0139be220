// The workspace key store: certificates with their private keys (paired by public key, across
// files), trust anchors, and a precise reason for every file that could not be used. Indexes by
// JID: id-on-xmppAddr first, then im:/pres: URIs (RFC 3923 §6.3). Pure: the caller reads files.
import { createPublicKey, X509Certificate, type KeyObject } from 'node:crypto';
import type { CertInfo, KeyEntry, KeyStore, KeyStoreProblem } from '../types';
import { bareJid } from '../jid/jid';
import { parseCertificate } from '../x509/certInfo';
import { readKeyMaterial } from './readKeyMaterial';

export interface KeyFile {
  path: string;
  bytes: Uint8Array;
}

function spkiHex(key: KeyObject): string {
  return Buffer.from(key.export({ type: 'spki', format: 'der' })).toString('hex');
}

function certSpkiHex(der: Uint8Array): string | undefined {
  try {
    return spkiHex(new X509Certificate(Buffer.from(der)).publicKey);
  } catch {
    return undefined; // a key type Node cannot load: the certificate still counts, unpaired
  }
}

function derKey(der: Uint8Array): string {
  return Buffer.from(der).toString('base64');
}

/** JIDs a certificate binds, split by how strongly (xmppAddr beats URIs). */
function bareList(values: string[]): string[] {
  return values.map((v) => bareJid(v)).filter((v) => v !== '');
}

export function buildKeyStore(
  keyFiles: KeyFile[],
  trustFiles: KeyFile[],
  passphraseFor: (path: string) => string | undefined,
): KeyStore {
  const problems: KeyStoreProblem[] = [];
  const entries: KeyEntry[] = [];
  const seenCerts = new Set<string>();
  const keys: { path: string; key: KeyObject; spki: string; used: boolean }[] = [];

  for (const file of keyFiles) {
    const m = readKeyMaterial(file.path, file.bytes, () => passphraseFor(file.path));
    for (const reason of m.problems) problems.push({ path: file.path, reason });
    for (const der of m.certs) {
      const id = derKey(der);
      if (seenCerts.has(id)) continue;
      seenCerts.add(id);
      try {
        entries.push({ path: file.path, cert: parseCertificate(der) });
      } catch {
        problems.push({ path: file.path, reason: 'not a certificate or key (certificate does not parse)' });
      }
    }
    for (const key of m.keys) {
      try {
        keys.push({ path: file.path, key, spki: spkiHex(createPublicKey(key)), used: false });
      } catch {
        problems.push({ path: file.path, reason: 'unsupported file type (key type)' });
      }
    }
  }

  // Pair by public key, so `juliet.key` finds `juliet.crt` whatever the files are called.
  for (const entry of entries) {
    const spki = certSpkiHex(entry.cert.der);
    if (!spki) continue;
    const match = keys.find((k) => k.spki === spki);
    if (match) {
      entry.privateKey = match.key;
      entry.keyPath = match.path;
      match.used = true;
    }
  }
  for (const k of keys) if (!k.used) problems.push({ path: k.path, reason: 'private key without certificate' });

  const anchors: CertInfo[] = [];
  const seenAnchors = new Set<string>();
  for (const file of trustFiles) {
    const m = readKeyMaterial(file.path, file.bytes, () => passphraseFor(file.path));
    for (const reason of m.problems) problems.push({ path: file.path, reason });
    if (m.keys.length > 0) problems.push({ path: file.path, reason: 'private key in a trust path (ignored)' });
    for (const der of m.certs) {
      const id = derKey(der);
      if (seenAnchors.has(id)) continue;
      seenAnchors.add(id);
      try {
        anchors.push(parseCertificate(der));
      } catch {
        problems.push({ path: file.path, reason: 'not a certificate or key (certificate does not parse)' });
      }
    }
  }

  const forJid = (jid: string): KeyEntry[] => {
    const want = bareJid(jid);
    if (want === '') return [];
    const byAddr = entries.filter((e) => bareList(e.cert.xmppAddrs).includes(want));
    const byUri = entries.filter((e) => !byAddr.includes(e) && bareList(e.cert.uriJids).includes(want));
    return [...byAddr, ...byUri];
  };

  return { entries, anchors, problems, forJid };
}
