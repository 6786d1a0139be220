// Real captures: `tcpdump -i lo` records a real Prosody (plaintext c2s, mod_bosh, mod_websocket)
// while real clients exchange objects that OpenSSL sealed at test time: slixmpp over TCP,
// @xmpp/client over WebSocket, a BOSH client over HTTP. Asserted against the ground truth this
// test wrote: every stanza framed on both the sender's and the recipient's connection, the
// expected findings and no other, and frames numbered as tshark numbers them.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { analyzeCapture, type CaptureAnalysis } from '../../server/src/core/capture/analyzeCapture';
import { ruleFor } from '../../server/src/core/rules';
import { cpim, makePeer, romeoKeys, smimeEncrypt, smimeSign, stanza, type Peer } from '../e2e/opensslStanzas';
import { tempDir, type TestBed } from '../keys/testBed';
import { boshSend, missingTools, slixmppClient, startProsody, startTcpdump, waitFor, xmppjsClient, type Prosody } from './liveCapture';

const skip = missingTools();
const JULIET = 'juliet@example.com';
const ROMEO = 'romeo@example.net';
const PASSWORD = 'capture-test-pw';

interface Sent {
  id: string;
  /** Frames of the sender's connection and of the recipient's. */
  by: 'juliet-tcp' | 'juliet-bosh' | 'romeo-ws';
  to: 'juliet-tcp' | 'romeo-ws';
  /** Error-level codes the object must get (once per connection it is seen on). */
  expect: string[];
}

