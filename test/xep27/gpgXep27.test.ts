// Legacy XEP-0027 against GnuPG: `jabber:x:signed` signatures and `jabber:x:encrypted` messages made
// by `gpg` (armor headers removed, as the XEP says) with keys made at test time, opened with the
// workspace OpenPGP keys at the edge and judged by the core; the bundled CLI reports the same.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeDocument } from '../../server/src/core/analyze';
import { hoverAt, lensTitle } from '../../server/src/core/service';
import { ruleFor } from '../../server/src/core/rules';
import { openPgpKeyFiles, oxResolverFor, readOpenPgpKeys, type OpenPgpKeys } from '../../server/src/node/openOx';
import { makeGpgPeer, type GpgPeer } from '../ox/gpgPeer';

const J = 'juliet@capulet.lit';
const R = 'romeo@montague.lit';
const M = 'mallory@evil.example';
const N = 'nurse@capulet.lit';
const NOW = Date.UTC(2026, 5, 1, 12, 0, 0);
const cliPath = join(__dirname, '..', '..', 'dist', 'cli.js');
let peer: GpgPeer;
let keys: OpenPgpKeys;
/** Romeo's workspace without Juliet's public key. */
let keysWithoutJuliet: OpenPgpKeys;

before(async () => {
  peer = makeGpgPeer([J, R, M], [R]);
  // An RSA signer, as in XEP-0027's days (EdDSA refuses SHA-1).
  peer.gpg(['--quick-gen-key', `xmpp:${N}`, 'rsa2048', 'sign', 'never']);
  writeFileSync(join(peer.keysDir, 'nurse.pub.gpg'), peer.gpg(['--export', `xmpp:${N}`]));
  keys = await readOpenPgpKeys(openPgpKeyFiles([peer.keysDir]));
  const files = readdirSync(peer.keysDir).filter((n) => !n.startsWith('juliet')).map((n) => join(peer.keysDir, n));
  keysWithoutJuliet = await readOpenPgpKeys(openPgpKeyFiles(files));
});
after(() => peer?.cleanup());

/** gpg's ASCII armor with the BEGIN/END lines and the armor headers removed (XEP-0027 §1). */
function headless(armored: string): string {
  const lines = armored.replace(/\r/g, '').split('\n');
  const begin = lines.findIndex((l) => l.startsWith('-----BEGIN'));
  const blank = lines.indexOf('', begin);
  const end = lines.findIndex((l) => l.startsWith('-----END'));
  return lines.slice(blank + 1, end).join('\n');
}

const signStatus = (status: string, signer = J, extra: string[] = []) => headless(peer.gpg(['--local-user', `xmpp:${signer}`, '--armor', '--detach-sign', ...extra], status).toString());
const encryptBody = (body: string, recipient = R, signer?: string) =>
  headless(peer.gpg([...(signer ? ['--local-user', `xmpp:${signer}`, '--sign'] : []), '--armor', '--recipient', `xmpp:${recipient}`, '--encrypt'], body).toString());

const presence = (status: string, sig: string, from = J) => `<presence from='${from}/balcony' to='${R}'><status>${status}</status><x xmlns='jabber:x:signed'>\n${sig}\n</x></presence>`;
const message = (armor: string) => `<message from='${J}/balcony' to='${R}/orchard' type='chat'><body>This message is encrypted.</body><x xmlns='jabber:x:encrypted'>${armor}</x></message>`;
const traceOf = (...stanzas: string[]) => `<?xml version='1.0'?>\n<stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' to='montague.lit' version='1.0'>\n${stanzas.join('\n')}\n`;

async function judge(k: OpenPgpKeys, ...stanzas: string[]) {
  const text = traceOf(...stanzas);
  const a = analyzeDocument(text, { kind: 'trace', now: NOW, clock: () => NOW, ox: await oxResolverFor(text, k) });
  return { a, text, codes: a.findings.filter((f) => f.code.startsWith('xep27.')).map((f) => f.code) };
}

test('gpg-signed presence status: verified, deprecated (information), signer shown', async () => {
  const { a, codes, text } = await judge(keys, presence('Online', signStatus('Online')));
  assert.deepEqual(codes, ['xep27.deprecated']);
  const o = a.objects[0];
  assert.equal(o.kind, 'xep27');
  assert.equal(o.status, 'verified');
  assert.equal(o.xep27?.type, 'signed');
  assert.equal(o.xep27?.over, 'status');
  assert.deepEqual(o.xep27?.signatures?.map((s) => [s.result, s.userIds]), [['valid', [`xmpp:${J}`]]]);
  assert.equal(text.slice(o.span.start, o.span.start + 2), '<x');
  assert.equal(ruleFor('xep27.deprecated')?.severity, 'information');
  assert.match(lensTitle(o, a.findings), /XEP-0027 signed <status\/> ✔ verified · signed by xmpp:juliet/);
  assert.match(hoverAt(a, o.span.start + 1)!.markdown, /historical/);
});

