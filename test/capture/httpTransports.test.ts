// XMPP over HTTP inside hand-built captures (BOSH with Content-Length and chunked bodies, RFC 7395
// WebSocket with masking, fragmentation and permessage-deflate), and browser HAR exports.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { constants, createDeflateRaw } from 'node:zlib';
import { analyzeCapture } from '../../server/src/core/capture/analyzeCapture';
import { bytes, conversation, pcap, pcapng, records } from './buildPcap';

const HTTPBIND = "xmlns='http://jabber.org/protocol/httpbind'";

function ids(a: ReturnType<typeof analyzeCapture>): [string | undefined, string][] {
  return a.trace!.stanzas.map((s) => [s.id?.value, s.direction]);
}

describe('BOSH in a capture', () => {
  test('request (Content-Length) and response (chunked) bodies, any port, with directions and frames', () => {
    const req = `<body rid='1' sid='s' ${HTTPBIND}><message to='romeo@example.net' id='b1' xmlns='jabber:client'><body>hi</body></message></body>`;
    const res = `<body ${HTTPBIND}><message from='romeo@example.net/o' id='b2'><body>${'y'.repeat(3000)}</body></message></body>`;
    const chunked = `${(1000).toString(16)}\r\n${res.slice(0, 1000)}\r\n${(res.length - 1000).toString(16)}\r\n${res.slice(1000)}\r\n0\r\n\r\n`;
    const segs = conversation([
      { from: 'c', text: `POST /http-bind HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: text/xml\r\nContent-Length: ${Buffer.byteLength(req)}\r\n\r\n${req}` },
      { from: 's', text: `HTTP/1.1 200 OK\r\nContent-Type: text/xml\r\nTransfer-Encoding: chunked\r\n\r\n${chunked}` },
    ], 700);
    const a = analyzeCapture(pcap(records(segs), 1));
    assert.deepEqual(a.findings.map((f) => f.code), []);
    assert.deepEqual(ids(a), [['b1', 'out'], ['b2', 'in']]);
    assert.equal(a.capture.streams[0].transport, 'bosh');
    const b2 = a.trace!.stanzas[1];
    // The chunk framing is gone from the document; the stanza is whole.
    assert.ok(a.capture.text.slice(b2.element.span.start, b2.element.span.end).endsWith(`${'y'.repeat(3000)}</body></message>`));
    assert.match(a.capture.text, /<< server HTTP 200 OK {2}frames \d+-\d+/);
    assert.match(a.capture.text, />> client POST \/http-bind {2}frame/);
  });
});

function wsFrame(payload: Uint8Array, o: { opcode?: number; fin?: boolean; mask?: boolean; rsv1?: boolean } = {}): Uint8Array {
  const head = [((o.fin ?? true) ? 0x80 : 0) | (o.rsv1 ? 0x40 : 0) | (o.opcode ?? 1)];
  const m = o.mask ? 0x80 : 0;
  if (payload.length < 126) head.push(m | payload.length);
  else if (payload.length < 65536) head.push(m | 126, payload.length >> 8, payload.length & 255);
  else head.push(m | 127, 0, 0, 0, 0, (payload.length >>> 24) & 255, (payload.length >> 16) & 255, (payload.length >> 8) & 255, payload.length & 255);
  if (!o.mask) return Uint8Array.from([...head, ...payload]);
  const key = [0x37, 0xfa, 0x21, 0x3d];
  return Uint8Array.from([...head, ...key, ...payload.map((b, i) => b ^ key[i & 3])]);
}

/** A permessage-deflate sender with context takeover: each message sync-flushed, tail removed. */
function deflater() {
  const d = createDeflateRaw();
  return (text: string) =>
    new Promise<Uint8Array>((resolve) => {
      const out: Buffer[] = [];
      const on = (c: Buffer) => out.push(c);
      d.on('data', on);
      d.write(Buffer.from(text));
      d.flush(constants.Z_SYNC_FLUSH, () => {
        d.off('data', on);
        const all = Buffer.concat(out);
        resolve(all.subarray(0, all.length - 4));
      });
    });
}

