// OX (XEP-0373/0374) against GnuPG: objects made by `gpg` with keys made at test time are opened with
// workspace OpenPGP keys (the openpgp library, at the edge) and judged by the core: every expected
// code at the right element, and clean objects verified or decrypted.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeDocument } from '../../server/src/core/analyze';
import { hoverAt } from '../../server/src/core/service';
import { openPgpKeyFiles, oxResolverFor, readOpenPgpKeys, type OpenPgpKeys } from '../../server/src/node/openOx';
import { makeGpgPeer, oxInner, oxMessage, type GpgPeer } from './gpgPeer';

const J = 'juliet@capulet.lit';
const R = 'romeo@montague.lit';
const M = 'mallory@evil.example';
const NOW = Date.UTC(2026, 5, 1, 12, 0, 0);
const STAMP = '2026-06-01T11:59:30Z';
let peer: GpgPeer;
let keys: OpenPgpKeys;

before(async () => {
  // Romeo's workspace: his secret key, everyone's public keys.
  peer = makeGpgPeer([J, R, M], [R]);
  keys = await readOpenPgpKeys(openPgpKeyFiles([peer.keysDir]));
});
after(() => peer?.cleanup());

function gpgOx(inner: string, o: { signer?: string; recipient?: string; compress?: boolean }): string {
  const args = [...(o.compress === false ? ['--compress-algo', 'none'] : [])];
  if (o.signer) args.push('--local-user', `xmpp:${o.signer}`, '--sign');
  if (o.recipient) args.push('--recipient', `xmpp:${o.recipient}`, '--encrypt');
  return peer.gpg(args, inner).toString('base64');
}

async function judge(...stanzas: string[]) {
  const text = `<?xml version='1.0'?>\n<stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' to='montague.lit' version='1.0'>\n${stanzas.join('\n')}\n`;
  const a = analyzeDocument(text, { kind: 'trace', now: NOW, clock: () => NOW, ox: await oxResolverFor(text, keys) });
  return { a, text, ox: a.findings.filter((f) => f.code.startsWith('ox.')).map((f) => f.code) };
}

test('the workspace reads gpg-exported keys: binary public keys and an armored secret key', () => {
  assert.equal(keys.problems.length, 0, JSON.stringify(keys.problems));
  assert.equal(keys.publicKeys.length, 3);
  assert.equal(keys.privateKeys.length, 1);
  assert.deepEqual(keys.privateKeys[0].getUserIDs(), [`xmpp:${R}`]);
});

test('clean gpg signcrypt: decrypted, verified, bound to the sender, no finding; the payload is shown', async () => {
  const { a, ox, text } = await judge(oxMessage(`${J}/balcony`, `${R}/orchard`, gpgOx(oxInner('signcrypt', [R], STAMP), { signer: J, recipient: R })));
  assert.deepEqual(ox, []);
  const o = a.objects[0];
  assert.equal(o.kind, 'ox');
  assert.equal(o.status, 'verified');
  assert.equal(o.ox?.element, 'signcrypt');
  assert.deepEqual(o.ox?.to, [R]);
  assert.equal(o.ox?.rpad, true);
  assert.equal(o.ox?.skewSeconds, -30);
  assert.match(o.ox?.payload ?? '', /Wherefore art thou/);
  assert.deepEqual(o.ox?.signatures?.map((s) => [s.result, s.userIds]), [['valid', [`xmpp:${J}`]]]);
  assert.equal(text.slice(o.span.start, o.span.start + 8), '<openpgp');
  assert.match(hoverAt(a, o.span.start + 2)!.markdown, /✔ verified · signed by xmpp:juliet/);
});

test('tampered ciphertext: ox.decrypt.failed, failed, and no plaintext', async () => {
  const raw = Buffer.from(gpgOx(oxInner('signcrypt', [R], STAMP), { signer: J, recipient: R }), 'base64');
  raw[raw.length - 30] ^= 0x01;
  const { a, ox, text } = await judge(oxMessage(`${J}/balcony`, `${R}/orchard`, raw.toString('base64')));
  assert.deepEqual(ox, ['ox.decrypt.failed']);
  assert.equal(a.objects[0].status, 'failed');
  assert.equal(a.objects[0].inner, undefined);
  assert.equal(a.objects[0].ox?.payload, undefined);
  const f = a.findings.find((x) => x.code === 'ox.decrypt.failed')!;
  assert.equal(text.slice(f.span.start, f.span.end), 'openpgp');
});

test('tampered signed-only object: ox.sig.invalid', async () => {
  const raw = Buffer.from(gpgOx(oxInner('sign', [R], STAMP), { signer: J, compress: false }), 'base64');
  const at = raw.indexOf(Buffer.from('Wherefore'));
  assert.ok(at > 0, 'the literal data is in the clear');
  raw[at] = 'w'.charCodeAt(0);
  const { a, ox } = await judge(oxMessage(`${J}/balcony`, `${R}/orchard`, raw.toString('base64')));
  assert.deepEqual(ox, ['ox.sig.invalid']);
  assert.equal(a.objects[0].status, 'failed');
});

test('a <to/> that names someone else: ox.to.mismatch at the stanza\'s to', async () => {
  const { a, ox, text } = await judge(oxMessage(`${J}/balcony`, `${R}/orchard`, gpgOx(oxInner('signcrypt', ['tybalt@capulet.lit'], STAMP), { signer: J, recipient: R })));
  assert.deepEqual(ox, ['ox.to.mismatch']);
  const f = a.findings.find((x) => x.code === 'ox.to.mismatch')!;
  assert.equal(text.slice(f.span.start, f.span.end), `${R}/orchard`);
  assert.equal(a.objects[0].status, 'failed');
});

