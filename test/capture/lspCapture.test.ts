// The language server's capture requests, driven over stdio like an editor: the read-only
// document of a pcapng's reassembled streams with its diagnostics, and "reveal packet" from a
// position in it to Wireshark's frame number.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LspTestClient, fileUri } from '../lsp/lspClient';
import type { CaptureDocumentResult, RevealPacketResult } from '../../server/src/protocol/captureRequests';
import { conversation, pcapng, records } from './buildPcap';

let c: LspTestClient;
let dir: string;
before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'xmpp-e2e-caplsp-'));
  c = await LspTestClient.start({ pull: true, workspaceFolder: dir });
});
after(async () => {
  await c.shutdown();
  rmSync(dir, { recursive: true, force: true });
});

test('captureDocument: the reassembled streams, their diagnostics; revealPacket: the frame of a position', async () => {
  const segs = conversation([
    { from: 'c', text: "<?xml version='1.0'?><stream:stream to='example.com' xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' version='1.0'>" },
    { from: 's', text: "<stream:stream from='example.com' id='s' xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' version='1.0'>" },
    { from: 'c', text: `<message to='romeo@example.net' id='m'><body>${'long '.repeat(400)} &amp &</body></message>` },
  ], 500);
  const file = join(dir, 'c2s.pcapng');
  writeFileSync(file, pcapng(records(segs), 1));
  const bad = segs.findIndex((s) => Buffer.from(s.data).includes('&amp &')) + 1;
  const r = await c.request<CaptureDocumentResult>('xmppE2e/captureDocument', { uri: fileUri(file) });
  assert.equal(r.format, 'pcapng');
  assert.match(r.text, /## tcp\.stream 0: 127\.0\.0\.1:41234 \(client\) -> 127\.0\.0\.1:15222 \(server\), XMPP over TCP/);
  assert.deepEqual(r.stanzas.map((s) => [s.direction, s.lastFrame]), [['client-to-server', segs.length]]);
  const d = r.diagnostics.find((x) => x.code === 'xml.malformed');
  assert.ok(d, JSON.stringify(r.diagnostics));
  const p = await c.request<RevealPacketResult>('xmppE2e/revealPacket', { uri: fileUri(file), position: d.range.start });
  assert.deepEqual(p, { label: `frame:${bad}`, frame: bad, displayFilter: `frame.number == ${bad}` });
  // A file that is not there: no answer, and the server keeps serving.
  assert.equal(await c.request('xmppE2e/captureDocument', { uri: fileUri(join(dir, 'none.pcap')) }), null);
  assert.ok(await c.request<CaptureDocumentResult>('xmppE2e/captureDocument', { uri: fileUri(file) }));
});
