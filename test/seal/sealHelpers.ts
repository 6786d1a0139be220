// Helpers for the seal tests: the character data of the `<e2e/>` a seal produced, and a minimal
// split of the S/MIME entities we write (header block, body; multipart/signed parts).
import assert from 'node:assert/strict';
import { parseXml } from '../../server/src/core/xml/parseXml';
import type { XmlElement, XmlNode } from '../../server/src/core/types';

function findE2e(nodes: XmlNode[]): XmlElement | undefined {
  for (const n of nodes) {
    if (n.type !== 'element') continue;
    if (n.local === 'e2e') return n;
    const deeper = findE2e(n.children);
    if (deeper) return deeper;
  }
  return undefined;
}

/** What an XML reader sees in the `<e2e/>` (line ends normalised to LF by XML), leading newline dropped. */
export function e2eText(xml: string): { text: string; ns: string | undefined; allCdata: boolean } {
  const { nodes, findings } = parseXml(xml);
  assert.deepEqual(findings.filter((f) => f.code === 'xml.malformed'), [], 'sealed stanza is well-formed');
  const e2e = findE2e(nodes);
  assert.ok(e2e, 'sealed stanza has an <e2e/>');
  const all = e2e.children.map((c) => (c.type === 'element' ? '' : c.value)).join('');
  // The unwrap pipeline drops the newline after `<![CDATA[` (AMB-5); S/MIME readers need that too.
  const text = all.replace(/^\r?\n/, '');
  return { text, ns: e2e.ns, allCdata: e2e.children.every((c) => c.type === 'cdata') };
}

/** The raw CDATA as written (CRLF kept), sections joined. */
export function rawCdata(xml: string): string {
  return [...xml.matchAll(/<!\[CDATA\[([\s\S]*?)\]\]>/g)].map((m) => m[1]).join('');
}

export function splitEntity(entity: string): { headers: string; body: string } {
  const text = entity.replace(/^\r?\n/, '');
  const m = /\r?\n\r?\n/.exec(text);
  assert.ok(m, 'entity has a blank line after its headers');
  return { headers: text.slice(0, m.index), body: text.slice(m.index + m[0].length) };
}

/** The two parts of a multipart/signed we wrote: signed part text and the signature DER. */
export function splitSigned(entity: string): { signedPart: string; signature: Uint8Array; micalg: string } {
  const { headers, body } = splitEntity(entity);
  const boundary = /boundary="([^"]+)"/.exec(headers)?.[1];
  const micalg = /micalg=([^;\s]+)/.exec(headers)?.[1] ?? '';
  assert.ok(boundary, 'multipart/signed has a boundary');
  const parts = body.split(new RegExp(`\\r?\\n?--${boundary.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?:--)?\\r?\\n?`));
  // ['', part1, part2, ''] (preamble and epilogue empty)
  const real = parts.filter((p, i) => i > 0 && i < parts.length - 1);
  assert.equal(real.length, 2, 'exactly two parts');
  const sig = splitEntity(real[1]);
  return { signedPart: real[0], signature: new Uint8Array(Buffer.from(sig.body.replace(/\s+/g, ''), 'base64')), micalg };
}

export function base64Body(entity: string): Uint8Array {
  return new Uint8Array(Buffer.from(splitEntity(entity).body.replace(/\s+/g, ''), 'base64'));
}
