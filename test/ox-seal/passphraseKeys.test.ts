// Passphrase-protected secret keys made by keygen --passphrase-file: gpg needs the passphrase to use
// the OpenPGP key we lock (and refuses a wrong one), openssl the PKCS#8 one; seal --ox and inspect
// open them with --passphrase-file, say which file needs one without it, and never print it.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chat, cleanup, cli, gpgHome, J, oxMessages, R, tempRoot, trace, type GpgHome } from './oxSealPeer';

const SECRET = 'correct horse battery staple 7f3a';
let root: string;
let keys: string;
let pass: string;
let wrong: string;
let homes: GpgHome[] = [];

before(() => {
  root = tempRoot('ox-pass-');
  keys = join(root, 'keys');
  pass = join(root, 'pass.txt');
  wrong = join(root, 'wrong.txt');
  writeFileSync(pass, `${SECRET}\n`, { mode: 0o600 });
  writeFileSync(wrong, 'not it\n', { mode: 0o600 });
  const j = cli(['keygen', '--openpgp', '--out', keys, '--jid', J, '--passphrase-file', pass]);
  assert.equal(j.code, 0, j.stderr);
  assert.match(j.stdout, /juliet@capulet\.lit\.openpgp\.sec\.asc \(secret key, passphrase-protected\)/);
  const r = cli(['keygen', '--openpgp', '--out', keys, '--jid', R]);
  assert.equal(r.code, 0, r.stderr);
});
after(() => cleanup(root, homes));

function seal(extra: string[]) {
  const file = join(root, 'plain.xml');
  writeFileSync(file, trace(chat(`${J}/balcony`, R, 'p1', 'behind a passphrase')));
  return cli(['seal', '--ox', '--keys', keys, ...extra, file]);
}

test('gpg uses the OpenPGP secret key keygen locked only with its passphrase', () => {
  const home = gpgHome(root, 'juliet-gpg', [join(keys, `${J}.openpgp.sec.asc`)], SECRET);
  homes.push(home);
  const enc = home.run(['--recipient', `xmpp:${J}`, '--encrypt'], 'for juliet');
  assert.equal(enc.status, 0, enc.stderr);
  assert.equal(home.decrypt(enc.stdout, 'not it').status === 0, false, 'a wrong passphrase does not open it');
  const ok = home.decrypt(enc.stdout, SECRET);
  assert.equal(ok.status, 0, ok.lines.join('\n'));
  assert.equal(ok.plaintext, 'for juliet');
});

test('seal --ox: without a passphrase the locked key is named and refused; a wrong one is said wrong; the right one seals', () => {
  const none = seal([]);
  assert.equal(none.code, 2);
  assert.match(none.stderr, /juliet@capulet\.lit\.openpgp\.sec\.asc: passphrase required/);
  assert.match(none.stderr, /no OpenPGP secret key with the user ID xmpp:juliet@capulet\.lit for the sender/);
  const bad = seal(['--passphrase-file', wrong]);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /wrong passphrase/);
  const good = seal(['--passphrase-file', pass]);
  assert.equal(good.code, 0, good.stderr);
  for (const out of [none, bad, good]) assert.ok(!(out.stdout + out.stderr).includes(SECRET), 'the passphrase is never printed');
  const sealedFile = join(root, 'sealed.xml');
  writeFileSync(sealedFile, good.stdout);
  const romeo = gpgHome(root, 'romeo-gpg', [join(keys, `${R}.openpgp.sec.asc`), join(keys, `${J}.openpgp.pub.asc`)]);
  homes.push(romeo);
  const opened = romeo.decrypt(oxMessages(good.stdout)[0]);
  assert.equal(opened.status, 0, opened.lines.join('\n'));
  assert.ok(opened.lines.some((l) => l.startsWith('VALIDSIG ')));
  // Verifying needs no passphrase (the public half of the locked key), decrypting as the sender does.
  const inspect = cli(['inspect', '--format', 'json', '--keys', join(keys, `${J}.openpgp.sec.asc`), '--passphrase-file', pass, sealedFile]);
  assert.equal(JSON.parse(inspect.stdout).files[0].objects[0].status, 'verified', inspect.stderr);
});

test('keygen --passphrase-file for certificates: ENCRYPTED PRIVATE KEY that openssl opens only with it, and seal uses', () => {
  const dir = join(root, 'certs');
  const r = cli(['keygen', '--out', dir, '--jid', J, '--jid', R, '--passphrase-file', pass]);
  assert.equal(r.code, 0, r.stderr);
  const pem = readFileSync(join(dir, `${J}.key`), 'utf8');
  assert.match(pem, /^-----BEGIN ENCRYPTED PRIVATE KEY-----/);
  const open = (p: string) => spawnSync('openssl', ['pkey', '-in', join(dir, `${J}.key`), '-passin', `pass:${p}`, '-noout'], { encoding: 'utf8' }).status;
  assert.equal(open(SECRET), 0);
  assert.notEqual(open('not it'), 0);
  const file = join(root, 'cms.xml');
  writeFileSync(file, trace(chat(`${J}/balcony`, R, 'c1', 'cms')));
  const sealed = cli(['seal', '--keys', dir, '--passphrase-file', pass, file]);
  assert.equal(sealed.code, 0, sealed.stderr);
  assert.match(sealed.stdout, /<e2e xmlns='urn:ietf:params:xml:ns:xmpp-e2e'>/);
});
