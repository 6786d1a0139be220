// Regression (issue #11): a quick fix edits only the bytes its finding names, and only on the
// document version it was offered for. Objects are made by OpenSSL at test time; the bundled
// server is driven over stdio. Every code whose rule has a fix is exercised here.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import { peerWorkspace } from './peerWorkspace';
import { LspTestClient, fileUri } from './lspClient';
import { makePeer, smimeEncrypt, smimeSign, stanza, stream, type Peer } from '../e2e/opensslStanzas';
import { RULES } from '../../server/src/core/rules';

let peer: Peer;
let ws: string;

const now = () => new Date().toISOString().replace(/\.\d+Z$/, 'Z');
/** CPIM whose From header is spelled `from:` (cpim.header.case). */
const lowerFrom = () => `Content-Type: Message/CPIM\r\n\r\nfrom: <im:juliet@example.com>\r\nTo: <im:romeo@example.net>\r\nDateTime: ${now()}\r\n\r\nContent-Type: text/plain\r\n\r\nhi\r\n`;
const goodCpim = () => lowerFrom().replace('from:', 'From:');
const msg = (payload: string, id: string) => stanza('message', { from: 'juliet@example.com/balcony', to: 'romeo@example.net', id, type: 'chat' }, payload);
/** multipart/signed with its protocol parameter unquoted (smime.protocol.unquoted). */
const unquote = (smime: string) => smime.replace(/protocol="(application\/(?:x-)?pkcs7-signature)"/, 'protocol=$1');

before(() => {
  peer = makePeer();
  ws = peerWorkspace(peer, 'ws');
});

after(() => rmSync(peer.ws.dir, { recursive: true, force: true }));

async function actionsFor(c: LspTestClient, uri: string, d: Diagnostic) {
  return c.request<any[]>('textDocument/codeAction', { textDocument: { uri }, range: d.range, context: { diagnostics: [d] } });
}

function byCode(diags: Diagnostic[], code: string): Diagnostic[] {
  return diags.filter((d) => d.code === code);
}

/** The text a diagnostic's range covers in the client's copy. */
function covered(c: LspTestClient, uri: string, d: Diagnostic): string {
  const doc = c.text(uri);
  const lines = doc.split('\n');
  const off = (p: { line: number; character: number }) => lines.slice(0, p.line).reduce((n, l) => n + l.length + 1, 0) + p.character;
  return doc.slice(off(d.range.start), off(d.range.end));
}

// code -> [where the fix must be offered (clear text in the file), where it must not (inside base64 / ciphertext)]
const SCENARIOS: Record<string, { exact: () => string; opaque: () => string; original: string; replacement: string }> = {
  'cpim.header.case': {
    exact: () => smimeSign(peer, peer.juliet, lowerFrom()),
    opaque: () => smimeSign(peer, peer.juliet, lowerFrom(), { opaque: true }),
    original: 'from',
    replacement: 'From',
  },
  'smime.protocol.unquoted': {
    exact: () => unquote(smimeSign(peer, peer.juliet, goodCpim())),
    opaque: () => smimeEncrypt(peer, [peer.romeo], unquote(smimeSign(peer, peer.juliet, goodCpim()))),
    original: 'application/pkcs7-signature',
    replacement: '"application/pkcs7-signature"',
  },
};

test('every code whose rule has a fix has a scenario here', () => {
  const withFix = RULES.filter((r) => 'fix' in r && r.fix).map((r) => r.code).sort();
  assert.deepEqual(Object.keys(SCENARIOS).sort(), withFix);
});

