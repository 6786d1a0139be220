// The whole pipeline (trace -> <e2e/> -> MIME -> CMS -> inner object -> verdicts) on objects that
// OpenSSL made at test time: every verdict of the issue, and no false alarm on the clean ones.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeDocument, type Analysis } from '../../server/src/core/analyze';
import type { KeyStore } from '../../server/src/core/types';
import { cpim, makePeer, pidf, romeoKeys, smimeEncrypt, smimeSign, stanza, stream, type Peer } from './opensslStanzas';

let p: Peer;
let keys: KeyStore;
// Messages are "sent" a minute after load: the peer's certificates are made in before() with
// notBefore = their creation time, which on a loaded machine can come seconds after module load.
const T = Date.now() + 60_000;
const iso = (ms: number) => new Date(ms).toISOString();

before(() => {
  p = makePeer();
  keys = romeoKeys(p);
});
after(() => p.ws.cleanup());

function run(trace: string, k: KeyStore | undefined = keys): Analysis {
  return analyzeDocument(trace, { keys: k, now: T + 2000, clock: () => T + 2000 });
}

function codes(a: Analysis): string[] {
  return a.findings.map((f) => f.code);
}

/** No error-level problem and none of the false alarms the issue names. */
function assertClean(a: Analysis): void {
  const bad = a.findings.filter((f) => ['e2e.sig.invalid', 'e2e.jid.mismatch', 'e2e.ts.old', 'e2e.ts.future', 'e2e.cert.untrusted', 'e2e.cert.expired', 'e2e.ts.decreasing', 'cms.signerInfo.structure'].includes(f.code) || f.code.startsWith('xml.'));
  assert.deepEqual(bad.map((f) => `${f.code}: ${f.message}`), []);
}

const JULIET = 'juliet@example.com';
const ROMEO = 'romeo@example.net';
const msgAttrs = { from: `${JULIET}/balcony`, to: `${ROMEO}/orchard`, type: 'chat', id: 'm1' };

describe('clean objects', () => {
  test('signed Message/CPIM verifies, is trusted and bound; the resource is ignored', () => {
    const a = run(stream(stanza('message', msgAttrs, smimeSign(p, p.juliet, cpim(JULIET, ROMEO, iso(T))))));
    assertClean(a);
    assert.equal(a.objects.length, 1);
    const o = a.objects[0];
    assert.equal(o.status, 'verified');
    assert.deepEqual(o.layers, ['multipart/signed']);
    assert.equal(o.signers[0].signature, 'valid');
    assert.equal(o.signers[0].trust, 'trusted');
    assert.equal(o.signers[0].identity, 'bound');
    assert.deepEqual(o.signers[0].jids, [JULIET]);
    assert.equal(o.inner?.contentType, 'Message/CPIM');
    assert.equal(o.signers[0].canonicalization, 'asIs');
  });

  test('a capture whose CRLF became LF verifies after LF -> CRLF and says so', () => {
    const trace = stream(stanza('message', msgAttrs, smimeSign(p, p.juliet, cpim(JULIET, ROMEO, iso(T))))).replace(/\r\n/g, '\n');
    assert.ok(!trace.includes('\r'));
    const a = run(trace);
    assertClean(a);
    assert.equal(a.objects[0].signers[0].signature, 'valid');
    assert.equal(a.objects[0].signers[0].canonicalization, 'crlf');
  });

  test('sign then encrypt: decrypted with the workspace key, the inner signer verified', () => {
    const signed = smimeSign(p, p.juliet, cpim(JULIET, ROMEO, iso(T)));
    const a = run(stream(stanza('message', msgAttrs, smimeEncrypt(p, [p.romeo], signed))));
    assertClean(a);
    const o = a.objects[0];
    assert.equal(o.status, 'verified');
    assert.deepEqual(o.layers, ['application/pkcs7-mime; smime-type=enveloped-data', 'enveloped-data', 'multipart/signed']);
    assert.equal(o.recipients[0].keyInWorkspace, true);
    assert.equal(o.recipients[0].opened, true);
    assert.equal(o.signers[0].identity, 'bound');
    assert.ok(!codes(a).includes('e2e.sig.missingOnEncrypted'));
  });

  test('an offline message whose <delay/> explains its age is not old', () => {
    const sent = T - 6 * 3600_000;
    const delay = `<delay xmlns='urn:xmpp:delay' from='example.com' stamp='${iso(sent + 1500)}'/>`;
    const a = run(stream(stanza('message', msgAttrs, smimeSign(p, p.juliet, cpim(JULIET, ROMEO, iso(sent))), delay)));
    assertClean(a);
    assert.equal(a.objects[0].now?.source, 'delay');
  });

  test('signed PIDF in a directed presence', () => {
    const a = run(stream(stanza('presence', { from: `${JULIET}/balcony`, to: ROMEO }, smimeSign(p, p.juliet, pidf(JULIET, iso(T))))));
    assertClean(a);
    assert.equal(a.objects[0].inner?.contentType, 'application/pidf+xml');
    assert.equal(a.objects[0].status, 'verified');
  });
});

