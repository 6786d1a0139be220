// "Seal as OX" through the language server (the editor's command and any LSP client's
// workspace/executeCommand): the sender's OpenPGP secret key is locked, its passphrase asked once
// and sent sealed; the one edit puts an OX object that gpg opens and verifies and that the server
// then shows verified. Refused in Restricted Mode. The passphrase never reaches a log.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { LspTestClient, fileUri } from '../lsp/lspClient';
import { chat, cleanup, cli, gpgHome, J, oxMessages, R, tempRoot, type GpgHome } from './oxSealPeer';

const SECRET = 'lsp passphrase 91c2';
let ws: string;
let romeo: GpgHome;

before(() => {
  ws = tempRoot('ox-lsp-seal-');
  const pass = join(ws, 'pass.txt'); // outside the key folder
  writeFileSync(pass, SECRET, { mode: 0o600 });
  const keys = join(ws, '.xmpp-e2e'); // the default xmppE2e.keys.paths
  assert.equal(cli(['keygen', '--openpgp', '--out', keys, '--jid', J, '--passphrase-file', pass]).code, 0);
  assert.equal(cli(['keygen', '--openpgp', '--out', keys, '--jid', R]).code, 0);
  romeo = gpgHome(ws, 'romeo-gpg', [join(keys, `${R}.openpgp.sec.asc`), join(keys, `${J}.openpgp.pub.asc`)]);
});
after(() => cleanup(ws, [romeo].filter(Boolean)));

const TRACE = `${chat(`${J}/balcony`, `${R}/orchard`, 'm1', 'Sealed from the editor')}\n`;

test('LSP Seal as OX: the locked key opens with the sealed passphrase; one edit; gpg verifies it; the server shows it verified', async () => {
  const c = await LspTestClient.start({ pull: true, workspaceFolder: ws, initializationOptions: { passphrases: true }, passphrase: () => SECRET });
  try {
    const uri = fileUri(join(ws, 'chat.xmpp'));
    await c.open(uri, 'xmpp-trace', TRACE);
    assert.deepEqual(await c.diagnostics(uri), []);
    const r = await c.request<any>('workspace/executeCommand', { command: 'xmppE2e.server.seal', arguments: [{ uri, version: 1, stanzaIndexes: [0], mode: 'signEncrypt', ox: true }] });
    assert.equal(r.ok, true, JSON.stringify(r));
    assert.equal(r.applied, true);
    assert.equal(c.appliedEdits.length, 1, 'one undoable edit');
    assert.ok(c.passphraseRequests.some((p) => p.path.endsWith(`${J}.openpgp.sec.asc`)), JSON.stringify(c.passphraseRequests));
    const text = c.text(uri);
    assert.ok(!text.includes('Sealed from the editor'));
    const opened = romeo.decrypt(oxMessages(text)[0]);
    assert.equal(opened.status, 0, opened.lines.join('\n'));
    assert.ok(opened.lines.some((l) => l.startsWith('GOODSIG ') && l.endsWith(`xmpp:${J}`)));
    assert.match(opened.plaintext, /<payload><body xmlns='jabber:client'>Sealed from the editor<\/body><\/payload>/);
    await c.change(uri, text);
    assert.deepEqual(await c.diagnostics(uri), []);
    const lenses = await c.request<any[]>('textDocument/codeLens', { textDocument: { uri } });
    assert.match(lenses[0].command.title, /OX <signcrypt\/> ✔ verified · signed by xmpp:juliet@capulet\.lit/);
    const again = await c.request<any>('xmppE2e/seal', { uri, stanzaIndexes: [0], mode: 'signEncrypt', ox: true });
    assert.equal(again.ok, false);
    assert.match(again.reason, /already sealed/);
  } finally {
    assert.equal(await c.shutdown(), 0);
    assert.ok(![...c.logs, ...c.stderr].join('\n').includes(SECRET), 'the passphrase leaked into a log');
  }
});