for (const [code, sc] of Object.entries(SCENARIOS)) {
  test(`${code}: inside base64 or ciphertext the finding stays, with no fix and no edit`, async () => {
    const c = await LspTestClient.start({ pull: true, workspaceFolder: ws, documentChanges: true });
    try {
      const uri = fileUri(join(ws, `${code}-opaque.xmpp`));
      await c.open(uri, 'xmpp-trace', stream(msg(sc.opaque(), 'o1')));
      const found = byCode(await c.diagnostics(uri), code);
      assert.equal(found.length, 1, `the finding is still reported: ${code}`);
      const d = found[0];
      assert.notEqual(covered(c, uri, d), sc.original, 'the span is not where the bytes are');
      const data = (d.data ?? {}) as Record<string, unknown>;
      assert.equal(data.replacement, undefined, 'no fix data on an inexact span');
      const actions = await actionsFor(c, uri, d);
      assert.deepEqual(actions.filter((a) => a.edit || a.command?.command === 'xmppE2e.server.applyFix').map((a) => a.title), []);
      // Even forged fix data sent back by a client does not produce an edit of other bytes.
      const forged = { ...d, data: { replacement: sc.replacement, original: sc.original } };
      const again = await actionsFor(c, uri, forged);
      assert.deepEqual(again.filter((a) => a.edit).map((a) => a.title), []);
    } finally {
      await c.shutdown();
    }
  });

  test(`${code}: in clear text the fix replaces exactly the named bytes, as one versioned edit`, async () => {
    const c = await LspTestClient.start({ pull: true, workspaceFolder: ws, documentChanges: true });
    try {
      const uri = fileUri(join(ws, `${code}-exact.xmpp`));
      await c.open(uri, 'xmpp-trace', stream(msg(sc.exact(), 'e1')));
      const before = c.text(uri);
      const [d] = byCode(await c.diagnostics(uri), code);
      assert.ok(d, code);
      assert.equal(covered(c, uri, d), sc.original);
      const fix = (await actionsFor(c, uri, d)).find((a) => a.kind === 'quickfix' && a.edit);
      assert.ok(fix, 'a quick fix with an edit');
      assert.deepEqual(fix.edit.documentChanges[0].textDocument, { uri, version: c.version(uri) });
      assert.equal(c.applyWorkspaceEdit(fix.edit), true);
      await new Promise((r) => setTimeout(r, 50));
      const afterText = c.text(uri);
      const at = before.indexOf(sc.original, before.indexOf('<e2e'));
      assert.equal(afterText, before.slice(0, at) + sc.replacement + before.slice(at + sc.original.length), 'only the named bytes changed');
      assert.equal(byCode(await c.diagnostics(uri), code).length, 0, 'the fix removes the finding');
    } finally {
      await c.shutdown();
    }
  });
}

test('a fix offered for one version is refused on the next (the server-side fix command, for clients without versioned edits)', async () => {
  // No documentChanges support: the fix comes as a server command that re-checks the version.
  const c = await LspTestClient.start({ pull: true, workspaceFolder: ws });
  try {
    const uri = fileUri(join(ws, 'stale.xmpp'));
    await c.open(uri, 'xmpp-trace', stream(msg(SCENARIOS['cpim.header.case'].exact(), 's1')));
    const [d] = byCode(await c.diagnostics(uri), 'cpim.header.case');
    const fix = (await actionsFor(c, uri, d)).find((a) => a.kind === 'quickfix' && a.command?.command === 'xmppE2e.server.applyFix');
    assert.ok(fix, 'the fix as a server command');
    assert.equal(fix.command.arguments[0].version, 1);
    await c.change(uri, `${c.text(uri)}\n`);
    const edits = c.appliedEdits.length;
    const refused = await c.request<any>('workspace/executeCommand', fix.command);
    assert.equal(refused.ok, false);
    assert.match(refused.reason, /changed/);
    assert.equal(c.appliedEdits.length, edits, 'nothing applied on a stale version');
    // Offered again for the current version, it applies.
    const [d2] = byCode(await c.diagnostics(uri), 'cpim.header.case');
    const fix2 = (await actionsFor(c, uri, d2)).find((a) => a.command?.command === 'xmppE2e.server.applyFix');
    const ok = await c.request<any>('workspace/executeCommand', fix2.command);
    assert.equal(ok.ok, true, JSON.stringify(ok));
    assert.equal(c.appliedEdits.length, edits + 1);
  } finally {
    await c.shutdown();
  }
});

test('unseal in place carries the document version and is refused on a stale one', async () => {
  const c = await LspTestClient.start({ pull: true, workspaceFolder: ws });
  try {
    const uri = fileUri(join(ws, 'unseal.xmpp'));
    const sealed = smimeEncrypt(peer, [peer.romeo], smimeSign(peer, peer.juliet, goodCpim()));
    await c.open(uri, 'xmpp-trace', stream(msg(sealed, 'u1')));
    await c.diagnostics(uri);
    const pos = c.positionOf(uri, '<e2e');
    const actions = await c.request<any[]>('textDocument/codeAction', { textDocument: { uri }, range: { start: pos, end: pos }, context: { diagnostics: [] } });
    const inPlace = actions.find((a) => a.title === 'Unseal Object 1 in Place');
    assert.ok(inPlace, actions.map((a) => a.title).join(' | '));
    assert.equal(inPlace.command.arguments[0].version, 1);
    await c.change(uri, `${c.text(uri)}\n`);
    const edits = c.appliedEdits.length;
    const stale = await c.request<any>('workspace/executeCommand', inPlace.command);
    assert.equal(stale.ok, false);
    assert.match(stale.reason, /changed/);
    assert.equal(c.appliedEdits.length, edits);
    assert.ok(c.messages.some((m) => /changed/.test(m.message)), 'the refusal is a showMessage, not a showMessageRequest');
    const fresh = { ...inPlace.command, arguments: [{ ...inPlace.command.arguments[0], version: c.version(uri) }] };
    const ok = await c.request<any>('workspace/executeCommand', fresh);
    assert.equal(ok.ok, true, JSON.stringify(ok));
    await new Promise((r) => setTimeout(r, 50));
    assert.match(c.text(uri), /From: <im:juliet@example\.com>/);
  } finally {
    await c.shutdown();
  }
});
