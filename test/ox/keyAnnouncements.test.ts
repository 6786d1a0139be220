// The trace's OX key announcements (XEP-0373 §4) with keys made by GnuPG: the fingerprint computed
// in the core equals gpg's, a data node whose key is not the one its name says is reported
// (ox.key.nodeMismatch), and a key the owner's public-keys metadata list does not announce too
// (ox.key.notAnnounced); a consistent announcement gives no finding.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeDocument } from '../../server/src/core/analyze';
import { keyFingerprint } from '../../server/src/core/ox/keyFingerprint';
import { makeGpgPeer, type GpgPeer } from './gpgPeer';

const J = 'juliet@capulet.lit';
const R = 'romeo@montague.lit';
let peer: GpgPeer;

before(() => {
  peer = makeGpgPeer([J], []);
  peer.gpg(['--quick-gen-key', `xmpp:${R}`, 'rsa2048', 'default', 'never']);
});
after(() => peer?.cleanup());

const fprOf = (uid: string) => peer.gpg(['--with-colons', '--fingerprint', `xmpp:${uid}`]).toString().split('\n').find((l) => l.startsWith('fpr:'))!.split(':')[9];
const keyOf = (uid: string) => peer.gpg(['--export', `xmpp:${uid}`]);

const dataNode = (fpr: string, data: string) =>
  `<message from='${J}' to='${R}/orchard' type='headline'><event xmlns='http://jabber.org/protocol/pubsub#event'><items node='urn:xmpp:openpgp:0:public-keys:${fpr}'><item id='2026-06-01T11:00:00Z'><pubkey xmlns='urn:xmpp:openpgp:0'><data>${data}</data></pubkey></item></items></event></message>`;
const metadata = (fprs: string[]) =>
  `<message from='${J}' to='${R}/orchard' type='headline'><event xmlns='http://jabber.org/protocol/pubsub#event'><items node='urn:xmpp:openpgp:0:public-keys'><item id='current'><public-keys-list xmlns='urn:xmpp:openpgp:0'>${fprs.map((f) => `<pubkey-metadata v4-fingerprint='${f}' date='2026-06-01T11:00:00Z'/>`).join('')}</public-keys-list></item></items></event></message>`;

function keyCodes(...stanzas: string[]) {
  const text = `<stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams'>\n${stanzas.join('\n')}\n`;
  const a = analyzeDocument(text, { kind: 'trace', now: 0, clock: () => 0 });
  const found = a.findings.filter((f) => f.code.startsWith('ox.key.'));
  return { codes: found.map((f) => f.code), found, text };
}

test('the core computes the v4 fingerprint gpg shows (ed25519 and RSA keys)', () => {
  assert.equal(keyFingerprint(new Uint8Array(keyOf(J))), fprOf(J));
  assert.equal(keyFingerprint(new Uint8Array(keyOf(R))), fprOf(R));
  assert.equal(keyFingerprint(new Uint8Array([1, 2, 3])), undefined);
});

test('a data node under its own fingerprint, listed in the metadata node: no finding', () => {
  const fpr = fprOf(J);
  assert.deepEqual(keyCodes(metadata([fpr]), dataNode(fpr, keyOf(J).toString('base64'))).codes, []);
  // Without any metadata list in the trace, nothing is claimed about it either.
  assert.deepEqual(keyCodes(dataNode(fpr, keyOf(J).toString('base64'))).codes, []);
});

test('a data node whose name names another fingerprint: ox.key.nodeMismatch at its <data/>', () => {
  const { codes, found, text } = keyCodes(dataNode(fprOf(R), keyOf(J).toString('base64')));
  assert.deepEqual(codes, ['ox.key.nodeMismatch']);
  assert.equal(text.slice(found[0].span.start, found[0].span.end), 'data');
  assert.ok(found[0].message.includes(fprOf(J)), found[0].message);
});

test('a data node without a key: ox.key.nodeMismatch', () => {
  assert.deepEqual(keyCodes(dataNode(fprOf(J), Buffer.from('not a key').toString('base64'))).codes, ['ox.key.nodeMismatch']);
});

test('a key its owner\'s metadata list does not announce: ox.key.notAnnounced', () => {
  const { codes, found } = keyCodes(metadata([fprOf(R)]), dataNode(fprOf(J), keyOf(J).toString('base64')));
  assert.deepEqual(codes, ['ox.key.notAnnounced']);
  assert.match(found[0].message, /juliet@capulet\.lit's public-keys metadata list/);
});
