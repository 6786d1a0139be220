// The fingerprint of an OpenPGP key from its first packet (RFC 4880 §12.2, RFC 9580 §5.5.4):
// v4: SHA-1 over 0x99, a 2-octet length and the public key packet body; v6: SHA-256 over 0x9B and a
// 4-octet length; v5 (LibrePGP): SHA-256 over 0x9A and a 4-octet length. Read without a library, so
// the core can check a PEP announcement's node name synchronously.
import { createHash } from 'node:crypto';

interface Packet {
  tag: number;
  body: Uint8Array;
}

function firstPacket(b: Uint8Array): Packet | undefined {
  const h = b[0];
  if (h === undefined || (h & 0x80) === 0) return undefined;
  let tag: number;
  let len: number;
  let at: number;
  if (h & 0x40) {
    tag = h & 0x3f;
    const o = b[1];
    if (o === undefined) return undefined;
    if (o < 192) [len, at] = [o, 2];
    else if (o < 224) [len, at] = [((o - 192) << 8) + (b[2] ?? 0) + 192, 3];
    else if (o === 255) [len, at] = [((b[2] << 24) | (b[3] << 16) | (b[4] << 8) | b[5]) >>> 0, 6];
    else return undefined; // partial lengths are not used for key packets
  } else {
    tag = (h >> 2) & 0x0f;
    const lt = h & 0x03;
    if (lt === 0) [len, at] = [b[1], 2];
    else if (lt === 1) [len, at] = [(b[1] << 8) | b[2], 3];
    else if (lt === 2) [len, at] = [((b[1] << 24) | (b[2] << 16) | (b[3] << 8) | b[4]) >>> 0, 5];
    else return undefined;
  }
  if (at + len > b.length || Number.isNaN(len)) return undefined;
  return { tag, body: b.subarray(at, at + len) };
}

/** The key's fingerprint (upper-case hex), or undefined when the bytes do not start with a key packet. */
export function keyFingerprint(bytes: Uint8Array): string | undefined {
  const p = firstPacket(bytes);
  // A public key packet (tag 6): what a PEP data node carries.
  if (!p || p.tag !== 6 || p.body.length < 6) return undefined;
  const version = p.body[0];
  const pub = p.body;
  if (version === 4) {
    return createHash('sha1').update(Uint8Array.of(0x99, pub.length >> 8, pub.length & 0xff)).update(pub).digest('hex').toUpperCase();
  }
  if (version === 5 || version === 6) {
    const n = pub.length;
    return createHash('sha256').update(Uint8Array.of(version === 6 ? 0x9b : 0x9a, (n >>> 24) & 0xff, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff)).update(pub).digest('hex').toUpperCase();
  }
  return undefined;
}
