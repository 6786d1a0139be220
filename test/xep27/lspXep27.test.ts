// The language server on GnuPG-made XEP-0027 objects: the workspace OpenPGP keys verify a signed
// presence and open an encrypted message; lenses, hover and diagnostics (deprecated, information).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LspTestClient, fileUri } from '../lsp/lspClient';
import { makeGpgPeer, type GpgPeer } from '../ox/gpgPeer';

const J = 'juliet@capulet.lit';
const R = 'romeo@montague.lit';
let peer: GpgPeer;
let ws: string;

before(() => {
  peer = makeGpgPeer([J, R], [R]);
  ws = mkdtempSync(join(tmpdir(), 'xmpp-e2e-xep27-lsp-'));
  cpSync(peer.keysDir, join(ws, '.xmpp-e2e'), { recursive: true }); // the default xmppE2e.keys.paths
});
after(() => {
  peer?.cleanup();
  if (ws) rmSync(ws, { recursive: true, force: true });
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
