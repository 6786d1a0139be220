// Both directions through the project's own CMS reader: what cmsWrite produces, parseContentInfo /
// verifySignedData / decryptEnvelopedData open; what `openssl cms -sign/-encrypt` produces, too.
// And the EC signer path against OpenSSL.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { parseContentInfo } from '../../server/src/core/cms/parseCms';
import { verifySignedData } from '../../server/src/core/cms/verifySignedData';
import { decryptEnvelopedData } from '../../server/src/core/cms/decryptEnvelopedData';
import type { EnvelopedData, SignedData } from '../../server/src/core/cms/cmsTypes';
import { encryptData, signData } from '../../server/src/core/seal/cmsWrite';
import { buildCpim } from '../../server/src/core/seal/innerObjects';
import { sealStanza } from '../../server/src/core/seal/sealStanza';
import { loadKeyStore } from '../../server/src/node/loadKeyStore';
import type { KeyEntry, KeyStore } from '../../server/src/core/types';
import { openssl, opensslOk, tempDir, writeIdentities, type TestBed } from '../keys/testBed';
import { base64Body, e2eText, splitSigned } from './sealHelpers';

let bed: TestBed;
let keys: KeyStore;
let juliet: KeyEntry;
let romeo: KeyEntry;
const NOW = Date.now();
const enc = new TextEncoder();
const CPIM = buildCpim({ from: 'juliet@example.com', to: 'romeo@example.net', dateTimeMs: NOW, body: 'It is the east,\nand Juliet is the sun.' });

before(async () => {
  bed = tempDir('roundtrip');
  writeIdentities(bed.dir, ['juliet@example.com', 'romeo@example.net']);
  opensslOk([
    'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', bed.path('ec.key'), '-out', bed.path('ec.crt'),
    '-subj', '/CN=ec', '-days', '2', '-addext', 'subjectAltName=otherName:1.3.6.1.5.5.7.8.5;UTF8:ec@example.com',
    '-addext', 'keyUsage=digitalSignature', '-addext', 'extendedKeyUsage=emailProtection',
  ]);
  keys = await loadKeyStore([bed.dir], [bed.path('trust')], () => undefined);
  assert.deepEqual(keys.problems, []);
  juliet = keys.forJid('juliet@example.com')[0];
  romeo = keys.forJid('romeo@example.net')[0];
  assert.ok(juliet.privateKey && romeo.privateKey);
});

after(() => bed.cleanup());

function signed(der: Uint8Array): SignedData {
  const p = parseContentInfo(der);
  assert.ok(p.ok, p.ok ? '' : p.reason);
  assert.equal(p.encoding, 'DER');
  assert.equal(p.info.kind, 'signedData');
  return (p.info as { signedData: SignedData }).signedData;
}

function enveloped(der: Uint8Array): EnvelopedData {
  const p = parseContentInfo(der);
  assert.ok(p.ok, p.ok ? '' : p.reason);
  assert.equal(p.info.kind, 'envelopedData');
  return (p.info as { envelopedData: EnvelopedData }).envelopedData;
}

test('signData (detached, SHA-1 and SHA-256) verifies with the core reader; altered content does not', () => {
  for (const digest of ['sha1', 'sha256'] as const) {
    const content = enc.encode(CPIM);
    const sd = signed(signData(content, juliet, { digest, detached: true, signingTimeMs: NOW }));
    assert.equal(sd.eContent, undefined);
    assert.equal(sd.certificates.length, 1);
    assert.equal(sd.certificates[0].serialHex, juliet.cert.serialHex);
    const si = sd.signerInfos[0];
    assert.equal(si.version, 1);
    assert.equal(si.sid.kind, 'issuerAndSerial');
    assert.deepEqual(si.signedAttrs?.problems, []);
    assert.equal(si.signedAttrs?.signingTimeMs, Math.floor(NOW / 1000) * 1000);
    const [ok] = verifySignedData(sd, { content });
    assert.equal(ok.signature, 'valid', ok.reason);
    assert.equal(ok.canonicalization, 'asIs');
    const altered = enc.encode(CPIM.replace('sun', 'moon'));
    const [bad] = verifySignedData(sd, { content: altered });
    assert.notEqual(bad.signature, 'valid');
    assert.equal(bad.digestMismatch, true);
  }
});

test('signData with encapsulated content (signed-data) verifies without a separate content', () => {
  const sd = signed(signData(enc.encode(CPIM), juliet, { digest: 'sha256', detached: false, signingTimeMs: NOW }));
  assert.equal(Buffer.from(sd.eContent!).toString(), CPIM);
  assert.equal(verifySignedData(sd)[0].signature, 'valid');
});

