// The server on objects made by OpenSSL (not by our own sealer): push diagnostics (a client
// without pull support), per-code severity overrides from workspace/configuration, the
// e2e.jid.mismatch contract on a forwarded object, and Restricted Mode.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import { LspTestClient, fileUri } from './lspClient';

let ws: string;
let trace: string;

function openssl(args: string[], cwd: string, input?: string): string {
  return execFileSync('openssl', args, { cwd, input, encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'] });
}

function makeSignedObject(dir: string): string {
  writeFileSync(join(dir, 'ee.cnf'), '[ee]\nbasicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature,keyEncipherment\nsubjectAltName=otherName:1.3.6.1.5.5.7.8.5;UTF8:juliet@example.com\n');
  openssl(['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'ca.key', '-out', 'ca.crt', '-subj', '/CN=Test CA', '-days', '30',
    '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign'], dir);
  openssl(['req', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'juliet.key', '-out', 'juliet.csr', '-subj', '/CN=Juliet'], dir);
  openssl(['x509', '-req', '-in', 'juliet.csr', '-CA', 'ca.crt', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'juliet.crt', '-days', '30', '-extfile', 'ee.cnf', '-extensions', 'ee'], dir);
  const now = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
  const cpim = `Content-type: Message/CPIM\r\n\r\nFrom: <im:juliet@example.com>\r\nTo: <im:romeo@example.net>\r\nDateTime: ${now}\r\n\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nhello from openssl\r\n`;
  writeFileSync(join(dir, 'cpim.txt'), cpim);
  const smime = openssl(['cms', '-sign', '-in', 'cpim.txt', '-signer', 'juliet.crt', '-inkey', 'juliet.key', '-md', 'sha256', '-binary'], dir);
  // The <e2e/> carries the MIME entity: drop the mail-only header and preamble.
  return smime.replace(/^MIME-Version: 1\.0\r?\n/, '').replace(/\r?\n\r?\nThis is an S\/MIME signed message\r?\n/, '\r\n\r\n');
}

before(() => {
  ws = mkdtempSync(join(tmpdir(), 'xmpp-e2e-openssl-'));
  const keys = join(ws, 'keys');
  mkdirSync(keys);
  const obj = makeSignedObject(keys);
  mkdirSync(join(ws, '.xmpp-e2e', 'trust'), { recursive: true });
  writeFileSync(join(ws, '.xmpp-e2e', 'trust', 'ca.crt'), readFileSync(join(keys, 'ca.crt')));
  const e2e = `<e2e xmlns='urn:ietf:params:xml:ns:xmpp-e2e'><![CDATA[\n${obj}]]></e2e>`;
  trace = [
    `<message from='juliet@example.com/balcony' to='romeo@example.net' id='a1' type='chat'>${e2e}</message>`,
    `<message from='mallory@evil.example/pc' to='romeo@example.net' id='a2' type='chat'>${e2e}</message>`,
    '',
  ].join('\n');
});

after(() => rmSync(ws, { recursive: true, force: true }));

function inLines(diags: Diagnostic[], from: number, to: number): Diagnostic[] {
  return diags.filter((d) => d.range.start.line >= from && d.range.start.line <= to);
}

test('push diagnostics: a clean OpenSSL-signed stanza has no error, the forwarded copy has e2e.jid.mismatch', async () => {
  const c = await LspTestClient.start({ pull: false, workspaceFolder: ws });
  try {
    assert.equal(c.initializeResult.capabilities.diagnosticProvider, undefined, 'no pull without client support');
    const uri = fileUri(join(ws, 'openssl.xmpp'));
    await c.open(uri, 'xmpp-trace', trace);
    const diags = await c.diagnostics(uri);
    const secondLine = c.positionOf(uri, "id='a2'").line;
    const firstErrors = inLines(diags, 0, secondLine - 1).filter((d) => d.severity === 1);
    assert.deepEqual(firstErrors.map((d) => `${d.code}: ${d.message}`), []);
    const mismatch = inLines(diags, secondLine, Number.MAX_SAFE_INTEGER).find((d) => d.code === 'e2e.jid.mismatch');
    assert.ok(mismatch, JSON.stringify(diags.map((d) => d.code)));
    assert.equal(mismatch.severity, 1);
    const lenses = await c.request<any[]>('textDocument/codeLens', { textDocument: { uri } });
    assert.match(lenses[0].command.title, /^✔ signed by juliet@example\.com · trusted/);
    assert.match(lenses[1].command.title, /^✖ /);
    const cert = await c.request<any>('xmppE2e/certificate', { uri, objectIndex: 0 });
    assert.equal(cert.ok, true, JSON.stringify(cert));
    const b64 = (pem: string) => pem.replace(/-----[^-]+-----|\s/g, '');
    assert.equal(b64(cert.pem), b64(readFileSync(join(ws, 'keys', 'juliet.crt'), 'utf8')), 'the embedded certificate, byte for byte');
    assert.match(cert.details, /XmppAddr:\s+juliet@example\.com/);
    const hover = await c.request<any>('textDocument/hover', { textDocument: { uri }, position: c.positionOf(uri, 'mallory', 1) });
    assert.match(hover.contents.value, /not in the signer certificate/);
    assert.match(hover.contents.value, /juliet@example\.com/);
  } finally {
    assert.equal(await c.shutdown(), 0);
  }
});

test('severity overrides from workspace/configuration: a new level, and off', async () => {
  const c = await LspTestClient.start({
    pull: true,
    configuration: true,
    workspaceFolder: ws,
    settings: { severity: { 'e2e.jid.mismatch': 'hint', 'xml.malformed': 'off' } },
  });
  try {
    const uri = fileUri(join(ws, 'overrides.xmpp'));
    await c.open(uri, 'xmpp-trace', `${trace}<message to='x@example.com'><body>bad</bodx></message>\n`);
    const diags = await c.diagnostics(uri);
    assert.equal(diags.filter((d) => d.code === 'xml.malformed').length, 0, 'off silences the code');
    const mismatch = diags.find((d) => d.code === 'e2e.jid.mismatch');
    assert.equal(mismatch?.severity, 4);
  } finally {
    assert.equal(await c.shutdown(), 0);
  }
});

test('Restricted Mode: structure and verification of embedded certificates work, keys and sealing do not', async () => {
  const c = await LspTestClient.start({ pull: true, workspaceFolder: ws, initializationOptions: { trusted: false } });
  try {
    const uri = fileUri(join(ws, 'restricted.xmpp'));
    await c.open(uri, 'xmpp-trace', `${trace}<message from='juliet@example.com/balcony' to='romeo@example.net' id='p1'><body>plain</body></message>\n`);
    const symbols = await c.request<any[]>('textDocument/documentSymbol', { textDocument: { uri } });
    assert.equal(symbols.length, 3);
    const lenses = await c.request<any[]>('textDocument/codeLens', { textDocument: { uri } });
    assert.doesNotMatch(lenses[0].command.title, /· trusted/, 'no trust anchors are loaded');
    const pos = c.positionOf(uri, "id='p1'");
    const actions = await c.request<any[]>('textDocument/codeAction', { textDocument: { uri }, range: { start: pos, end: pos }, context: { diagnostics: [] } });
    const sign = actions.find((a) => a.title === 'Seal: Sign');
    assert.match(sign?.disabled?.reason ?? '', /untrusted workspace/);
    const r = await c.request<any>('workspace/executeCommand', sign.command);
    assert.equal(r.ok, false);
    assert.match(r.reason, /Restricted Mode/);
    await c.conn.sendNotification('xmppE2e/workspaceTrust', { trusted: true });
    const after = await c.request<any[]>('textDocument/codeLens', { textDocument: { uri } });
    assert.match(after[0].command.title, /· trusted/, 'granting trust loads the trust anchors');
  } finally {
    assert.equal(await c.shutdown(), 0);
  }
});

test('a trust anchor added later (watched file change) re-validates the trace', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'xmpp-e2e-watch-'));
  try {
    const c = await LspTestClient.start({ pull: true, workspaceFolder: dir });
    try {
      const uri = fileUri(join(dir, 'w.xmpp'));
      await c.open(uri, 'xmpp-trace', trace);
      const before = await c.request<any[]>('textDocument/codeLens', { textDocument: { uri } });
      assert.doesNotMatch(before[0].command.title, /· trusted/);
      const anchor = join(dir, '.xmpp-e2e', 'trust', 'ca.crt');
      mkdirSync(join(dir, '.xmpp-e2e', 'trust'), { recursive: true });
      writeFileSync(anchor, readFileSync(join(ws, '.xmpp-e2e', 'trust', 'ca.crt')));
      await c.conn.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: fileUri(anchor), type: 1 }] });
      const after = await c.request<any[]>('textDocument/codeLens', { textDocument: { uri } });
      assert.match(after[0].command.title, /· trusted/);
    } finally {
      assert.equal(await c.shutdown(), 0);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('an encrypted key file opens with the passphrase the client sends sealed; it never appears in logs', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'xmpp-e2e-pass-'));
  const secret = 'correct horse 7f3a';
  try {
    const keys = join(dir, '.xmpp-e2e');
    mkdirSync(keys);
    openssl(['req', '-x509', '-newkey', 'rsa:2048', '-keyout', 'romeo.key', '-passout', `pass:${secret}`, '-out', 'romeo.crt', '-subj', '/CN=Romeo', '-days', '30', '-addext', 'subjectAltName=otherName:1.3.6.1.5.5.7.8.5;UTF8:romeo@example.net'], keys);
    writeFileSync(join(dir, 'cpim.txt'), `Content-type: Message/CPIM\r\n\r\nFrom: <im:juliet@example.com>\r\nTo: <im:romeo@example.net>\r\nDateTime: ${new Date().toISOString().replace(/\.\d+Z$/, 'Z')}\r\n\r\nContent-Type: text/plain\r\n\r\nfor romeo only\r\n`);
    const enc = openssl(['cms', '-encrypt', '-in', 'cpim.txt', '-aes128', '-binary', join(keys, 'romeo.crt')], dir).replace(/^MIME-Version: 1\.0\r?\n/, '');
    const text = `<message from='juliet@example.com/balcony' to='romeo@example.net' id='e1'><e2e xmlns='urn:ietf:params:xml:ns:xmpp-e2e'><![CDATA[\n${enc}]]></e2e></message>\n`;
    const c = await LspTestClient.start({ pull: true, workspaceFolder: dir, initializationOptions: { passphrases: true }, passphrase: () => secret });
    try {
      const uri = fileUri(join(dir, 'enc.xmpp'));
      await c.open(uri, 'xmpp-trace', text);
      const lenses = await c.request<any[]>('textDocument/codeLens', { textDocument: { uri } });
      assert.ok(c.passphraseRequests.some((r) => r.path.endsWith('romeo.key')), JSON.stringify(c.passphraseRequests));
      // Opened with the workspace key, no signature inside: decrypted (not failed), and said so.
      assert.match(lenses[0].command.title, /^🔓 decrypted, not signed · 🔒 encrypted for romeo@example\.net \(key in workspace\)/);
      const view = await c.request<any>('xmppE2e/decodedView', { uri, objectIndex: 0 });
      assert.match(view.text, /for romeo only/);
      const hover = await c.request<any>('textDocument/hover', { textDocument: { uri }, position: c.positionOf(uri, '<e2e', 1) });
      assert.match(hover.contents.value, /opened with a workspace key/);
    } finally {
      assert.equal(await c.shutdown(), 0);
      const everything = [...c.logs, ...c.stderr].join('\n');
      assert.ok(!everything.includes(secret), 'the passphrase leaked into a log');
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
