// `xmpp-e2e inspect --keys DIR` on a trace with a GnuPG-made OX object: the bundled CLI opens it
// with the OpenPGP keys in the same key folder as certificates and reports it in JSON objects[].
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeGpgPeer, oxInner, oxMessage, type GpgPeer } from './gpgPeer';

const cliPath = join(__dirname, '..', '..', 'dist', 'cli.js');
const J = 'juliet@capulet.lit';
const R = 'romeo@montague.lit';
let peer: GpgPeer;

before(() => {
  peer = makeGpgPeer([J, R], [R]);
});
after(() => peer?.cleanup());

test('inspect --keys: the OX object is verified in JSON; without keys it stays encrypted', () => {
  const stamp = '2026-06-01T12:00:00Z';
  const b64 = peer.gpg(['--local-user', `xmpp:${J}`, '--sign', '--recipient', `xmpp:${R}`, '--encrypt'], oxInner('signcrypt', [R], stamp)).toString('base64');
  const trace = join(peer.home, '..', 'ox.xml');
  writeFileSync(trace, `<stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams'>\n${oxMessage(`${J}/balcony`, `${R}/orchard`, b64)}\n`);
  const run = (keys: string[]) => spawnSync(process.execPath, [cliPath, 'inspect', '--format', 'json', '--now', stamp, ...keys, trace], { encoding: 'utf8' });
  const withKeys = run(['--keys', peer.keysDir]);
  assert.equal(withKeys.status, 0, withKeys.stderr);
  const o = JSON.parse(withKeys.stdout).files[0].objects[0];
  assert.equal(o.kind, 'ox');
  assert.equal(o.status, 'verified');
  assert.match(o.lens, /signed by xmpp:juliet@capulet\.lit/);
  const without = JSON.parse(run([]).stdout).files[0].objects[0];
  assert.equal(without.status, 'encrypted');
  assert.equal(without.inner, undefined);
});
