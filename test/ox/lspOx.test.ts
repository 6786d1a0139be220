// The language server on a GnuPG-made OX object: OpenPGP keys in the workspace key folder are read
// with the certificates, the object is opened before the analysis, and the lens, the hover and the
// diagnostics show the verdict (a redirected copy gets ox.to.mismatch at its `to`). Legacy XEP-0027
// objects go the same way (a signed presence verified, an encrypted body decrypted, deprecated).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { LspTestClient, fileUri } from '../lsp/lspClient';
import { makeGpgWorkspace, oxInner, oxMessage, type GpgPeer } from './gpgPeer';

const J = 'juliet@capulet.lit';
const R = 'romeo@montague.lit';
let peer: GpgPeer;
let ws: string;
let cleanup = () => {};

before(() => {
  ({ peer, ws, cleanup } = makeGpgWorkspace([J, R], [R], 'xmpp-e2e-ox-lsp-'));
});
after(() => cleanup());

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

/** Armor without its BEGIN/END lines and headers, as XEP-0027 carries it. */
const headless = (armored: string) => armored.split('\n').filter((l) => l && !l.startsWith('-----') && !/^[A-Za-z]+: /.test(l)).join('\n');

test('LSP: a signed presence is verified and an encrypted body decrypted; tampered status is an error', async () => {
  const sig = headless(peer.gpg(['--local-user', `xmpp:${J}`, '--armor', '--detach-sign'], 'Online').toString());
  const enc = headless(peer.gpg(['--armor', '--recipient', `xmpp:${R}`, '--encrypt'], 'Hi').toString());
  const trace =
    `<presence from='${J}/balcony' to='${R}'><status>Online</status><x xmlns='jabber:x:signed'>${sig}</x></presence>\n` +
    `<message from='${J}/balcony' to='${R}/orchard' type='chat'><body>This message is encrypted.</body><x xmlns='jabber:x:encrypted'>${enc}</x></message>\n` +
    `<presence from='${J}/balcony' to='${R}'><status>Offline</status><x xmlns='jabber:x:signed'>${sig}</x></presence>\n`;
  const c = await LspTestClient.start({ pull: true, workspaceFolder: ws });
  try {
    const uri = fileUri(join(ws, 'xep27.xmpp'));
    await c.open(uri, 'xmpp-trace', trace);
    const diags = await c.diagnostics(uri);
    const lineOf = (d: (typeof diags)[number]) => d.range.start.line;
    // Each finding is on the line of its <x/> element's name.
    const xLines = [...trace.matchAll(/<x xmlns/g)].map((m) => trace.slice(0, m.index).split('\n').length - 1);
    const expected = [`xep27.deprecated@${xLines[0]}`, `xep27.deprecated@${xLines[1]}`, `xep27.deprecated@${xLines[2]}`, `xep27.sig.invalid@${xLines[2]}`];
    assert.deepEqual(diags.map((d) => `${d.code}@${lineOf(d)}`).sort(), expected.sort());
    const lenses = await c.request<any[]>('textDocument/codeLens', { textDocument: { uri } });
    const titles = lenses.map((l) => l.command.title).join('\n');
    assert.match(titles, /XEP-0027 signed <status\/> ✔ verified · signed by xmpp:juliet@capulet\.lit/);
    assert.match(titles, /XEP-0027 encrypted <body\/> 🔓 decrypted, not signed/);
    assert.match(titles, /✖ failed: xep27\.sig\.invalid/);
    const hover = await c.request<any>('textDocument/hover', { textDocument: { uri }, position: c.positionOf(uri, "<x xmlns='jabber:x:encrypted'") });
    assert.match(hover.contents.value, /Decrypted body/);
  } finally {
    assert.equal(await c.shutdown(), 0);
  }
});
