// A small BER/DER reader: definite and indefinite lengths, every tag class, and the byte offsets of
// each node, so callers can re-encode an exact sub-structure (e.g. CMS signedAttrs as a DER SET OF).
// The public functions never throw: malformed input comes back as { ok: false, reason, offset }.

export const TagClass = { universal: 0, application: 1, context: 2, private: 3 } as const;

export interface BerNode {
  /** 0 universal, 1 application, 2 context-specific, 3 private. */
  cls: number;
  tag: number;
  constructed: boolean;
  /** Offset of the identifier octet. */
  start: number;
  /** First content byte. */
  contentStart: number;
  /** End of the content (before the end-of-contents octets when indefinite). */
  contentEnd: number;
  /** Offset just after the whole element (after end-of-contents when indefinite). */
  end: number;
  indefinite: boolean;
  /** Parsed children of a constructed element; empty for primitives. */
  children: BerNode[];
}

export type BerResult = { ok: true; node: BerNode } | { ok: false; reason: string; offset: number };

/** Thrown only inside this module and by walk.ts; never escapes a public non-walk function. */
export class Asn1Error extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}

const MAX_DEPTH = 64;

// The element header last read by readHeader (module scratch: the skim allocates nothing).
let hCls = 0;
let hTag = 0;
let hConstructed = false;
let hIndefinite = false;
let hLength = 0;
/** Set by skim when an indefinite length was met. */
let sawIndefinite = false;

/** Reads the identifier and length octets at `pos` into the h* scratch; returns the first content byte. */
function readHeader(b: Uint8Array, pos: number, limit: number, depth: number): number {
  if (depth > MAX_DEPTH) throw new Asn1Error(`nesting deeper than ${MAX_DEPTH} levels`, pos);
  const start = pos;
  if (pos >= limit) throw new Asn1Error('unexpected end of data (expected an identifier octet)', pos);
  const id = b[pos++]!;
  hCls = id >> 6;
  hConstructed = (id & 0x20) !== 0;
  let tag = id & 0x1f;
  if (tag === 0x1f) {
    tag = 0;
    let n = 0;
    for (;;) {
      if (pos >= limit) throw new Asn1Error('truncated high tag number', pos);
      const c = b[pos++]!;
      tag = tag * 128 + (c & 0x7f);
      if (++n > 4) throw new Asn1Error('tag number too large', start);
      if ((c & 0x80) === 0) break;
    }
  }
  hTag = tag;
  if (pos >= limit) throw new Asn1Error('unexpected end of data (expected a length)', pos);
  const lenByte = b[pos++]!;
  hIndefinite = false;
  let length = 0;
  if (lenByte === 0x80) {
    if (!hConstructed) throw new Asn1Error('indefinite length on a primitive element', pos - 1);
    hIndefinite = true;
  } else if (lenByte & 0x80) {
    const n = lenByte & 0x7f;
    if (n > 4) throw new Asn1Error(`length of ${n} octets is not supported`, pos - 1);
    if (n === 0x7f) throw new Asn1Error('reserved length octet 0xFF', pos - 1);
    for (let i = 0; i < n; i++) {
      if (pos >= limit) throw new Asn1Error('truncated length', pos);
      length = length * 256 + b[pos++]!;
    }
  } else {
    length = lenByte;
  }
  hLength = length;
  return pos;
}

/**
 * Checks the element at `pos` and everything below it, in the order a full read would meet its
 * faults (so the same error comes out), without building nodes; returns its end.
 */
function skim(b: Uint8Array, pos: number, limit: number, depth: number): number {
  const start = pos;
  pos = readHeader(b, pos, limit, depth);
  if (hIndefinite) {
    sawIndefinite = true;
    for (;;) {
      if (pos + 1 >= limit) throw new Asn1Error('indefinite-length element is missing its end-of-contents octets', start);
      if (b[pos] === 0 && b[pos + 1] === 0) return pos + 2;
      pos = skim(b, pos, limit, depth + 1);
    }
  }
  const constructed = hConstructed;
  const length = hLength;
  const contentEnd = pos + length;
  if (contentEnd > limit) {
    throw new Asn1Error(`length ${length} exceeds the data (${limit - pos} bytes left)`, start);
  }
  if (constructed) while (pos < contentEnd) pos = skim(b, pos, contentEnd, depth + 1);
  return contentEnd;
}

