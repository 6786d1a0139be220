import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseBer, octetStringOf, toDer, oidOf, timeOf, integerHexOf, stringOf } from '../../server/src/core/asn1/ber';
import { parseContentInfo } from '../../server/src/core/cms/parseCms';
import { verifySignedData } from '../../server/src/core/cms/verifySignedData';
import { parseCertificate } from '../../server/src/core/x509/certInfo';
import type { CertInfo } from '../../server/src/core/types';
import { corpusDir, needsCorpus } from '../helpers/corpus';

const corpus = path.resolve(corpusDir, 'cms');
const rfc4134 = path.join(corpus, 'rfc4134');

const hex = (s: string): Uint8Array => Uint8Array.from(Buffer.from(s.replace(/\s+/g, ''), 'hex'));

test('BER reader: indefinite lengths, constructed OCTET STRING, offsets and DER re-encoding', () => {
  // SEQUENCE (indefinite) { OCTET STRING (constructed, indefinite) { "ab", "cd" }, INTEGER 5 }
  const ber = hex('30 80 24 80 04 02 6162 04 02 6364 00 00 02 01 05 00 00');
  const r = parseBer(ber, { exact: true });
  assert.ok(r.ok);
  if (!r.ok) return;
  const [os, int] = r.node.children;
  assert.equal(r.node.indefinite, true);
  assert.equal(r.node.end, ber.length);
  assert.equal(os!.start, 2);
  assert.equal(Buffer.from(octetStringOf(ber, os!)).toString(), 'abcd');
  assert.equal(int!.start, 14);
  assert.equal(integerHexOf(ber, int!), '05');
  // Re-encoded as DER with the SET OF identifier (what CMS-2 needs for signedAttrs).
  assert.equal(Buffer.from(toDer(ber, r.node, 0x31)).toString('hex'), '3109' + '0404' + '61626364' + '020105');
});

test('BER reader: errors carry the byte offset and never throw', () => {
  const cases: [string, RegExp, number][] = [
    ['30 05 02 01', /length 5 exceeds the data \(2 bytes left\)/, 0],
    ['30 80 02 01 05', /missing its end-of-contents/, 0],
    ['30 03 02 05 01', /length 5 exceeds the data \(1 bytes left\)/, 2],
    ['04 80 00 00', /indefinite length on a primitive/, 1],
    ['', /unexpected end of data/, 0],
  ];
  for (const [h, re, offset] of cases) {
    const r = parseBer(hex(h));
    assert.equal(r.ok, false, h);
    if (r.ok) continue;
    assert.match(r.reason, re, h);
    assert.equal(r.offset, offset, h);
  }
  const trailing = parseBer(hex('05 00 ff'), { exact: true });
  assert.ok(!trailing.ok && trailing.offset === 2);
  // Deep nesting is refused, not a stack overflow.
  const deep = new Uint8Array(400).map((_, i) => (i % 2 === 0 ? 0x30 : 0x80));
  const d = parseBer(deep);
  assert.ok(!d.ok && /nesting deeper/.test(d.reason));
});

test('BER reader: OIDs, times, strings', () => {
  const oid = parseBer(hex('06 09 2a864886f70d010702'));
  assert.ok(oid.ok && oidOf(hex('06 09 2a864886f70d010702'), oid.node) === '1.2.840.113549.1.7.2');
  const utc = hex('17 0d 3439313233313233353935395a');
  const t = parseBer(utc);
  assert.ok(t.ok && timeOf(utc, t.node) === Date.UTC(2049, 11, 31, 23, 59, 59));
  const gen = hex('18 0f 32303530303130313030303030305a');
  const g = parseBer(gen);
  assert.ok(g.ok && timeOf(gen, g.node) === Date.UTC(2050, 0, 1));
  const bmp = hex('1e 04 00 6a 00 e9');
  const b = parseBer(bmp);
  assert.ok(b.ok && stringOf(bmp, b.node) === 'jé');
});

test('garbage, truncated and non-CMS payloads are reported with offsets', () => {
  const salted = Buffer.from('Salted__12345678garbage');
  const r = parseContentInfo(salted);
  assert.equal(r.ok, false);
  const notSeq = parseContentInfo(hex('02 01 05'));
  assert.ok(!notSeq.ok && /ContentInfo: expected SEQUENCE, found INTEGER/.test(notSeq.reason) && notSeq.offset === 0);
  const unknownType = parseContentInfo(hex('30 0b 06 09 2a864886f70d010701'));
  assert.ok(unknownType.ok && unknownType.info.kind === 'other' && unknownType.info.name === 'data');
  const badSigned = parseContentInfo(hex('30 11 06 09 2a864886f70d010702 a0 04 30 02 05 00'));
  assert.ok(!badSigned.ok && /SignedData version: expected INTEGER, found NULL/.test(badSigned.reason) && badSigned.offset === 17);
});

