// PKCS#12 containers through forge (structure, MAC, PBE), handing the certificates and keys on as
// DER. Keys forge cannot model (EC) arrive as raw PrivateKeyInfo and are fine for node:crypto.
import type forge from 'node-forge';

let forgeLib: typeof forge | undefined;
/** node-forge is loaded with the first PKCS#12 file: an inspect without one does not pay its start-up. */
function nodeForge(): typeof forge {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (forgeLib ??= require('node-forge') as typeof forge);
}

export type Pkcs12Result =
  | { ok: true; certs: Uint8Array[]; keys: Uint8Array[] /* PKCS#8 DER */ }
  | { ok: false; reason: 'wrong passphrase' | 'passphrase required' | 'not PKCS#12'; detail?: string };

function toBytes(binary: string): Uint8Array {
  return new Uint8Array(Buffer.from(binary, 'binary'));
}

function isPasswordError(message: string): boolean {
  return /MAC could not be verified|wrong password|Invalid password|Failed to decrypt/i.test(message);
}

/** Quick structural sniff: SEQUENCE { INTEGER 3, SEQUENCE { OID ... } }. */
export function looksLikePkcs12(bytes: Uint8Array): boolean {
  if (bytes.length < 8 || bytes[0] !== 0x30) return false;
  const lenLen = bytes[1] & 0x80 ? bytes[1] & 0x7f : 0;
  const p = 2 + lenLen;
  return bytes[p] === 0x02 && bytes[p + 1] === 0x01 && bytes[p + 2] === 0x03 && bytes[p + 3] === 0x30;
}

export function readPkcs12(bytes: Uint8Array, passphrase: string | undefined): Pkcs12Result {
  const forge = nodeForge();
  let asn1: forge.asn1.Asn1;
  try {
    asn1 = forge.asn1.fromDer(forge.util.createBuffer(Buffer.from(bytes).toString('binary')), false);
  } catch (e) {
    return { ok: false, reason: 'not PKCS#12', detail: e instanceof Error ? e.message : String(e) };
  }
  // Empty-password containers differ in whether the BMPString terminator is hashed ('' vs none).
  const candidates: (string | undefined)[] = passphrase !== undefined ? [passphrase, '', undefined] : ['', undefined];
  let lastError = '';
  for (const pw of candidates) {
    let p12: forge.pkcs12.Pkcs12Pfx;
    try {
      p12 = forge.pkcs12.pkcs12FromAsn1(asn1, false, pw as string);
    } catch (e) {
      lastError = e instanceof Error ? e.message : String(e);
      if (isPasswordError(lastError)) continue;
      return { ok: false, reason: 'not PKCS#12', detail: lastError };
    }
    const certs: Uint8Array[] = [];
    const keys: Uint8Array[] = [];
    for (const safe of p12.safeContents) {
      for (const bag of safe.safeBags) {
        const raw = bag as forge.pkcs12.Bag & { asn1?: forge.asn1.Asn1 };
        if (bag.type === forge.pki.oids.certBag) {
          if (bag.cert) certs.push(toBytes(forge.asn1.toDer(forge.pki.certificateToAsn1(bag.cert)).getBytes()));
          else if (raw.asn1) certs.push(toBytes(forge.asn1.toDer(raw.asn1).getBytes()));
        } else if (bag.type === forge.pki.oids.keyBag || bag.type === forge.pki.oids.pkcs8ShroudedKeyBag) {
          if (bag.key) {
            const info = forge.pki.wrapRsaPrivateKey(forge.pki.privateKeyToAsn1(bag.key as forge.pki.rsa.PrivateKey));
            keys.push(toBytes(forge.asn1.toDer(info).getBytes()));
          } else if (raw.asn1) keys.push(toBytes(forge.asn1.toDer(raw.asn1).getBytes()));
        }
      }
    }
    return { ok: true, certs, keys };
  }
  void lastError;
  return { ok: false, reason: passphrase !== undefined ? 'wrong passphrase' : 'passphrase required' };
}