/**
 * A node of an element already checked by skim: its children are read when first asked for (a
 * CMS object's embedded certificates, found in a cache by their bytes, are never walked), and
 * reading them cannot fail.
 */
class CheckedNode implements BerNode {
  readonly cls: number;
  readonly tag: number;
  readonly constructed: boolean;
  readonly indefinite: boolean;
  readonly contentStart: number;
  readonly contentEnd: number;
  readonly end: number;
  #children?: BerNode[];
  /** Whether this element and all below it use definite lengths, once known. */
  #definite?: boolean;

  constructor(
    private readonly bytes: Uint8Array,
    readonly start: number,
    limit: number,
  ) {
    const contentStart = readHeader(bytes, start, limit, 0);
    this.cls = hCls;
    this.tag = hTag;
    this.constructed = hConstructed;
    this.indefinite = hIndefinite;
    this.contentStart = contentStart;
    if (!hIndefinite) {
      this.contentEnd = this.end = contentStart + hLength;
      if (!hConstructed) this.#definite = true;
    } else {
      let pos = contentStart;
      while (!(bytes[pos] === 0 && bytes[pos + 1] === 0)) pos = skim(bytes, pos, limit, 0);
      this.contentEnd = pos;
      this.end = pos + 2;
      this.#definite = false;
    }
  }

