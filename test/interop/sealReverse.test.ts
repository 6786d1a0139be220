// The reverse direction: what `seal` writes, each peer that can opens. OpenSSL decrypts (RSA
// key transport, kari P-256/P-384/P-521, CBC and GCM) and verifies (RSA, RSA-PSS, ECDSA);
// certtool verifies every signature, Ed25519 included (OpenSSL 3.0's CMS has no EdDSA); gpgsm
// decrypts and verifies RSA / AES-CBC; node-forge decrypts RSA / AES-CBC. Python's Debian
// cryptography (38) cannot decrypt or verify PKCS#7, so it is not a reverse peer.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import forge from 'node-forge';
import { buildKeyStore } from '../../server/src/core/keys/keyStore';
import { sealStanza, type SealOptions } from '../../server/src/core/seal/sealStanza';
import type { Identity } from '../helpers/openssl';
import { gpgsmImportIdentity, have, makeBed, printRows, run, type Bed } from './interopBed';

const bed: Bed = makeBed('xmpp-e2e-interop-reverse-');
const rows: string[] = [];
after(() => {
  printRows(rows);
  bed.ws.cleanup();
});

const file = (path: string) => ({ path, bytes: readFileSync(path) });

/** Seals a message from juliet (signing with `signer`) to romeo's `recipients`; returns the CDATA S/MIME text. */
function sealed(signer: Identity, recipients: Identity[], opts: Partial<SealOptions> = {}): string {
  const keys = buildKeyStore([file(signer.keyPath), file(signer.certPath), ...recipients.map((r) => file(r.certPath))], [], () => undefined);
  const r = sealStanza(`<message from='juliet@example.com/balcony' to='romeo@example.net' type='chat'><body>Wherefore art thou?</body></message>`, {
    sign: true,
    encrypt: recipients.length > 0,
    keys,
    nowMs: bed.nowMs,
    ...opts,
  });
  assert.ok(r.ok, r.ok ? '' : r.reason);
  const m = /<!\[CDATA\[([\s\S]*?)\]\]>/.exec(r.xml);
  assert.ok(m);
  return m[1]!;
}

let n = 0;
const write = (data: string | Buffer) => bed.ws.write(`rev${n++}`, data);

function opensslDecrypt(smime: string, with_: Identity): string {
  return bed.ws.run(['cms', '-decrypt', '-in', write(smime), '-inkey', with_.keyPath, '-recip', with_.certPath]).toString('utf8');
}
function opensslVerify(signedEntity: string): string {
  return bed.ws.run(['cms', '-verify', '-in', write(signedEntity), '-CAfile', bed.ca.certPath, '-purpose', 'any']).toString('utf8');
}

/** The signed part and the detached DER signature of a multipart/signed entity. */
function detached(entity: string): { part: string; sig: Buffer } {
  const boundary = /boundary="([^"]+)"/.exec(entity)![1]!;
  const pieces = entity.split(`--${boundary}`);
  const part = pieces[1]!.replace(/^\r\n/, '').replace(/\r\n$/, '');
  const b64 = pieces[2]!.split(/\r\n\r\n/)[1]!;
  return { part, sig: Buffer.from(b64.replace(/\s+/g, ''), 'base64') };
}

function certtoolVerify(entity: string): boolean {
  const { part, sig } = detached(entity);
  const r = spawnSync('certtool', ['--p7-verify', '--inder', '--infile', write(sig), '--load-data', write(part), '--load-ca-certificate', bed.ca.certPath]);
  return r.status === 0;
}

interface ReverseCase {
  name: string;
  signer: () => Identity;
  recipients: () => Identity[];
  opts?: Partial<SealOptions>;
  /** OpenSSL can verify the signature (not Ed25519 in 3.0). */
  opensslVerifies: boolean;
}

const cases: ReverseCase[] = [
  { name: 'default (RSA, SHA-256, AES-128-CBC, RSA key transport)', signer: () => bed.juliet, recipients: () => [bed.romeo], opensslVerifies: true },
  { name: 'RSA-PSS signer, AES-256-GCM (AuthEnvelopedData)', signer: () => bed.julietPss, recipients: () => [bed.romeo], opts: { cipher: 'aes256-gcm' }, opensslVerifies: true },
  { name: 'ECDSA P-384 signer, kari P-256, AES-128-CBC', signer: () => bed.julietEc, recipients: () => [bed.romeoEc], opensslVerifies: true },
  { name: 'ECDSA signer, kari P-384, AES-128-GCM (smime4 profile)', signer: () => bed.julietEc, recipients: () => [bed.romeoP384], opts: { profile: 'smime4' }, opensslVerifies: true },
  { name: 'Ed25519 signer, kari P-521, AES-256-GCM', signer: () => bed.julietEd, recipients: () => [bed.romeoP521], opts: { cipher: 'aes256-gcm' }, opensslVerifies: false },
  { name: 'rfc3923 profile (SHA-1, AES-128-CBC)', signer: () => bed.juliet, recipients: () => [bed.romeo], opts: { profile: 'rfc3923' }, opensslVerifies: true },
];

