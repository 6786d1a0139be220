// One core service for every face (issue #11): the CLI's `inspect --format json` carries the same
// lens title per object as the editor's code lens, and the decoded view the editor shows is the
// text of the service's `describeObject` (the entry point for `xmpp-e2e decode`).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { peerWorkspace } from './peerWorkspace';
import { LspTestClient, fileUri, repoRoot } from './lspClient';
import { cpim, makePeer, romeoKeys, smimeEncrypt, smimeSign, stanza, stream, type Peer } from '../e2e/opensslStanzas';
import { describeObject } from '../../server/src/core/service';

let peer: Peer;
let ws: string;
let file: string;
let text: string;
/** A fixed "now" for both faces (the stanzas carry no capture time). */
const NOW = new Date(Date.now() - 60_000).toISOString().replace(/\.\d+Z$/, 'Z');

before(() => {
  peer = makePeer();
  ws = peerWorkspace(peer, 'faces');
  const t = new Date(Date.parse(NOW) - 5000).toISOString();
  const signed = smimeSign(peer, peer.juliet, cpim('juliet@example.com', 'romeo@example.net', t));
  const attrs = (id: string, from = 'juliet@example.com/balcony') => ({ from, to: 'romeo@example.net', id, type: 'chat' });
  text = stream(
    stanza('message', attrs('f1'), signed),
    stanza('message', attrs('f2'), smimeEncrypt(peer, [peer.romeo], signed)),
    stanza('message', attrs('f3', 'mallory@example.org/x'), signed),
    stanza('message', attrs('f4'), signed.replace('Wherefore', 'Therefore')),
  );
  file = join(ws, 'faces.xmpp');
  writeFileSync(file, text);
});

after(() => rmSync(peer.ws.dir, { recursive: true, force: true }));

test('inspect --format json gives each object the lens title the editor shows, and the decoded views match', async () => {
  const r = spawnSync(process.execPath, [join(repoRoot, 'dist', 'cli.js'), 'inspect', '--format', 'json', '--now', NOW, '--keys', join(ws, '.xmpp-e2e'), '--trust', join(ws, '.xmpp-e2e', 'trust'), file], { encoding: 'utf8' });
  const cliLenses: string[] = JSON.parse(r.stdout).files[0].objects.map((o: { lens: string }) => o.lens);
  assert.equal(cliLenses.length, 4, r.stderr);
  const c = await LspTestClient.start({ pull: true, workspaceFolder: ws, initializationOptions: { settings: { now: NOW } } });
  try {
    const uri = fileUri(file);
    await c.open(uri, 'xmpp-trace', text);
    const lenses = await c.request<any[]>('textDocument/codeLens', { textDocument: { uri } });
    assert.deepEqual(lenses.map((l) => l.command.title), cliLenses);
    assert.match(cliLenses[0], /^✔ signed by juliet@example\.com · trusted/);
    assert.match(cliLenses[2], /^✖ signer is not the sender/);
    assert.match(cliLenses[3], /^✖ content altered/);
    for (let i = 0; i < 4; i++) {
      const view = await c.request<any>('xmppE2e/decodedView', { uri, objectIndex: i });
      // The CLI's decode prints the same text: the decoded view, the certificate path and the ASN.1 trees.
      const d = spawnSync(process.execPath, [join(repoRoot, 'dist', 'cli.js'), 'decode', '--index', String(i + 1), '--now', NOW, '--keys', join(ws, '.xmpp-e2e'), '--trust', join(ws, '.xmpp-e2e', 'trust'), file], { encoding: 'utf8' });
      assert.equal(d.status, 0, d.stderr);
      assert.equal(d.stdout, view.text.replace(/\n*$/, '\n'), `object ${i + 1}`);
      assert.ok(view.text.startsWith(describeObject(text, i, { keys: romeoKeys(peer), fileName: 'faces.xmpp', now: Date.parse(NOW) })), `object ${i + 1}: the service's view first`);
    }
  } finally {
    await c.shutdown();
  }
});
