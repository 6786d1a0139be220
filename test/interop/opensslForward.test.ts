// OpenSSL (`openssl cms` and `openssl smime`) as producer: every case, its tampered twin and (when
// signed) its mismatch twin go to the inspector and to the `openssl cms` oracle, and must agree.
// Cover: detached, opaque, BER indefinite, no attributes, keyid, several signers, chains, RSA-PSS,
// ECDSA; CBC, GCM (AuthEnvelopedData), OAEP, kari P-256/P-384/P-521, several recipients; both orders.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  accepted, checkCase, derOf, describeVerdict, inspect, makeBed, matrixLine, mimeText, pkcs7Mime, printRows, tamperSmime, tamperText,
  type Bed, type InteropCase,
} from './interopBed';
import type { Identity } from '../helpers/openssl';

const bed: Bed = makeBed('xmpp-e2e-interop-openssl-');
after(() => bed.ws.cleanup());

let n = 0;
function cms(args: string[], input: string | Buffer): Buffer {
  const f = bed.ws.write(`in${n++}`, input);
  return bed.ws.run([args[0]!, args[1]!, '-in', f, ...args.slice(2)]);
}
const signArgs = (who: Identity, extra: string[] = []) => ['cms', '-sign', '-signer', who.certPath, '-inkey', who.keyPath, ...extra];
const sign = (who: Identity, extra: string[] = []) => mimeText(cms(signArgs(who, extra), bed.content));
const encrypt = (to: Identity[], inner: string, extra: string[] = []) =>
  mimeText(cms(['cms', '-encrypt', '-binary', ...extra, ...to.map((r) => r.certPath)], inner));
const signedDer = (who: Identity, extra: string[]) => cms([...signArgs(who, extra), '-nodetach', '-outform', 'DER'], bed.content);

type Case = InteropCase;

const cases: Case[] = [
  { name: 'signed detached RSA sha256', make: () => sign(bed.juliet, ['-md', 'sha256']), encrypted: false, tamper: tamperText },
  { name: 'signed opaque (-nodetach)', make: () => sign(bed.juliet, ['-nodetach']), encrypted: false, tamper: (s) => tamperSmime(s, -7) },
  {
    name: 'signed BER indefinite (-stream)',
    make: () => pkcs7Mime(signedDer(bed.juliet, ['-stream']), 'signed-data'),
    encrypted: false,
    tamper: (s) => tamperSmime(s, -20),
  },
  { name: 'signed, no attributes (-noattr)', make: () => sign(bed.juliet, ['-noattr', '-nodetach']), encrypted: false, tamper: (s) => tamperSmime(s, -7) },
  { name: 'signed, signer by SKI (-keyid)', make: () => sign(bed.juliet, ['-keyid']), encrypted: false, tamper: tamperText },
  {
    name: 'two signers (RSA + ECDSA P-384)',
    make: () => mimeText(cms(['cms', '-sign', '-signer', bed.juliet.certPath, '-inkey', bed.juliet.keyPath, '-signer', bed.julietEc.certPath, '-inkey', bed.julietEc.keyPath], bed.content)),
    encrypted: false,
    tamper: tamperText,
  },
  { name: 'chain via intermediate (-certfile)', make: () => sign(bed.julietChain, ['-certfile', bed.sub.certPath]), encrypted: false, tamper: tamperText },
  { name: 'RSA-PSS key, PSS padding', make: () => sign(bed.julietPss, ['-keyopt', 'rsa_padding_mode:pss']), encrypted: false, tamper: tamperText },
  {
    name: 'RSA-PSS key, rsaEncryption signatureAlgorithm (OpenSSL 3.0 default)',
    make: () => sign(bed.julietPss),
    encrypted: false,
    tamper: tamperText,
    bad: true,
    expectCodes: ['cms.sig.algorithmKeyMismatch'],
  },
  { name: 'ECDSA P-384 sha384', make: () => sign(bed.julietEc, ['-md', 'sha384']), encrypted: false, tamper: tamperText },
  {
    name: 'openssl smime -sign (PKCS#7)',
    make: () => mimeText(cms(['smime', '-sign', '-signer', bed.juliet.certPath, '-inkey', bed.juliet.keyPath, '-md', 'sha256'], bed.content)),
    encrypted: false,
    tamper: tamperText,
  },
  { name: 'sign+encrypt AES-128-CBC, RSA', make: () => encrypt([bed.romeo], sign(bed.juliet), ['-aes128']), encrypted: true, tamper: (s) => tamperSmime(s, -1) },
  {
    name: 'sign+encrypt AES-256-GCM (AuthEnvelopedData), RSA',
    make: () => encrypt([bed.romeo], sign(bed.juliet), ['-aes-256-gcm']),
    encrypted: true,
    tamper: (s) => tamperSmime(s, -3),
  },
  {
    name: 'sign+encrypt RSA-OAEP',
    make: () => encrypt([], sign(bed.juliet), ['-aes128', '-recip', bed.romeo.certPath, '-keyopt', 'rsa_padding_mode:oaep']),
    encrypted: true,
    tamper: (s) => tamperSmime(s, -1),
  },
  { name: 'sign+encrypt kari P-256 AES-128-CBC', make: () => encrypt([bed.romeoEc], sign(bed.juliet), ['-aes128']), encrypted: true, tamper: (s) => tamperSmime(s, -1) },
  { name: 'sign+encrypt kari P-384 AES-256-GCM', make: () => encrypt([bed.romeoP384], sign(bed.julietEc), ['-aes-256-gcm']), encrypted: true, tamper: (s) => tamperSmime(s, -3) },
  {
    name: 'sign+encrypt kari P-521, X9.63 KDF SHA-256',
    make: () => encrypt([], sign(bed.juliet), ['-aes-128-gcm', '-recip', bed.romeoP521.certPath, '-keyopt', 'ecdh_kdf_md:sha256']),
    encrypted: true,
    tamper: (s) => tamperSmime(s, -3),
  },
  {
    name: 'several recipients (juliet RSA, romeo P-256)',
    make: () => encrypt([bed.juliet, bed.romeoEc], sign(bed.juliet), ['-aes256']),
    encrypted: true,
    tamper: (s) => tamperSmime(s, -1),
  },
  {
    name: 'kari P-256 and ktri by SKI (-keyid: rKeyId / subjectKeyIdentifier)',
    make: () => encrypt([bed.romeoEc, bed.juliet], sign(bed.juliet), ['-aes-128-gcm', '-keyid']),
    encrypted: true,
    tamper: (s) => tamperSmime(s, -3),
  },
  {
    name: 'enveloped BER indefinite (-stream), AES-256-GCM',
    make: () => pkcs7Mime(cms(['cms', '-encrypt', '-binary', '-stream', '-outform', 'DER', '-aes-256-gcm', bed.romeo.certPath], sign(bed.juliet)), 'authEnveloped-data'),
    encrypted: true,
    // The mac (the GCM tag) is the last 16-byte OCTET STRING before the end-of-contents octets.
    tamper: (s) => {
      const der = derOf(s);
      const at = der.lastIndexOf(Buffer.from([0x04, 0x10]));
      return tamperSmime(s, at + 2);
    },
  },
  {
    name: 'openssl smime -encrypt (PKCS#7, AES-128)',
    make: () => mimeText(cms(['smime', '-encrypt', '-binary', '-aes128', bed.romeo.certPath], sign(bed.juliet))),
    encrypted: true,
    tamper: (s) => tamperSmime(s, -1),
  },
];