for (const c of cases) {
  test(`seal -> openssl${c.opensslVerifies ? '' : ' (decrypt) + certtool (verify)'}: ${c.name}`, () => {
    const smime = sealed(c.signer(), c.recipients(), c.opts);
    const inner = opensslDecrypt(smime, c.recipients()[0]!);
    assert.match(inner, /^Content-Type: multipart\/signed/);
    if (c.opensslVerifies) assert.match(opensslVerify(inner), /Wherefore art thou\?/);
    if (have('certtool')) assert.ok(certtoolVerify(inner), 'certtool --p7-verify');
    rows.push(`AGREE | seal -> openssl${have('certtool') ? '+certtool' : ''} | ${c.name} | opened and verified`);
    // The tampered twin: one flipped bit of the ciphertext, and OpenSSL refuses it.
    const body = smime.split('\r\n\r\n');
    const der = Buffer.from(body[1]!.replace(/\s+/g, ''), 'base64');
    der[der.length - 2] ^= 1;
    const bad = `${body[0]}\r\n\r\n${der.toString('base64')}\r\n`;
    const r = spawnSync('openssl', ['cms', '-decrypt', '-in', write(bad), '-inkey', c.recipients()[0]!.keyPath, '-recip', c.recipients()[0]!.certPath, '-out', join(bed.ws.dir, 'x')]);
    const opened = r.status === 0 && spawnSync('openssl', ['cms', '-verify', '-in', join(bed.ws.dir, 'x'), '-CAfile', bed.ca.certPath, '-purpose', 'any'], { stdio: 'ignore' }).status === 0;
    assert.equal(opened, false, 'the tampered twin does not open and verify');
  });
}

test('seal to several recipients (RSA and P-384): OpenSSL opens it with either key', () => {
  const smime = sealed(bed.juliet, [bed.romeo, bed.romeoP384], { cipher: 'aes128-gcm' });
  for (const k of [bed.romeo, bed.romeoP384]) assert.match(opensslVerify(opensslDecrypt(smime, k)), /Wherefore/);
  rows.push('AGREE | seal -> openssl | two recipients (RSA ktri + P-384 kari), GCM | opened with each key');
});

test('seal, sign only (ECDSA): openssl cms -verify and certtool accept the multipart/signed', () => {
  const keys = buildKeyStore([file(bed.julietEc.keyPath), file(bed.julietEc.certPath)], [], () => undefined);
  const r = sealStanza(`<message from='juliet@example.com' to='romeo@example.net'><body>Wherefore art thou?</body></message>`, { sign: true, encrypt: false, keys, nowMs: bed.nowMs });
  assert.ok(r.ok);
  const entity = /<!\[CDATA\[([\s\S]*?)\]\]>/.exec(r.xml)![1]!;
  assert.match(opensslVerify(entity), /Wherefore/);
  if (have('certtool')) assert.ok(certtoolVerify(entity));
});

test('seal -> node-forge: forge decrypts RSA key transport with AES-128-CBC and AES-256-CBC', () => {
  for (const cipher of ['aes128', 'aes256'] as const) {
    const smime = sealed(bed.juliet, [bed.romeo], { cipher });
    const der = Buffer.from(smime.split('\r\n\r\n')[1]!.replace(/\s+/g, ''), 'base64');
    const msg = forge.pkcs7.messageFromAsn1(forge.asn1.fromDer(der.toString('binary'))) as forge.pkcs7.PkcsEnvelopedData;
    const recipient = msg.findRecipient(forge.pki.certificateFromPem(bed.romeo.certPem));
    assert.ok(recipient, 'forge finds romeo among the recipients');
    msg.decrypt(recipient, forge.pki.privateKeyFromPem(readFileSync(bed.romeo.keyPath, 'utf8')));
    assert.match(Buffer.from((msg.content as forge.util.ByteStringBuffer).getBytes(), 'binary').toString(), /^Content-Type: multipart\/signed/);
    rows.push(`AGREE | seal -> node-forge | RSA, ${cipher}-cbc | decrypted`);
  }
});

test('seal -> gpgsm: gpgsm decrypts (RSA, AES-128-CBC) and verifies the RSA signature', { skip: have('gpgsm') ? false : 'gpgsm is not installed' }, () => {
  const home = mkdtempSync(join(tmpdir(), 'xg-'));
  const env = { ...process.env, GNUPGHOME: home };
  const g = (args: string[]) => run('gpgsm', ['--batch', '--pinentry-mode', 'loopback', '--passphrase-fd', '0', ...args], { env });
  try {
    writeFileSync(join(home, 'gpgsm.conf'), 'disable-crl-checks\ndisable-policy-checks\nno-common-certs-import\n');
    writeFileSync(join(home, 'gpg-agent.conf'), 'allow-loopback-pinentry\n');
    gpgsmImportIdentity(bed, bed.romeo, env);
    g(['--import', bed.ca.certPath]);
    const fpr = g(['--with-colons', '--list-keys', 'Interop Test CA']).toString().split('\n').find((l) => l.startsWith('fpr'))!.split(':')[9];
    writeFileSync(join(home, 'trustlist.txt'), `${fpr} S relax\n`);
    const smime = sealed(bed.juliet, [bed.romeo]);
    const der = Buffer.from(smime.split('\r\n\r\n')[1]!.replace(/\s+/g, ''), 'base64');
    const out = join(bed.ws.dir, `gpgsm-dec${n++}`);
    g(['--decrypt', '-o', out, write(der)]);
    const inner = readFileSync(out, 'utf8');
    assert.match(inner, /^Content-Type: multipart\/signed/);
    const { part, sig } = detached(inner);
    const status = spawnSync('gpgsm', ['--batch', '--status-fd', '1', '--verify', write(sig), write(part)], { env, encoding: 'utf8' });
    assert.match(status.stdout, /GOODSIG/, status.stderr);
    rows.push('AGREE | seal -> gpgsm | RSA, AES-128-CBC, RSA SHA-256 signature | decrypted and GOODSIG');
  } finally {
    spawnSync('gpgconf', ['--kill', 'gpg-agent'], { env, stdio: 'ignore' });
    rmSync(home, { recursive: true, force: true });
  }
});
