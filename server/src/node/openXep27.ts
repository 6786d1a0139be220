// The OpenPGP edge of legacy XEP-0027: verifies a `jabber:x:signed` detached signature over the
// status/body text and opens a `jabber:x:encrypted` message with the workspace OpenPGP keys (the
// same keys, and the same keys the trace announces, as OX). The result has the OX shape, so the core
// reads it through the same injected resolver (keyed by core/xep27/findXep27.ts xep27Key).
import type * as openpgp from 'openpgp';
import { openpgpLib } from './openpgpLib';
import type { Xep27Ref } from '../core/xep27/findXep27';
import type { OxOpened } from '../core/ox/oxOpened';
import { openOx, signaturesOf, type OpenPgpKeys } from './openOx';

const firstLine = (e: unknown) => (e as Error).message.split('\n')[0];

/**
 * XEP-0027 objects come from the era of SHA-1 and 1024-bit DSA keys: they are checked as made
 * (openpgp's defaults refuse SHA-1 message signatures), and the core says which hash was used.
 */
let legacyConfig: Partial<openpgp.Config> | undefined;
const legacy = (): Partial<openpgp.Config> =>
  (legacyConfig ??= {
    rejectMessageHashAlgorithms: new Set([openpgpLib().enums.hash.md5, openpgpLib().enums.hash.ripemd]),
    minRSABits: 1024,
  });

/** RFC 9580 §9.5 hash algorithm ids. */
const HASH_NAME: Record<number, string> = { 1: 'MD5', 2: 'SHA-1', 3: 'RIPEMD-160', 8: 'SHA-256', 9: 'SHA-384', 10: 'SHA-512', 11: 'SHA-224', 12: 'SHA3-256', 14: 'SHA3-512' };

async function verifyOver(text: string, signature: openpgp.Signature, keys: OpenPgpKeys) {
  const message = await openpgpLib().createMessage({ text });
  const r = await openpgpLib().verify({ message, signature, verificationKeys: keys.publicKeys, config: legacy() });
  return signaturesOf(r.signatures, keys);
}

export async function openXep27(ref: Pick<Xep27Ref, 'type' | 'base64' | 'signedText'>, keys: OpenPgpKeys): Promise<OxOpened> {
  if (ref.type === 'encrypted') return openOx(ref.base64, keys);
  let signature: openpgp.Signature;
  try {
    signature = await openpgpLib().readSignature({ binarySignature: new Uint8Array(Buffer.from(ref.base64, 'base64')) });
  } catch (e) {
    return { encrypted: false, recipients: [], decrypt: 'failed', signatures: [], error: `not an OpenPGP signature (${firstLine(e)})` };
  }
  const text = ref.signedText ?? '';
  try {
    let signatures = await verifyOver(text, signature, keys);
    // openpgp keeps packets it cannot parse aside (PGP 2.x's version 3 signatures): nothing was checked.
    if (signatures.length === 0) {
      return { encrypted: false, recipients: [], decrypt: 'failed', signatures: [], unsupported: true, error: `a signature packet the OpenPGP library does not read${packetVersion(ref.base64) === 3 ? ' (version 3, from PGP 2.x / early GnuPG)' : ''}` };
    }
    // XML turned the signer's CRLF into LF: a binary signature over CRLF text is tried as well.
    if (text.includes('\n') && signatures.some((s) => s.result === 'invalid')) {
      const crlf = await verifyOver(text.replace(/\n/g, '\r\n'), signature, keys);
      if (crlf.every((s) => s.result !== 'invalid')) signatures = crlf;
    }
    const hash = HASH_NAME[signature.packets[0]?.hashAlgorithm ?? 0];
    return { encrypted: false, recipients: [], decrypt: 'notEncrypted', plaintext: text, signatures: signatures.map((s) => ({ ...s, hash })) };
  } catch (e) {
    return { encrypted: false, recipients: [], decrypt: 'failed', signatures: [], error: firstLine(e) };
  }
}

/** The version octet of the first packet (after its header), for the message. */
function packetVersion(base64: string): number | undefined {
  const b = Buffer.from(base64, 'base64');
  const h = b[0] ?? 0;
  const header = h & 0x40 ? (b[1] < 192 ? 2 : b[1] < 224 ? 3 : 6) : [2, 3, 5, 1][h & 0x03];
  return b[header];
}