function loadRfc4134Certs(): CertInfo[] {
  return readdirSync(rfc4134)
    .filter((f) => f.endsWith('.cer'))
    .map((f) => parseCertificate(readFileSync(path.join(rfc4134, f))));
}

test('RFC 4134 vectors parse; SignedData examples verify (RSA and DSA)', needsCorpus(rfc4134), (t) => {
  const certs = loadRfc4134Certs();
  const content = readFileSync(path.join(rfc4134, 'ExContent.bin'));
  const expected: Record<string, { kind: string; encoding?: string; signers?: string[]; sid?: string }> = {
    '3.1.bin': { kind: 'other', encoding: 'BER' },
    '3.2.bin': { kind: 'other', encoding: 'DER' },
    '4.1.bin': { kind: 'signedData', signers: ['valid'] },
    '4.2.bin': { kind: 'signedData', signers: ['valid'] },
    '4.3.bin': { kind: 'signedData', signers: ['valid'] },
    '4.4.bin': { kind: 'signedData', signers: ['valid'] },
    '4.5.bin': { kind: 'signedData', encoding: 'BER', signers: ['valid'] },
    '4.6.bin': { kind: 'signedData', signers: ['valid', 'valid'] },
    '4.7.bin': { kind: 'signedData', signers: ['valid'], sid: 'ski' },
    '4.10.bin': { kind: 'signedData', signers: ['valid'] },
    '4.11.bin': { kind: 'signedData', signers: [] },
    '5.1.bin': { kind: 'envelopedData' },
    '5.2.bin': { kind: 'envelopedData' },
    '6.0.bin': { kind: 'other' },
    '7.1.bin': { kind: 'other' },
    '7.2.bin': { kind: 'other' },
  };
  for (const [file, exp] of Object.entries(expected)) {
    const r = parseContentInfo(readFileSync(path.join(rfc4134, file)));
    assert.ok(r.ok, `${file}: ${r.ok ? '' : r.reason}`);
    if (!r.ok) continue;
    assert.equal(r.info.kind, exp.kind, file);
    if (exp.encoding) assert.equal(r.encoding, exp.encoding, file);
    if (r.info.kind === 'signedData' && exp.signers) {
      const sd = r.info.signedData;
      const results = verifySignedData(sd, { content: sd.eContent ? undefined : content, workspaceCerts: certs });
      assert.deepEqual(results.map((x) => x.signature), exp.signers, `${file}: ${results.map((x) => x.reason).join('; ')}`);
      if (exp.sid) assert.equal(sd.signerInfos[0]!.sid.kind, exp.sid);
      for (const x of results) assert.equal(x.canonicalization, 'asIs');
      if (sd.eContent) assert.deepEqual(Buffer.from(sd.eContent), content, file);
    }
  }
  const ex = parseContentInfo(readFileSync(path.join(rfc4134, 'ExContent.bin')));
  assert.equal(ex.ok, false, 'ExContent.bin is plain text, not CMS');
  // Altered content is caught on a real vector too.
  const sd42 = parseContentInfo(readFileSync(path.join(rfc4134, '4.4.bin')));
  assert.ok(sd42.ok && sd42.info.kind === 'signedData');
  if (sd42.ok && sd42.info.kind === 'signedData') {
    const r = verifySignedData(sd42.info.signedData, { content: Buffer.from('This is some sample content!'), workspaceCerts: certs })[0]!;
    assert.equal(r.digestMismatch, true);
  }
});

function base64Body(text: string, afterHeader: RegExp): Buffer {
  const start = text.search(afterHeader);
  const body = text.slice(text.indexOf('\n\n', start) + 2).split(/\n--|\n\n/)[0]!;
  return Buffer.from(body.replace(/\s+/g, ''), 'base64');
}

