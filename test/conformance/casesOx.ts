// Cases on OX objects (XEP-0373/0374). The OpenPGP opening happens at the edge (server/src/node/
// openOx.ts, tested against GnuPG-made objects in test/ox/gpgInterop.test.ts); here the edge's
// result is given through the resolver, to show each code at its exact range.
import type { At, ConformanceCase, Ctx } from './harness';
import type { OxOpened } from '../../server/src/core/ox/oxOpened';
import { oxInner, oxMessage } from '../ox/gpgPeer';

const J = 'juliet@capulet.lit';
const R = 'romeo@montague.lit';
const B64 = 'hF4DR2b2udXyHrYSAQdAO9dPyJ4Qy0QT2jb8MX5s';
const stream = (s: string) => `<?xml version='1.0'?>\n<stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' to='montague.lit' version='1.0'>\n${s}\n`;

const valid = { keyId: '47EC3036D46A32DC', result: 'valid' as const, userIds: [`xmpp:${J}`] };

/** One OX message from juliet to romeo whose opening gave `opened` (a function of the case's now). */
function ox(opened: (c: Ctx) => OxOpened, at: At): ConformanceCase['build'] {
  return (c) => {
    const o = opened(c);
    return { text: stream(oxMessage(`${J}/balcony`, `${R}/orchard`, B64)), options: { ox: (b) => (b === B64 ? o : undefined) }, at };
  };
}

const opened = (plaintext: string | undefined, signatures: OxOpened['signatures'] = [valid], decrypt: OxOpened['decrypt'] = 'ok'): OxOpened => ({ encrypted: decrypt !== 'notEncrypted', recipients: ['17510E2C44A40F68'], decrypt, plaintext, signatures });
const atOpenpgp = { slice: 'openpgp', after: '<' };

export const OX_CASES: ConformanceCase[] = [
  { name: 'OX: a signature that does not verify', rules: [], code: 'ox.sig.invalid', build: ox((c) => opened(oxInner('sign', [R], c.iso(c.T)), [{ ...valid, result: 'invalid', reason: 'Signed digest did not match' }], 'notEncrypted'), atOpenpgp) },
  { name: 'OX: altered ciphertext does not decrypt', rules: [], code: 'ox.decrypt.failed', build: ox(() => ({ ...opened(undefined, []), decrypt: 'failed', error: 'Modification detected.' }), atOpenpgp) },
  { name: 'OX: no workspace secret key for the recipients', rules: [], code: 'ox.decrypt.noKey', build: ox(() => opened(undefined, [], 'noKey'), atOpenpgp) },
  { name: 'OX: <to/> names another recipient', rules: [], code: 'ox.to.mismatch', build: ox((c) => opened(oxInner('signcrypt', ['tybalt@capulet.lit'], c.iso(c.T))), { slice: `${R}/orchard` }) },
  { name: 'OX: <time/> more than 300 s before now', rules: [], code: 'ox.ts.old', build: ox((c) => opened(oxInner('signcrypt', [R], c.iso(c.T - 3_600_000))), atOpenpgp) },
  { name: 'OX: <time/> more than 300 s after now', rules: [], code: 'ox.ts.future', build: ox((c) => opened(oxInner('signcrypt', [R], c.iso(c.T + 3_600_000))), atOpenpgp) },
  {
    name: 'OX: a second object with an earlier <time/>',
    rules: [],
    code: 'ox.ts.decreasing',
    build: (c) => {
      const first = 'owEBRQK6/ZANAwAKAUfsMDbU';
      const o1 = opened(oxInner('signcrypt', [R], c.iso(c.T)));
      const o2 = opened(oxInner('signcrypt', [R], c.iso(c.T - 20_000)));
      const text = stream(`${oxMessage(`${J}/balcony`, `${R}/orchard`, first)}\n${oxMessage(`${J}/balcony`, `${R}/orchard`, B64)}`);
      return { text, options: { ox: (b: string) => (b === first ? o1 : b === B64 ? o2 : undefined) }, at: { slice: 'openpgp', after: `${first}</openpgp>` } };
    },
  },
  { name: 'OX: signer key without an xmpp: UID for the sender', rules: [], code: 'ox.uid.mismatch', build: ox((c) => opened(oxInner('signcrypt', [R], c.iso(c.T)), [{ ...valid, userIds: ['xmpp:mallory@evil.example'] }]), { slice: `${J}/balcony` }) },
  { name: 'OX: no key for the signer', rules: [], code: 'ox.sig.noKey', build: ox((c) => opened(oxInner('signcrypt', [R], c.iso(c.T)), [{ ...valid, result: 'noKey', userIds: [] }]), atOpenpgp) },
  { name: 'OX: a <crypt/> carries no signature', rules: [], code: 'ox.sig.missing', build: ox((c) => opened(oxInner('crypt', [R], c.iso(c.T)), []), atOpenpgp) },
];
