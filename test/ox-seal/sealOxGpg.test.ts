// `keygen --openpgp` and `seal --ox` against GnuPG: gpg imports the keys we make and opens and
// verifies (GOODSIG/VALIDSIG of the sender's key, GOODMDC) what we seal; our own inspect judges the
// same objects verified, and a tampered, redirected or old copy of them with the expected code.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chat, cleanup, cli, gpgFingerprint, gpgHome, J, oxMessages, R, read, tempRoot, trace, type GpgHome } from './oxSealPeer';

const NOW = '2026-06-01T12:00:00Z';
let root: string;
let keys: string;
let romeo: GpgHome;
let juliet: GpgHome;
let julietFpr: string;

before(() => {
  root = tempRoot('ox-seal-');
  keys = join(root, 'keys');
  const r = cli(['keygen', '--openpgp', '--out', keys, '--jid', J, '--jid', `${R}/orchard`]);
  assert.equal(r.code, 0, r.stderr);
  romeo = gpgHome(root, 'romeo-gpg', [join(keys, `${R}.openpgp.sec.asc`), join(keys, `${J}.openpgp.pub.asc`)]);
  juliet = gpgHome(root, 'juliet-gpg', [join(keys, `${J}.openpgp.sec.asc`)]);
  julietFpr = gpgFingerprint(romeo, join(keys, `${J}.openpgp.pub.asc`));
});
after(() => cleanup(root, [romeo, juliet].filter(Boolean)));

function sealFile(name: string, xml: string, extra: string[] = []) {
  const file = join(root, name);
  writeFileSync(file, xml);
  return cli(['seal', '--ox', '--keys', keys, '--now', NOW, ...extra, file]);
}

function inspectJson(xml: string, now = NOW) {
  const file = join(root, `inspect-${Math.random().toString(36).slice(2)}.xml`);
  writeFileSync(file, xml);
  const r = cli(['inspect', '--format', 'json', '--keys', keys, '--now', now, file]);
  return { code: r.code, stderr: r.stderr, file: JSON.parse(r.stdout).files[0] };
}

test('keygen --openpgp: a public and a 0600 secret key per JID in a 0700 folder, user ID xmpp:JID; replaced only with --force', () => {
  assert.equal(statSync(keys).mode & 0o777, 0o700);
  assert.equal(statSync(join(keys, `${J}.openpgp.sec.asc`)).mode & 0o777, 0o600);
  assert.equal(statSync(join(keys, `${J}.openpgp.pub.asc`)).mode & 0o777, 0o644);
  const shown = romeo.run(['--with-colons', '--show-keys', join(keys, `${R}.openpgp.pub.asc`)]).stdout.toString();
  assert.match(shown, /^uid:[^\n]*:xmpp\\x3aromeo@montague\.lit:/m, 'the resource is not part of the user ID');
  assert.match(shown, /^pub:[^:]*:255:22:[^\n]*:scE?SC:/m, 'an EdDSA signing primary key');
  assert.match(shown, /^sub:[^:]*:255:18:[^\n]*:e:/m, 'a cv25519 encryption subkey');
  const again = cli(['keygen', '--openpgp', '--out', keys, '--jid', J]);
  assert.equal(again.code, 2);
  assert.match(again.stderr, /already exist.*--force/);
  assert.equal(gpgFingerprint(romeo, join(keys, `${J}.openpgp.pub.asc`)), julietFpr, 'nothing replaced without --force');
  const usage = cli(['keygen', '--openpgp', '--self-signed', '--out', join(root, 'x'), '--jid', J]);
  assert.equal(usage.code, 2);
  assert.match(usage.stderr, /--ca and --self-signed are for certificates/);
});