describe('WebSocket in a capture', () => {
  test('RFC 7395 framing, masked and fragmented client frames, permessage-deflate with context takeover', async () => {
    const open = "<open xmlns='urn:ietf:params:xml:ns:xmpp-framing' to='example.net' version='1.0'/>";
    const w1 = `<message xmlns='jabber:client' to='juliet@example.com' id='w1'><body>${'fragmented '.repeat(40)}</body></message>`;
    const w2 = "<message xmlns='jabber:client' from='juliet@example.com/b' id='w2'><body>compressed once</body></message>";
    const w3 = "<message xmlns='jabber:client' from='juliet@example.com/b' id='w3'><body>compressed once more</body></message>";
    const c3 = "<message xmlns='jabber:client' to='juliet@example.com' id='c3'><body>client compressed</body></message>";
    const sdef = deflater();
    const cdef = deflater();
    const w1b = bytes(w1);
    const z2 = await sdef(w2);
    const z3 = await sdef(w3);
    const zc3 = await cdef(c3);
    const segs = conversation([
      { from: 'c', text: 'GET /xmpp-websocket HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Protocol: xmpp\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Extensions: permessage-deflate\r\n\r\n' },
      { from: 's', text: 'HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\nSec-WebSocket-Protocol: xmpp\r\nSec-WebSocket-Extensions: permessage-deflate\r\n\r\n' },
      { from: 'c', text: wsFrame(bytes(open), { mask: true }) },
      { from: 's', text: wsFrame(bytes(open.replace("to='example.net'", "from='example.net' id='x'"))) },
      // Three fragments, a ping between them (control frames may interleave).
      { from: 'c', text: wsFrame(w1b.subarray(0, 100), { mask: true, fin: false }) },
      { from: 'c', text: wsFrame(bytes('hb'), { mask: true, opcode: 9 }) },
      { from: 'c', text: wsFrame(w1b.subarray(100, 300), { mask: true, fin: false, opcode: 0 }) },
      { from: 'c', text: wsFrame(w1b.subarray(300), { mask: true, opcode: 0 }) },
      { from: 's', text: wsFrame(z2, { rsv1: true }) },
      { from: 's', text: wsFrame(z3, { rsv1: true }) },
      { from: 'c', text: wsFrame(zc3, { rsv1: true, mask: true }) },
      { from: 'c', text: wsFrame(bytes("<close xmlns='urn:ietf:params:xml:ns:xmpp-framing'/>"), { mask: true }) },
      { from: 'c', text: wsFrame(Uint8Array.of(3, 232), { mask: true, opcode: 8 }) },
    ], 120);
    const a = analyzeCapture(pcapng(records(segs), 1));
    assert.deepEqual(a.findings.map((f) => f.code), []);
    assert.deepEqual(ids(a), [['w1', 'out'], ['w2', 'in'], ['w3', 'in'], ['c3', 'out']]);
    assert.equal(a.capture.streams[0].transport, 'websocket');
    const text = (i: number) => a.capture.text.slice(a.trace!.stanzas[i].element.span.start, a.trace!.stanzas[i].element.span.end);
    assert.deepEqual([text(0), text(1), text(2), text(3)], [w1, w2, w3, c3]);
    // The fragmented (uncompressed) message maps each character to the frame that carried it.
    const o = a.stanzaOrigins[0];
    assert.ok(o.first!.frame! < o.last!.frame!, `w1 spans frames ${o.first?.frame}-${o.last?.frame}`);
    assert.match(a.capture.text, /<< server websocket text \(deflate\)/);
  });

  test('a deflated message that does not inflate is a finding, not a crash', () => {
    const segs = conversation([
      { from: 'c', text: 'GET /ws HTTP/1.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n' },
      { from: 's', text: 'HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nSec-WebSocket-Extensions: permessage-deflate; server_no_context_takeover\r\n\r\n' },
      { from: 's', text: wsFrame(Uint8Array.of(0xff, 0xff, 0xff, 0xff, 0x00), { rsv1: true }) },
      { from: 's', text: wsFrame(bytes("<message xmlns='jabber:client' id='ok'/>")) },
    ]);
    const a = analyzeCapture(pcap(records(segs), 1));
    assert.deepEqual(a.findings.map((f) => f.code), ['capture.ws.undecodable']);
    assert.deepEqual(ids(a), [['ok', 'in']]);
  });
});

