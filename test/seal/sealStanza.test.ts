// sealStanza's choices without OpenSSL: what stays outside, which key and certificate are used,
// and the refusals. (OpenSSL interop is in sealInterop.test.ts.)
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { parseContentInfo } from '../../server/src/core/cms/parseCms';
import { decryptEnvelopedData } from '../../server/src/core/cms/decryptEnvelopedData';
import type { EnvelopedData, SignedData } from '../../server/src/core/cms/cmsTypes';
import { sealStanza } from '../../server/src/core/seal/sealStanza';
import { loadKeyStore } from '../../server/src/node/loadKeyStore';
import type { KeyStore } from '../../server/src/core/types';
import { opensslOk, tempDir, writeIdentities, type TestBed } from '../keys/testBed';
import { base64Body, e2eText, splitSigned } from './sealHelpers';

let bed: TestBed;
let keys: KeyStore;
const NOW = Date.UTC(2026, 5, 1, 8, 0, 0);

before(async () => {
  bed = tempDir('sealstanza');
  writeIdentities(bed.dir, ['juliet@example.com', 'romeo@example.net'], { nowMs: NOW });
  opensslOk([
    'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', bed.path('ec.key'), '-out', bed.path('ec.crt'),
    '-subj', '/CN=ec', '-days', '2', '-addext', 'subjectAltName=otherName:1.3.6.1.5.5.7.8.5;UTF8:nurse@example.com',
  ]);
  keys = await loadKeyStore([bed.dir], [bed.path('trust')], () => undefined);
  assert.deepEqual(keys.problems, []);
});

after(() => bed.cleanup());

function signerSerial(entity: string): string {
  const { signature } = splitSigned(entity);
  const p = parseContentInfo(signature);
  assert.ok(p.ok && p.info.kind === 'signedData');
  const sd = (p.info as { signedData: SignedData }).signedData;
  const sid = sd.signerInfos[0].sid;
  assert.equal(sid.kind, 'issuerAndSerial');
  return sid.kind === 'issuerAndSerial' ? sid.serialHex : '';
}

test('the signer is the key bound to the bare from; the sender option stands in for a missing from', () => {
  const juliet = keys.forJid('juliet@example.com')[0];
  const a = sealStanza(`<message from='Juliet@Example.com/balcony' to='romeo@example.net'><body>x</body></message>`, { sign: true, encrypt: false, keys, nowMs: NOW });
  assert.ok(a.ok, a.ok ? '' : a.reason);
  assert.equal(signerSerial(e2eText(a.xml).text), juliet.cert.serialHex);

  const b = sealStanza(`<message to='romeo@example.net'><body>x</body></message>`, { sign: true, encrypt: false, keys, nowMs: NOW, sender: 'juliet@example.com/balcony' });
  assert.ok(b.ok, b.ok ? '' : b.reason);
  assert.ok(b.xml.startsWith(`<message to='romeo@example.net'><e2e`), 'no from is invented on the stanza');
  assert.match(e2eText(b.xml).text, /From: <im:juliet@example\.com>/);
  assert.equal(signerSerial(e2eText(b.xml).text), juliet.cert.serialHex);
});

test('an ECDSA signer is used when that is the key bound to the from', () => {
  const r = sealStanza(`<message from='nurse@example.com' to='romeo@example.net'><body>x</body></message>`, { sign: true, encrypt: true, keys, nowMs: NOW });
  assert.ok(r.ok, r.ok ? '' : r.reason);
  const p = parseContentInfo(base64Body(e2eText(r.xml).text));
  assert.ok(p.ok && p.info.kind === 'envelopedData');
  const dec = decryptEnvelopedData((p.info as { envelopedData: EnvelopedData }).envelopedData, keys.entries);
  assert.ok(dec.plaintext);
  const { signature } = splitSigned(Buffer.from(dec.plaintext).toString());
  const s = parseContentInfo(signature);
  assert.ok(s.ok);
  assert.equal((s.info as { signedData: SignedData }).signedData.signerInfos[0].signatureAlgorithm.oid, '1.2.840.10045.4.3.2', 'ecdsa-with-SHA256: seal defaults to SHA-256');
});