test('LSP Seal as OX in Restricted Mode: refused, no key read, no passphrase asked', async () => {
  const c = await LspTestClient.start({ pull: true, workspaceFolder: ws, initializationOptions: { passphrases: true, trusted: false }, passphrase: () => SECRET });
  try {
    const uri = fileUri(join(ws, 'restricted.xmpp'));
    await c.open(uri, 'xmpp-trace', TRACE);
    const r = await c.request<any>('xmppE2e/seal', { uri, stanzaIndexes: [0], mode: 'signEncrypt', ox: true });
    assert.equal(r.ok, false);
    assert.match(r.reason, /Restricted Mode/);
    assert.deepEqual(c.passphraseRequests, []);
    assert.equal(c.text(uri), TRACE);
  } finally {
    assert.equal(await c.shutdown(), 0);
  }
});

test('LSP Generate Test Identities with openpgp: OX keys in the key folder (secret 0600), and Seal as OX uses them at once', async () => {
  const fresh = join(ws, 'fresh');
  mkdirSync(fresh, { mode: 0o700 });
  const c = await LspTestClient.start({ pull: true, workspaceFolder: fresh });
  try {
    const gen = await c.request<any>('xmppE2e/generateIdentities', { jids: [J, R], folderPath: join(fresh, '.xmpp-e2e'), openpgp: true });
    assert.equal(gen.ok, true, JSON.stringify(gen));
    const secret = gen.written.find((f: string) => f.endsWith(`${J}.openpgp.sec.asc`));
    assert.ok(secret, JSON.stringify(gen.written));
    assert.equal(statSync(secret).mode & 0o777, 0o600);
    const uri = fileUri(join(fresh, 'chat.xmpp'));
    await c.open(uri, 'xmpp-trace', TRACE);
    const r = await c.request<any>('xmppE2e/seal', { uri, version: 1, stanzaIndexes: [0], mode: 'signEncrypt', ox: true });
    assert.equal(r.ok, true, JSON.stringify(r));
    assert.match(r.edit.changes[uri][0].newText, /^<message [^>]*><openpgp xmlns='urn:xmpp:openpgp:0'>[A-Za-z0-9+/=]+<\/openpgp>/);
  } finally {
    assert.equal(await c.shutdown(), 0);
  }
});

test('LSP: a wrong passphrase for a locked OpenPGP key is said, and asked again (retry) on the next load; never logged', async () => {
  const answers = ['not the passphrase', SECRET];
  const c = await LspTestClient.start({ pull: true, workspaceFolder: ws, initializationOptions: { passphrases: true }, passphrase: () => answers.shift() });
  try {
    const uri = fileUri(join(ws, 'retry.xmpp'));
    await c.open(uri, 'xmpp-trace', TRACE);
    const first = await c.request<any>('xmppE2e/seal', { uri, stanzaIndexes: [0], mode: 'signEncrypt', ox: true });
    assert.equal(first.ok, false);
    assert.match(first.reason, /juliet@capulet\.lit\.openpgp\.sec\.asc: wrong passphrase/);
    // Any key file event reloads the store: the file whose passphrase was wrong is asked again.
    await c.conn.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: fileUri(join(ws, '.xmpp-e2e', 'other.pem')), type: 1 }] });
    const second = await c.request<any>('xmppE2e/seal', { uri, stanzaIndexes: [0], mode: 'signEncrypt', ox: true });
    assert.equal(second.ok, true, JSON.stringify(second));
    const asked = c.passphraseRequests.filter((p) => p.path.endsWith(`${J}.openpgp.sec.asc`));
    assert.deepEqual(asked.map((p) => p.retry), [false, true]);
  } finally {
    assert.equal(await c.shutdown(), 0);
    const everything = [...c.logs, ...c.stderr].join('\n');
    for (const s of [SECRET, 'not the passphrase']) assert.ok(!everything.includes(s), 'a passphrase leaked into a log');
  }
});