describe('real captures of Prosody with slixmpp, @xmpp/client (WebSocket) and BOSH', { skip }, () => {
  let bed: TestBed;
  let peer: Peer;
  let prosody: Prosody | undefined;
  let pcapFile: string;
  let a: CaptureAnalysis;
  const sent: Sent[] = [];

  before(async () => {
    bed = tempDir('capture');
    peer = makePeer();
    const T = Date.now() + 1000;
    // A conforming sender's timestamps strictly increase (RFC 3923 §6.9, E2E-29): 1 ms apart.
    let tick = 0;
    const iso = () => new Date(T + tick++).toISOString();
    const signed = (id: string, from: string, to: string, body?: string) => stanza('message', { to, id, type: 'chat' }, smimeSign(peer, from === JULIET ? peer.juliet : peer.romeo, cpim(from, to, iso(), body), { md: 'sha256' }));
    // Juliet over TCP: a signed message, one spanning many TCP segments, a tampered one, and a
    // signed-then-encrypted one for Romeo.
    const julietTcp = [
      signed('j1', JULIET, ROMEO),
      signed('j2-big', JULIET, ROMEO, 'Wherefore art thou? '.repeat(15000)),
      signed('j3-bad', JULIET, ROMEO).replace('Wherefore', 'Therefore'),
      stanza('message', { to: ROMEO, id: 'j4-enc', type: 'chat' }, smimeEncrypt(peer, [peer.romeo], smimeSign(peer, peer.juliet, cpim(JULIET, ROMEO, iso(), 'My bounty is as boundless as the sea'), { md: 'sha256' }))),
    ];
    assert.ok(julietTcp[1].length > 256 * 1024, 'the big stanza is larger than loopback segments (64 KiB)');
    sent.push(
      { id: 'j1', by: 'juliet-tcp', to: 'romeo-ws', expect: [] },
      { id: 'j2-big', by: 'juliet-tcp', to: 'romeo-ws', expect: [] },
      { id: 'j3-bad', by: 'juliet-tcp', to: 'romeo-ws', expect: ['cms.sig.digestMismatch', 'e2e.sig.invalid'] },
      { id: 'j4-enc', by: 'juliet-tcp', to: 'romeo-ws', expect: [] },
      { id: 'b1', by: 'juliet-bosh', to: 'romeo-ws', expect: [] },
      { id: 'r1', by: 'romeo-ws', to: 'juliet-tcp', expect: [] },
    );
    const romeoOut = [stanza('message', { to: JULIET, id: 'r1', type: 'chat', xmlns: 'jabber:client' }, smimeSign(peer, peer.romeo, cpim(ROMEO, JULIET, iso(), 'By a name I know not how to tell thee who I am'), { md: 'sha256' }))];
    const boshOut = [signed('b1', JULIET, ROMEO, 'Good night, good night! Parting is such sweet sorrow')];

    prosody = await startProsody(bed.dir, [
      { user: 'juliet', host: 'example.com', password: PASSWORD },
      { user: 'romeo', host: 'example.net', password: PASSWORD },
    ]);
    pcapFile = join(bed.dir, 'lo.pcap');
    const dump = await startTcpdump(pcapFile, [prosody.c2s, prosody.http]);
    const clients: { lines: string[]; proc: import('node:child_process').ChildProcess }[] = [];
    try {
      const mod = pathToFileURL(resolve(__dirname, '..', '..', 'node_modules', '@xmpp', 'client', 'index.js')).href;
      const romeo = xmppjsClient(bed.dir, mod, `ws://127.0.0.1:${prosody.http}/xmpp-websocket`, 'example.net', 'romeo', PASSWORD, 'orchard', romeoOut);
      clients.push(romeo);
      await waitFor('romeo online over WebSocket', () => romeo.lines.includes('READY'), 20000);
      const juliet = slixmppClient(bed.dir, `${JULIET}/balcony`, PASSWORD, prosody.c2s, julietTcp, 1);
      clients.push(juliet);
      const got = (c: { lines: string[] }, id: string) => c.lines.includes(`GOT ${id}`);
      await waitFor('romeo to receive juliet\'s four messages', () => ['j1', 'j2-big', 'j3-bad', 'j4-enc'].every((id) => got(romeo, id)), 30000);
      await boshSend(`http://127.0.0.1:${prosody.http}/http-bind`, 'example.com', 'juliet', PASSWORD, 'bosh', boshOut);
      await waitFor('romeo to receive the BOSH message', () => got(romeo, 'b1'), 15000);
      romeo.command('SEND');
      await waitFor('juliet to receive romeo\'s message', () => got(juliet, 'r1'), 15000);
      assert.equal(await juliet.done, 0);
      romeo.command('STOP');
      assert.equal(await romeo.done, 0);
    } catch (e) {
      const log = spawnSync('sh', ['-c', `grep -v -e mod_bosh -e runner -e bosh ${join(bed.dir, 'prosody.log')} | tail -n 30`], { encoding: 'utf8' }).stdout;
      throw new Error(`${(e as Error).message}\nclients: ${JSON.stringify(clients.map((c) => c.lines))}\nprosody.log:\n${log}`);
    } finally {
      await dump.stop();
      for (const c of clients) if (c.proc.exitCode === null) c.proc.kill();
    }
    a = analyzeCapture(readFileSync(pcapFile), { keys: romeoKeys(peer) });
    // tcpdump's own count: a capture that lost packets is not a fair test of the reader.
    assert.doesNotMatch(dump.stderr(), /[1-9]\d* packets? dropped by kernel/, dump.stderr());
    if (process.env.CAPTURE_KEEP) spawnSync('cp', [pcapFile, process.env.CAPTURE_KEEP]);
  }, { timeout: 120_000 });

  after(async () => {
    await prosody?.stop();
    peer?.ws.cleanup();
    if (!process.env.CAPTURE_DEBUG) bed?.cleanup();
    else process.stderr.write(`kept ${bed?.dir}\n`);
  });

  /** The connection a stanza was seen on, by who holds it. */
  function connectionOf(index: number): string {
    const o = a.stanzaOrigins[index];
    const st = a.capture.streams.find((s) => s.id === o.stream)!;
    if (st.transport === 'bosh') return 'juliet-bosh';
    return st.transport === 'websocket' ? 'romeo-ws' : 'juliet-tcp';
  }

  test('three connections: XMPP over TCP, BOSH, WebSocket', () => {
    // The BOSH client (fetch) may spread its requests over more than one HTTP connection.
    assert.deepEqual([...new Set(a.capture.streams.map((s) => s.transport))].sort(), ['bosh', 'tcp', 'websocket']);
    assert.equal(a.capture.streams.filter((s) => s.transport !== 'bosh').length, 2);
    assert.equal(a.capture.format, 'pcap');
  });

  test('every message framed on the sender\'s connection (outgoing) and the recipient\'s (incoming)', () => {
    for (const s of sent) {
      const seen = a.trace!.stanzas.map((st, i) => ({ st, i })).filter(({ st }) => st.kind === 'message' && st.id?.value === s.id);
      const where = seen.map(({ st, i }) => `${connectionOf(i)}:${st.direction}`).sort();
      assert.deepEqual(where, [`${s.by}:out`, `${s.to}:in`].sort(), `message ${s.id}`);
    }
  });

  test('the expected findings and no false alarm', () => {
    const serious = a.findings.filter((f) => (f.severity ?? sev(f.code)) !== 'information');
    const got = serious.map((f) => `${idAt(f.span.start)}:${f.code}`).sort();
    const want = sent.flatMap((s) => s.expect.flatMap((c) => [`${s.id}:${c}`, `${s.id}:${c}`])).sort();
    assert.deepEqual(got, want);
    // Every object verified except the tampered one (on both connections); the encrypted one opened.
    const status = a.objects.map((o) => `${idOfStanza(o.stanzaIndex)}:${o.status}`).sort();
    assert.deepEqual(status, sent.flatMap((s) => [s.id, s.id]).map((id) => `${id}:${id === 'j3-bad' ? 'failed' : 'verified'}`).sort());
  });

  test('frames and capture times as tshark numbers and times them', () => {
    const fields = spawnSync('tshark', ['-r', pcapFile, '-T', 'fields', '-e', 'frame.number', '-e', 'tcp.stream', '-e', 'tcp.srcport', '-e', 'tcp.seq', '-e', 'tcp.len', '-e', 'frame.time_epoch', '-o', 'tcp.relative_sequence_numbers:TRUE', '-o', 'tcp.analyze_sequence_numbers:TRUE'], { encoding: 'utf8', maxBuffer: 64 << 20 });
    assert.equal(fields.status, 0, fields.stderr);
    const rows = fields.stdout.trim().split('\n').map((l) => l.split('\t'));
    const tsharkFrames = rows.length;
    assert.match(a.capture.text, new RegExp(`pcap capture, ${tsharkFrames} frames`));
    let checked = 0;
    const wires = new Map<string, Buffer>();
    const wsRows = new Map<string, { frame: number; text: string }[]>();
    for (let i = 0; i < a.trace!.stanzas.length; i++) {
      const st = a.trace!.stanzas[i];
      const o = a.stanzaOrigins[i];
      const stream = a.capture.streams.find((s) => s.id === o.stream)!;
      const index = Number(stream.id.replace('tcp.stream ', ''));
      if (stream.transport === 'websocket' && st.direction === 'out') {
        // Masked on the wire: tshark's WebSocket dissector unmasks; it shows a message at its last frame.
        const port = stream.server!.split(':').pop()!;
        const startTag = a.capture.text.slice(st.element.span.start, st.element.startTagEnd);
        const texts = wsRows.get(port) ?? websocketTexts(pcapFile, port);
        wsRows.set(port, texts);
        const ws = texts.filter((r) => r.text.startsWith(startTag));
        assert.equal(ws.length, 1, `one WebSocket message starts with ${startTag}`);
        assert.equal(o.last?.frame, ws[0].frame, `frame of WebSocket stanza ${i}`);
        checked++;
        continue;
      }
      const senderPort = (st.direction === 'out' ? stream.client : stream.server)!.split(':').pop()!;
      const fromClient = senderPort === stream.client!.split(':').pop();
      const key = `${index}:${fromClient}`;
      const wire = wires.get(key) ?? followRaw(pcapFile, index, fromClient);
      wires.set(key, wire);
      const text = Buffer.from(a.capture.text.slice(st.element.span.start, st.element.span.end), 'utf8');
      const at = wire.indexOf(text);
      assert.ok(at >= 0, `stanza ${i} (${st.id?.value}) is on the wire as the capture document shows it`);
      const frameOf = (off: number) => {
        const r = rows.find((c) => c[1] === String(index) && c[2] === senderPort && Number(c[4]) > 0 && Number(c[3]) - 1 <= off && off < Number(c[3]) - 1 + Number(c[4]));
        return r ? Number(r[0]) : undefined;
      };
      assert.equal(o.first?.frame, frameOf(at), `first frame of stanza ${i}`);
      assert.equal(o.last?.frame, frameOf(at + text.length - 1), `last frame of stanza ${i}`);
      const tEpoch = Number(rows[o.last!.frame! - 1][5]);
      assert.ok(Math.abs((st.time?.epochMs ?? 0) - tEpoch * 1000) < 0.01, `capture time of stanza ${i}`);
      checked++;
    }
    assert.ok(checked >= 10, `checked ${checked} stanzas against tshark`);
    const big = a.trace!.stanzas.findIndex((s) => s.id?.value === 'j2-big' && s.direction === 'out');
    assert.ok(a.stanzaOrigins[big].last!.frame! - a.stanzaOrigins[big].first!.frame! >= 3, 'the big stanza spans several segments');
  });

  function idOfStanza(i: number): string | undefined {
    return a.trace!.stanzas[i]?.id?.value;
  }

  function idAt(offset: number): string | undefined {
    const s = a.trace!.stanzas.find((st) => st.element.span.start <= offset && offset < st.element.span.end);
    return s?.id?.value ?? `@${offset}`;
  }
});

