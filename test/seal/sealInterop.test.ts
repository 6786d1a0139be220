// What sealStanza writes, OpenSSL opens: `openssl cms -decrypt` with the recipient's key and
// `openssl cms -verify` against the keygen CA. Tampered objects are refused by OpenSSL.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { loadKeyStore } from '../../server/src/node/loadKeyStore';
import { sealMultiple, sealStanza } from '../../server/src/core/seal/sealStanza';
import type { KeyStore } from '../../server/src/core/types';
import { parseXml } from '../../server/src/core/xml/parseXml';
import { openssl, opensslOk, tempDir, writeIdentities, type TestBed } from '../keys/testBed';
import { base64Body, e2eText, rawCdata, splitEntity } from './sealHelpers';

let bed: TestBed;
let keys: KeyStore;
const NOW = Date.UTC(2026, 10, 21, 12, 30, 45, 123);
const NOW_ISO = '2026-11-21T12:30:45.123Z';

before(async () => {
  bed = tempDir('seal');
  writeIdentities(bed.dir, ['juliet@example.com', 'romeo@example.net'], { nowMs: NOW - 86400_000 });
  keys = await loadKeyStore([bed.dir], [bed.path('trust')], () => undefined);
  assert.deepEqual(keys.problems, []);
});

after(() => bed.cleanup());

let n = 0;
function write(text: string | Uint8Array): string {
  const p = bed.path(`obj-${n++}.txt`);
  writeFileSync(p, text);
  return p;
}

function decrypt(entityFile: string, who = 'romeo@example.net'): Buffer {
  return opensslOk(['cms', '-decrypt', '-recip', bed.path(`${who}.crt`), '-inkey', bed.path(`${who}.key`), '-in', entityFile]);
}

function verify(entityFile: string): Buffer {
  // -attime: the certificates were made for NOW, whatever the wall clock says.
  return opensslOk(['cms', '-verify', '-CAfile', bed.path('trust/ca.crt'), '-attime', String(Math.floor(NOW / 1000)), '-in', entityFile]);
}

const MESSAGE =
  `<message from='juliet@example.com/balcony' to='romeo@example.net/orchard' type='chat' id='m1'>\n` +
  `  <thread>t-1</thread>\n  <body>Wherefore art thou, Romeo?\nDeny thy father &amp; refuse thy name.</body>\n</message>`;