  get children(): BerNode[] {
    if (this.#children) return this.#children;
    const kids: BerNode[] = [];
    if (this.constructed) {
      const limit = this.indefinite ? this.bytes.length : this.contentEnd;
      for (let pos = this.contentStart; pos < this.contentEnd; ) {
        const child = new CheckedNode(this.bytes, pos, limit);
        kids.push(child);
        pos = child.end;
      }
    }
    return (this.#children = kids);
  }

  get definite(): boolean {
    if (this.#definite === undefined) {
      sawIndefinite = false;
      skim(this.bytes, this.start, this.end, 0);
      this.#definite = !sawIndefinite;
    }
    return this.#definite;
  }

  knownDefinite(definite: boolean): void {
    this.#definite = definite;
  }
}

/**
 * Parses one element at `offset` (default 0). Trailing bytes after it are allowed unless
 * `exact` is set, in which case they are an error at the first extra byte.
 */
export function parseBer(bytes: Uint8Array, options: { offset?: number; exact?: boolean } = {}): BerResult {
  const offset = options.offset ?? 0;
  try {
    sawIndefinite = false;
    const end = skim(bytes, offset, bytes.length, 0);
    if (options.exact && end !== bytes.length) {
      return { ok: false, reason: `${bytes.length - end} unexpected bytes after the element`, offset: end };
    }
    const node = new CheckedNode(bytes, offset, bytes.length);
    node.knownDefinite(!sawIndefinite);
    return { ok: true, node };
  } catch (e) {
    if (e instanceof Asn1Error) return { ok: false, reason: e.message, offset: e.offset };
    return { ok: false, reason: String(e), offset };
  }
}

/** True when the node and everything below it use definite lengths. */
export function isDefinite(node: BerNode): boolean {
  if (node instanceof CheckedNode) return node.definite;
  return !node.indefinite && node.children.every(isDefinite);
}

/** The raw content octets of a primitive node. */
export function contentOf(bytes: Uint8Array, node: BerNode): Uint8Array {
  return bytes.subarray(node.contentStart, node.contentEnd);
}

/** The raw bytes of the whole element as encoded. */
export function rawOf(bytes: Uint8Array, node: BerNode): Uint8Array {
  return bytes.subarray(node.start, node.end);
}

/** OCTET STRING value; constructed (BER segmented) strings are concatenated. */
export function octetStringOf(bytes: Uint8Array, node: BerNode): Uint8Array {
  if (!node.constructed) return contentOf(bytes, node);
  const parts: Uint8Array[] = [];
  const walk = (n: BerNode): void => {
    if (!n.constructed) parts.push(contentOf(bytes, n));
    else n.children.forEach(walk);
  };
  walk(node);
  return concatBytes(parts);
}

export function concatBytes(parts: readonly Uint8Array[]): Uint8Array {
  let total = 0;
  for (const p of parts) total += p.length;
  const out = new Uint8Array(total);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/** Dotted OID text, or undefined when the content is not a valid OID encoding. */
// Every CMS object repeats the same few dozen OIDs: decoded text is kept by the content bytes.
const oidText = new Map<string, string | undefined>();

export function oidOf(bytes: Uint8Array, node: BerNode): string | undefined {
  const c = contentOf(bytes, node);
  if (c.length === 0) return undefined;
  const key = Buffer.from(c.buffer, c.byteOffset, c.byteLength).toString('latin1');
  let text = oidText.get(key);
  if (text === undefined && !oidText.has(key)) {
    text = decodeOid(c);
    if (oidText.size >= 4096) oidText.clear();
    oidText.set(key, text);
  }
  return text;
}

function decodeOid(c: Uint8Array): string | undefined {
  const arcs: number[] = [];
  let v = 0;
  let big = 0n;
  let useBig = false;
  for (let i = 0; i < c.length; i++) {
    const byte = c[i]!;
    if (useBig) big = big * 128n + BigInt(byte & 0x7f);
    else {
      v = v * 128 + (byte & 0x7f);
      if (v > 2 ** 45) {
        useBig = true;
        big = BigInt(v);
      }
    }
    if ((byte & 0x80) === 0) {
      arcs.push(useBig ? Number(big) : v);
      v = 0;
      big = 0n;
      useBig = false;
    } else if (i === c.length - 1) return undefined;
  }
  const first = arcs[0]!;
  const head = first < 40 ? [0, first] : first < 80 ? [1, first - 40] : [2, first - 80];
  return [...head, ...arcs.slice(1)].join('.');
}

/** INTEGER content as lower-case hex without leading zero bytes ("00" for zero). */
export function integerHexOf(bytes: Uint8Array, node: BerNode): string {
  let c = contentOf(bytes, node);
  let i = 0;
  while (i < c.length - 1 && c[i] === 0) i++;
  c = c.subarray(i);
  return Buffer.from(c).toString('hex') || '00';
}

/** Small INTEGER as a number (undefined when absent or too large). */
export function smallIntegerOf(bytes: Uint8Array, node: BerNode): number | undefined {
  const c = contentOf(bytes, node);
  if (c.length === 0 || c.length > 6) return undefined;
  let v = c[0]! & 0x80 ? -1 : 0;
  // The -1 seed makes the sum come out in two's complement for negative values.
  for (const x of c) v = v * 256 + x;
  return v;
}

/** Decodes ASN.1 character string types; undefined for other tags. */
export function stringOf(bytes: Uint8Array, node: BerNode): string | undefined {
  if (node.cls !== 0) return undefined;
  const c = node.constructed ? octetStringOf(bytes, node) : contentOf(bytes, node);
  const buf = Buffer.from(c.buffer, c.byteOffset, c.byteLength);
  switch (node.tag) {
    case 0x0c: // UTF8String
      return buf.toString('utf8');
    case 0x12: // NumericString
    case 0x13: // PrintableString
    case 0x14: // TeletexString (treated as Latin-1)
    case 0x15: // VideotexString
    case 0x16: // IA5String
    case 0x1a: // VisibleString
    case 0x1b: // GeneralString
      return buf.toString('latin1');
    case 0x1e: {
      // BMPString: UTF-16BE
      const sw = Buffer.from(buf);
      if (sw.length % 2 === 0) sw.swap16();
      return sw.toString('utf16le');
    }
    case 0x1c: {
      // UniversalString: UTF-32BE
      let s = '';
      for (let i = 0; i + 3 < buf.length; i += 4) s += String.fromCodePoint(buf.readUInt32BE(i) & 0x10ffff);
      return s;
    }
    default:
      return undefined;
  }
}

/** Name of a universal string tag, for messages ("UTF8String", "IA5String"...). */
export function universalTagName(tag: number): string {
  const names: Record<number, string> = {
    1: 'BOOLEAN', 2: 'INTEGER', 3: 'BIT STRING', 4: 'OCTET STRING', 5: 'NULL', 6: 'OBJECT IDENTIFIER',
    12: 'UTF8String', 16: 'SEQUENCE', 17: 'SET', 18: 'NumericString', 19: 'PrintableString',
    20: 'TeletexString', 22: 'IA5String', 23: 'UTCTime', 24: 'GeneralizedTime', 26: 'VisibleString',
    28: 'UniversalString', 30: 'BMPString',
  };
  return names[tag] ?? `tag ${tag}`;
}

/** UTCTime / GeneralizedTime as epoch ms, or undefined when it does not parse. */
export function timeOf(bytes: Uint8Array, node: BerNode): number | undefined {
  if (node.cls !== 0 || (node.tag !== 23 && node.tag !== 24)) return undefined;
  const s = Buffer.from(contentOf(bytes, node)).toString('latin1');
  const m =
    node.tag === 23
      ? /^(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})?(Z|[+-]\d{4})$/.exec(s)
      : /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})?(\d{2})?(?:[.,](\d+))?(Z|[+-]\d{4})?$/.exec(s);
  if (!m) return undefined;
  let year = Number(m[1]);
  if (node.tag === 23) year += year < 50 ? 2000 : 1900;
  const [mo, d, h, mi, se] = [m[2], m[3], m[4], m[5], m[6]].map((x) => Number(x ?? 0)) as [number, number, number, number, number];
  const frac = node.tag === 24 && m[7] ? Number(`0.${m[7]}`) * 1000 : 0;
  const zone = node.tag === 23 ? m[7] : m[8];
  let ms = Date.UTC(year, mo - 1, d, h, mi, se) + Math.round(frac);
  if (zone && zone !== 'Z') {
    const sign = zone[0] === '-' ? -1 : 1;
    ms -= sign * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(3, 5))) * 60000;
  }
  return Number.isFinite(ms) ? ms : undefined;
}