test('an old <time/>: ox.ts.old (a warning: still verified); a later object with an earlier stamp: ox.ts.decreasing', async () => {
  const old = await judge(oxMessage(`${J}/balcony`, `${R}/orchard`, gpgOx(oxInner('signcrypt', [R], '2026-06-01T11:00:00Z'), { signer: J, recipient: R })));
  assert.deepEqual(old.ox, ['ox.ts.old']);
  assert.equal(old.a.objects[0].status, 'verified');
  const two = await judge(
    oxMessage(`${J}/balcony`, `${R}/orchard`, gpgOx(oxInner('signcrypt', [R], STAMP), { signer: J, recipient: R })),
    oxMessage(`${J}/balcony`, `${R}/orchard`, gpgOx(oxInner('signcrypt', [R], '2026-06-01T11:59:10Z', 'again'), { signer: J, recipient: R })),
  );
  assert.deepEqual(two.ox, ['ox.ts.decreasing']);
  assert.deepEqual(two.a.objects[1].codes, ['ox.ts.decreasing']);
});

test('signed by a key whose xmpp: UID is not the sender: ox.uid.mismatch at from', async () => {
  const { a, ox, text } = await judge(oxMessage(`${J}/balcony`, `${R}/orchard`, gpgOx(oxInner('signcrypt', [R], STAMP), { signer: M, recipient: R })));
  assert.deepEqual(ox, ['ox.uid.mismatch']);
  const f = a.findings.find((x) => x.code === 'ox.uid.mismatch')!;
  assert.equal(text.slice(f.span.start, f.span.end), `${J}/balcony`);
  assert.match(f.message, /xmpp:mallory@evil\.example/);
  assert.equal(a.objects[0].status, 'failed');
});

test('encrypted for a key not in the workspace: ox.decrypt.noKey, status encrypted', async () => {
  const { a, ox } = await judge(oxMessage(`${R}/orchard`, `${J}/balcony`, gpgOx(oxInner('signcrypt', [J], STAMP), { signer: R, recipient: J })));
  assert.deepEqual(ox, ['ox.decrypt.noKey']);
  assert.equal(a.objects[0].status, 'encrypted');
});

test('gpg signed-only <sign/>: verified, no finding', async () => {
  const { a, ox } = await judge(oxMessage(`${J}/balcony`, `${R}/orchard`, gpgOx(oxInner('sign', [R], STAMP), { signer: J })));
  assert.deepEqual(ox, []);
  assert.equal(a.objects[0].status, 'verified');
  assert.equal(a.objects[0].ox?.element, 'sign');
});

test('gpg encrypted-only <crypt/>: decrypted, ox.sig.missing', async () => {
  const { a, ox } = await judge(oxMessage(`${J}/balcony`, `${R}/orchard`, gpgOx(oxInner('crypt', [R], STAMP), { recipient: R })));
  assert.deepEqual(ox, ['ox.sig.missing']);
  assert.equal(a.objects[0].status, 'decrypted');
});

test('without an OpenPGP pre-pass the object is encrypted and not judged (no false alarm)', () => {
  const text = oxMessage(`${J}/balcony`, `${R}/orchard`, 'hQEMA0ZWzGJ1tN2mAQf/');
  const a = analyzeDocument(text, { kind: 'trace', now: NOW, clock: () => NOW });
  assert.equal(a.objects[0].status, 'encrypted');
  assert.deepEqual(a.findings.filter((f) => f.code.startsWith('ox.')), []);
});

test('keys only from the trace: a PEP public-key announcement verifies the signer, when its node names its fingerprint', async () => {
  const romeoOnly = await readOpenPgpKeys(openPgpKeyFiles([`${peer.keysDir}/romeo.sec.asc`]));
  const fpr = peer.gpg(['--with-colons', '--fingerprint', `xmpp:${J}`]).toString().split('\n').find((l) => l.startsWith('fpr:'))!.split(':')[9];
  const keyData = peer.gpg(['--export', `xmpp:${J}`]).toString('base64');
  const announce = (node: string) =>
    `<message from='${J}' to='${R}/orchard' type='headline'><event xmlns='http://jabber.org/protocol/pubsub#event'><items node='urn:xmpp:openpgp:0:public-keys:${node}'><item id='2026-06-01T11:00:00Z'><pubkey xmlns='urn:xmpp:openpgp:0'><data>${keyData}</data></pubkey></item></items></event></message>`;
  const msg = oxMessage(`${J}/balcony`, `${R}/orchard`, gpgOx(oxInner('signcrypt', [R], STAMP), { signer: J, recipient: R }));
  const run = async (node: string) => {
    const text = `<stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams'>\n${announce(node)}\n${msg}\n`;
    return analyzeDocument(text, { kind: 'trace', now: NOW, clock: () => NOW, ox: await oxResolverFor(text, romeoOnly) }).objects[0];
  };
  const good = await run(fpr);
  assert.equal(good.status, 'verified');
  assert.deepEqual(good.ox?.signatures?.map((s) => s.result), ['valid']);
  const wrongNode = await run('0'.repeat(40));
  assert.equal(wrongNode.status, 'failed', 'a key under another fingerprint is not used: the signature is not checked');
  assert.deepEqual(wrongNode.codes, ['ox.sig.noKey']);
  assert.deepEqual(wrongNode.ox?.signatures?.map((s) => s.result), ['noKey']);
});
