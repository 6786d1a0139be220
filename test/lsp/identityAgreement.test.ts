// Regression (issue #11): the hover on a CPIM address and the diagnostics agree on identities,
// because both use the core's one JID comparison (trailing dot, case, resource, im:/pres: URIs).
// Objects are signed by OpenSSL at test time; the bundled server is driven over stdio.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { LspTestClient, fileUri } from './lspClient';
import { makePeer, smimeSign, stanza, stream, type Peer } from '../e2e/opensslStanzas';

let peer: Peer;

const now = () => new Date().toISOString().replace(/\.\d+Z$/, 'Z');
const cpim = (from: string, to: string) =>
  `Content-Type: Message/CPIM\r\n\r\nFrom: <${from}>\r\nTo: <${to}>\r\nDateTime: ${now()}\r\n\r\nContent-Type: text/plain\r\n\r\nhi\r\n`;

before(() => {
  peer = makePeer();
});
after(() => rmSync(peer.ws.dir, { recursive: true, force: true }));

// [stanza from, stanza to, CPIM From, CPIM To, same?]
const CASES: [string, string, string, string, boolean][] = [
  ['juliet@example.com./balcony', 'romeo@example.net', 'im:juliet@example.com', 'im:romeo@example.net', true],
  ['Juliet@Example.COM/balcony', 'romeo@example.net.', 'im:juliet@example.com', 'pres:Romeo@example.net', true],
  ['juliet@example.com/balcony', 'romeo@example.net', 'im:mallory@example.org', 'im:someone@example.org', false],
];

test('hover on CPIM From/To says "same" exactly when no e2e.inner.identityMismatch is reported there', async () => {
  const c = await LspTestClient.start({ pull: true });
  try {
    for (const [i, [from, to, cFrom, cTo, same]] of CASES.entries()) {
      const uri = `untitled:identity-${i}.xmpp`;
      const object = smimeSign(peer, peer.juliet, cpim(cFrom, cTo));
      await c.open(uri, 'xmpp-trace', stream(stanza('message', { from, to, id: `m${i}`, type: 'chat' }, object)));
      const diags = await c.diagnostics(uri);
      for (const header of ['From', 'To']) {
        const pos = c.positionOf(uri, `${header}: <`, 2);
        const hover = await c.request<any>('textDocument/hover', { textDocument: { uri }, position: pos });
        const text = String(hover?.contents?.value ?? '');
        assert.match(text, new RegExp(`CPIM ${header}`), `case ${i} ${header}: ${text}`);
        const mismatch = diags.some((d) => d.code === 'e2e.inner.identityMismatch' && d.range.start.line === pos.line);
        assert.equal(mismatch, !same, `case ${i} ${header}: diagnostics ${JSON.stringify(diags.map((d) => d.code))}`);
        if (same) assert.match(text, /✔ same bare JID/, `case ${i} ${header}: ${text}`);
        else assert.match(text, /✖ differs/, `case ${i} ${header}: ${text}`);
      }
    }
  } finally {
    await c.shutdown();
  }
});

test('the stanza from hover gives the normalised bare JID the checks compare', async () => {
  const c = await LspTestClient.start({ pull: true });
  try {
    const uri = 'untitled:bare.xmpp';
    await c.open(uri, 'xmpp-trace', stream(stanza('message', { from: 'Juliet@Example.COM./balcony', to: 'romeo@example.net', id: 'b1' }, smimeSign(peer, peer.juliet, cpim('im:juliet@example.com', 'im:romeo@example.net')))));
    await c.diagnostics(uri);
    const hover = await c.request<any>('textDocument/hover', { textDocument: { uri }, position: c.positionOf(uri, 'Juliet@', 1) });
    assert.match(hover.contents.value, /bare JID: `juliet@example\.com`/);
    assert.match(hover.contents.value, /resource: `balcony`/);
  } finally {
    await c.shutdown();
  }
});
