import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildKeyStore, type KeyFile } from '../../server/src/core/keys/keyStore';
import type { KeyStore } from '../../server/src/core/types';
import { corpusDir, opensslOk, tempDir, writeIdentities, type TestBed } from './testBed';

const PASS = 'correct horse battery staple';
let bed: TestBed;

function file(name: string): KeyFile {
  return { path: bed.path(name), bytes: new Uint8Array(readFileSync(bed.path(name))) };
}

function noPass(): undefined {
  return undefined;
}

/** No reason may ever contain the passphrase or key material. */
function assertSecretFree(store: KeyStore): void {
  const text = JSON.stringify(store.problems);
  assert.ok(!text.includes(PASS), text);
  assert.ok(!text.includes('PRIVATE KEY'), text);
}

function reasons(store: KeyStore): string[] {
  return store.problems.map((p) => p.reason);
}

before(() => {
  bed = tempDir('keystore');
  writeIdentities(bed.dir, ['juliet@example.com', 'romeo@example.net']);
  const j = (n: string) => bed.path(n);
  const jk = j('juliet@example.com.key');
  const jc = j('juliet@example.com.crt');
  opensslOk(['rsa', '-in', jk, '-traditional', '-out', j('pkcs1.pem')]);
  opensslOk(['pkcs8', '-topk8', '-nocrypt', '-in', jk, '-outform', 'DER', '-out', j('pkcs8.der')]);
  opensslOk(['x509', '-in', jc, '-outform', 'DER', '-out', j('cert.der')]);
  opensslOk(['pkcs8', '-topk8', '-in', jk, '-v2', 'aes-256-cbc', '-passout', `pass:${PASS}`, '-out', j('enc8.pem')]);
  opensslOk(['pkcs8', '-topk8', '-in', jk, '-v2', 'aes-256-cbc', '-passout', `pass:${PASS}`, '-outform', 'DER', '-out', j('enc8.der')]);
  opensslOk(['rsa', '-in', jk, '-traditional', '-aes128', '-passout', `pass:${PASS}`, '-out', j('legacy-enc.pem')]);
  opensslOk(['pkcs12', '-export', '-in', jc, '-inkey', jk, '-certfile', j('ca.crt'), '-passout', `pass:${PASS}`, '-out', j('juliet.p12')]);
  opensslOk(['pkcs12', '-export', '-in', jc, '-inkey', jk, '-passout', 'pass:', '-out', j('empty.pfx')]);
  opensslOk([
    'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', j('ec.key'), '-out', j('ec.crt'),
    '-subj', '/CN=ec', '-days', '2', '-addext', 'subjectAltName=otherName:1.3.6.1.5.5.7.8.5;UTF8:ec@example.com',
  ]);
  opensslOk(['ec', '-in', j('ec.key'), '-out', j('ec-sec1.pem')]);
  opensslOk([
    'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', j('uri.key'), '-out', j('uri.crt'),
    '-subj', '/CN=uri', '-days', '2', '-addext', 'subjectAltName=URI:im:juliet@example.com',
  ]);
  opensslOk(['genpkey', '-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:1024', '-out', j('lonely.key')]);
  writeFileSync(j('garbage.bin'), Uint8Array.from([0x30, 0x03, 0x02, 0x01, 0x07, 0xff, 0x00]));
  writeFileSync(j('notes.txt'), 'just some text\n');
  writeFileSync(j('p7.pem'), '-----BEGIN PKCS7-----\nMAA=\n-----END PKCS7-----\n');
  writeFileSync(j('store.jks'), Uint8Array.from([0xfe, 0xed, 0xfe, 0xed, 0, 0, 0, 2]));
});

after(() => bed.cleanup());