describe('HAR files', () => {
  const t0 = Date.UTC(2026, 11, 1, 10, 0, 0);
  const har = {
    log: {
      version: '1.2',
      creator: { name: 'WebInspector', version: '537.36' },
      entries: [
        { startedDateTime: new Date(t0).toISOString(), time: 12, request: { method: 'GET', url: 'https://example.com/index.html', headers: [] }, response: { status: 200, content: { mimeType: 'text/html', text: '<html></html>' } } },
        {
          startedDateTime: new Date(t0 + 1000).toISOString(),
          time: 5,
          request: { method: 'GET', url: 'wss://example.com/xmpp-websocket', headers: [] },
          response: { status: 101, content: {} },
          _resourceType: 'websocket',
          _webSocketMessages: [
            { type: 'send', time: (t0 + 1100) / 1000, opcode: 1, data: "<open xmlns='urn:ietf:params:xml:ns:xmpp-framing' to='example.com' version='1.0'/>" },
            { type: 'receive', time: (t0 + 1150) / 1000, opcode: 1, data: "<open xmlns='urn:ietf:params:xml:ns:xmpp-framing' from='example.com' id='i' version='1.0'/>" },
            { type: 'receive', time: (t0 + 1200.5) / 1000, opcode: 1, data: "<message xmlns='jabber:client' from='romeo@example.net/o' id='h1'><body>in</body></message>" },
            { type: 'send', time: (t0 + 1300) / 1000, opcode: 2, data: Buffer.from("<message xmlns='jabber:client' to='romeo@example.net' id='h2'><body>out</body></message>").toString('base64') },
          ],
        },
        {
          startedDateTime: new Date(t0 + 2000).toISOString(),
          time: 250,
          request: { method: 'POST', url: 'https://example.com/http-bind', headers: [], postData: { mimeType: 'text/xml', text: `<body rid='2' sid='s' ${HTTPBIND}><message to='romeo@example.net' id='h3'/></body>` } },
          response: { status: 200, content: { mimeType: 'text/xml', encoding: 'base64', text: Buffer.from(`<body ${HTTPBIND}><message from='romeo@example.net/o' id='h4'/></body>`).toString('base64') } },
        },
      ],
    },
  };

  test("Chromium's _webSocketMessages and BOSH POST bodies with their responses: directions, times, entries", () => {
    const a = analyzeCapture(bytes(JSON.stringify(har, null, 2)));
    assert.deepEqual(a.findings.map((f) => f.code), []);
    assert.equal(a.dialect, 'har');
    assert.deepEqual(ids(a), [['h1', 'in'], ['h2', 'out'], ['h3', 'out'], ['h4', 'in']]);
    assert.deepEqual(a.stanzaOrigins.map((o) => o.first?.label), ['entry:2/message:3', 'entry:2/message:4', 'entry:3', 'entry:3']);
    assert.deepEqual(a.trace!.stanzas.map((s) => s.time?.epochMs), [t0 + 1200.5, t0 + 1300, t0 + 2000, t0 + 2250]);
    assert.deepEqual(a.capture.streams.map((s) => s.transport), ['websocket', 'bosh']);
  });

  test('a HAR that is not JSON, or has no entries, is a finding', () => {
    assert.deepEqual(analyzeCapture(bytes('{"log": {"entries": [')).findings.map((f) => f.code), ['capture.file.unreadable']);
    assert.deepEqual(analyzeCapture(bytes('{"log": {}}')).findings.map((f) => f.code), ['capture.file.unreadable']);
    assert.deepEqual(analyzeCapture(bytes(JSON.stringify({ log: { entries: [har.log.entries[0]] } }))).findings.map((f) => f.code), ['capture.xmpp.none']);
  });
});
