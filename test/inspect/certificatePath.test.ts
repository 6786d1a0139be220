// The certificate path view on chains OpenSSL made at test time: signer -> intermediate -> anchor
// with every check passing, and each failure named at the link where it happens: an expired
// signer, an issuer that is not a CA, an issuer of the right name with the wrong key, a forged
// sender, and a self-signed signer.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { analyzeDocument } from '../../server/src/core/analyze';
import { signerPaths, type PathCheck, type SignerPath } from '../../server/src/core/inspect/certificatePath';
import { formatSignerPaths } from '../../server/src/core/inspect/formatCertPath';
import { buildKeyStore } from '../../server/src/core/keys/keyStore';
import type { KeyStore } from '../../server/src/core/types';
import type { Identity } from '../helpers/openssl';
import { cpim, makePeer, smimeSign, stanza, stream, type Peer } from '../e2e/opensslStanzas';

let p: Peer;
let keys: KeyStore;
let chained: Identity;
let underNonCa: Identity;
let wrongKey: Identity;
const T = Date.now() + 60_000;
const JULIET = 'juliet@example.com';

before(() => {
  p = makePeer();
  const jid = { xmppAddrs: [JULIET] };
  const intermediate = p.ws.identity('inter', { issuer: p.ca, ca: true, cn: 'Intermediate CA' });
  chained = p.ws.identity('chained', { issuer: intermediate, cn: 'Juliet via intermediate', ...jid });
  const notCa = p.ws.identity('notca', { issuer: p.ca, cn: 'Not A CA' });
  underNonCa = p.ws.identity('undernonca', { issuer: notCa, cn: 'Juliet under a non-CA', ...jid });
  const impostor = p.ws.identity('impostor', { ca: true, cn: 'Pipeline Test CA' });
  wrongKey = p.ws.identity('wrongkey', { issuer: impostor, cn: 'Juliet (impostor CA)', ...jid });
  const file = (path: string) => ({ path, bytes: readFileSync(path) });
  // The intermediates travel in the workspace (not in the objects); the CA is the anchor.
  keys = buildKeyStore([file(intermediate.certPath), file(notCa.certPath)], [file(p.ca.certPath)], () => undefined);
});
after(() => p.ws.cleanup());

function pathsFor(signer: Identity, from = `${JULIET}/balcony`): SignerPath[] {
  const msg = smimeSign(p, signer, cpim(JULIET, 'romeo@example.net', new Date(T).toISOString()));
  const a = analyzeDocument(stream(stanza('message', { from, to: 'romeo@example.net', id: 'c' }, msg)), { keys, now: T, clock: () => T });
  return signerPaths(a, 0, keys);
}

const failed = (p: SignerPath) => p.certificates.flatMap((c, i) => c.checks.filter((k) => k.ok === false).map((k: PathCheck) => `${i + 1}:${k.check}`));

describe('certificate path', () => {
  test('signer -> intermediate -> anchor: roles, sources, details, every check passes', () => {
    const [path] = pathsFor(chained);
    assert.deepEqual(path.certificates.map((c) => `${c.role}:${c.source}:${c.cert.subject}`), [
      'signer:object:CN=Juliet via intermediate',
      'intermediate:workspace:CN=Intermediate CA',
      'anchor:trust anchor:CN=Pipeline Test CA',
    ]);
    assert.deepEqual(failed(path), []);
    const text = formatSignerPaths([path]).join('\n');
    for (const s of ['xmppAddr juliet@example.com', 'basicConstraints (critical): CA:TRUE', 'keyUsage', '✔ nameBinding', '✔ anchor', 'rsaEncryption 2048 bits']) assert.ok(text.includes(s), s);
    assert.equal(path.signer.trust, 'trusted');
  });

  test('an expired signer fails validity at the message time, at the signer', () => {
    assert.deepEqual(failed(pathsFor(p.expired)[0]), ['1:validity']);
  });

  test('an issuer that is not a CA fails basic constraints and key usage at its link', () => {
    const [path] = pathsFor(underNonCa);
    assert.deepEqual(failed(path), ['2:basicConstraints', '2:keyUsage']);
    assert.equal(path.signer.trust, 'untrusted');
  });

  test('an issuer of the right name but the wrong key: the link signature fails', () => {
    const [path] = pathsFor(wrongKey);
    assert.deepEqual(failed(path), ['1:signature']);
    assert.equal(path.certificates.length, 1);
  });

  test('a forged sender fails the name binding; a self-signed signer ends the path unanchored', () => {
    assert.deepEqual(failed(pathsFor(p.juliet, 'mallory@example.org/attic')[0]), ['1:nameBinding']);
    assert.deepEqual(failed(pathsFor(p.selfSigned)[0]), ['1:anchor']);
  });
});
