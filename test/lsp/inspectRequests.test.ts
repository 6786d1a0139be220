// The decoded view's certificate path and ASN.1 tree, and "Copy as openssl Command", through the
// bundled language server, on an object OpenSSL made at test time with the workspace's keys and
// trust anchor: the view's file positions point at the object's base64, and the command the
// server builds, run, ends as the server predicts.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LspTestClient, fileUri } from './lspClient';
import { cpim, makePeer, smimeEncrypt, smimeSign, stanza, stream, type Peer } from '../e2e/opensslStanzas';

let ws: string;
let c: LspTestClient;
let uri: string;
let p: Peer;
let text: string;

before(async () => {
  p = makePeer();
  ws = mkdtempSync(join(tmpdir(), 'xmpp-e2e-lsp-inspect-'));
  mkdirSync(join(ws, '.xmpp-e2e', 'trust'), { recursive: true });
  copyFileSync(p.romeo.keyPath, join(ws, '.xmpp-e2e', 'romeo.key'));
  copyFileSync(p.romeo.certPath, join(ws, '.xmpp-e2e', 'romeo.crt'));
  copyFileSync(p.ca.certPath, join(ws, '.xmpp-e2e', 'trust', 'ca.crt'));
  const T = new Date(Date.now() + 60_000).toISOString();
  const attrs = { from: 'juliet@example.com/balcony', to: 'romeo@example.net', id: 'x', type: 'chat' };
  text = stream(
    stanza('message', attrs, smimeSign(p, p.juliet, cpim('juliet@example.com', 'romeo@example.net', T), { md: 'sha256' })),
    stanza('message', { ...attrs, id: 'y' }, smimeEncrypt(p, [p.romeo], smimeSign(p, p.juliet, cpim('juliet@example.com', 'romeo@example.net', T, 'second'), { md: 'sha256', opaque: true }))),
  );
  writeFileSync(join(ws, 'trace.xmpp'), text);
  c = await LspTestClient.start({ pull: true, workspaceFolder: ws, configuration: true, settings: { xmppE2e: { now: T } } });
  uri = fileUri(join(ws, 'trace.xmpp'));
  await c.open(uri, 'xmpp-trace', text);
});

after(async () => {
  await c.shutdown();
  rmSync(ws, { recursive: true, force: true });
  p.ws.cleanup();
});

test('the decoded view adds the certificate path and the ASN.1 tree with positions in the trace', async () => {
  const view = await c.request<any>('xmppE2e/decodedView', { uri, objectIndex: 0 });
  assert.match(view.text, /== Certificate path\nSigner 1: signature valid · trust trusted/);
  assert.match(view.text, /\[2\] anchor: CN=Pipeline Test CA \(trust anchor\)/);
  assert.match(view.text, /== ASN\.1\n-- CMS object 1: application\/pkcs7-signature/);
  const m = /OBJECT IDENTIFIER: 1\.2\.840\.113549\.1\.7\.2 signedData {2}@ (\d+):(\d+)-(\d+):(\d+)/.exec(view.text);
  assert.ok(m, view.text.slice(0, 2000));
  // Bytes 4..15 of the DER are the OID; their base64 starts at the 6th character of the body.
  const lines = text.split('\n');
  const at = lines[Number(m[1]) - 1].slice(Number(m[2]) - 1);
  const part = /filename="?smime\.p7s"?\r?\n\r?\n/.exec(text)!;
  const body = text.slice(part.index + part[0].length).replace(/\s/g, '');
  assert.ok(body.slice(5).startsWith(at.slice(0, 10)), `${at.slice(0, 10)} vs ${body.slice(0, 20)}`);
  // The decrypted SignedData of object 2 has a tree too, without file positions.
  const view2 = await c.request<any>('xmppE2e/decodedView', { uri, objectIndex: 1 });
  assert.match(view2.text, /-- CMS object 2: application\/pkcs7-mime; smime-type=signed-data, \d+ bytes \(decrypted or encapsulated/);
});

test('Copy as openssl Command: the command the server builds, run, ends as predicted', async () => {
  for (const objectIndex of [0, 1]) {
    const dir = mkdtempSync(join(tmpdir(), 'xmpp-e2e-lsp-openssl-'));
    try {
      const r = await c.request<any>('xmppE2e/opensslCommand', { uri, objectIndex, dir });
      assert.equal(r.ok, true, JSON.stringify(r));
      for (const f of r.files) {
        assert.ok(f.path.startsWith(dir));
        assert.ok(!f.content.includes('PRIVATE KEY'));
        writeFileSync(f.path, f.content);
      }
      assert.equal(r.expected, 'success');
      const run = spawnSync('sh', ['-c', r.command], { cwd: ws, encoding: 'utf8' });
      assert.equal(run.status, 0, `${r.command}\n${run.stderr}`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
});
