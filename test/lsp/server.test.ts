// The bundled language server (dist/server.js --stdio) driven like an editor: a workspace whose
// test identities are generated at test time (through the server's keygen request), traces
// sealed through code actions, then diagnostics, hovers, lenses, outline, folding, navigation,
// custom requests, garbage edits and shutdown.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LspTestClient, fileUri } from './lspClient';

const PLAIN = [
  `<message from='juliet@example.com/balcony' to='romeo@example.net' id='m1' type='chat'><body>Wherefore art thou?</body></message>`,
  `<message from='juliet@example.com/balcony' to='romeo@example.net' id='m2' type='chat'><body>a secret</body></message>`,
  `<iq type='get' id='v1' from='juliet@example.com/balcony' to='example.com'><query xmlns='jabber:iq:version'/></iq>`,
  `<iq type='result' id='v1' from='example.com' to='juliet@example.com/balcony'/>`,
  '',
].join('\n');

let ws: string;
let c: LspTestClient;
let uri: string;

async function actionsAt(needle: string, diagnostics: unknown[] = []) {
  const pos = c.positionOf(uri, needle);
  return c.request<any[]>('textDocument/codeAction', { textDocument: { uri }, range: { start: pos, end: pos }, context: { diagnostics } });
}

async function seal(needle: string, title: string) {
  const action = (await actionsAt(needle)).find((a) => a.title === title);
  assert.ok(action, `no '${title}' action at ${needle}`);
  const edits = c.appliedEdits.length;
  const r = await c.request<any>('workspace/executeCommand', action.command);
  assert.equal(r?.ok, true, JSON.stringify(r));
  assert.equal(c.appliedEdits.length, edits + 1, 'the seal is one workspace edit');
}

before(async () => {
  ws = mkdtempSync(join(tmpdir(), 'xmpp-e2e-lsp-'));
  c = await LspTestClient.start({ pull: true, workspaceFolder: ws });
  const gen = await c.request<any>('xmppE2e/generateIdentities', { jids: ['juliet@example.com', 'romeo@example.net'], folderPath: join(ws, '.xmpp-e2e') });
  assert.equal(gen.ok, true, JSON.stringify(gen));
  uri = fileUri(join(ws, 'trace.xmpp'));
  await c.open(uri, 'xmpp-trace', PLAIN);
});

after(async () => {
  const code = await c.shutdown();
  rmSync(ws, { recursive: true, force: true });
  assert.equal(code, 0, 'the server exits cleanly after shutdown/exit');
});

test('initialize advertises the features and the server-side commands', () => {
  const caps = c.initializeResult.capabilities;
  for (const k of ['hoverProvider', 'codeLensProvider', 'documentSymbolProvider', 'foldingRangeProvider', 'definitionProvider', 'codeActionProvider', 'diagnosticProvider']) {
    assert.ok(caps[k], `missing ${k}`);
  }
  assert.ok(caps.executeCommandProvider.commands.includes('xmppE2e.server.seal'));
});

test('generated identities are written with private keys, no secret in the reply', () => {
  const files = readdirSync(join(ws, '.xmpp-e2e'), { recursive: true }).map(String);
  assert.ok(files.some((f) => f.endsWith('.key')), files.join(','));
  assert.ok(files.some((f) => f.startsWith('trust')), files.join(','));
});

test('seal actions are offered on a plain stanza and sealing gives a clean, verified trace', async () => {
  const titles = (await actionsAt("id='m1'")).map((a) => a.title);
  for (const t of ['Seal: Sign', 'Seal: Encrypt', 'Seal: Sign and Encrypt']) assert.ok(titles.includes(t), titles.join(' | '));
  await seal("id='m1'", 'Seal: Sign');
  await seal("id='m2'", 'Seal: Sign and Encrypt');
  assert.equal((c.text(uri).match(/urn:ietf:params:xml:ns:xmpp-e2e/g) ?? []).length, 2);
  const diags = await c.diagnostics(uri);
  const errors = diags.filter((d) => d.severity === 1);
  assert.deepEqual(errors.map((d) => `${d.code}: ${d.message}`), []);
  for (const d of diags) assert.equal(d.source, 'xmpp-e2e');
});

test('code lenses give a one-line verdict per object, opening the decoded view', async () => {
  const lenses = await c.request<any[]>('textDocument/codeLens', { textDocument: { uri } });
  assert.equal(lenses.length, 2);
  assert.match(lenses[0].command.title, /^✔ signed by juliet@example\.com · trusted/);
  assert.match(lenses[1].command.title, /^🔒 encrypted for romeo@example\.net \(key in workspace\) · ✔ signed by juliet@example\.com/);
  // This client did not say it implements the extension's commands: the lens runs on the server.
  assert.equal(lenses[0].command.command, 'xmppE2e.server.openDecodedObject');
  assert.deepEqual(lenses[1].command.arguments, [{ uri, objectIndex: 1 }]);
});