test('refusals: unbound recipient, already sealed, not a stanza, nothing to do', () => {
  const cases: [string, { sign: boolean; encrypt: boolean }, RegExp][] = [
    [`<message from='juliet@example.com' to='nobody@example.org'><body>x</body></message>`, { sign: false, encrypt: true }, /no certificate binds the recipient/],
    [`<message from='juliet@example.com' to='romeo@example.net'><e2e xmlns='urn:ietf:params:xml:ns:xmpp-e2e'/></message>`, { sign: true, encrypt: false }, /already sealed/],
    [`<stream:features xmlns:stream='http://etherx.jabber.org/streams'/>`, { sign: true, encrypt: false }, /not a stanza/],
    [`<message from='juliet@example.com' to='romeo@example.net'/>`, { sign: false, encrypt: false }, /nothing to do/],
    [`   `, { sign: true, encrypt: false }, /no stanza/],
  ];
  for (const [stanza, what, want] of cases) {
    const r = sealStanza(stanza, { ...what, keys, nowMs: NOW });
    assert.ok(!r.ok, stanza);
    assert.match(r.reason, want);
  }
});

test('message: body and subject move inside, other children stay; self-closing stanzas are opened', () => {
  const r = sealStanza(
    `<message from='juliet@example.com' to='romeo@example.net' xml:lang='en'><subject>Plea</subject><body xml:lang='fr'>Roméo</body><body>Romeo</body><active xmlns='http://jabber.org/protocol/chatstates'/></message>`,
    { sign: true, encrypt: false, keys, nowMs: NOW },
  );
  assert.ok(r.ok);
  assert.ok(r.xml.startsWith(`<message from='juliet@example.com' to='romeo@example.net' xml:lang='en'><active xmlns='http://jabber.org/protocol/chatstates'/><e2e `));
  const inner = e2eText(r.xml).text;
  assert.match(inner, /Subject: Plea\r?\n/);
  assert.match(inner, /\r?\n\r?\nRomeo\r?\n--/, 'the body without xml:lang is the one protected');

  const empty = sealStanza(`<message from='juliet@example.com' to='romeo@example.net' />`, { sign: true, encrypt: false, keys, nowMs: NOW });
  assert.ok(empty.ok);
  assert.ok(empty.xml.startsWith(`<message from='juliet@example.com' to='romeo@example.net'><e2e `));
  assert.ok(empty.xml.endsWith(`]]></e2e></message>`));
});

test('no key material in results or reasons', () => {
  const r = sealStanza(`<message from='juliet@example.com' to='romeo@example.net'><body>x</body></message>`, { sign: true, encrypt: true, keys, nowMs: NOW });
  assert.ok(r.ok);
  assert.ok(!r.xml.includes('PRIVATE KEY'));
  const bad = sealStanza(`<message from='tybalt@example.org' to='romeo@example.net'><body>x</body></message>`, { sign: true, encrypt: true, keys, nowMs: NOW });
  assert.ok(!bad.ok && !bad.reason.includes('PRIVATE'));
  // KeyObjects do not serialise their secret.
  assert.ok(!JSON.stringify(keys.entries).includes('PRIVATE'));
});

test('an EC recipient gets a kari (ECDH ephemeral-static, AES key wrap) that the core reader opens', () => {
  const r = sealStanza(`<message from='juliet@example.com' to='nurse@example.com'><body>x</body></message>`, { sign: true, encrypt: true, keys, nowMs: NOW });
  assert.ok(r.ok, r.ok ? '' : r.reason);
  const p = parseContentInfo(base64Body(e2eText(r.xml).text));
  assert.ok(p.ok && p.info.kind === 'envelopedData');
  const ed = (p.info as { envelopedData: EnvelopedData }).envelopedData;
  assert.equal(ed.version, 2, 'EnvelopedData with a kari is version 2 (RFC 5652 §6.1)');
  assert.equal(ed.recipientInfos[0]!.kind, 'kari');
  const dec = decryptEnvelopedData(ed, keys.entries);
  assert.ok(dec.plaintext, dec.error);
  assert.match(Buffer.from(dec.plaintext).toString(), /multipart\/signed/);
  assert.equal(decryptEnvelopedData(ed, keys.entries.filter((e) => !/nurse/.test(e.cert.xmppAddrs.join()))).plaintext, undefined);
});
