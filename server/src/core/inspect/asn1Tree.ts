// The ASN.1 tree of a DER/BER object, as ASN.1 viewers and `openssl asn1parse` show it: per node
// the tag, header and content lengths, the offset within the object and (where the object's base64
// is in the file as is) the file range, OID names, shortened values, and what is BER rather than
// DER (indefinite lengths, constructed strings, non-minimal lengths). OCTET and BIT STRINGs that
// hold DER (certificate extensions, encapsulated content) are opened as their children.
import { type BerNode, contentOf, oidOf, parseBer, stringOf, timeOf, universalTagName } from '../asn1/ber';
import { DN_SHORT_NAMES, oidName } from '../asn1/oids';
import type { Span } from '../types';

export interface Asn1Node {
  /** Offset of the identifier octet within the object. */
  offset: number;
  headerLength: number;
  /** Content length; for indefinite lengths, the length found up to the end-of-contents octets. */
  length: number;
  indefinite: boolean;
  constructed: boolean;
  /** e.g. `SEQUENCE`, `[0]`, `OBJECT IDENTIFIER`, `application 3`. */
  tag: string;
  /** A short rendering of the value (OID with name, string, time, shortened hex). */
  value?: string;
  /** What is BER rather than DER here. */
  ber: string[];
  /** Opened from inside an OCTET STRING or BIT STRING. */
  encapsulated: boolean;
  /** File range of the node's bytes, when the object's base64 is in the file as is. */
  fileSpan?: Span;
  children: Asn1Node[];
}

export type Asn1Result = { ok: true; root: Asn1Node } | { ok: false; reason: string; offset: number };

const MAX_HEX_BYTES = 16;
const ENCAPSULATED_PRIMITIVES = new Set([1, 2, 3, 4, 6, 12, 19, 22, 23, 24]);
const MAX_TEXT = 64;
/** Enough for any certificate or CMS object; a pathological input cannot make the view huge. */
const MAX_NODES = 5000;

export function shortHex(b: Uint8Array): string {
  const hex = Buffer.from(b.subarray(0, MAX_HEX_BYTES)).toString('hex');
  return b.length > MAX_HEX_BYTES ? `${hex}… (${b.length} bytes)` : hex;
}

function shortText(s: string): string {
  const t = s.length > MAX_TEXT ? `${s.slice(0, MAX_TEXT)}…` : s;
  return JSON.stringify(t);
}

function tagName(n: BerNode): string {
  if (n.cls === 0) return universalTagName(n.tag).replace(/^tag (\d+)$/, 'universal $1');
  if (n.cls === 2) return `[${n.tag}]`;
  return `${n.cls === 1 ? 'application' : 'private'} ${n.tag}`;
}

function valueOf(bytes: Uint8Array, n: BerNode): string | undefined {
  if (n.constructed) return undefined;
  const c = contentOf(bytes, n);
  if (n.cls !== 0) return printable(c) ?? shortHex(c);
  switch (n.tag) {
    case 1:
      return c[0] ? 'TRUE' : 'FALSE';
    case 2:
      return c.length <= 6 ? `${intValue(c)}` : `0x${shortHex(c)}`;
    case 3:
      return `${c[0] ?? 0} unused bits, ${shortHex(c.subarray(1))}`;
    case 5:
      return undefined;
    case 6: {
      const oid = oidOf(bytes, n);
      if (!oid) return 'malformed';
      const name = DN_SHORT_NAMES[oid] ?? oidName(oid);
      return name === oid ? oid : `${oid} ${name}`;
    }
    case 23:
    case 24: {
      const raw = Buffer.from(c).toString('latin1');
      const ms = timeOf(bytes, n);
      return ms === undefined ? `${raw} (does not parse)` : `${raw} (${new Date(ms).toISOString()})`;
    }
    default: {
      const s = stringOf(bytes, n);
      return s !== undefined ? shortText(s) : shortHex(c);
    }
  }
}

function intValue(c: Uint8Array): number {
  let v = c[0]! & 0x80 ? -1 : 0;
  for (const x of c) v = v * 256 + x;
  return v;
}

function printable(c: Uint8Array): string | undefined {
  if (c.length === 0 || c.length > 256) return undefined;
  for (const x of c) if (x < 0x20 || x > 0x7e) return undefined;
  return shortText(Buffer.from(c).toString('latin1'));
}

function berNotes(bytes: Uint8Array, n: BerNode): string[] {
  const notes: string[] = [];
  if (n.indefinite) notes.push('indefinite length');
  if (n.cls === 0 && n.constructed && n.tag !== 16 && n.tag !== 17) notes.push('constructed string');
  const idLen = identifierLength(bytes, n.start);
  const lenByte = bytes[n.start + idLen];
  if (!n.indefinite && lenByte !== undefined && lenByte & 0x80) {
    const len = n.contentEnd - n.contentStart;
    if (len < 0x80 || bytes[n.start + idLen + 1] === 0) notes.push('non-minimal length');
  }
  return notes;
}

function identifierLength(bytes: Uint8Array, start: number): number {
  if ((bytes[start]! & 0x1f) !== 0x1f) return 1;
  let i = start + 1;
  while (i < bytes.length && bytes[i]! & 0x80) i++;
  return i - start + 1;
}

/** DER inside an OCTET or BIT STRING: parsed when it is exactly one constructed element. */
function encapsulatedNode(bytes: Uint8Array, n: BerNode): BerNode | undefined {
  if (n.cls !== 0 || n.constructed || (n.tag !== 4 && n.tag !== 3)) return undefined;
  const from = n.tag === 3 ? n.contentStart + 1 : n.contentStart;
  if (n.tag === 3 && bytes[n.contentStart] !== 0) return undefined;
  if (from + 2 > n.contentEnd) return undefined;
  const r = parseBer(bytes.subarray(0, n.contentEnd), { offset: from, exact: true });
  if (!r.ok) return undefined;
  // A constructed element, or a universal primitive an extension wraps (keyUsage, SKI...).
  const e = r.node;
  return e.constructed || (e.cls === 0 && ENCAPSULATED_PRIMITIVES.has(e.tag)) ? e : undefined;
}

export function asn1Tree(bytes: Uint8Array, fileSpan?: (start: number, end: number) => Span | undefined): Asn1Result {
  const parsed = parseBer(bytes);
  if (!parsed.ok) return parsed;
  let count = 0;
  const build = (n: BerNode, encapsulated: boolean): Asn1Node => {
    count++;
    const node: Asn1Node = {
      offset: n.start,
      headerLength: n.contentStart - n.start,
      length: n.contentEnd - n.contentStart,
      indefinite: n.indefinite,
      constructed: n.constructed,
      tag: tagName(n),
      ber: berNotes(bytes, n),
      encapsulated,
      children: [],
    };
    const inner = count < MAX_NODES ? encapsulatedNode(bytes, n) : undefined;
    const v = inner ? undefined : valueOf(bytes, n);
    if (v !== undefined) node.value = v;
    const fs = fileSpan?.(n.start, n.end);
    if (fs) node.fileSpan = fs;
    for (const c of inner ? [inner] : n.children) {
      if (count >= MAX_NODES) break;
      node.children.push(build(c, !!inner));
    }
    return node;
  };
  return { ok: true, root: build(parsed.node, false) };
}
