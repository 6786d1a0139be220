import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { X509Certificate } from 'node:crypto';
import { opensslWorkspace, type Identity, type OpensslWorkspace } from '../helpers/openssl';
import { certificateJids, certificatesFromPem, certificateToPem, parseCertificate } from '../../server/src/core/x509/certInfo';
import { corpusDir, needsCorpus } from '../helpers/corpus';

const corpus = path.resolve(corpusDir, 'cms');

let ws: OpensslWorkspace;
let ca: Identity;
let romeo: Identity;
let cnOnly: Identity;
let legacy: Identity;
let ia5: Identity;
let expired: Identity;
let ec: Identity;

before(() => {
  ws = opensslWorkspace();
  ca = ws.identity('ca', { ca: true, cn: 'Test CA', subject: '/O=Example Org/CN=Test CA' });
  romeo = ws.identity('romeo', {
    issuer: ca,
    cn: 'Romeo Montague',
    xmppAddrs: ['romeo@example.net', 'Romeo@Example.NET/balcony'],
    uris: ['im:romeo@example.net', 'pres:romeo@example.net', 'xmpp://romeo%40work@example.net?message', 'https://example.net/'],
    dns: ['example.net'],
  });
  cnOnly = ws.identity('cnonly', { issuer: ca, cn: 'mercutio@example.org', email: 'mercutio@example.org' });
  ia5 = ws.identity('ia5', { issuer: ca, otherNames: [{ oid: '1.3.6.1.5.5.7.8.5', value: 'benvolio@example.com', type: 'IA5' }] });
  legacy = ws.identity('legacy', { issuer: ca, otherNames: [{ oid: '1.3.6.1.4.1.99999.1', value: 'tybalt@example.com' }, { oid: '1.2.3.4', value: 'Hello World' }] });
  expired = ws.identity('expired', { issuer: ca, notBefore: new Date('2020-01-01T00:00:00Z'), notAfter: new Date('2021-01-01T00:00:00Z') });
  ec = ws.identity('ec', { keyType: 'ec', xmppAddrs: ['nurse@example.com'] });
});

after(() => ws?.cleanup());

test('xmppAddr otherNames and im:/pres:/xmpp: URIs are decoded from the DER', () => {
  const c = parseCertificate(romeo.certDer);
  assert.deepEqual(c.xmppAddrs, ['romeo@example.net', 'Romeo@Example.NET/balcony']);
  assert.deepEqual(c.uriJids, ['romeo@example.net', 'romeo@example.net', 'romeo@work@example.net']);
  assert.deepEqual(certificateJids(c), ['romeo@example.net', 'romeo@work@example.net']);
  assert.deepEqual(c.dnsNames, ['example.net']);
  assert.deepEqual(c.subjectJids, []);
  assert.equal(c.subject, 'CN=Romeo Montague');
  assert.equal(c.issuer, 'CN=Test CA,O=Example Org');
  assert.equal(c.isCA, false);
  assert.equal(c.selfIssued, false);
  assert.equal(c.publicKeyAlgorithm, 'rsaEncryption');
  assert.equal(c.publicKeyBits, 2048);
  assert.equal(c.signatureAlgorithm, 'sha256WithRSAEncryption');
});

test('serial, validity, SKI and PEM agree with node:crypto X509Certificate', () => {
  for (const id of [ca, romeo, expired, ec]) {
    const c = parseCertificate(id.certDer);
    const x = new X509Certificate(id.certDer);
    assert.equal(c.serialHex, x.serialNumber.toLowerCase().replace(/^(00)+(?=.)/, ''));
    assert.equal(c.notBefore, Date.parse(x.validFrom));
    assert.equal(c.notAfter, Date.parse(x.validTo));
    assert.equal(c.isCA, x.ca);
    assert.equal(new X509Certificate(c.pem).fingerprint256, x.fingerprint256);
    const skiText = ws.run(['x509', '-in', id.certPath, '-noout', '-ext', 'subjectKeyIdentifier']).toString();
    const ski = /\n\s+([0-9A-F:]+)/.exec(skiText)?.[1]?.replace(/:/g, '').toLowerCase();
    assert.equal(c.subjectKeyId, ski);
  }
  const expiredInfo = parseCertificate(expired.certDer);
  assert.equal(expiredInfo.notAfter, Date.UTC(2021, 0, 1));
  const caInfo = parseCertificate(ca.certDer);
  assert.equal(caInfo.isCA, true);
  assert.equal(caInfo.selfIssued, true);
});

test('a JID only in the subject DN is reported in subjectJids, not bound', () => {
  const c = parseCertificate(cnOnly.certDer);
  assert.deepEqual(c.xmppAddrs, []);
  assert.deepEqual(c.subjectJids, ['mercutio@example.org']);
  assert.deepEqual(certificateJids(c), []);
});

test('otherNames of another type-id holding a JID are legacy; other values are ignored', () => {
  const c = parseCertificate(legacy.certDer);
  assert.deepEqual(c.xmppAddrs, []);
  assert.deepEqual(c.legacyOtherNames, [{ typeId: '1.3.6.1.4.1.99999.1', value: 'tybalt@example.com' }]);
});

test('an xmppAddr that is not a UTF8String is kept and flagged', () => {
  const c = parseCertificate(ia5.certDer);
  assert.deepEqual(c.xmppAddrs, ['benvolio@example.com']);
  assert.deepEqual(c.xmppAddrNotUtf8, [{ value: 'benvolio@example.com', type: 'IA5String' }]);
  assert.equal(parseCertificate(romeo.certDer).xmppAddrNotUtf8, undefined);
});

