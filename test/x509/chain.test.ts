import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { opensslWorkspace, type OpensslWorkspace } from '../helpers/openssl';
import { certificatesFromPem, parseCertificate } from '../../server/src/core/x509/certInfo';
import { evaluateTrust, validityAt } from '../../server/src/core/x509/chain';
import type { CertInfo } from '../../server/src/core/types';
import { corpusDir, needsCorpus } from '../helpers/corpus';

const corpus = path.resolve(corpusDir, 'cms');

let ws: OpensslWorkspace;
let root: CertInfo;
let otherRoot: CertInfo;
let intermediate: CertInfo;
let leaf: CertInfo;
let direct: CertInfo;
let selfSigned: CertInfo;
let expired: CertInfo;
let notCaIssued: CertInfo;
let notCa: CertInfo;

before(() => {
  ws = opensslWorkspace();
  const r = ws.identity('root', { ca: true, cn: 'Root CA' });
  const o = ws.identity('other', { ca: true, cn: 'Other CA' });
  const i = ws.identity('inter', { ca: true, cn: 'Intermediate CA', issuer: r });
  const l = ws.identity('leaf', { issuer: i, xmppAddrs: ['juliet@example.com'] });
  const d = ws.identity('direct', { issuer: r, xmppAddrs: ['romeo@example.net'] });
  const s = ws.identity('self', { xmppAddrs: ['mallory@example.org'] });
  const e = ws.identity('expired', { issuer: r, notBefore: new Date('2020-01-01T00:00:00Z'), notAfter: new Date('2021-01-01T00:00:00Z') });
  const n = ws.identity('notca', { issuer: r, cn: 'Not a CA' });
  const ni = ws.identity('notcaissued', { issuer: n, cn: 'issued by a leaf' });
  [root, otherRoot, intermediate, leaf, direct, selfSigned, expired, notCa, notCaIssued] = [r, o, i, l, d, s, e, n, ni].map((x) => parseCertificate(x.certDer));
});

after(() => ws?.cleanup());

test('no anchors configured: unknown, never trusted', () => {
  const t = evaluateTrust(leaf, [intermediate], []);
  assert.equal(t.trust, 'unknown');
  assert.equal(evaluateTrust(selfSigned, [], []).trust, 'unknown');
});

test('chains through an intermediate to the anchor', () => {
  const t = evaluateTrust(leaf, [direct, intermediate], [otherRoot, root]);
  assert.equal(t.trust, 'trusted', t.reason);
  assert.deepEqual(t.chain.map((c) => c.subject), ['CN=leaf', 'CN=Intermediate CA', 'CN=Root CA']);
  assert.equal(evaluateTrust(direct, [], [root]).trust, 'trusted');
  assert.equal(evaluateTrust(root, [], [root]).trust, 'trusted');
});

test('missing intermediate or another root: untrusted with a reason', () => {
  const t = evaluateTrust(leaf, [], [root]);
  assert.equal(t.trust, 'untrusted');
  assert.match(t.reason!, /no certificate for the issuer CN=Intermediate CA/);
  assert.equal(evaluateTrust(direct, [], [otherRoot]).trust, 'untrusted');
});

test('a forged issuer (same name, other key) does not chain', () => {
  const forged = parseCertificate(ws.identity('forged', { ca: true, cn: 'Root CA' }).certDer);
  const t = evaluateTrust(direct, [], [forged]);
  assert.equal(t.trust, 'untrusted');
  assert.match(t.reason!, /does not verify with the key of CN=Root CA/);
});

test('self-signed leaf that is not an anchor; and one that is', () => {
  const t = evaluateTrust(selfSigned, [], [root]);
  assert.equal(t.trust, 'selfSigned');
  assert.equal(evaluateTrust(selfSigned, [], [root, selfSigned]).trust, 'trusted');
});

test('an issuer without basicConstraints CA:TRUE breaks the chain', () => {
  const t = evaluateTrust(notCaIssued, [notCa], [root]);
  assert.equal(t.trust, 'untrusted');
  assert.match(t.reason!, /not a CA/);
});

test('validity is judged at the given time', () => {
  assert.equal(validityAt(expired, Date.UTC(2020, 5, 1)), 'ok');
  assert.equal(validityAt(expired, Date.UTC(2022, 0, 1)), 'expired');
  assert.equal(validityAt(expired, Date.UTC(2019, 0, 1)), 'notYetValid');
  assert.equal(validityAt(leaf, Date.now()), 'ok');
  // Trust ignores dates: the expired certificate still chains.
  assert.equal(evaluateTrust(expired, [], [root]).trust, 'trusted');
});

test('corpus: ejabberd client certificate chains to its v1 test CA; RFC 4134 Alice to Carl', needsCorpus(corpus), (t) => {
  const ca = certificatesFromPem(readFileSync(path.join(corpus, 'ejabberd_test_ca.pem'), 'utf8'))[0]!;
  const cert = certificatesFromPem(readFileSync(path.join(corpus, 'ejabberd_test_cert_xmppaddr_specialchars.pem'), 'utf8'))[0]!;
  assert.equal(evaluateTrust(cert, [], [ca]).trust, 'trusted');
  assert.equal(evaluateTrust(cert, [], [root]).trust, 'untrusted');
  const dir = path.join(corpus, 'rfc4134');
  const carl = parseCertificate(readFileSync(path.join(dir, 'CarlRSASelf.cer')));
  const alice = parseCertificate(readFileSync(path.join(dir, 'AliceRSASignByCarl.cer')));
  assert.equal(evaluateTrust(alice, [], [carl]).trust, 'trusted');
  assert.equal(evaluateTrust(carl, [], [root]).trust, 'selfSigned');
});
