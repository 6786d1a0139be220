// The language server on a GnuPG-made OX object: OpenPGP keys in the workspace key folder are read
// with the certificates, the object is opened before the analysis, and the lens, the hover and the
// diagnostics show the verdict (a redirected copy gets ox.to.mismatch at its `to`).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LspTestClient, fileUri } from '../lsp/lspClient';
import { makeGpgPeer, oxInner, oxMessage, type GpgPeer } from './gpgPeer';

const J = 'juliet@capulet.lit';
const R = 'romeo@montague.lit';
let peer: GpgPeer;
let ws: string;

before(() => {
  peer = makeGpgPeer([J, R], [R]);
  ws = mkdtempSync(join(tmpdir(), 'xmpp-e2e-ox-lsp-'));
  cpSync(peer.keysDir, join(ws, '.xmpp-e2e'), { recursive: true }); // the default xmppE2e.keys.paths
});
after(() => {
  peer?.cleanup();
  if (ws) rmSync(ws, { recursive: true, force: true });
});

test('LSP: an OX signcrypt is verified (lens, hover); a copy to another recipient gets ox.to.mismatch', async () => {
  const stamp = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
  const b64 = peer.gpg(['--local-user', `xmpp:${J}`, '--sign', '--recipient', `xmpp:${R}`, '--encrypt'], oxInner('signcrypt', [R], stamp)).toString('base64');
  const trace = `${oxMessage(`${J}/balcony`, `${R}/orchard`, b64)}\n${oxMessage(`${J}/balcony`, 'tybalt@capulet.lit/den', b64).replace("id='ox", "id='copy")}\n`;
  const c = await LspTestClient.start({ pull: true, workspaceFolder: ws });
  try {
    const uri = fileUri(join(ws, 'ox.xmpp'));
    await c.open(uri, 'xmpp-trace', trace);
    const diags = await c.diagnostics(uri);
    assert.deepEqual(diags.map((d) => `${d.code}@${d.range.start.line}`), ['ox.to.mismatch@1']);
    const lenses = await c.request<any[]>('textDocument/codeLens', { textDocument: { uri } });
    assert.match(lenses[0].command.title, /OX <signcrypt\/> ✔ verified · signed by xmpp:juliet@capulet\.lit/);
    assert.match(lenses[1].command.title, /✖ failed: ox\.to\.mismatch/);
    const hover = await c.request<any>('textDocument/hover', { textDocument: { uri }, position: c.positionOf(uri, '<openpgp') });
    assert.match(hover.contents.value, /Payload/);
  } finally {
    assert.equal(await c.shutdown(), 0);
  }
});