test('keygen --openpgp --key p256 --days 30: a NIST P-256 key that gpg sees expire in 30 days', () => {
  const dir = join(root, 'p256');
  const r = cli(['keygen', '--openpgp', '--key', 'p256', '--days', '30', '--out', dir, '--jid', 'nurse@capulet.lit']);
  assert.equal(r.code, 0, r.stderr);
  const pub = romeo.run(['--with-colons', '--show-keys', join(dir, 'nurse@capulet.lit.openpgp.pub.asc')]).stdout.toString().split('\n').find((l) => l.startsWith('pub:'))!.split(':');
  assert.equal(pub[2], '256');
  assert.equal(pub[3], '19', 'ECDSA');
  const days = (Number(pub[6]) - Number(pub[5])) / 86400;
  assert.equal(days, 30);
  const bad = cli(['keygen', '--openpgp', '--key', 'rsa-pss', '--out', dir, '--jid', 'x@y.z']);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /--key \(with --openpgp\) must be ed25519, rsa, p256, p384/);
});

test('seal --ox: gpg decrypts as the recipient and as the sender, and verifies the sender\'s signature', () => {
  const r = sealFile('clean.xml', trace(`<message from='${J}/balcony' to='${R}/orchard' type='chat' id='m1'><body>Wherefore art thou, Romeo?</body><thread>t1</thread></message>`));
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /<store xmlns='urn:xmpp:hints'\/>/);
  assert.match(r.stdout, /<encryption xmlns='urn:xmpp:eme:0' namespace='urn:xmpp:openpgp:0'/);
  assert.ok(!r.stdout.includes('Wherefore'), 'the body left the stanza');
  const [msg] = oxMessages(r.stdout);
  const asRomeo = romeo.decrypt(msg);
  assert.equal(asRomeo.status, 0, asRomeo.lines.join('\n'));
  for (const l of ['DECRYPTION_OKAY', 'GOODMDC']) assert.ok(asRomeo.lines.includes(l), `${l} in ${asRomeo.lines.join('\n')}`);
  assert.ok(asRomeo.lines.some((l) => l.startsWith('GOODSIG ') && l.endsWith(` xmpp:${J}`)), asRomeo.lines.join('\n'));
  assert.ok(asRomeo.lines.some((l) => l.startsWith(`VALIDSIG ${julietFpr} `)), `VALIDSIG for ${julietFpr}`);
  assert.equal(asRomeo.lines.filter((l) => l.startsWith('ENC_TO ')).length, 2, 'encrypted to the recipient and to the sender');
  const inner = asRomeo.plaintext;
  assert.match(inner, /^<signcrypt xmlns='urn:xmpp:openpgp:0'><to jid='romeo@montague\.lit'\/><time stamp='2026-06-01T12:00:00Z'\/><rpad>[A-Za-z0-9_-]{1,200}<\/rpad><payload>/);
  assert.match(inner, /<payload><body xmlns='jabber:client'>Wherefore art thou, Romeo\?<\/body><thread xmlns='jabber:client'>t1<\/thread><\/payload><\/signcrypt>$/);
  const asJuliet = juliet.decrypt(msg);
  assert.equal(asJuliet.status, 0, asJuliet.lines.join('\n'));
  assert.equal(asJuliet.plaintext, inner);
});

test('our inspect judges what we seal verified, several stanzas with increasing stamps; tampered, redirected and old copies get their codes', () => {
  const r = sealFile('two.xml', trace(chat(`${J}/balcony`, `${R}/orchard`, 'a', 'one'), chat(`${J}/balcony`, R, 'b', 'two')));
  assert.equal(r.code, 0, r.stderr);
  const clean = inspectJson(r.stdout);
  assert.equal(clean.code, 0, clean.stderr);
  assert.deepEqual(clean.file.objects.map((o: { kind: string; status: string }) => `${o.kind} ${o.status}`), ['ox verified', 'ox verified']);
  assert.deepEqual(clean.file.diagnostics, []);
  const first = r.stdout.split('\n').find((l) => l.includes("id='a'"))!;
  const b64 = /<openpgp xmlns='urn:xmpp:openpgp:0'>([^<]*)</.exec(first)![1];
  const bytes = Buffer.from(b64, 'base64');
  bytes[bytes.length - 30] ^= 0x01;
  const tampered = inspectJson(trace(first.replace(b64, bytes.toString('base64'))));
  assert.deepEqual(tampered.file.diagnostics.map((d: { code: string }) => d.code), ['ox.decrypt.failed']);
  assert.equal(tampered.file.objects[0].status, 'failed');
  assert.notEqual(romeo.decrypt(bytes).status, 0, 'gpg refuses the tampered copy as well');
  const redirected = inspectJson(trace(first.replace(`to='${R}/orchard'`, "to='mallory@evil.example/x'")));
  assert.deepEqual(redirected.file.diagnostics.map((d: { code: string }) => d.code), ['ox.to.mismatch']);
  const later = inspectJson(r.stdout, '2026-06-01T13:00:00Z');
  assert.deepEqual([...new Set(later.file.diagnostics.map((d: { code: string }) => d.code))], ['ox.ts.old']);
});