test('hover on <e2e/> shows the signer, also inside the encrypted object opened with the workspace key', async () => {
  const first = c.offsetOf(uri, '<e2e');
  const second = c.offsetOf(uri, '<e2e', first + 1);
  const h1 = await c.request<any>('textDocument/hover', { textDocument: { uri }, position: c.positionOf(uri, '<e2e', 1) });
  assert.match(h1.contents.value, /juliet@example\.com/);
  assert.match(h1.contents.value, /signature: ✔ valid/);
  const pos2 = c.positionOf(uri, 'e2e', second - first + 1);
  const h2 = await c.request<any>('textDocument/hover', { textDocument: { uri }, position: pos2 });
  assert.match(h2.contents.value, /Recipients/);
  assert.match(h2.contents.value, /romeo@example\.net/);
  assert.match(h2.contents.value, /Signer 1: juliet@example\.com/);
});

test('hover on the sender JID says whether the signer certificate binds it', async () => {
  const h = await c.request<any>('textDocument/hover', { textDocument: { uri }, position: c.positionOf(uri, 'juliet@example.com/balcony', 2) });
  assert.match(h.contents.value, /bare JID: `juliet@example\.com`/);
  assert.match(h.contents.value, /bound by the signer certificate/);
});

test('hover inside the object text: the CPIM DateTime against "now", the CPIM From against the stanza', async () => {
  const dt = await c.request<any>('textDocument/hover', { textDocument: { uri }, position: c.positionOf(uri, 'DateTime:', 2) });
  assert.match(dt.contents.value, /CPIM DateTime/);
  assert.match(dt.contents.value, /"now" here: .* \(clock\)/);
  const from = await c.request<any>('textDocument/hover', { textDocument: { uri }, position: c.positionOf(uri, 'From: <im:', 1) });
  assert.match(from.contents.value, /CPIM From/);
  assert.match(from.contents.value, /same bare JID/);
});

test('outline: one symbol per stanza with direction, kind, route, id and the e2e mark; folding per stanza and CDATA', async () => {
  const symbols = await c.request<any[]>('textDocument/documentSymbol', { textDocument: { uri } });
  assert.equal(symbols.length, 4);
  assert.match(symbols[0].name, /message \(chat\) juliet@example\.com\/balcony → romeo@example\.net/);
  assert.match(symbols[0].detail, /id=m1/);
  assert.match(symbols[0].detail, /e2e ✔/);
  assert.match(symbols[2].name, /iq \(get\)/);
  const folds = await c.request<any[]>('textDocument/foldingRange', { textDocument: { uri } });
  assert.ok(folds.some((f) => f.kind === 'region'), 'a CDATA block folds');
  assert.ok(folds.length >= 4, JSON.stringify(folds));
});

test('go to definition pairs an iq request with its response and back', async () => {
  const [toAnswer] = await c.request<any[]>('textDocument/definition', { textDocument: { uri }, position: c.positionOf(uri, "<iq type='get'", 2) });
  const answerLine = c.positionOf(uri, "<iq type='result'").line;
  assert.equal(toAnswer.range.start.line, answerLine);
  const [back] = await c.request<any[]>('textDocument/definition', { textDocument: { uri }, position: c.positionOf(uri, "<iq type='result'", 2) });
  assert.equal(back.range.start.line, c.positionOf(uri, "<iq type='get'").line);
});

