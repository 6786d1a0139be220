// PEM armour (RFC 7468) found anywhere in a text: certtool dumps and bundles put prose around it.

export interface PemBlock {
  /** The label, e.g. `CERTIFICATE`, `ENCRYPTED PRIVATE KEY`. */
  label: string;
  /** The whole armoured block, as Node's PEM readers want it. */
  text: string;
  /** RFC 1421 headers (`Proc-Type: 4,ENCRYPTED`) present. */
  hasHeaders: boolean;
  der: Uint8Array;
}

const BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----\r?\n([\s\S]*?)-----END \1-----/g;

export function looksLikePem(text: string): boolean {
  return text.includes('-----BEGIN ');
}

export function pemBlocks(text: string): PemBlock[] {
  const out: PemBlock[] = [];
  for (const m of text.matchAll(BLOCK)) {
    const body = m[2] ?? '';
    const hasHeaders = /^[A-Za-z-]+:/m.test(body);
    const b64 = hasHeaders ? body.replace(/^[\s\S]*?\r?\n\r?\n/, '') : body;
    out.push({
      label: m[1] ?? '',
      text: m[0],
      hasHeaders,
      der: new Uint8Array(Buffer.from(b64.replace(/[^A-Za-z0-9+/=]/g, ''), 'base64')),
    });
  }
  return out;
}

/** Legacy OpenSSL encryption (`Proc-Type: 4,ENCRYPTED`) or PKCS#8 EncryptedPrivateKeyInfo. */
export function isEncryptedBlock(b: PemBlock): boolean {
  return b.label === 'ENCRYPTED PRIVATE KEY' || (b.hasHeaders && /Proc-Type:\s*4,\s*ENCRYPTED/i.test(b.text));
}