test('a text-mode signature (gpg --textmode) verifies too; entities in the status are the signed characters', async () => {
  const { a, codes } = await judge(keys, presence('Away &amp; busy', signStatus('Away & busy', J, ['--textmode'])));
  assert.deepEqual(codes, ['xep27.deprecated']);
  assert.equal(a.objects[0].status, 'verified');
});

test('a SHA-1 signature (the era of XEP-0027) verifies, and the deprecation note names the hash', async () => {
  const { a, codes } = await judge(keys, presence('Online', signStatus('Online', N, ['--digest-algo', 'SHA1']), N));
  assert.deepEqual(codes, ['xep27.deprecated'], a.findings.map((f) => f.message).join(' | '));
  assert.equal(a.objects[0].status, 'verified');
  assert.equal(a.objects[0].xep27?.signatures?.[0].hash, 'SHA-1');
  assert.match(a.findings[0].message, /uses SHA-1/);
});

test('a status signed with CRLF line ends, which XML turned into LF, verifies', async () => {
  const { a, codes } = await judge(keys, presence('Out for lunch\nback at two', signStatus('Out for lunch\r\nback at two')));
  assert.deepEqual(codes, ['xep27.deprecated']);
  assert.equal(a.objects[0].status, 'verified');
});

test('armor kept whole (BEGIN/END lines, a Comment header) against the XEP is still read', async () => {
  const armored = peer.gpg(['--local-user', `xmpp:${J}`, '--armor', '--comment', 'Made by a lax client', '--detach-sign'], 'Online').toString();
  assert.match(armored, /^Comment: Made by a lax client$/m);
  const { a, codes } = await judge(keys, presence('Online', armored));
  assert.deepEqual(codes, ['xep27.deprecated']);
  assert.equal(a.objects[0].status, 'verified');
});

test('tampered status: xep27.sig.invalid (error) at the <x/>, failed', async () => {
  const { a, codes, text } = await judge(keys, presence('Offline', signStatus('Online')));
  assert.deepEqual(codes, ['xep27.deprecated', 'xep27.sig.invalid']);
  assert.equal(a.objects[0].status, 'failed');
  const f = a.findings.find((x) => x.code === 'xep27.sig.invalid')!;
  assert.equal(ruleFor(f.code)?.severity, 'error');
  assert.equal(text.slice(f.span.start, f.span.end), 'x');
});

test('a signature whose key is not in the workspace: xep27.sig.noKey, not verified', async () => {
  const { a, codes } = await judge(keysWithoutJuliet, presence('Online', signStatus('Online')));
  assert.deepEqual(codes, ['xep27.deprecated', 'xep27.sig.noKey']);
  assert.equal(a.objects[0].status, 'failed');
  assert.match(a.findings.find((f) => f.code === 'xep27.sig.noKey')!.message, /key id [0-9A-F]{16}/);
});

test('signed by a key whose xmpp: user ID is someone else: xep27.uid.mismatch at the from, failed; a MUC reflection is not judged', async () => {
  const forged = `<presence from='${J}/balcony' to='${R}'><status>Online</status><x xmlns='jabber:x:signed'>${signStatus('Online', M)}</x></presence>`;
  const { a, codes, text } = await judge(keys, forged);
  assert.deepEqual(codes, ['xep27.deprecated', 'xep27.uid.mismatch']);
  assert.equal(a.objects[0].status, 'failed');
  const f = a.findings.find((x) => x.code === 'xep27.uid.mismatch')!;
  assert.equal(text.slice(f.span.start, f.span.end), `${J}/balcony`);
  assert.match(f.message, /xmpp:mallory@evil\.example/);
  const reflected = `<presence from='chat@rooms.capulet.lit/juliet' to='${R}/orchard'><status>Online</status><x xmlns='jabber:x:signed'>${signStatus('Online')}</x><x xmlns='http://jabber.org/protocol/muc#user'><item affiliation='member' role='participant'/></x></presence>`;
  const muc = await judge(keys, reflected);
  assert.deepEqual(muc.codes, ['xep27.deprecated']);
  assert.equal(muc.a.objects[0].status, 'verified');
});

