// Algorithm profiles (rfc3923, smime4, modern): the judgement table, and the findings an analysed
// object gets under each, from a real `openssl cms` object.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { judgeAlgorithm, sealDefaults, DEFAULT_PROFILE, type AlgorithmProfile } from '../../server/src/core/cms/profiles';
import { analyzeDocument } from '../../server/src/core/analyze';
import { makePeer, romeoKeys, cpim, smimeSign, smimeEncrypt, stanza, stream } from '../e2e/opensslStanzas';

test('the default profile is modern: SHA-1 and 3DES warned, CBC and GCM fine, MD5 an error', () => {
  assert.equal(DEFAULT_PROFILE, 'modern');
  assert.equal(judgeAlgorithm('sha1').deprecated?.severity, 'warning');
  assert.equal(judgeAlgorithm('des-ede3-cbc').deprecated?.severity, 'warning');
  assert.equal(judgeAlgorithm('md5').deprecated?.severity, 'error');
  for (const n of ['sha256', 'aes-128-cbc', 'aes-256-gcm', 'RSASSA-PSS', 'ecdsa-with-SHA256', 'ED25519', 'rsaEncryption', 'sha1']) {
    assert.equal(judgeAlgorithm(n).nonMti, undefined, `${n} is expected under modern`);
  }
  assert.ok(judgeAlgorithm('aes-192-cbc').nonMti, 'AES-192 is in neither mandatory set');
});

test('rfc3923: SHA-1 is mandatory (not deprecated); anything else is nonMti; MD5 / 3DES are legacy only', () => {
  assert.equal(judgeAlgorithm('sha1', 'rfc3923').deprecated, undefined);
  assert.equal(judgeAlgorithm('sha1', 'rfc3923').nonMti, undefined);
  assert.ok(judgeAlgorithm('sha256', 'rfc3923').nonMti);
  assert.ok(judgeAlgorithm('aes-128-gcm', 'rfc3923').nonMti);
  assert.deepEqual(judgeAlgorithm('md5', 'rfc3923').legacy, true);
  assert.equal(judgeAlgorithm('md5', 'rfc3923').deprecated, undefined, 'read with a legacy warning');
  assert.equal(judgeAlgorithm('rc2-cbc', 'rfc3923').deprecated?.severity, 'error');
});

test('smime4: SHA-1 and CBC warned, GCM / EdDSA / ECDSA / PSS expected, no legacy profile', () => {
  assert.equal(judgeAlgorithm('sha1', 'smime4').deprecated?.severity, 'warning');
  assert.match(judgeAlgorithm('aes-128-cbc', 'smime4').deprecated!.why, /AuthEnvelopedData/);
  for (const n of ['aes-128-gcm', 'aes-256-gcm', 'ED25519', 'ecdsa-with-SHA384', 'RSASSA-PSS', 'dhSinglePass-stdDH-sha256kdf-scheme']) {
    assert.equal(judgeAlgorithm(n, 'smime4').nonMti, undefined, n);
    assert.equal(judgeAlgorithm(n, 'smime4').deprecated, undefined, n);
  }
  assert.equal(judgeAlgorithm('md5', 'smime4').legacy, false);
  assert.deepEqual(sealDefaults('smime4'), { digest: 'sha256', cipher: 'aes128-gcm' });
  assert.deepEqual(sealDefaults('rfc3923'), { digest: 'sha1', cipher: 'aes128' });
  assert.deepEqual(sealDefaults(), { digest: 'sha256', cipher: 'aes128' });
});

const peer = makePeer();
after(() => peer.ws.cleanup());

function codesUnder(payload: string, profile: AlgorithmProfile | undefined): Map<string, string> {
  const now = Date.parse(DATE) + 1000;
  const trace = stream(stanza('message', { from: 'juliet@example.com/a', to: 'romeo@example.net/b' }, payload));
  const a = analyzeDocument(trace, { keys: romeoKeys(peer), now, clock: () => now, profile });
  return new Map(a.findings.map((f) => [`${f.code}:${f.message}`, f.severity ?? '']));
}
const DATE = new Date().toISOString();
const has = (m: Map<string, string>, code: string, text?: RegExp) => [...m.keys()].some((k) => k.startsWith(`${code}:`) && (!text || text.test(k)));

test('one OpenSSL object (SHA-1 signature inside AES-128-CBC) under each profile', () => {
  const payload = smimeEncrypt(peer, [peer.romeo], smimeSign(peer, peer.juliet, cpim('juliet@example.com', 'romeo@example.net', DATE), { md: 'sha1' }));
  const modern = codesUnder(payload, undefined);
  assert.ok(has(modern, 'smime.alg.deprecated', /digest sha1/));
  assert.ok(!has(modern, 'smime.alg.deprecated', /aes-128-cbc/));
  assert.ok(!has(modern, 'e2e.alg.nonMti'));
  const rfc = codesUnder(payload, 'rfc3923');
  assert.ok(!has(rfc, 'smime.alg.deprecated'), 'RFC 3923 mandates SHA-1');
  assert.ok(!has(rfc, 'e2e.alg.nonMti'));
  const s4 = codesUnder(payload, 'smime4');
  assert.ok(has(s4, 'smime.alg.deprecated', /digest sha1/));
  assert.ok(has(s4, 'smime.alg.deprecated', /aes-128-cbc.*AuthEnvelopedData/));
});

test('a SHA-256 / AES-256-GCM object: nonMti under rfc3923 only, clean under modern and smime4', () => {
  const payload = smimeEncrypt(peer, [peer.romeo], smimeSign(peer, peer.juliet, cpim('juliet@example.com', 'romeo@example.net', DATE), { md: 'sha256' }), '-aes-256-gcm');
  const rfc = codesUnder(payload, 'rfc3923');
  assert.ok(has(rfc, 'e2e.alg.nonMti', /sha256/));
  assert.ok(has(rfc, 'e2e.alg.nonMti', /aes-256-gcm/));
  for (const p of [undefined, 'smime4'] as const) {
    const m = codesUnder(payload, p);
    assert.ok(!has(m, 'e2e.alg.nonMti') && !has(m, 'smime.alg.deprecated'), `${p ?? 'modern'}: ${[...m.keys()].join('; ')}`);
  }
});