test('encryptData opens with the recipient key only; a flipped ciphertext byte yields no plaintext', () => {
  for (const cipher of ['aes128', 'aes256'] as const) {
    const der = encryptData(enc.encode(CPIM), [romeo.cert], { cipher });
    const ed = enveloped(der);
    assert.equal(ed.version, 0);
    assert.equal(ed.contentEncryptionAlgorithm.oid, cipher === 'aes128' ? '2.16.840.1.101.3.4.1.2' : '2.16.840.1.101.3.4.1.42');
    const ok = decryptEnvelopedData(ed, [romeo]);
    assert.equal(Buffer.from(ok.plaintext!).toString(), CPIM);
    assert.equal(decryptEnvelopedData(ed, [juliet]).plaintext, undefined);
    const flipped = Uint8Array.from(der);
    flipped[flipped.length - 17] ^= 0x80;
    const bad = decryptEnvelopedData(enveloped(flipped), [romeo]);
    assert.equal(bad.plaintext, undefined);
    assert.ok(bad.error);
  }
});

test('a sealed stanza unwraps through the core reader: decrypt, then verify the multipart/signed', () => {
  const r = sealStanza(`<message from='juliet@example.com' to='romeo@example.net'><body>hello</body></message>`, { sign: true, encrypt: true, keys, nowMs: NOW });
  assert.ok(r.ok);
  const dec = decryptEnvelopedData(enveloped(base64Body(e2eText(r.xml).text)), keys.entries);
  assert.ok(dec.plaintext, dec.error);
  const { signedPart, signature, micalg } = splitSigned(Buffer.from(dec.plaintext).toString('utf8'));
  assert.equal(micalg, 'sha-256', 'seal defaults to SHA-256 (SHA-1 is deprecated)');
  const [v] = verifySignedData(signed(signature), { content: enc.encode(signedPart) });
  assert.equal(v.signature, 'valid', v.reason);
  assert.match(signedPart, /\r\n\r\nhello$/);
});

test('openssl cms -sign (S/MIME multipart/signed and opaque DER) verifies with the core reader', () => {
  const inFile = bed.path('cpim.txt');
  writeFileSync(inFile, CPIM);
  const common = ['-signer', bed.path('juliet@example.com.crt'), '-inkey', bed.path('juliet@example.com.key'), '-md', 'sha1', '-in', inFile];
  const smime = opensslOk(['cms', '-sign', '-binary', ...common]).toString();
  const { signedPart, signature } = splitSigned(smime.slice(smime.indexOf('Content-Type: multipart/signed')));
  assert.equal(signedPart, CPIM);
  const [v] = verifySignedData(signed(signature), { content: enc.encode(signedPart) });
  assert.equal(v.signature, 'valid', v.reason);
  assert.equal(v.certificateSource, 'embedded');

  const opaque = opensslOk(['cms', '-sign', '-binary', '-nodetach', '-outform', 'DER', ...common]);
  const sd = signed(new Uint8Array(opaque));
  assert.equal(Buffer.from(sd.eContent!).toString(), CPIM);
  assert.equal(verifySignedData(sd)[0].signature, 'valid');
});

test('openssl cms -encrypt (AES-128 and AES-256) decrypts with the core reader; sign-then-encrypt too', () => {
  const inFile = bed.path('plain.txt');
  writeFileSync(inFile, CPIM);
  for (const cipher of ['-aes128', '-aes256']) {
    const der = opensslOk(['cms', '-encrypt', '-binary', cipher, '-outform', 'DER', '-in', inFile, bed.path('romeo@example.net.crt')]);
    const dec = decryptEnvelopedData(enveloped(new Uint8Array(der)), keys.entries);
    assert.equal(Buffer.from(dec.plaintext!).toString(), CPIM, cipher);
  }
  const signedMime = opensslOk(['cms', '-sign', '-binary', '-signer', bed.path('juliet@example.com.crt'), '-inkey', bed.path('juliet@example.com.key'), '-in', inFile]);
  const signedFile = bed.path('signed.eml');
  writeFileSync(signedFile, signedMime);
  const env = opensslOk(['cms', '-encrypt', '-binary', '-aes128', '-outform', 'DER', '-in', signedFile, bed.path('romeo@example.net.crt')]);
  const dec = decryptEnvelopedData(enveloped(new Uint8Array(env)), [romeo]);
  assert.ok(dec.plaintext);
  const text = Buffer.from(dec.plaintext).toString();
  const { signedPart, signature } = splitSigned(text.slice(text.indexOf('Content-Type: multipart/signed')));
  assert.equal(verifySignedData(signed(signature), { content: enc.encode(signedPart) })[0].signature, 'valid');
});

test('an ECDSA signer: signData output verifies with openssl and the core reader', () => {
  const ec = keys.forJid('ec@example.com')[0];
  assert.equal(ec.privateKey?.asymmetricKeyType, 'ec');
  const der = signData(enc.encode(CPIM), ec, { digest: 'sha256', detached: false, signingTimeMs: NOW });
  const f = bed.path('ec.p7m');
  writeFileSync(f, der);
  const out = opensslOk(['cms', '-verify', '-inform', 'DER', '-CAfile', bed.path('ec.crt'), '-in', f]);
  assert.equal(out.toString(), CPIM);
  assert.equal(verifySignedData(signed(der))[0].signature, 'valid');
  // The certificate check is real: the keygen CA does not vouch for this signer.
  assert.notEqual(openssl(['cms', '-verify', '-inform', 'DER', '-CAfile', bed.path('ca.crt'), '-in', f]).status, 0);
  assert.equal(readFileSync(f).length, der.length);
});