const rows: string[] = [];
after(() => printRows(rows));

for (const c of cases) {
  test(`openssl: ${c.name}; its tampered and mismatch twins`, () => checkCase(bed, 'openssl', c, rows));
}

test('openssl: encrypt-then-sign (the other order) verifies and decrypts, with e2e.order.encryptThenSign', () => {
  const env = encrypt([bed.romeo], bed.content, ['-aes-128-gcm']);
  const smime = mimeText(cms(signArgs(bed.juliet), env));
  const mine = inspect(bed, smime);
  assert.ok(accepted(mine), describeVerdict(mine));
  assert.ok(mine.codes.includes('e2e.order.encryptThenSign'));
  // Oracle: verify the outer signature, then decrypt what it signed.
  const inner = bed.ws.run(['cms', '-verify', '-CAfile', bed.ca.certPath, '-purpose', 'any', '-in', bed.ws.write(`ets${n++}`, smime)]);
  const plain = bed.ws.run(['cms', '-decrypt', '-inkey', bed.romeo.keyPath, '-recip', bed.romeo.certPath, '-in', bed.ws.write(`ets${n++}`, inner)]);
  assert.match(plain.toString(), /Wherefore art thou/);
  rows.push(matrixLine({ producer: 'openssl', case: 'encrypt-then-sign GCM', inspector: describeVerdict(mine), oracle: 'verified+decrypted', agrees: true }));
});

test('openssl: an altered GCM tag yields an error and no plaintext (the inner object is never read)', () => {
  const smime = encrypt([bed.romeoEc], bed.content, ['-aes-128-gcm']);
  const mine = inspect(bed, tamperSmime(smime, -2));
  assert.ok(mine.errors.includes('e2e.decrypt.failed'), describeVerdict(mine));
  assert.equal(mine.codes.includes('e2e.sig.missingOnEncrypted'), false, 'nothing from inside the envelope is judged');

});