test('keys only from the trace: a PEP announcement of the signer\'s key verifies the signed presence', async () => {
  const fpr = peer.gpg(['--with-colons', '--fingerprint', `xmpp:${J}`]).toString().split('\n').find((l) => l.startsWith('fpr:'))!.split(':')[9];
  const announce = `<message from='${J}' to='${R}/orchard' type='headline'><event xmlns='http://jabber.org/protocol/pubsub#event'><items node='urn:xmpp:openpgp:0:public-keys:${fpr}'><item id='2026-06-01T11:00:00Z'><pubkey xmlns='urn:xmpp:openpgp:0'><data>${peer.gpg(['--export', `xmpp:${J}`]).toString('base64')}</data></pubkey></item></items></event></message>`;
  const { a, codes } = await judge(keysWithoutJuliet, announce, presence('Online', signStatus('Online')));
  assert.deepEqual(codes, ['xep27.deprecated']);
  assert.equal(a.objects[0].status, 'verified');
});

test('gpg-encrypted body: decrypted with the workspace key, unsigned, the plaintext shown', async () => {
  const { a, codes } = await judge(keys, message(encryptBody('Hi')));
  assert.deepEqual(codes, ['xep27.deprecated']);
  const o = a.objects[0];
  assert.equal(o.status, 'decrypted');
  assert.equal(o.xep27?.plaintext, 'Hi');
  assert.equal(o.inner?.text, 'Hi');
  assert.equal(o.xep27?.recipients.length, 1);
});

test('signed and encrypted body: verified', async () => {
  const { a, codes } = await judge(keys, message(encryptBody('Meet me at nine', R, J)));
  assert.deepEqual(codes, ['xep27.deprecated']);
  assert.equal(a.objects[0].status, 'verified');
  assert.equal(a.objects[0].xep27?.plaintext, 'Meet me at nine');
});

test('encrypted for someone else: xep27.decrypt.noKey, stays encrypted', async () => {
  const { a, codes } = await judge(keys, message(encryptBody('Hi', M)));
  assert.deepEqual(codes, ['xep27.deprecated', 'xep27.decrypt.noKey']);
  assert.equal(a.objects[0].status, 'encrypted');
  assert.equal(a.objects[0].inner, undefined);
});

test('tampered ciphertext: xep27.decrypt.failed, no plaintext', async () => {
  const armor = encryptBody('Hi there, this is long enough to flip a byte in');
  const b64 = armor.split('\n').filter((l) => !l.startsWith('=')).join('');
  const raw = Buffer.from(b64, 'base64');
  raw[raw.length - 20] ^= 0x01;
  const { a, codes } = await judge(keys, message(raw.toString('base64')));
  assert.deepEqual(codes, ['xep27.deprecated', 'xep27.decrypt.failed']);
  assert.equal(a.objects[0].status, 'failed');
  assert.equal(a.objects[0].xep27?.plaintext, undefined);
});

test('inspect --keys: XEP-0027 objects in JSON objects[] with kind xep27; without keys encrypted', () => {
  const trace = join(peer.home, '..', 'xep27.xml');
  writeFileSync(trace, traceOf(presence('Online', signStatus('Online')), message(encryptBody('Hi'))));
  const run = (k: string[]) => spawnSync(process.execPath, [cliPath, 'inspect', '--format', 'json', '--now', '2026-06-01T12:00:00Z', ...k, trace], { encoding: 'utf8' });
  const withKeys = run(['--keys', peer.keysDir]);
  assert.equal(withKeys.status, 0, withKeys.stderr);
  const objects = JSON.parse(withKeys.stdout).files[0].objects;
  assert.deepEqual(objects.map((o: { kind: string; status: string }) => [o.kind, o.status]), [['xep27', 'verified'], ['xep27', 'decrypted']]);
  const without = JSON.parse(run([]).stdout).files[0].objects;
  assert.deepEqual(without.map((o: { status: string }) => o.status), ['failed', 'encrypted']);
  // decode: the same pre-pass; the signature, the findings and the decrypted body, no CMS sections.
  const decoded = spawnSync(process.execPath, [cliPath, 'decode', '--keys', peer.keysDir, trace], { encoding: 'utf8' });
  assert.equal(decoded.status, 0, decoded.stderr);
  assert.match(decoded.stdout, /signature: key [0-9A-F]{40} valid \(SHA-\d+\) user IDs: xmpp:juliet@capulet\.lit/);
  assert.match(decoded.stdout, /== Inner object \(text\/plain \(XEP-0027 body\)\)\nHi\n/);
  assert.doesNotMatch(decoded.stdout, /ASN\.1/);
  // report: the same pre-pass, each object with its verdict mark.
  const md = spawnSync(process.execPath, [cliPath, 'report', '--format', 'md', '--keys', peer.keysDir, trace], { encoding: 'utf8' });
  assert.equal(md.status, 0, md.stderr);
  assert.match(md.stdout, /#### Object 1 \(stanza 1\): ✔ verified/);
  assert.match(md.stdout, /#### Object 2 \(stanza 2\): 🔓 decrypted/);
});
