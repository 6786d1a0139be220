// First look at an `<e2e/>` payload: is it a MIME entity, a bare base64 blob, or something that
// is not S/MIME at all (OpenSSL `enc` output as in RFC 3923's own examples, OpenPGP as Kontalk
// used, raw binary, garbage)? Decides which unwrap path runs; never throws.

import { ownBytes } from '../ownCopy';

export type PayloadKind =
  | { kind: 'empty' }
  | { kind: 'binary'; offset: number }
  | { kind: 'mime' }
  | { kind: 'base64'; bytes: Uint8Array }
  | { kind: 'notCms'; what: string };

/** One leading newline and surrounding whitespace are not part of the object (AMB-5). */
export function trimPayload(content: string): { start: number; end: number } {
  let start = 0;
  let end = content.length;
  while (start < end && isSpace(content.charCodeAt(start))) start++;
  while (end > start && isSpace(content.charCodeAt(end - 1))) end--;
  return { start, end };
}

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;
}

// Characters XML 1.0 cannot carry (raw DER pasted into the element).
// eslint-disable-next-line no-control-regex
const NOT_XML_CHAR = /[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]/;
const MIME_HEADER = /^[A-Za-z][A-Za-z0-9-]*[ \t]*:/;
const BASE64_TEXT = /^[A-Za-z0-9+/=\s]+$/;

export function classifyPayload(text: string): PayloadKind {
  if (text.length === 0) return { kind: 'empty' };
  const bad = NOT_XML_CHAR.exec(text);
  if (bad) return { kind: 'binary', offset: bad.index };
  if (text.startsWith('-----BEGIN PGP')) return { kind: 'notCms', what: 'OpenPGP ASCII armor (not S/MIME)' };
  if (MIME_HEADER.test(text)) return { kind: 'mime' };
  if (BASE64_TEXT.test(text)) {
    const bytes = ownBytes(Buffer.from(text.replace(/\s+/g, ''), 'base64'));
    if (bytes.length >= 8 && bytes.subarray(0, 8).toString('latin1') === 'Salted__') {
      return { kind: 'notCms', what: 'OpenSSL `enc` output (base64 of "Salted__" + salt + ciphertext), as in RFC 3923\'s examples: no CMS structure, no recipient, no signature' };
    }
    if (looksLikeOpenPgpPackets(bytes)) return { kind: 'notCms', what: 'OpenPGP binary packets (not S/MIME)' };
    // A CMS ContentInfo is a DER/BER SEQUENCE; anything else is garbage, judged by the CMS parser.
    return { kind: 'base64', bytes };
  }
  return { kind: 'notCms', what: 'neither MIME nor base64: not an S/MIME object' };
}

/** OpenPGP packet headers: old format 10tttt ll, new format 11tttttt, with PKESK/SKESK/signature/literal tags. */
function looksLikeOpenPgpPackets(b: Uint8Array): boolean {
  if (b.length < 3 || (b[0] & 0x80) === 0) return false;
  const tag = b[0] & 0x40 ? b[0] & 0x3f : (b[0] >> 2) & 0x0f;
  return [1, 2, 3, 4, 8, 9, 11, 18].includes(tag);
}