test('seal --ox --sign: a <sign/> gpg verifies; --encrypt: a <crypt/> gpg decrypts, unsigned (ox.sig.missing)', () => {
  const signed = sealFile('sign.xml', trace(chat(`${J}/balcony`, R, 's', 'signed only')), ['--sign']);
  assert.equal(signed.code, 0, signed.stderr);
  const s = romeo.decrypt(oxMessages(signed.stdout)[0]);
  assert.equal(s.status, 0, s.lines.join('\n'));
  assert.ok(s.lines.some((l) => l.startsWith(`VALIDSIG ${julietFpr} `)), s.lines.join('\n'));
  assert.ok(!s.lines.some((l) => l.startsWith('ENC_TO')), 'not encrypted');
  assert.match(s.plaintext, /^<sign xmlns='urn:xmpp:openpgp:0'><to jid='romeo@montague\.lit'\/><time stamp='[^']+'\/><payload>/);
  const sj = inspectJson(signed.stdout);
  assert.equal(sj.file.objects[0].status, 'verified');
  assert.deepEqual(sj.file.diagnostics, []);
  // The signed text altered in transit: gpg says BADSIG, we say ox.sig.invalid.
  const bytes = oxMessages(signed.stdout)[0];
  const at = bytes.indexOf('signed only');
  assert.ok(at > 0, 'the literal data is not compressed');
  bytes[at] = 'S'.charCodeAt(0);
  assert.ok(romeo.decrypt(bytes).lines.some((l) => l.startsWith('BADSIG ')));
  const b64 = /<openpgp xmlns='urn:xmpp:openpgp:0'>([^<]*)</.exec(signed.stdout)![1];
  const bad = inspectJson(signed.stdout.replace(b64, bytes.toString('base64')));
  assert.deepEqual(bad.file.diagnostics.map((d: { code: string }) => d.code), ['ox.sig.invalid']);
  assert.equal(bad.file.objects[0].status, 'failed');

  const crypted = sealFile('crypt.xml', trace(chat(`${J}/balcony`, R, 'c', 'encrypted only')), ['--encrypt']);
  assert.equal(crypted.code, 0, crypted.stderr);
  const c = romeo.decrypt(oxMessages(crypted.stdout)[0]);
  assert.equal(c.status, 0, c.lines.join('\n'));
  assert.ok(c.lines.includes('DECRYPTION_OKAY'));
  assert.ok(!c.lines.some((l) => /^(GOODSIG|VALIDSIG|NEWSIG)/.test(l)), 'no signature');
  assert.match(c.plaintext, /^<crypt xmlns='urn:xmpp:openpgp:0'><to jid='romeo@montague\.lit'\/><time stamp='[^']+'\/><rpad>/);
  const cj = inspectJson(crypted.stdout);
  assert.equal(cj.file.objects[0].status, 'decrypted');
  assert.deepEqual(cj.file.diagnostics.map((d: { code: string }) => d.code), ['ox.sig.missing']);
});