/** DER length octets. */
export function derLength(n: number): Uint8Array {
  if (n < 0x80) return Uint8Array.of(n);
  const out: number[] = [];
  while (n > 0) {
    out.unshift(n & 0xff);
    n = Math.floor(n / 256);
  }
  return Uint8Array.of(0x80 | out.length, ...out);
}

/** A DER TLV with a single-octet identifier. */
export function derTlv(identifier: number, content: Uint8Array): Uint8Array {
  return concatBytes([Uint8Array.of(identifier), derLength(content.length), content]);
}

function identifierOctets(node: BerNode): Uint8Array {
  const first = (node.cls << 6) | (node.constructed ? 0x20 : 0);
  if (node.tag < 31) return Uint8Array.of(first | node.tag);
  const tail: number[] = [];
  let t = node.tag;
  tail.unshift(t & 0x7f);
  t = Math.floor(t / 128);
  while (t > 0) {
    tail.unshift(0x80 | (t & 0x7f));
    t = Math.floor(t / 128);
  }
  return Uint8Array.of(first | 0x1f, ...tail);
}

/**
 * Re-encodes a node with definite lengths (and universal constructed strings flattened), keeping
 * element order. `identifier` replaces the first identifier octet (e.g. 0x31 for signedAttrs).
 */
export function toDer(bytes: Uint8Array, node: BerNode, identifier?: number): Uint8Array {
  const id = identifier !== undefined ? Uint8Array.of(identifier) : identifierOctets(node);
  if (isDefinite(node)) {
    if (identifier === undefined) return rawOf(bytes, node);
    return concatBytes([id, bytes.subarray(node.start + identifierOctets(node).length, node.end)]);
  }
  let content: Uint8Array;
  const flatString = node.cls === 0 && node.constructed && node.tag !== 16 && node.tag !== 17;
  if (flatString) {
    content = octetStringOf(bytes, node);
    const prim = identifier !== undefined ? id : Uint8Array.of((node.cls << 6) | node.tag);
    return concatBytes([prim, derLength(content.length), content]);
  }
  content = node.constructed ? concatBytes(node.children.map((c) => toDer(bytes, c))) : contentOf(bytes, node);
  return concatBytes([id, derLength(content.length), content]);
}
