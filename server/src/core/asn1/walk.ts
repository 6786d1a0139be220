// Schema-walking helpers for the X.509 and CMS decoders. They throw Asn1Error (with the offset of
// the offending node) so a decoder reads like its ASN.1 module; each decoder's public entry point
// catches and turns the error into a result or a precise Error message.
import { Asn1Error, type BerNode, oidOf, universalTagName } from './ber';

export { Asn1Error };

export const UNIVERSAL = 0;
export const CONTEXT = 2;

export const T = {
  BOOLEAN: 1,
  INTEGER: 2,
  BIT_STRING: 3,
  OCTET_STRING: 4,
  NULL: 5,
  OID: 6,
  SEQUENCE: 16,
  SET: 17,
} as const;

function describe(cls: number, tag: number): string {
  if (cls === UNIVERSAL) return universalTagName(tag);
  if (cls === CONTEXT) return `[${tag}]`;
  return `${['universal', 'application', 'context', 'private'][cls]} tag ${tag}`;
}

/** The node itself when it has the expected class and tag. */
export function expect(node: BerNode | undefined, tag: number, what: string, cls = UNIVERSAL, parent?: BerNode): BerNode {
  if (!node) throw new Asn1Error(`${what}: missing`, parent ? parent.contentEnd : 0);
  if (node.cls !== cls || node.tag !== tag) {
    throw new Asn1Error(`${what}: expected ${describe(cls, tag)}, found ${describe(node.cls, node.tag)}`, node.start);
  }
  return node;
}

/** A constructed SEQUENCE (or SET) with its children. */
export function seq(node: BerNode | undefined, what: string, parent?: BerNode): BerNode {
  const n = expect(node, T.SEQUENCE, what, UNIVERSAL, parent);
  if (!n.constructed) throw new Asn1Error(`${what}: SEQUENCE must be constructed`, n.start);
  return n;
}

export function set(node: BerNode | undefined, what: string, parent?: BerNode): BerNode {
  const n = expect(node, T.SET, what, UNIVERSAL, parent);
  if (!n.constructed) throw new Asn1Error(`${what}: SET must be constructed`, n.start);
  return n;
}

export function oid(bytes: Uint8Array, node: BerNode | undefined, what: string, parent?: BerNode): string {
  const n = expect(node, T.OID, what, UNIVERSAL, parent);
  const v = oidOf(bytes, n);
  if (!v) throw new Asn1Error(`${what}: malformed OBJECT IDENTIFIER`, n.start);
  return v;
}

export function isTag(node: BerNode | undefined, tag: number, cls = UNIVERSAL): boolean {
  return node !== undefined && node.cls === cls && node.tag === tag;
}

/** Explicitly tagged [n]: returns the single inner element. */
export function explicit(node: BerNode | undefined, n: number, what: string, parent?: BerNode): BerNode {
  const t = expect(node, n, what, CONTEXT, parent);
  const inner = t.children[0];
  if (!t.constructed || !inner) throw new Asn1Error(`${what}: [${n}] EXPLICIT holds no element`, t.start);
  return inner;
}