test('custom requests: decoded view, certificate, unseal, export, wrap, status', async () => {
  const view = await c.request<any>('xmppE2e/decodedView', { uri, objectIndex: 1 });
  assert.match(view.text, /juliet@example\.com/);
  const cert = await c.request<any>('xmppE2e/certificate', { uri, objectIndex: 0 });
  assert.equal(cert.ok, true, JSON.stringify(cert));
  assert.match(cert.pem, /BEGIN CERTIFICATE/);
  const un = await c.request<any>('xmppE2e/unseal', { uri, objectIndex: 1 });
  assert.equal(un.ok, true, JSON.stringify(un));
  assert.match(un.plaintext, /a secret/);
  const ex = await c.request<any>('xmppE2e/exportObject', { uri, objectIndex: 0 });
  assert.equal(ex.ok, true);
  assert.match(ex.mime, /^Content-Type: multipart\/signed/i);
  assert.match(ex.mime, /\r\n/);
  const wrap = await c.request<any>('xmppE2e/wrapObject', { mime: ex.mime, to: 'romeo@example.net', from: 'juliet@example.com' });
  assert.equal(wrap.ok, true);
  assert.match(wrap.xml, /<e2e xmlns='urn:ietf:params:xml:ns:xmpp-e2e'><!\[CDATA\[/);
  const status = await c.request<any>('xmppE2e/status', { uri });
  assert.equal(status.total, 2);
  assert.equal(status.verified, 2);
  const at = await c.request<any>('xmppE2e/objectAt', { uri, position: c.positionOf(uri, "id='m2'") });
  assert.equal(at.objectIndex, 1);
});

test('a sender the certificate does not bind gives e2e.jid.mismatch, with a silence action', async () => {
  const before = c.text(uri);
  await c.change(uri, before.replace("from='juliet@example.com/balcony' to='romeo@example.net' id='m1'", "from='mallory@evil.example/x' to='romeo@example.net' id='m1'"));
  const diags = await c.diagnostics(uri);
  const mismatch = diags.find((d) => d.code === 'e2e.jid.mismatch');
  assert.ok(mismatch, JSON.stringify(diags.map((d) => d.code)));
  assert.equal(mismatch.severity, 1);
  const lenses = await c.request<any[]>('textDocument/codeLens', { textDocument: { uri } });
  assert.match(lenses[0].command.title, /^✖/);
  const actions = await c.request<any[]>('textDocument/codeAction', { textDocument: { uri }, range: mismatch.range, context: { diagnostics: [mismatch] } });
  assert.ok(actions.some((a) => a.title === 'Silence e2e.jid.mismatch in settings' && a.command.arguments[0] === 'e2e.jid.mismatch'));
  assert.ok(actions.some((a) => /Open Decoded Object/.test(a.title)));
  await c.change(uri, before);
  assert.equal((await c.diagnostics(uri)).filter((d) => d.code === 'e2e.jid.mismatch').length, 0);
});

test('garbage edits never stop the server from answering', async () => {
  const valid = c.text(uri);
  const garbage = [
    '\u0000\u0001<<<>>>]]><![CDATA[',
    '<message><e2e xmlns="urn:ietf:params:xml:ns:xmpp-e2e"><![CDATA[Content-Type: multipart/signed; boundary=x\n--x\n',
    '<'.repeat(5000),
    valid.slice(0, Math.floor(valid.length / 2)),
    '<iq id="1" type="get">'.repeat(300),
    '\uD800\uDFFF\uFFFE &#0; &bogus; <a xmlns:="">',
  ];
  for (const g of garbage) {
    await c.change(uri, g);
    const diags = await c.diagnostics(uri);
    assert.ok(Array.isArray(diags));
    const symbols = await c.request('textDocument/documentSymbol', { textDocument: { uri } });
    assert.ok(Array.isArray(symbols));
    await c.request('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 3 } });
    assert.ok(Array.isArray(await c.request('textDocument/codeLens', { textDocument: { uri } })));
    assert.ok(Array.isArray(await c.request('textDocument/foldingRange', { textDocument: { uri } })));
  }
  await c.change(uri, `<message to='romeo@example.net'><body>x</bodyy></message>\n`);
  const diags = await c.diagnostics(uri);
  assert.ok(diags.some((d) => d.code === 'xml.malformed'), JSON.stringify(diags));
  assert.equal(c.child.exitCode, null, 'still running');
  await c.change(uri, valid);
});

test('a newer version overtakes the analysis of a large one: both requests answer for the newest text', async () => {
  const before = c.text(uri);
  // ~1.5 MB of stanzas: its analysis runs in steps that let the newer version in.
  const big = PLAIN.repeat(5000) + "<message to='romeo@example.net'><body>old</bodyy></message>\n";
  await c.change(uri, big);
  const first = c.request<{ items: { code: string; range: { start: { line: number } } }[] }>('textDocument/diagnostic', { textDocument: { uri } });
  const small = "<presence to='romeo@example.net'><status>new</statuss></presence>\n";
  await c.change(uri, small);
  const second = c.request<{ items: { code: string; range: { start: { line: number } } }[] }>('textDocument/diagnostic', { textDocument: { uri } });
  for (const r of await Promise.all([first, second])) {
    const malformed = r.items.filter((d) => d.code === 'xml.malformed');
    assert.equal(malformed.length, 1, JSON.stringify(r.items));
    assert.equal(malformed[0].range.start.line, 0, 'the fault of the newest (one-line) version');
  }
  await c.change(uri, before);
});