test('PEM certificate and PKCS#8 key in separate files pair up by public key', () => {
  const store = buildKeyStore([file('juliet@example.com.crt'), file('juliet@example.com.key'), file('romeo@example.net.crt')], [], noPass);
  assert.deepEqual(store.problems, []);
  assert.equal(store.entries.length, 2);
  const [j] = store.forJid('Juliet@Example.COM/balcony');
  assert.ok(j, 'juliet found by bare, case-insensitive JID');
  assert.ok(j.privateKey, 'juliet has her key');
  assert.equal(j.path, bed.path('juliet@example.com.crt'));
  const [r] = store.forJid('romeo@example.net');
  assert.ok(r && !r.privateKey, 'romeo: certificate only');
  assert.deepEqual(store.forJid('nurse@example.com'), []);
});

test('PKCS#1 PEM, DER certificate, DER PKCS#8', () => {
  const store = buildKeyStore([file('cert.der'), file('pkcs1.pem')], [], noPass);
  assert.deepEqual(store.problems, []);
  assert.ok(store.forJid('juliet@example.com')[0]?.privateKey);
  const der = buildKeyStore([file('cert.der'), file('pkcs8.der')], [], noPass);
  assert.deepEqual(der.problems, []);
  assert.ok(der.forJid('juliet@example.com')[0]?.privateKey);
});

test('encrypted PKCS#8 (PEM and DER) and legacy encrypted PEM: right, wrong and missing passphrase', () => {
  for (const name of ['enc8.pem', 'enc8.der', 'legacy-enc.pem']) {
    const ok = buildKeyStore([file('juliet@example.com.crt'), file(name)], [], (p) => (p === bed.path(name) ? PASS : undefined));
    assert.deepEqual(ok.problems, [], name);
    assert.ok(ok.entries[0].privateKey, name);

    const wrong = buildKeyStore([file('juliet@example.com.crt'), file(name)], [], () => 'not the passphrase');
    assert.deepEqual(reasons(wrong), ['wrong passphrase'], name);
    assert.equal(wrong.problems[0].path, bed.path(name));
    assert.equal(wrong.entries[0].privateKey, undefined);
    assertSecretFree(wrong);

    const missing = buildKeyStore([file('juliet@example.com.crt'), file(name)], [], noPass);
    assert.deepEqual(reasons(missing), ['passphrase required'], name);
    assertSecretFree(missing);
  }
});

test('PKCS#12 with a passphrase: certificate, chain and key; wrong and missing passphrase', () => {
  const ok = buildKeyStore([file('juliet.p12')], [], () => PASS);
  assert.deepEqual(ok.problems, []);
  const j = ok.forJid('juliet@example.com');
  assert.equal(j.length, 1);
  assert.ok(j[0].privateKey);
  assert.equal(j[0].path, bed.path('juliet.p12'));
  assert.equal(ok.entries.length, 2, 'the CA certificate in the container is an entry too');

  const wrong = buildKeyStore([file('juliet.p12')], [], () => 'nope');
  assert.deepEqual(reasons(wrong), ['wrong passphrase']);
  assert.equal(wrong.entries.length, 0);
  assertSecretFree(wrong);
  assert.deepEqual(reasons(buildKeyStore([file('juliet.p12')], [], noPass)), ['passphrase required']);
});

test('PKCS#12 with an empty password opens without asking', () => {
  const store = buildKeyStore([file('empty.pfx')], [], noPass);
  assert.deepEqual(store.problems, []);
  assert.ok(store.forJid('juliet@example.com')[0]?.privateKey);
});

test('EC keys (PKCS#8 and SEC1) pair with their certificate', () => {
  for (const key of ['ec.key', 'ec-sec1.pem']) {
    const store = buildKeyStore([file('ec.crt'), file(key)], [], noPass);
    assert.deepEqual(store.problems, [], key);
    const [e] = store.forJid('ec@example.com');
    assert.equal(e.privateKey?.asymmetricKeyType, 'ec');
  }
});

test('forJid: id-on-xmppAddr matches come before im:/pres: URI matches', () => {
  const store = buildKeyStore([file('uri.crt'), file('uri.key'), file('juliet@example.com.crt')], [], noPass);
  const found = store.forJid('juliet@example.com');
  assert.equal(found.length, 2);
  assert.deepEqual(found[0].cert.xmppAddrs, ['juliet@example.com']);
  assert.deepEqual(found[1].cert.xmppAddrs, []);
  assert.ok(found[1].privateKey);
});

