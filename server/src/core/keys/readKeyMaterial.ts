// Reads one key or trust file into certificates (DER) and private keys (KeyObjects), sniffing the
// content: PEM (certificates, PKCS#1, SEC1, PKCS#8, encrypted PKCS#8, legacy encrypted PEM), DER
// (certificate, PKCS#8, PKCS#1, encrypted PKCS#8) and PKCS#12. Never throws; a file it cannot use
// yields a secret-free reason.
import { createPrivateKey, type KeyObject } from 'node:crypto';
import { parseCertificate } from '../x509/certInfo';
import { isDefinite, parseBer } from '../asn1/ber';
import { T, isTag } from '../asn1/walk';
import { isEncryptedBlock, looksLikePem, pemBlocks } from './pemBlocks';
import { looksLikePkcs12, readPkcs12 } from './pkcs12';
import { pushAll } from '../findingLimits';

export interface KeyMaterial {
  certs: Uint8Array[];
  keys: KeyObject[];
  /** Why (part of) the file could not be used. */
  problems: string[];
}

const CERT_LABELS = new Set(['CERTIFICATE', 'X509 CERTIFICATE', 'TRUSTED CERTIFICATE']);
const KEY_LABELS = new Set(['PRIVATE KEY', 'RSA PRIVATE KEY', 'EC PRIVATE KEY', 'ENCRYPTED PRIVATE KEY']);
// Public material that carries nothing a key store needs; skipped without complaint.
const IGNORED_LABELS = new Set(['EC PARAMETERS', 'PUBLIC KEY', 'RSA PUBLIC KEY', 'X509 CRL', 'DH PARAMETERS']);

/** Maps a decryption failure to a reason that never echoes the passphrase. */
function passphraseReason(passphrase: string | undefined): string {
  return passphrase === undefined ? 'passphrase required' : 'wrong passphrase';
}

/** The first TLV only: `TRUSTED CERTIFICATE` appends OpenSSL aux data after the certificate. */
function firstTlv(der: Uint8Array): Uint8Array {
  const t = parseBer(der);
  return t.ok ? der.subarray(0, t.node.end) : der;
}

function isCertificate(der: Uint8Array): boolean {
  try {
    parseCertificate(der);
    return true;
  } catch {
    return false;
  }
}

function readPem(text: string, passphrase: () => string | undefined, out: KeyMaterial): void {
  const blocks = pemBlocks(text);
  const unsupported: string[] = [];
  for (const b of blocks) {
    if (CERT_LABELS.has(b.label)) {
      const der = firstTlv(b.der);
      if (isCertificate(der)) out.certs.push(der);
      else out.problems.push('not a certificate or key (a CERTIFICATE block that does not parse)');
    } else if (KEY_LABELS.has(b.label)) {
      const encrypted = isEncryptedBlock(b);
      const pw = encrypted ? passphrase() : undefined;
      if (encrypted && pw === undefined) {
        out.problems.push('passphrase required');
        continue;
      }
      try {
        out.keys.push(createPrivateKey({ key: b.text, format: 'pem', ...(encrypted ? { passphrase: pw } : {}) }));
      } catch {
        out.problems.push(encrypted ? passphraseReason(pw) : `not a certificate or key (unreadable ${b.label} block)`);
      }
    } else if (!IGNORED_LABELS.has(b.label)) {
      unsupported.push(b.label);
    }
  }
  if (out.certs.length === 0 && out.keys.length === 0 && out.problems.length === 0) {
    out.problems.push(
      unsupported.length > 0 ? `unsupported file type (PEM ${unsupported.join(', ')})` : 'not a certificate or key',
    );
  }
}

function tryKey(der: Uint8Array, options: { type: 'pkcs8' | 'pkcs1' | 'sec1'; passphrase?: string }): KeyObject | undefined {
  try {
    return createPrivateKey({ key: Buffer.from(der), format: 'der', ...options });
  } catch {
    return undefined;
  }
}

/** EncryptedPrivateKeyInfo: SEQUENCE { SEQUENCE { OID ... }, OCTET STRING }. */
function looksLikeEncryptedPkcs8(der: Uint8Array): boolean {
  const parsed = parseBer(der, { exact: true });
  if (!parsed.ok || !isDefinite(parsed.node)) return false;
  const [alg, data, extra] = parsed.node.children;
  const isSeq = isTag(parsed.node, T.SEQUENCE) && isTag(alg, T.SEQUENCE);
  return isSeq && isTag(alg!.children[0], T.OID) && isTag(data, T.OCTET_STRING) && !data!.constructed && !extra;
}

function readDer(path: string, bytes: Uint8Array, passphrase: () => string | undefined, out: KeyMaterial): void {
  const lower = path.toLowerCase();
  if (lower.endsWith('.p12') || lower.endsWith('.pfx') || looksLikePkcs12(bytes)) {
    const pw = passphrase();
    const r = readPkcs12(bytes, pw);
    if (r.ok) {
      pushAll(out.certs, r.certs.filter(isCertificate));
      for (const k of r.keys) {
        const key = tryKey(k, { type: 'pkcs8' });
        if (key) out.keys.push(key);
        else out.problems.push('unsupported file type (a PKCS#12 key node:crypto cannot read)');
      }
      if (out.certs.length === 0 && out.keys.length === 0) out.problems.push('not a certificate or key (empty PKCS#12)');
      return;
    }
    if (r.reason !== 'not PKCS#12') {
      out.problems.push(r.reason);
      return;
    }
  }
  const der = firstTlv(bytes);
  if (isCertificate(der)) {
    out.certs.push(der);
    return;
  }
  const key = tryKey(bytes, { type: 'pkcs8' }) ?? tryKey(bytes, { type: 'pkcs1' }) ?? tryKey(bytes, { type: 'sec1' });
  if (key) {
    out.keys.push(key);
    return;
  }
  if (looksLikeEncryptedPkcs8(bytes)) {
    const pw = passphrase();
    const k = pw === undefined ? undefined : tryKey(bytes, { type: 'pkcs8', passphrase: pw });
    if (k) out.keys.push(k);
    else out.problems.push(passphraseReason(pw));
    return;
  }
  out.problems.push('not a certificate or key');
}

/** Key containers people point at by mistake: say what they are. */
function knownUnsupported(bytes: Uint8Array): string | undefined {
  const magic = Buffer.from(bytes.subarray(0, 4)).toString('hex');
  if (magic === 'feedfeed') return 'unsupported file type (Java KeyStore: export the key and certificate as PKCS#12 or PEM)';
  if (magic === 'cececece') return 'unsupported file type (JCEKS keystore: export as PKCS#12 or PEM)';
  if (bytes[0] === 0x99 || bytes[0] === 0x95 || bytes[0] === 0xc5) return 'unsupported file type (OpenPGP key)';
  return undefined;
}

export function readKeyMaterial(path: string, bytes: Uint8Array, passphrase: () => string | undefined): KeyMaterial {
  const out: KeyMaterial = { certs: [], keys: [], problems: [] };
  try {
    // PEM is ASCII armour; a binary file never contains the marker by accident in practice.
    const head = Buffer.from(bytes).toString('latin1');
    if (looksLikePem(head)) readPem(Buffer.from(bytes).toString('utf8'), passphrase, out);
    else if (bytes.length > 0 && bytes[0] === 0x30) readDer(path, bytes, passphrase, out);
    else if (bytes.length === 0) out.problems.push('not a certificate or key (empty file)');
    else out.problems.push(knownUnsupported(bytes) ?? 'not a certificate or key');
  } catch {
    out.problems.push('not a certificate or key');
  }
  return out;
}