test('RFC 4134 S/MIME messages: opaque 4.9 verifies; detached 4.8 verifies with CRLF canonicalisation', needsCorpus(rfc4134), (t) => {
  const certs = loadRfc4134Certs();
  const opaque = parseContentInfo(base64Body(readFileSync(path.join(rfc4134, '4.9.eml'), 'latin1'), /Content-Type: application\/pkcs7-mime/));
  assert.ok(opaque.ok && opaque.info.kind === 'signedData');
  if (opaque.ok && opaque.info.kind === 'signedData') {
    const [r] = verifySignedData(opaque.info.signedData, { workspaceCerts: certs });
    assert.equal(r!.signature, 'valid', r!.reason);
  }
  const eml = readFileSync(path.join(rfc4134, '4.8.eml'), 'latin1').replace(/\r\n/g, '\n');
  const boundary = '------=_NextBoundry____Fri,_06_Sep_2002_00:25:21';
  const parts = eml.split(boundary);
  const signedPart = parts[1]!.slice(1, -1); // between the delimiter's line end and the next delimiter's line start
  const sig = parseContentInfo(base64Body(parts[2]!, /Content-Type/));
  assert.ok(sig.ok && sig.info.kind === 'signedData');
  if (sig.ok && sig.info.kind === 'signedData') {
    const [r] = verifySignedData(sig.info.signedData, { content: Buffer.from(signedPart, 'latin1'), workspaceCerts: certs });
    assert.equal(r!.signature, 'valid', r!.reason);
    assert.equal(r!.canonicalization, 'crlf');
  }
});

test('other corpus CMS: certs-only bags, empty digest set, AuthData, ML-DSA (unverifiable here)', needsCorpus(corpus), (t) => {
  const pem = (f: string): Buffer => {
    const text = readFileSync(path.join(corpus, f), 'utf8');
    const m = /-----BEGIN [^-]+-----([\s\S]*?)-----END/.exec(text)!;
    return Buffer.from(m[1]!.replace(/\s+/g, ''), 'base64');
  };
  const amazon = parseContentInfo(readFileSync(path.join(corpus, 'pyca_amazon_roots_certs_only.der')));
  assert.ok(amazon.ok && amazon.info.kind === 'signedData' && amazon.info.signedData.signerInfos.length === 0);
  assert.ok(amazon.ok && amazon.info.kind === 'signedData' && amazon.info.signedData.certificates.length > 0);
  const isrg = parseContentInfo(pem('pyca_isrg_certs_only.pem'));
  assert.ok(isrg.ok && isrg.info.kind === 'signedData' && /ISRG Root X1/.test(isrg.info.signedData.certificates[0]!.subject));
  const auth = parseContentInfo(pem('openssl_authenticated_attrs.pem'));
  assert.ok(auth.ok && auth.info.kind === 'other' && auth.info.name === 'authData' && auth.encoding === 'BER');
  const authEnv = parseContentInfo(pem('openssl_authenveloped_attrs.pem'));
  assert.ok(authEnv.ok && authEnv.info.kind === 'envelopedData' && authEnv.info.envelopedData.authenticated?.mac.length === 16);
  const empty = parseContentInfo(base64Body(readFileSync(path.join(corpus, 'openssl_pkcs7-empty-digest-set.eml'), 'latin1'), /Content-Type: application\/x-pkcs7-signature/));
  assert.ok(empty.ok && empty.info.kind === 'signedData');
  if (empty.ok && empty.info.kind === 'signedData') assert.equal(empty.info.signedData.digestAlgorithms.length, 0);
  const mldsa = parseContentInfo(pem('bc_SignedData_ML-DSA-44.pem'));
  assert.ok(mldsa.ok && mldsa.info.kind === 'signedData');
  if (mldsa.ok && mldsa.info.kind === 'signedData') {
    const sd = mldsa.info.signedData;
    assert.equal(sd.signerInfos[0]!.signatureAlgorithm.name, 'ML-DSA-44');
    const mlCert = parseCertificate(pem('bc_ML-DSA-44_cert_and_key.pem').length ? Buffer.from(/-----BEGIN CERTIFICATE-----([\s\S]*?)-----END/.exec(readFileSync(path.join(corpus, 'bc_ML-DSA-44_cert_and_key.pem'), 'utf8'))![1]!.replace(/\s+/g, ''), 'base64') : Buffer.alloc(0));
    const [r] = verifySignedData(sd, { workspaceCerts: [mlCert] });
    assert.equal(r!.signature, 'unverifiable');
    assert.equal(r!.certificateSource, 'workspace');
  }
  const opaque = readFileSync(path.join(corpus, 'pyca_signed-opaque.msg'), 'latin1');
  const p = parseContentInfo(base64Body(opaque, /Content-Type: application\/pkcs7-mime/));
  assert.ok(p.ok && p.info.kind === 'signedData');
  if (p.ok && p.info.kind === 'signedData') {
    // Despite smime-type=signed-data this object carries no eContent (openssl cms -print shows <ABSENT>).
    assert.equal(p.info.signedData.eContent, undefined);
    const [r] = verifySignedData(p.info.signedData);
    assert.equal(r!.signature, 'unverifiable');
    assert.match(r!.reason!, /no signed content/);
    assert.equal(r!.certificateSource, 'embedded');
    assert.equal(r!.signerInfo.digestAlgorithm.name, 'sha256');
  }
});
