// A small DER encoder for the structures we write (certificates, CMS SignedData/EnvelopedData).
// Values are built bottom-up as byte arrays; SET OF is sorted as DER requires. Lengths and
// concatenation come from the reader's module so there is one implementation of each.
import { concatBytes as concat, derTlv as tlv } from './ber';

export type Der = Uint8Array;

export function seq(...items: Der[]): Der {
  return tlv(0x30, concat(items));
}

function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a[i] - b[i];
  return a.length - b.length;
}

/** SET OF: DER orders the encoded elements as octet strings. */
export function setOf(...items: Der[]): Der {
  return tlv(0x31, concat([...items].sort(compareBytes)));
}

/** Context-specific constructed tag `[n]` (EXPLICIT wrapping, or IMPLICIT SET/SEQUENCE content). */
export function ctx(n: number, ...items: Der[]): Der {
  return tlv(0xa0 | n, concat(items));
}

/** Context-specific primitive tag `[n]` IMPLICIT over raw content bytes. */
export function ctxPrim(n: number, content: Uint8Array): Der {
  return tlv(0x80 | n, content);
}

/** Replaces the outer tag of an encoded value (IMPLICIT re-tagging). */
export function retag(tag: number, der: Der): Der {
  const out = Uint8Array.from(der);
  out[0] = tag;
  return out;
}

export function oid(dotted: string): Der {
  const parts = dotted.split('.').map((p) => BigInt(p));
  const bytes: number[] = [];
  const push = (v: bigint): void => {
    const chunk: number[] = [Number(v & 0x7fn)];
    v >>= 7n;
    while (v > 0n) {
      chunk.unshift(Number(v & 0x7fn) | 0x80);
      v >>= 7n;
    }
    bytes.push(...chunk);
  };
  push(parts[0] * 40n + parts[1]);
  for (let i = 2; i < parts.length; i++) push(parts[i]);
  return tlv(0x06, Uint8Array.from(bytes));
}

/** INTEGER from a small number, or from unsigned big-endian magnitude bytes. */
export function int(value: number | Uint8Array): Der {
  let bytes: number[];
  if (typeof value === 'number') {
    bytes = [];
    let v = value;
    do {
      bytes.unshift(v & 0xff);
      v = Math.floor(v / 256);
    } while (v > 0);
  } else {
    bytes = Array.from(value);
    while (bytes.length > 1 && bytes[0] === 0) bytes.shift();
    if (bytes.length === 0) bytes = [0];
  }
  if (bytes[0] & 0x80) bytes.unshift(0);
  return tlv(0x02, Uint8Array.from(bytes));
}

export function octets(b: Uint8Array): Der {
  return tlv(0x04, b);
}

/** BIT STRING over whole bytes (no unused bits). */
export function bitString(b: Uint8Array): Der {
  return tlv(0x03, concat([Uint8Array.of(0), b]));
}

/** BIT STRING for named-bit lists (keyUsage): bit 0 is the most significant; trailing zeros dropped. */
export function namedBits(bits: number[]): Der {
  const max = Math.max(...bits);
  const bytes = new Uint8Array(Math.floor(max / 8) + 1);
  for (const bit of bits) bytes[bit >> 3] |= 0x80 >> (bit & 7);
  const last = bytes[bytes.length - 1];
  let unused = 0;
  while (unused < 8 && (last & (1 << unused)) === 0) unused++;
  return tlv(0x03, concat([Uint8Array.of(unused), bytes]));
}

export function nul(): Der {
  return Uint8Array.of(0x05, 0x00);
}

export function bool(v: boolean): Der {
  return Uint8Array.of(0x01, 0x01, v ? 0xff : 0x00);
}

export function utf8(s: string): Der {
  return tlv(0x0c, new TextEncoder().encode(s));
}

export function ia5(s: string): Der {
  return tlv(0x16, new TextEncoder().encode(s));
}

function pad(n: number, w: number): string {
  return String(n).padStart(w, '0');
}

/** RFC 5280 / RFC 5652 time: UTCTime for 1950-2049, GeneralizedTime otherwise; whole seconds, Z. */
export function time(ms: number): Der {
  const d = new Date(Math.floor(ms / 1000) * 1000);
  const y = d.getUTCFullYear();
  const rest =
    pad(d.getUTCMonth() + 1, 2) +
    pad(d.getUTCDate(), 2) +
    pad(d.getUTCHours(), 2) +
    pad(d.getUTCMinutes(), 2) +
    pad(d.getUTCSeconds(), 2) +
    'Z';
  if (y >= 1950 && y < 2050) return tlv(0x17, new TextEncoder().encode(pad(y % 100, 2) + rest));
  return tlv(0x18, new TextEncoder().encode(pad(y, 4) + rest));
}
