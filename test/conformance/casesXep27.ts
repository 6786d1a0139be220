// Cases on legacy XEP-0027 objects and on OX key announcements. The OpenPGP work happens at the
// edge (server/src/node/openXep27.ts, tested against GnuPG in test/xep27/gpgXep27.test.ts; the key
// announcements against gpg's fingerprints in test/ox/keyAnnouncements.test.ts); here the edge's
// result is given through the resolver, to show each code at its exact range.
import type { At, ConformanceCase } from './harness';
import type { OxOpened } from '../../server/src/core/ox/oxOpened';
import { keyFingerprint } from '../../server/src/core/ox/keyFingerprint';

const J = 'juliet@capulet.lit';
const R = 'romeo@montague.lit';
const SIG = 'iHUEABYKAB0WIQRlDE0kt8wPuXo2bTQNTBYkLTbTOAUCaUqyHQAKCRANTBYkLTbT\nOBcmAP9+XnMWdBHe6KJ3TnRzl9Ae\n=45f8';
const SIG_B64 = 'iHUEABYKAB0WIQRlDE0kt8wPuXo2bTQNTBYkLTbTOAUCaUqyHQAKCRANTBYkLTbTOBcmAP9+XnMWdBHe6KJ3TnRzl9Ae';
const MSG_B64 = 'hF4DR2b2udXyHrYSAQdAO9dPyJ4Qy0QT2jb8MX5s';
const stream = (s: string) => `<?xml version='1.0'?>\n<stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' to='montague.lit' version='1.0'>\n${s}\n`;
const presence = `<presence from='${J}/balcony' to='${R}'><status>Online</status><x xmlns='jabber:x:signed'>\n${SIG}\n</x></presence>`;
const message = `<message from='${J}/balcony' to='${R}/orchard' type='chat'><body>This message is encrypted.</body><x xmlns='jabber:x:encrypted'>${MSG_B64}</x></message>`;
const sig = (result: 'valid' | 'invalid' | 'noKey') => ({ keyId: '0D4C16242D36D338', result, userIds: result === 'noKey' ? [] : [`xmpp:${J}`] });
const atX = { slice: 'x', after: '</status><' };
const atXMessage = { slice: 'x', after: '</body><' };

/** The signed presence whose signature check gave `opened` (keyed as the core looks it up). */
function signed(opened: OxOpened, at: At = atX): ConformanceCase['build'] {
  return () => ({ text: stream(presence), options: { ox: (k) => (k === `xep27:signed:${SIG_B64}\u0000Online` ? opened : undefined) }, at });
}

function encrypted(opened: OxOpened): ConformanceCase['build'] {
  return () => ({ text: stream(message), options: { ox: (k) => (k === `xep27:encrypted:${MSG_B64}` ? opened : undefined) }, at: atXMessage });
}

const checked = (result: 'valid' | 'invalid' | 'noKey'): OxOpened => ({ encrypted: false, recipients: [], decrypt: 'notEncrypted', plaintext: 'Online', signatures: [sig(result)] });
const forRomeo = (decrypt: OxOpened['decrypt'], plaintext?: string): OxOpened => ({ encrypted: true, recipients: ['17510E2C44A40F68'], decrypt, plaintext, signatures: [], error: decrypt === 'failed' ? 'Modification detected.' : undefined });

/** A v4 public key packet (old format, tag 6); only its bytes matter for the fingerprint. */
const KEY = Uint8Array.of(0x98, 0x0b, 0x04, 0x66, 0x5a, 0x00, 0x00, 0x16, 0x09, 0x2b, 0x06, 0x01, 0x04);
const KEY_FPR = keyFingerprint(KEY)!;
const KEY_B64 = Buffer.from(KEY).toString('base64');
const dataNode = (fpr: string, data: string) =>
  `<message from='${J}' to='${R}/orchard' type='headline'><event xmlns='http://jabber.org/protocol/pubsub#event'><items node='urn:xmpp:openpgp:0:public-keys:${fpr}'><item id='2026-06-01T11:00:00Z'><pubkey xmlns='urn:xmpp:openpgp:0'><data>${data}</data></pubkey></item></items></event></message>`;
const metadata = (fpr: string) =>
  `<message from='${J}' to='${R}/orchard' type='headline'><event xmlns='http://jabber.org/protocol/pubsub#event'><items node='urn:xmpp:openpgp:0:public-keys'><item id='current'><public-keys-list xmlns='urn:xmpp:openpgp:0'><pubkey-metadata v4-fingerprint='${fpr}' date='2026-06-01T11:00:00Z'/></public-keys-list></item></items></event></message>`;

export const XEP27_CASES: ConformanceCase[] = [
  { name: 'XEP-0027: a signed presence is deprecated', rules: [], code: 'xep27.deprecated', build: signed(checked('valid')) },
  { name: 'XEP-0027: a signature that does not verify over the status', rules: [], code: 'xep27.sig.invalid', build: signed(checked('invalid')) },
  { name: 'XEP-0027: no key for the signer', rules: [], code: 'xep27.sig.noKey', build: signed(checked('noKey')) },
  { name: 'XEP-0027: a signature the library does not check', rules: [], code: 'xep27.sig.unsupported', build: signed({ encrypted: false, recipients: [], decrypt: 'failed', signatures: [], unsupported: true, error: 'a signature packet the OpenPGP library does not read (version 3)' }) },
  { name: 'XEP-0027: the signer key\'s xmpp: user ID is not the sender', rules: [], code: 'xep27.uid.mismatch', build: signed({ ...checked('valid'), signatures: [{ ...sig('valid'), userIds: ['Mallory <xmpp:mallory@evil.example>'] }] }, { slice: `${J}/balcony` }) },
  { name: 'XEP-0027: encrypted for keys the workspace does not hold', rules: [], code: 'xep27.decrypt.noKey', build: encrypted(forRomeo('noKey')) },
  { name: 'XEP-0027: altered ciphertext does not decrypt', rules: [], code: 'xep27.decrypt.failed', build: encrypted(forRomeo('failed')) },
  {
    name: 'OX: a PEP data node whose key is not the one its name says',
    rules: [],
    code: 'ox.key.nodeMismatch',
    build: () => ({ text: stream(dataNode('0'.repeat(40), KEY_B64)), at: { slice: 'data', after: '<pubkey xmlns' } }),
  },
  {
    name: 'OX: a published key the owner\'s metadata list does not announce',
    rules: [],
    code: 'ox.key.notAnnounced',
    build: () => ({ text: stream(`${metadata('1'.repeat(40))}\n${dataNode(KEY_FPR, KEY_B64)}`), at: { slice: 'data', after: '<pubkey xmlns' } }),
  },
];
