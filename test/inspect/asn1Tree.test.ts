// The ASN.1 tree against `openssl asn1parse` on objects OpenSSL made at test time (DER and
// streamed BER with indefinite lengths): the same offsets, depths, header lengths and lengths;
// BER shown as such; and each node's file position is where its base64 is in the trace.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { asn1Tree, type Asn1Node } from '../../server/src/core/inspect/asn1Tree';
import { objectAsn1 } from '../../server/src/core/inspect/objectAsn1';
import { analyzeDocument } from '../../server/src/core/analyze';
import { makePeer, stanza, stream, type Peer } from '../e2e/opensslStanzas';

let p: Peer;
before(() => {
  p = makePeer();
});
after(() => p.ws.cleanup());

/** `openssl asn1parse` rows as offset:depth:hl:l, end-of-contents octets left out. */
function opensslRows(der: Buffer): string[] {
  const path = p.ws.write(`asn1-${Math.random().toString(16).slice(2)}.der`, der);
  const out = p.ws.run(['asn1parse', '-inform', 'DER', '-in', path]).toString('utf8');
  return out
    .split('\n')
    .map((l) => /^\s*(\d+):d=(\d+)\s+hl=(\d+)\s+l=\s*(\d+|inf)\s+(prim|cons):\s*(\S+)/.exec(l))
    .filter((m): m is RegExpExecArray => m !== null && m[6] !== 'EOC')
    .map((m) => `${m[1]}:${m[2]}:${m[3]}:${m[4]}`);
}

/** Our rows, in the same form; what we open inside OCTET/BIT STRINGs openssl does not show. */
function ourRows(root: Asn1Node): string[] {
  const rows: string[] = [];
  const walk = (n: Asn1Node, d: number) => {
    if (n.encapsulated) return;
    rows.push(`${n.offset}:${d}:${n.headerLength}:${n.indefinite ? 'inf' : n.length}`);
    for (const c of n.children) walk(c, d + 1);
  };
  walk(root, 0);
  return rows;
}

function all(root: Asn1Node): Asn1Node[] {
  return [root, ...root.children.flatMap(all)];
}

describe('ASN.1 tree', () => {
  test('DER SignedData: node for node what openssl asn1parse shows; OIDs named; no BER notes', () => {
    const der = p.ws.sign(p.juliet, 'hello\r\n', { nodetach: true, md: 'sha256' });
    const t = asn1Tree(der);
    assert.ok(t.ok);
    assert.deepEqual(ourRows(t.root), opensslRows(der));
    const nodes = all(t.root);
    assert.ok(nodes.some((n) => n.value === '1.2.840.113549.1.7.2 signedData'));
    assert.ok(nodes.some((n) => n.value === '2.16.840.1.101.3.4.2.1 sha256'));
    assert.ok(nodes.some((n) => n.value === '"juliet@example.com"'), 'SAN opened inside its extension');
    assert.deepEqual(nodes.flatMap((n) => n.ber), []);
  });

  test('streamed BER: indefinite lengths and constructed strings shown as such, offsets as openssl', () => {
    const ber = p.ws.sign(p.juliet, 'hello\r\n', { nodetach: true, stream: true });
    const t = asn1Tree(ber);
    assert.ok(t.ok);
    assert.deepEqual(ourRows(t.root), opensslRows(ber));
    assert.ok(t.root.indefinite && t.root.ber.includes('indefinite length'));
    assert.ok(all(t.root).some((n) => n.tag === 'OCTET STRING' && n.ber.includes('constructed string')), 'segmented eContent');
    const enveloped = p.ws.encrypt([p.romeo], 'secret', { stream: true });
    const e = asn1Tree(enveloped);
    assert.ok(e.ok);
    assert.deepEqual(ourRows(e.root), opensslRows(enveloped));
    assert.ok(all(e.root).some((n) => n.tag === '[0]' && n.indefinite), 'streamed encryptedContent');
  });

  test('each node maps to the base64 characters that encode it in the trace', () => {
    const der = p.ws.sign(p.juliet, 'hello\r\n', { nodetach: true });
    const b64 = der.toString('base64').replace(/.{64}/g, '$&\n');
    const mime = `Content-Type: application/pkcs7-mime; smime-type=signed-data; name=smime.p7m\nContent-Transfer-Encoding: base64\n\n${b64}\n`;
    const trace = stream(stanza('message', { from: 'juliet@example.com/a', to: 'romeo@example.net' }, mime));
    const a = analyzeDocument(trace, {});
    const [tree] = objectAsn1(a.records[0]?.unwrapped);
    assert.ok(tree.inFile && tree.tree.ok);
    const bodyStart = trace.indexOf(b64.slice(0, 40));
    const chars: number[] = [];
    for (let i = bodyStart; i < bodyStart + b64.length; i++) if (!/\s/.test(trace[i])) chars.push(i);
    for (const n of all(tree.tree.root)) {
      assert.ok(n.fileSpan, `node at ${n.offset} has a file range`);
      assert.equal(chars.indexOf(n.fileSpan.start), 4 * Math.floor(n.offset / 3) + (n.offset % 3), `node at ${n.offset}`);
      const end = n.offset + n.headerLength + n.length - 1;
      assert.ok(chars.indexOf(n.fileSpan.end - 1) >= 4 * Math.floor(end / 3) + (end % 3), `end of node at ${n.offset}`);
    }
    // The root covers the whole base64 body.
    assert.equal(tree.tree.root.fileSpan!.start, chars[0]);
    assert.equal(tree.tree.root.fileSpan!.end, chars[chars.length - 1] + 1 - (b64.trimEnd().endsWith('==') ? 2 : b64.trimEnd().endsWith('=') ? 1 : 0));
  });

  test('malformed input is an error with an offset, never a throw', () => {
    const r = asn1Tree(Uint8Array.of(0x30, 0x82, 0x10, 0x00, 0x02));
    assert.equal(r.ok, false);
  });
});
