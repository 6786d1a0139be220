// Results remembered by their exact input: the same answer as computing it, never another input's
// answer (case, brackets, trailing dots, percent escapes all differ), and still right once the
// bounded map has been cleared.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rememberedBy } from '../../server/src/core/stringMemo';
import { addressBareJid, jidFromUri } from '../../server/src/core/jid/jidUri';
import { uriJidProblem } from '../../server/src/core/cpim/cpimAddress';
import { canonicalName, classifyAlgorithm } from '../../server/src/core/cms/algorithms';

test('rememberedBy: computes once per input, answers each input with its own result, bounded', () => {
  let calls = 0;
  const upper = rememberedBy((s: string) => {
    calls++;
    return s === 'none' ? undefined : s.toUpperCase();
  }, 3);
  assert.equal(upper('a'), 'A');
  assert.equal(upper('a'), 'A');
  assert.equal(upper('none'), undefined);
  assert.equal(upper('none'), undefined);
  assert.equal(calls, 2);
  // Past the bound the map is cleared: answers stay right.
  for (const s of ['b', 'c', 'd', 'e', 'a', 'b']) assert.equal(upper(s), s.toUpperCase());
  // Long inputs are computed every time.
  const long = 'x'.repeat(600);
  const before = calls;
  upper(long);
  upper(long);
  assert.equal(calls, before + 2);
});

test('remembered JID and algorithm helpers answer every input as on first sight', () => {
  const addresses = ['im:juliet@example.com', 'IM:Juliet@Example.COM', '<im:juliet@example.com>', ' im:juliet@example.com. ', 'pres:romeo@example.net', 'xmpp://auth/romeo@example.net?message',
    'im:ju%6Ciet@example.com', 'im:bad%zz@example.com', 'juliet@example.com/balcony', 'sip:juliet@example.com', 'im:@example.com', 'im:a@b@c'];
  const first = addresses.map((a) => [jidFromUri(a), addressBareJid(a), uriJidProblem(a)]);
  for (let round = 0; round < 3; round++) {
    for (const [i, a] of [...addresses.entries()].reverse()) assert.deepEqual([jidFromUri(a), addressBareJid(a), uriJidProblem(a)], first[i], a);
  }
  assert.equal(addressBareJid('IM:Juliet@Example.COM'), 'juliet@example.com');
  assert.equal(jidFromUri('IM:Juliet@Example.COM'), 'Juliet@Example.COM');
  assert.equal(jidFromUri('sip:juliet@example.com'), undefined);
  assert.match(uriJidProblem('im:a@b@c') ?? '', /not a valid JID/);
  assert.equal(uriJidProblem('im:juliet@example.com'), undefined);
  const names = ['SHA-1', 'sha1', 'sha256', 'AES128', 'aes-128-cbc', '3DES', 'md5', 'rsa', '1.2.840.113549.1.1.11', 'whatever'];
  const seen = names.map((n) => [canonicalName(n), classifyAlgorithm(n)]);
  for (const [i, n] of names.entries()) assert.deepEqual([canonicalName(n), classifyAlgorithm(n)], seen[i], n);
  assert.equal(canonicalName('SHA-1'), 'sha1');
  assert.equal(canonicalName('3DES'), 'des-ede3-cbc');
  assert.equal(classifyAlgorithm('md5').deprecated, 'error');
});