test('a key without certificate, garbage, text and unsupported PEM get precise reasons', () => {
  const store = buildKeyStore([file('lonely.key'), file('garbage.bin'), file('notes.txt'), file('p7.pem'), file('store.jks')], [], noPass);
  const byPath = Object.fromEntries(store.problems.map((p) => [p.path.slice(bed.dir.length + 1), p.reason]));
  assert.deepEqual(byPath, {
    'lonely.key': 'private key without certificate',
    'garbage.bin': 'not a certificate or key',
    'notes.txt': 'not a certificate or key',
    'p7.pem': 'unsupported file type (PEM PKCS7)',
    'store.jks': 'unsupported file type (Java KeyStore: export the key and certificate as PKCS#12 or PEM)',
  });
  assert.equal(store.entries.length, 0);
  assertSecretFree(store);
});

test('trust files: every certificate becomes an anchor, none an entry', () => {
  const store = buildKeyStore([file('juliet@example.com.crt')], [file('trust/ca.crt'), file('romeo@example.net.crt')], noPass);
  assert.equal(store.anchors.length, 2);
  assert.ok(store.anchors.some((a) => a.isCA));
  assert.equal(store.entries.length, 1);
  assert.deepEqual(store.problems, []);
});

const CORPUS_PFX = [
  { name: 'libstrophe_xmppaddr_cert.pfx', pass: 'abc123' },
  { name: 'libstrophe_xmppaddr_cert.emptypass.pfx', pass: undefined },
  { name: 'libstrophe_xmppaddr_cert.nopass.pfx', pass: undefined },
];

test('corpus PKCS#12 files (libstrophe: ECDSA P-384, password / empty / none)', (t) => {
  const dir = join(corpusDir, 'cms');
  if (!existsSync(join(dir, CORPUS_PFX[0].name))) {
    t.diagnostic(`corpus not found at ${dir}: corpus part of this test not run`);
    assert.ok(!existsSync(dir) || !existsSync(join(dir, CORPUS_PFX[0].name)));
    return;
  }
  for (const { name, pass } of CORPUS_PFX) {
    const f: KeyFile = { path: join(dir, name), bytes: new Uint8Array(readFileSync(join(dir, name))) };
    const store = buildKeyStore([f], [], () => pass);
    assert.deepEqual(store.problems, [], name);
    assert.equal(store.entries.length, 1, name);
    const e = store.entries[0];
    assert.equal(e.privateKey?.asymmetricKeyType, 'ec', name);
    assert.ok(e.cert.xmppAddrs.length >= 1, name);
    assert.equal(store.forJid(e.cert.xmppAddrs[0])[0], e, name);
  }
  const wrong = buildKeyStore([{ path: join(dir, CORPUS_PFX[0].name), bytes: new Uint8Array(readFileSync(join(dir, CORPUS_PFX[0].name))) }], [], () => 'abc124');
  assert.deepEqual(reasons(wrong), ['wrong passphrase']);
});

test('corpus PEM bundles: certificate + key in one file, and a PEM after a text dump', (t) => {
  const dir = join(corpusDir, 'cms');
  const bundle = join(dir, 'ejabberd_test_cert_xmppaddr_specialchars.pem');
  const dump = join(dir, 'gnutls_xmpp-othername_cacert_real.pem');
  if (!existsSync(bundle) || !existsSync(dump)) {
    t.diagnostic(`corpus not found at ${dir}: corpus part of this test not run`);
    return;
  }
  const store = buildKeyStore(
    [{ path: bundle, bytes: new Uint8Array(readFileSync(bundle)) }],
    [{ path: dump, bytes: new Uint8Array(readFileSync(dump)) }],
    noPass,
  );
  assert.deepEqual(store.problems, []);
  assert.equal(store.entries.length, 1);
  assert.ok(store.entries[0].privateKey);
  assert.ok(store.forJid('test_single!#$%^*()`~+-;_=[]{}|\\@localhost').length === 1);
  assert.equal(store.anchors.length, 1);
});