test('ECDSA certificate: key size and xmppAddr', () => {
  const c = parseCertificate(ec.certDer);
  assert.equal(c.publicKeyAlgorithm, 'id-ecPublicKey');
  assert.equal(c.publicKeyBits, 256);
  assert.deepEqual(c.xmppAddrs, ['nurse@example.com']);
  assert.equal(c.selfIssued, true);
});

test('garbage throws a precise Error; PEM round trip and multi-block extraction', () => {
  assert.throws(() => parseCertificate(Uint8Array.of(0x30, 0x82, 0x10, 0x00, 0x01)), /not a valid X\.509 certificate: length 4096 exceeds the data \(1 bytes left\) \(at byte 0\)/);
  assert.throws(() => parseCertificate(Uint8Array.of(0x02, 0x01, 0x05)), /Certificate: expected SEQUENCE, found INTEGER/);
  const truncated = romeo.certDer.subarray(0, romeo.certDer.length - 10);
  assert.throws(() => parseCertificate(truncated), /not a valid X\.509 certificate/);
  const text = `junk before\n${romeo.certPem}\nsome text\n${ca.certPem}-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n`;
  const all = certificatesFromPem(text);
  assert.deepEqual(all.map((c) => c.subject), ['CN=Romeo Montague', 'CN=Test CA,O=Example Org']);
  assert.equal(certificateToPem(romeo.certDer).trim(), romeo.certPem.trim());
});

/** xmppAddr values as `openssl x509 -ext subjectAltName` prints them. */
function opensslXmppAddrs(file: string, der: boolean): string[] {
  const out = ws.run(['x509', ...(der ? ['-inform', 'DER'] : []), '-in', file, '-noout', '-ext', 'subjectAltName']).toString();
  const line = out.split('\n').slice(1).join(' ').trim();
  const result: string[] = [];
  const re = /othername: XmppAddr::(.*?)(?=, (?:DNS|othername|email|IP Address|URI):|$)/g;
  for (const m of line.matchAll(re)) result.push(m[1]!);
  return result;
}

test('corpus certificates: xmppAddrs match what openssl x509 -text shows', needsCorpus(corpus), (t) => {
  const files = [
    'ejabberd_test_cert_xmppaddr_specialchars.pem',
    'gnutls_template-othername-xmpp.pem',
    'gnutls_xmpp-othername_cacert_real.pem',
    'libstrophe_xmppaddr_cert.pem',
    'pyca_cert_san_othername_1.2.3.4.pem',
    'ejabberd_test_selfsigned_cert.pem',
  ];
  for (const f of files) {
    const p = path.join(corpus, f);
    const certs = certificatesFromPem(readFileSync(p, 'utf8'));
    assert.equal(certs.length, 1, f);
    assert.deepEqual(certs[0]!.xmppAddrs, opensslXmppAddrs(p, false), f);
  }
  const ej = certificatesFromPem(readFileSync(path.join(corpus, 'ejabberd_test_cert_xmppaddr_specialchars.pem'), 'utf8'))[0]!;
  assert.deepEqual(ej.xmppAddrs, ['test_single!#$%^*()`~+-;_=[]{}|\\@localhost']);
  const gnutls = certificatesFromPem(readFileSync(path.join(corpus, 'gnutls_template-othername-xmpp.pem'), 'utf8'))[0]!;
  assert.deepEqual(gnutls.emails, ['none@none.org', 'where@none.org']);
  assert.equal(gnutls.dnsNames.length, 3);
  const real = certificatesFromPem(readFileSync(path.join(corpus, 'gnutls_xmpp-othername_cacert_real.pem'), 'utf8'))[0]!;
  assert.equal(real.xmppAddrs.length, 11);
  assert.equal(real.publicKeyBits, 4096);
  const strophe = certificatesFromPem(readFileSync(path.join(corpus, 'libstrophe_xmppaddr_cert.pem'), 'utf8'))[0]!;
  assert.equal(strophe.publicKeyBits, 384);
  assert.equal(strophe.signatureAlgorithm, 'ecdsa-with-SHA512');
  // The CN is also the first xmppAddr, so it is not "only in the subject".
  assert.deepEqual(strophe.subjectJids, []);
  const pyca = certificatesFromPem(readFileSync(path.join(corpus, 'pyca_cert_san_othername_1.2.3.4.pem'), 'utf8'))[0]!;
  assert.deepEqual(pyca.legacyOtherNames, []);
  for (const f of ['pyca_cert_san_edipartyname.der', 'pyca_cert_san_x400address.der']) {
    const c = parseCertificate(readFileSync(path.join(corpus, f)));
    assert.deepEqual(c.xmppAddrs, [], f);
    assert.equal(c.subject, 'CN=yassir,OU=labs,O=sun,C=us', f);
  }
});

test('mutated certificates either parse or throw the documented Error, nothing else', () => {
  let seed = 777;
  const rand = (n: number): number => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed % n;
  };
  let thrown = 0;
  for (let i = 0; i < 300; i++) {
    const m = Buffer.from(romeo.certDer);
    m[rand(m.length)] = rand(256);
    try {
      const c = parseCertificate(m);
      assert.equal(typeof c.subject, 'string');
    } catch (e) {
      thrown++;
      assert.ok(e instanceof Error && /^not a valid X\.509 certificate: /.test(e.message), String(e));
    }
  }
  assert.ok(thrown > 0);
});