test('message, sign then encrypt: OpenSSL decrypts and verifies; Message/CPIM inside', () => {
  const r = sealStanza(MESSAGE, { sign: true, encrypt: true, keys, nowMs: NOW });
  assert.ok(r.ok, r.ok ? '' : r.reason);
  assert.ok(r.xml.startsWith(`<message from='juliet@example.com/balcony' to='romeo@example.net/orchard' type='chat' id='m1'>`));
  assert.ok(r.xml.includes('<thread>t-1</thread>'), 'non-body children stay outside');
  assert.ok(!r.xml.includes('<body>') && !r.xml.includes('Wherefore'), 'no plaintext outside the object');
  const { text, ns, allCdata } = e2eText(r.xml);
  assert.equal(ns, 'urn:ietf:params:xml:ns:xmpp-e2e');
  assert.ok(allCdata);
  const { headers } = splitEntity(text);
  assert.match(headers, /^Content-Type: application\/pkcs7-mime; smime-type=enveloped-data/);
  assert.match(rawCdata(r.xml), /^Content-Type: [^\r\n]+\r\n/, 'the MIME entity starts right after <![CDATA[, with CRLF line ends');

  // XML readers hand over LF-only text; OpenSSL must still open it.
  const envFile = write(text);
  const printed = opensslOk(['cms', '-cmsout', '-print', '-in', envFile]).toString();
  assert.match(printed, /aes-128-cbc/);
  assert.match(printed, /rsaEncryption/);
  const signed = decrypt(envFile).toString('utf8');
  assert.match(signed, /^Content-Type: multipart\/signed; protocol="application\/pkcs7-signature"; micalg=sha-256; boundary="/);
  assert.ok(signed.includes('\r\nContent-Type: application/pkcs7-signature'), 'decrypted entity is CRLF canonical');
  const inner = verify(write(signed)).toString('utf8');
  assert.equal(
    inner,
    'Content-Type: Message/CPIM\r\n\r\n' +
      'From: <im:juliet@example.com>\r\nTo: <im:romeo@example.net>\r\n' +
      `DateTime: ${NOW_ISO}\r\n\r\n` +
      'Content-Type: text/plain; charset=utf-8\r\n\r\n' +
      'Wherefore art thou, Romeo?\r\nDeny thy father & refuse thy name.',
  );
  // The signature is SHA-256 / RSA (the default profile: no SHA-1), with the signer certificate inside.
  const sigPrint = opensslOk(['cms', '-verify', '-CAfile', bed.path('trust/ca.crt'), '-attime', String(Math.floor(NOW / 1000)), '-cmsout', '-print', '-in', write(signed)]).toString();
  assert.match(sigPrint, /digestAlgorithm:\s*\n\s*algorithm: sha256/);
  assert.match(sigPrint, /certificates:/);
  assert.match(sigPrint, /signingTime/);
});

test('the raw CRLF CDATA (as written) opens too', () => {
  const r = sealStanza(MESSAGE, { sign: true, encrypt: true, keys, nowMs: NOW });
  assert.ok(r.ok);
  const raw = rawCdata(r.xml);
  const signed = decrypt(write(raw.replace(/^\r\n/, '')));
  assert.match(verify(write(signed)).toString(), /From: <im:juliet@example\.com>/);
});

test('sign only, SHA-256: multipart/signed with micalg=sha-256 verifies as written and after XML LF normalisation', () => {
  const r = sealStanza(MESSAGE, { sign: true, encrypt: false, digest: 'sha256', keys, nowMs: NOW });
  assert.ok(r.ok, r.ok ? '' : r.reason);
  const { text } = e2eText(r.xml);
  const { headers } = splitEntity(text);
  assert.equal(headers, headers.split('\n')[0], 'one header line');
  assert.match(headers, /protocol="application\/pkcs7-signature"; micalg=sha-256; boundary="[^"]+"/);
  assert.match(verify(write(text)).toString(), /^Content-Type: Message\/CPIM\r\n/);
  assert.match(verify(write(rawCdata(r.xml).replace(/^\r\n/, ''))).toString(), /DateTime: 2026-11-21T12:30:45\.123Z/);
});

test('encrypt only, AES-256: the CPIM entity is the plaintext', () => {
  const r = sealStanza(MESSAGE, { sign: false, encrypt: true, cipher: 'aes256', keys, nowMs: NOW });
  assert.ok(r.ok, r.ok ? '' : r.reason);
  const f = write(e2eText(r.xml).text);
  assert.match(opensslOk(['cms', '-cmsout', '-print', '-in', f]).toString(), /aes-256-cbc/);
  const plain = decrypt(f).toString();
  assert.match(plain, /^Content-Type: Message\/CPIM\r\n\r\nFrom: <im:juliet@example\.com>\r\n/);
  // Juliet is not a recipient: her key does not open it.
  assert.notEqual(openssl(['cms', '-decrypt', '-recip', bed.path('juliet@example.com.crt'), '-inkey', bed.path('juliet@example.com.key'), '-in', f]).status, 0);
});

test('directed presence: application/pidf+xml with basic, note and timestamp; priority stays outside', () => {
  const stanza =
    `<presence from='juliet@example.com/balcony' to='romeo@example.net'><show>away</show>` +
    `<status xml:lang='en'>retired to the chamber</status><priority>1</priority></presence>`;
  const r = sealStanza(stanza, { sign: true, encrypt: true, keys, nowMs: NOW });
  assert.ok(r.ok, r.ok ? '' : r.reason);
  assert.ok(r.xml.startsWith(`<presence from='juliet@example.com/balcony' to='romeo@example.net'><priority>1</priority><e2e `));
  assert.ok(!r.xml.includes('<status') && !r.xml.includes('<show'));
  const inner = verify(write(decrypt(write(e2eText(r.xml).text)))).toString();
  const { headers, body } = splitEntity(inner);
  assert.equal(headers, 'Content-Type: application/pidf+xml; charset=utf-8');
  assert.ok(body.startsWith(`<?xml version='1.0' encoding='UTF-8'?>\r\n`));
  const doc = parseXml(body);
  assert.deepEqual(doc.findings, []);
  const root = doc.nodes.find((n) => n.type === 'element');
  assert.ok(root && root.type === 'element');
  assert.equal(root.ns, 'urn:ietf:params:xml:ns:pidf');
  assert.equal(root.attrs.find((a) => a.name === 'entity')?.value, 'pres:juliet@example.com');
  assert.match(body, /<basic>open<\/basic>/);
  assert.match(body, /<note xml:lang='en'>retired to the chamber<\/note>/);
  assert.match(body, new RegExp(`<timestamp>${NOW_ISO.replace(/\./g, '\\.')}</timestamp>`));

  const gone = sealStanza(`<presence from='juliet@example.com' to='romeo@example.net' type='unavailable'/>`, { sign: true, encrypt: false, keys, nowMs: NOW });
  assert.ok(gone.ok, gone.ok ? '' : gone.reason);
  assert.ok(gone.xml.startsWith(`<presence from='juliet@example.com' to='romeo@example.net' type='unavailable'><e2e `));
  assert.ok(gone.xml.endsWith('</presence>'));
  assert.match(verify(write(e2eText(gone.xml).text)).toString(), /<basic>closed<\/basic>/);
});

test('iq: application/xmpp+xml with exactly one stanza child', () => {
  const stanza = `<iq from='juliet@example.com/balcony' to='romeo@example.net/orchard' type='get' id='v1'><query xmlns='jabber:iq:version'/></iq>`;
  const r = sealStanza(stanza, { sign: true, encrypt: true, keys, nowMs: NOW });
  assert.ok(r.ok, r.ok ? '' : r.reason);
  assert.ok(r.xml.startsWith(`<iq from='juliet@example.com/balcony' to='romeo@example.net/orchard' type='get' id='v1'><e2e `));
  assert.ok(!r.xml.includes('jabber:iq:version'), 'the payload is inside');
  const inner = verify(write(decrypt(write(e2eText(r.xml).text)))).toString();
  const { headers, body } = splitEntity(inner);
  assert.equal(headers, 'Content-Type: application/xmpp+xml; charset=utf-8');
  const doc = parseXml(body);
  const root = doc.nodes.find((x) => x.type === 'element');
  assert.ok(root && root.type === 'element' && root.local === 'xmpp' && root.ns === 'jabber:client');
  const kids = root.children.filter((c) => c.type === 'element');
  assert.equal(kids.length, 1);
  assert.ok(kids[0].type === 'element' && kids[0].local === 'iq' && kids[0].ns === 'jabber:client');
});

test('refusals: one line each, naming the JID', () => {
  const cases: [string, RegExp][] = [
    [`<message from='nurse@example.com/x' to='romeo@example.net'><body>hi</body></message>`, /no key binds the sender nurse@example\.com/],
    [`<message from='juliet@example.com' to='tybalt@example.org'><body>hi</body></message>`, /no certificate binds the recipient tybalt@example\.org/],
    [`<presence from='juliet@example.com'><status>here</status></presence>`, /presence is undirected/],
    [`<message to='romeo@example.net'><body>hi</body></message>`, /has no from/],
    [`<message from='juliet@example.com'><body>unclosed</message>`, /not well-formed|not closed/],
  ];
  for (const [stanza, want] of cases) {
    const r = sealStanza(stanza, { sign: true, encrypt: true, keys, nowMs: NOW });
    assert.equal(r.ok, false, stanza);
    if (!r.ok) {
      assert.match(r.reason, want);
      assert.ok(!r.reason.includes('\n'), 'one line');
    }
  }
  // Romeo's certificate has no key here: he cannot sign, but can be encrypted to.
  const certOnly = { ...keys, forJid: (j: string) => keys.forJid(j).map((e) => ({ path: e.path, cert: e.cert })) };
  const noKey = sealStanza(`<message from='romeo@example.net' to='juliet@example.com'><body>x</body></message>`, { sign: true, encrypt: false, keys: certOnly, nowMs: NOW });
  assert.ok(!noKey.ok && /no private key for the sender romeo@example\.net/.test(noKey.reason));
  const encOnly = sealStanza(`<message from='romeo@example.net' to='juliet@example.com'><body>x</body></message>`, { sign: false, encrypt: true, keys: certOnly, nowMs: NOW });
  assert.ok(encOnly.ok);
});

test('sealing several: DateTime strictly increasing, each verifying', () => {
  const stanzas = [1, 2, 3].map((i) => `<message from='juliet@example.com' to='romeo@example.net'><body>line ${i}</body></message>`);
  const results = sealMultiple(stanzas, { sign: true, encrypt: false, keys, nowMs: NOW });
  const stamps = results.map((r) => {
    assert.ok(r.ok);
    const inner = verify(write(e2eText(r.xml).text)).toString();
    return /DateTime: (\S+)/.exec(inner)![1];
  });
  assert.equal(stamps[0], NOW_ISO);
  for (let i = 1; i < stamps.length; i++) assert.ok(Date.parse(stamps[i]) > Date.parse(stamps[i - 1]), stamps.join(' '));
  // Without a fixed time, back-to-back seals still never repeat a DateTime.
  const a = sealStanza(stanzas[0], { sign: true, encrypt: false, keys });
  const b = sealStanza(stanzas[0], { sign: true, encrypt: false, keys });
  assert.ok(a.ok && b.ok);
  const dt = (x: string) => /DateTime: (\S+)/.exec(e2eText(x).text)![1];
  assert.ok(Date.parse(dt(b.xml)) > Date.parse(dt(a.xml)));
});

test('a flipped byte in the ciphertext is refused by OpenSSL', () => {
  const r = sealStanza(MESSAGE, { sign: true, encrypt: true, keys, nowMs: NOW });
  assert.ok(r.ok);
  const der = base64Body(e2eText(r.xml).text);
  const decryptDer = (bytes: Uint8Array) =>
    openssl(['cms', '-decrypt', '-inform', 'DER', '-recip', bed.path('romeo@example.net.crt'), '-inkey', bed.path('romeo@example.net.key'), '-in', write(bytes)]);
  assert.equal(decryptDer(der).status, 0, 'the untouched object decrypts');

  // The encrypted content ends the DER. Flipping the top bit of the penultimate block's last byte
  // sets the CBC padding length above 16: decryption itself fails.
  const padding = Uint8Array.from(der);
  padding[padding.length - 17] ^= 0x80;
  assert.notEqual(decryptDer(padding).status, 0);

  // A flip in the middle decrypts to garbage in two blocks (CBC has no integrity): the signature
  // inside is what refuses it, which is why RFC 3923 signs before encrypting.
  const middle = Uint8Array.from(der);
  middle[middle.length - 200] ^= 0x01;
  const dec = decryptDer(middle);
  assert.equal(dec.status, 0, 'the padding (last two blocks) is intact, so decryption "succeeds"');
  const v = openssl(['cms', '-verify', '-CAfile', bed.path('trust/ca.crt'), '-attime', String(Math.floor(NOW / 1000)), '-in', write(dec.stdout)]);
  assert.notEqual(v.status, 0, 'tampered plaintext does not verify');
});

test('a flipped byte in the signed part is refused by OpenSSL', () => {
  const r = sealStanza(MESSAGE, { sign: true, encrypt: false, keys, nowMs: NOW });
  assert.ok(r.ok);
  const text = e2eText(r.xml).text;
  const tampered = text.replace('Wherefore art thou', 'Wherefore art th0u');
  assert.notEqual(tampered, text);
  const res = openssl(['cms', '-verify', '-CAfile', bed.path('trust/ca.crt'), '-attime', String(Math.floor(NOW / 1000)), '-in', write(tampered)]);
  assert.notEqual(res.status, 0);
  assert.match(res.stderr, /digest failure|Verification failure/i);
});

test('a body containing "]]>" survives as split CDATA sections', () => {
  const r = sealStanza(`<message from='juliet@example.com' to='romeo@example.net'><body>a ]]&gt; b</body></message>`, { sign: true, encrypt: false, keys, nowMs: NOW });
  assert.ok(r.ok);
  const { text } = e2eText(r.xml);
  assert.match(verify(write(text)).toString(), /a \]\]> b$/);
});