describe('one defect each', () => {
  test('tampered content: digest mismatch and invalid signature, at the object', () => {
    const signed = smimeSign(p, p.juliet, cpim(JULIET, ROMEO, iso(T), 'meet me at nine'));
    const a = run(stream(stanza('message', msgAttrs, signed.replace('at nine', 'at ten'))));
    assert.ok(codes(a).includes('cms.sig.digestMismatch'));
    assert.ok(codes(a).includes('e2e.sig.invalid'));
    assert.equal(a.objects[0].signers[0].signature, 'invalid');
    assert.equal(a.objects[0].status, 'failed');
  });

  test('wrong signer: JID mismatch on the from attribute, certificate identities related', () => {
    const trace = stream(stanza('message', msgAttrs, smimeSign(p, p.mallory, cpim(JULIET, ROMEO, iso(T)))));
    const a = run(trace);
    const f = a.findings.find((x) => x.code === 'e2e.jid.mismatch');
    assert.ok(f, codes(a).join(', '));
    assert.equal(trace.slice(f.span.start, f.span.end), `${JULIET}/balcony`);
    assert.ok(f.related?.some((r) => r.message.includes('mallory@example.org')));
    assert.equal(a.objects[0].signers[0].identity, 'mismatch');
    assert.ok(!codes(a).includes('e2e.sig.invalid'));
  });

  test('JID only in the subject CN', () => {
    const a = run(stream(stanza('message', msgAttrs, smimeSign(p, p.cnOnly, cpim(JULIET, ROMEO, iso(T))))));
    assert.ok(codes(a).includes('e2e.cert.jidOnlyInSubject'));
    assert.ok(codes(a).includes('e2e.cert.noXmppAddr'));
    assert.equal(a.objects[0].signers[0].identity, 'noJid');
  });

  test('expired certificate', () => {
    const a = run(stream(stanza('message', msgAttrs, smimeSign(p, p.expired, cpim(JULIET, ROMEO, iso(T))))));
    assert.ok(codes(a).includes('e2e.cert.expired'));
    assert.equal(a.objects[0].signers[0].validity, 'expired');
    assert.ok(!codes(a).includes('e2e.sig.invalid'));
  });

  test('self-signed certificate', () => {
    const a = run(stream(stanza('message', msgAttrs, smimeSign(p, p.selfSigned, cpim(JULIET, ROMEO, iso(T))))));
    assert.ok(codes(a).includes('e2e.cert.untrusted'));
    assert.equal(a.objects[0].signers[0].trust, 'selfSigned');
    // Self-signed is visible even with no trust anchors configured.
    const noTrust = run(stream(stanza('message', msgAttrs, smimeSign(p, p.selfSigned, cpim(JULIET, ROMEO, iso(T))))), romeoKeys(p, false));
    assert.equal(noTrust.objects[0].signers[0].trust, 'selfSigned');
  });

  test('encrypted for someone else: no key, recipients listed, not decrypted', () => {
    const signed = smimeSign(p, p.juliet, cpim(JULIET, ROMEO, iso(T)));
    const a = run(stream(stanza('message', msgAttrs, smimeEncrypt(p, [p.mallory], signed))));
    assert.ok(codes(a).includes('e2e.decrypt.noKey'));
    assert.equal(a.objects[0].status, 'encrypted');
    assert.equal(a.objects[0].recipients[0].keyInWorkspace, false);
    assert.ok(!codes(a).includes('e2e.sig.missingOnEncrypted'));
  });

  test('MD5 and Triple-DES: the pre-RFC profile', () => {
    let signed: string;
    try {
      signed = smimeSign(p, p.juliet, cpim(JULIET, ROMEO, iso(T)), { md: 'md5' });
    } catch {
      signed = smimeSign(p, p.juliet, cpim(JULIET, ROMEO, iso(T)));
    }
    const a = run(stream(stanza('message', msgAttrs, smimeEncrypt(p, [p.romeo], signed, '-des3'))));
    const legacy = a.findings.filter((f) => f.code === 'e2e.legacy.profile');
    assert.ok(legacy.some((f) => /des/i.test(f.message)), codes(a).join(', '));
    if (signed.includes('micalg="md5"')) assert.ok(legacy.some((f) => /md5/i.test(f.message)));
    assert.equal(a.objects[0].recipients[0].opened, true);
  });

  test('encrypt then sign', () => {
    const enveloped = smimeEncrypt(p, [p.romeo], cpim(JULIET, ROMEO, iso(T)));
    const a = run(stream(stanza('message', msgAttrs, smimeSign(p, p.juliet, enveloped))));
    assert.ok(codes(a).includes('e2e.order.encryptThenSign'), codes(a).join(', '));
  });

  test('encrypted without a signature inside', () => {
    const a = run(stream(stanza('message', msgAttrs, smimeEncrypt(p, [p.romeo], cpim(JULIET, ROMEO, iso(T))))));
    assert.ok(codes(a).includes('e2e.sig.missingOnEncrypted'));
    // Opened and readable, only a warning: 'decrypted', not 'failed'.
    assert.equal(a.objects[0].status, 'decrypted');
  });

  test('old and future timestamps, measured against the configured now', () => {
    const old = run(stream(stanza('message', msgAttrs, smimeSign(p, p.juliet, cpim(JULIET, ROMEO, iso(T - 3600_000))))));
    assert.ok(codes(old).includes('e2e.ts.old'));
    const future = run(stream(stanza('message', msgAttrs, smimeSign(p, p.juliet, cpim(JULIET, ROMEO, iso(T + 3600_000))))));
    assert.ok(codes(future).includes('e2e.ts.future'));
  });

  test('a replayed object points at the first one', () => {
    const obj = stanza('message', msgAttrs, smimeSign(p, p.juliet, cpim(JULIET, ROMEO, iso(T))));
    const trace = stream(obj, obj);
    const a = run(trace);
    const replay = a.findings.find((f) => f.code === 'e2e.ts.replay');
    assert.ok(replay);
    assert.ok(replay.span.start > trace.indexOf(obj) + obj.length, 'on the second copy');
    assert.ok(replay.related?.[0].span.start! < trace.indexOf(obj) + obj.length, 'related to the first');
  });

  test('a decreasing timestamp from the same sender', () => {
    const a = run(stream(
      stanza('message', msgAttrs, smimeSign(p, p.juliet, cpim(JULIET, ROMEO, iso(T)))),
      stanza('message', { ...msgAttrs, id: 'm2' }, smimeSign(p, p.juliet, cpim(JULIET, ROMEO, iso(T - 60_000)))),
    ));
    assert.ok(codes(a).includes('e2e.ts.decreasing'));
  });

  test('the RFC 3923 example shape (OpenSSL enc "Salted__") is not CMS', () => {
    const a = run(stream(stanza('message', msgAttrs, 'U2FsdGVkX19okC/bZ7sPe8JW2e4yeCX1Ipf6fpKgyqCZbh3fV0Pi6Uo8G3AiWwHU\n')));
    const f = a.findings.find((x) => x.code === 'e2e.crypto.notCms');
    assert.ok(f);
    assert.match(f.message, /Salted__/);
  });
});

test('equal timestamps of two different objects (second-precision senders) are not "decreasing"', () => {
  const same = new Date(Math.floor(T / 1000) * 1000).toISOString();
  const a = run(stream(
    stanza('message', msgAttrs, smimeSign(p, p.juliet, cpim(JULIET, ROMEO, same, 'one'))),
    stanza('message', { ...msgAttrs, id: 'm2' }, smimeSign(p, p.juliet, cpim(JULIET, ROMEO, same, 'two'))),
  ));
  assert.ok(!codes(a).includes('e2e.ts.decreasing'), codes(a).join(', '));
  assert.ok(!codes(a).includes('e2e.ts.replay'));
});