test('seal --ox refuses what it cannot do, with one-line reasons and nothing on standard output', () => {
  const cases: [string, string[], RegExp][] = [
    [`<presence from='${J}/balcony' to='${R}'><status>hi</status></presence>`, [], /OX \(XEP-0374\) seals <message\/> stanzas, not <presence\/>/],
    [chat(`${J}/balcony`, 'nurse@capulet.lit', 'n', 'x'), [], /no usable OpenPGP public key with the user ID xmpp:nurse@capulet\.lit/],
    [chat(`nurse@capulet.lit/x`, R, 'n', 'x'), [], /no OpenPGP secret key with the user ID xmpp:nurse@capulet\.lit for the sender/],
    [chat(`${J}/balcony`, R, 'd', 'x'), ['--digest', 'sha256'], /--digest is for RFC 3923 objects, not --ox/],
  ];
  for (const [stanza, extra, reason] of cases) {
    const r = sealFile('refused.xml', trace(stanza), extra);
    assert.equal(r.code, 2, `${stanza}: ${r.stdout}`);
    assert.match(r.stderr, reason);
    assert.equal(r.stdout, '');
  }
  const sealed = sealFile('once.xml', trace(chat(`${J}/balcony`, R, 'o', 'once'))).stdout;
  const twice = sealFile('twice.xml', sealed);
  assert.equal(twice.code, 2);
  assert.match(twice.stderr, /already sealed/);
  assert.match(read(join(root, 'twice.xml')), /<openpgp/, 'the input is untouched');
});

test('every key of the recipient is used (XEP-0374 §3.2): gpg opens the object with either', () => {
  const second = join(root, 'romeo-second');
  assert.equal(cli(['keygen', '--openpgp', '--key', 'p256', '--out', second, '--jid', R]).code, 0);
  const file = join(root, 'both.xml');
  writeFileSync(file, trace(chat(`${J}/balcony`, R, 'k2', 'to both of romeo\'s keys')));
  const r = cli(['seal', '--ox', '--keys', keys, '--keys', second, file]);
  assert.equal(r.code, 0, r.stderr);
  const msg = oxMessages(r.stdout)[0];
  const other = gpgHome(root, 'romeo-second-gpg', [join(second, `${R}.openpgp.sec.asc`), join(keys, `${J}.openpgp.pub.asc`)]);
  try {
    for (const home of [romeo, other]) {
      const d = home.decrypt(msg);
      assert.equal(d.status, 0, d.lines.join('\n'));
      assert.equal(d.lines.filter((l) => l.startsWith('ENC_TO ')).length, 3, 'two recipient keys and the sender\'s');
      assert.ok(d.lines.some((l) => l.startsWith(`VALIDSIG ${julietFpr} `)));
    }
  } finally {
    other.close();
  }
});

test('a recipient key announced only in the trace (PEP public-keys node naming its fingerprint) is used to seal', () => {
  const onlyJuliet = join(root, 'only-juliet');
  mkdirSync(onlyJuliet, { mode: 0o700 });
  cpSync(join(keys, `${J}.openpgp.sec.asc`), join(onlyJuliet, `${J}.openpgp.sec.asc`));
  const fpr = gpgFingerprint(romeo, join(keys, `${R}.openpgp.pub.asc`));
  const key = romeo.run(['--export', `xmpp:${R}`]).stdout.toString('base64');
  const publish = `<iq type='set' from='${R}/orchard' id='pub1'><pubsub xmlns='http://jabber.org/protocol/pubsub'><publish node='urn:xmpp:openpgp:0:public-keys:${fpr}'><item id='2026-06-01T11:00:00Z'><pubkey xmlns='urn:xmpp:openpgp:0'><data>${key}</data></pubkey></item></publish></pubsub></iq>`;
  const file = join(root, 'pep.xml');
  writeFileSync(file, trace(publish, chat(`${J}/balcony`, R, 'pep', 'found your key in PEP')));
  const r = cli(['seal', '--ox', '--keys', onlyJuliet, '--index', '2', file]);
  assert.equal(r.code, 0, r.stderr);
  assert.ok(r.stdout.includes(publish), 'the announcement is kept as it was');
  const d = romeo.decrypt(oxMessages(r.stdout)[0]);
  assert.equal(d.status, 0, d.lines.join('\n'));
  assert.match(d.plaintext, /found your key in PEP/);
  // A node that names another fingerprint announces nothing usable: no key for romeo.
  const forged = join(root, 'forged.xml');
  writeFileSync(forged, trace(publish.replace(fpr, '0'.repeat(40)), chat(`${J}/balcony`, R, 'pep', 'x')));
  const refused = cli(['seal', '--ox', '--keys', onlyJuliet, '--index', '2', forged]);
  assert.equal(refused.code, 2);
  assert.match(refused.stderr, /no usable OpenPGP public key with the user ID xmpp:romeo@montague\.lit/);
});
