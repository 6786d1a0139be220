// A server's log in the editor: hover and outline name each stanza's stream (connection), as the
// ejabberd 23.01 debug log names it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LspTestClient, fileUri } from './lspClient';

const LOG =
  `2026-12-01 09:27:33.603826+00:00 [notice] <0.488.0> (tcp|<0.488.0>) Received XML on stream = <<"<message to='romeo@example.com/r' type='chat' id='x1'><body>hi</body></message>">>\n` +
  `2026-12-01 09:27:33.612952+00:00 [notice] <0.485.0> (tcp|<0.485.0>) Send XML on stream = <<"<message xml:lang='en' to='romeo@example.com/r' from='juliet@example.com/b' type='chat' id='x1'><body>hi</body></message>">>\n`;

let ws: string;
let c: LspTestClient;
let uri: string;

before(async () => {
  ws = mkdtempSync(join(tmpdir(), 'xmpp-e2e-lsp-stream-'));
  c = await LspTestClient.start({ pull: true, workspaceFolder: ws });
  uri = fileUri(join(ws, 'ejabberd.log'));
  await c.open(uri, 'xmpp-trace', LOG);
});

after(async () => {
  await c.shutdown();
  rmSync(ws, { recursive: true, force: true });
});

test('hover on a stanza names its stream and the server vantage', async () => {
  const h = await c.request<any>('textDocument/hover', { textDocument: { uri }, position: c.positionOf(uri, "message xml:lang", 1) });
  assert.match(h.contents.value, /stream: `<0\.485\.0>`/);
  assert.match(h.contents.value, /server log/);
});

test('the outline shows each stanza\'s stream', async () => {
  const symbols = await c.request<any[]>('textDocument/documentSymbol', { textDocument: { uri } });
  const details = symbols.filter((s) => /message/.test(s.name)).map((s) => s.detail);
  assert.equal(details.length, 2);
  assert.match(details[0], /\[<0\.488\.0>\]/);
  assert.match(details[1], /\[<0\.485\.0>\]/);
});