function sev(code: string): string {
  return ruleFor(code)?.severity ?? 'warning';
}

/** Client-to-server WebSocket text messages as tshark unmasks them (the HTTP port decoded as HTTP). */
function websocketTexts(file: string, port: string): { frame: number; text: string }[] {
  const r = spawnSync('tshark', ['-r', file, '-d', `tcp.port==${port},http`, '-Y', `websocket.payload.text && tcp.dstport==${port}`, '-T', 'fields', '-e', 'frame.number', '-e', 'websocket.payload.text'], { encoding: 'utf8', maxBuffer: 64 << 20 });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout.trim().split('\n').map((l) => {
    const [frame, text] = l.split('\t');
    return { frame: Number(frame), text: text ?? '' };
  });
}

/** tshark's own reassembly of one direction of a TCP stream (`-z follow,tcp,raw`). */
function followRaw(file: string, index: number, fromClient: boolean): Buffer {
  const r = spawnSync('tshark', ['-r', file, '-q', '-z', `follow,tcp,raw,${index}`], { encoding: 'utf8', maxBuffer: 256 << 20 });
  assert.equal(r.status, 0, r.stderr);
  const lines = r.stdout.split('\n');
  const start = lines.findIndex((l) => l.startsWith('Node 1:')) + 1;
  const chunks: Buffer[] = [];
  for (const l of lines.slice(start)) {
    if (l.startsWith('====')) break;
    const second = l.startsWith('\t');
    if (second !== !fromClient) continue;
    chunks.push(Buffer.from(l.trim(), 'hex'));
  }
  return Buffer.concat(chunks);
}
