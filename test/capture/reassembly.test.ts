// Hand-built captures: every link type and file flavour the reader claims, and TCP reassembly
// faults (out-of-order, retransmitted, overlapping and lost segments, mid-stream start, end
// mid-stanza, a cut file), checked against what the test put on the wire.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeCapture, type CaptureAnalysis } from '../../server/src/core/capture/analyzeCapture';
import { readCapture, type CaptureProblem } from '../../server/src/core/capture/captureFile';
import { bytes, conversation, EP, EP6, LINKTYPE, pcap, pcapng, records, type Link, type Segment } from './buildPcap';

const C_HEADER = "<?xml version='1.0'?><stream:stream to='example.com' xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' version='1.0'>";
const S_HEADER = "<?xml version='1.0'?><stream:stream from='example.com' id='s1' xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' version='1.0'><stream:features/>";
const BIG = `<message to='romeo@example.net' id='big'><body>${'é'.repeat(3000)}${'x'.repeat(9000)}</body></message>`;
const AFTER = "<presence from='romeo@example.net/orchard' id='p1'/>";

function writes() {
  return [
    { from: 'c' as const, text: C_HEADER },
    { from: 's' as const, text: S_HEADER },
    { from: 'c' as const, text: BIG },
    { from: 's' as const, text: AFTER },
    { from: 'c' as const, text: "<message to='romeo@example.net' id='tail'><body>bye</body></message>" },
  ];
}

function codes(a: CaptureAnalysis): string[] {
  return a.findings.map((f) => f.code);
}

/** The frames that carried the first and last byte of `needle` in a side's segments. */
function framesOf(segs: Segment[], from: 'c' | 's', needle: string): [number, number] {
  const enc = new TextEncoder();
  let stream = new Uint8Array();
  const owner: number[] = [];
  segs.forEach((s, i) => {
    if (s.from !== from) return;
    const end = s.at + s.data.length;
    if (end > stream.length) {
      const grown = new Uint8Array(end);
      grown.set(stream);
      stream = grown;
    }
    for (let k = 0; k < s.data.length; k++) {
      if (owner[s.at + k] === undefined) {
        owner[s.at + k] = i + 1;
        stream[s.at + k] = s.data[k];
      }
    }
  });
  const hay = Buffer.from(stream);
  const at = hay.indexOf(Buffer.from(enc.encode(needle)));
  assert.ok(at >= 0, `${needle} is in the stream`);
  return [owner[at], owner[at + enc.encode(needle).length - 1]];
}

function stanzaFrames(a: CaptureAnalysis, id: string): [number | undefined, number | undefined] {
  const i = a.trace!.stanzas.findIndex((s) => s.id?.value === id);
  assert.ok(i >= 0, `stanza ${id} found`);
  const o = a.stanzaOrigins[i];
  return [o.first?.frame, o.last?.frame];
}

describe('links and file flavours', () => {
  const segs = conversation(writes(), 1448);
  const cases: [string, Uint8Array][] = [];
  for (const link of ['ethernet', 'sll', 'sll2', 'null', 'raw'] as Link[]) {
    cases.push([`pcap ${link} IPv4`, pcap(records(segs, link), LINKTYPE[link])]);
    cases.push([`pcap ${link} IPv6`, pcap(records(segs, link, EP6), LINKTYPE[link])]);
  }
  cases.push(['pcap big-endian, nanoseconds', pcap(records(segs), 1, { bigEndian: true, nano: true })]);
  cases.push(['pcapng little-endian', pcapng(records(segs), 1)]);
  cases.push(['pcapng big-endian, if_tsresol 10^-9', pcapng(records(segs, 'sll2', EP6), 276, { bigEndian: true, tsresolDigits: 9 })]);
  for (const [name, file] of cases) {
    test(`${name}: every stanza, direction, stream and frame`, () => {
      const a = analyzeCapture(file);
      assert.deepEqual(codes(a), []);
      assert.deepEqual(a.trace!.stanzas.map((s) => [s.id?.value, s.direction]), [['big', 'out'], ['p1', 'in'], ['tail', 'out']]);
      assert.deepEqual(stanzaFrames(a, 'big'), framesOf(segs, 'c', BIG));
      assert.equal(a.capture.streams.length, 1);
      const ep = name.includes('IPv6') || name.includes('if_tsresol') ? EP6 : EP;
      const host = (h: string) => (ep.v6 ? `[${h}]` : h);
      assert.equal(a.capture.streams[0].client, `${host(ep.client)}:${ep.cport}`);
      assert.equal(a.capture.streams[0].server, `${host(ep.server)}:${ep.sport}`);
      // The body survives reassembly byte for byte (multi-byte characters cut across segments).
      const big = a.trace!.stanzas[0];
      assert.equal(a.capture.text.slice(big.element.span.start, big.element.span.end), BIG);
      // Capture time: the frame that completed the stanza, to the microsecond.
      const last = segs[framesOf(segs, 'c', BIG)[1] - 1];
      assert.equal(big.time?.epochMs, last.t);
    });
  }

  test('pcapng simple packet blocks are frames too (no timestamps)', () => {
    const a = analyzeCapture(pcapng(records(segs), 1, { simple: true }));
    assert.deepEqual(a.trace!.stanzas.map((s) => s.id?.value), ['big', 'p1', 'tail']);
    assert.deepEqual(stanzaFrames(a, 'big'), framesOf(segs, 'c', BIG));
    assert.equal(a.trace!.stanzas[0].time, undefined);
  });

  test('pcapng if_tsresol as a power of two and if_tsoffset are honoured', () => {
    // Hand-made IDB: linktype 1, tsresol 2^-10, tsoffset 1000 s; one EPB at ts = 2048 units (2 s).
    const u32 = (n: number) => [n & 255, (n >> 8) & 255, (n >> 16) & 255, n >>> 24];
    const blk = (type: number, body: number[]) => [...u32(type), ...u32(body.length + 12), ...body, ...u32(body.length + 12)];
    const shb = blk(0x0a0d0d0a, [...u32(0x1a2b3c4d), 1, 0, 0, 0, ...Array(8).fill(0xff)]);
    const idb = blk(1, [1, 0, 0, 0, ...u32(65535), 9, 0, 1, 0, 0x8a, 0, 0, 0, 14, 0, 8, 0, ...u32(1000), ...u32(0), 0, 0, 0, 0]);
    const epb = blk(6, [...u32(0), ...u32(0), ...u32(2048), ...u32(4), ...u32(4), 1, 2, 3, 4]);
    const problems: CaptureProblem[] = [];
    const ps = [...readCapture(Uint8Array.from([...shb, ...idb, ...epb]), problems)];
    assert.deepEqual(problems, []);
    assert.deepEqual(ps.map((p) => [p.frame, p.time]), [[1, { s: 1002, ns: 0 }]]);
  });
});

describe('TCP reassembly', () => {
  test('out-of-order segments are put back in sequence order; frames stay the ones that carried the bytes', () => {
    const segs = conversation(writes(), 1000);
    const i = segs.findIndex((s) => s.from === 'c' && s.data.length === 1000 && s.at > 3000);
    // Swap two consecutive segments of the big message.
    [segs[i], segs[i + 1]] = [segs[i + 1], segs[i]];
    const a = analyzeCapture(pcap(records(segs), 1));
    assert.deepEqual(codes(a), []);
    assert.deepEqual(a.trace!.stanzas.map((s) => s.id?.value), ['big', 'p1', 'tail']);
    assert.deepEqual(stanzaFrames(a, 'big'), framesOf(segs, 'c', BIG));
    const big = a.trace!.stanzas[0];
    assert.equal(a.capture.text.slice(big.element.span.start, big.element.span.end), BIG);
  });

  test('retransmissions and overlapping segments do not duplicate bytes', () => {
    const segs = conversation(writes(), 1000);
    const i = segs.findIndex((s) => s.from === 'c' && s.at > 2000 && s.data.length === 1000);
    const orig = segs[i];
    const next = segs[i + 1];
    const retrans: Segment = { ...orig, t: orig.t + 0.5 };
    // Overlap: the last 300 bytes of one segment and the first 200 of the next, sent again.
    const both = new Uint8Array([...orig.data, ...next.data]);
    const overlap: Segment = { from: 'c', at: orig.at + 700, data: both.subarray(700, 1200), t: next.t + 0.5 };
    segs.splice(i + 2, 0, retrans, overlap);
    const a = analyzeCapture(pcap(records(segs), 1));
    assert.deepEqual(codes(a), []);
    const big = a.trace!.stanzas[0];
    assert.equal(a.capture.text.slice(big.element.span.start, big.element.span.end), BIG);
    assert.deepEqual(a.trace!.stanzas.map((s) => s.id?.value), ['big', 'p1', 'tail']);
  });

  test('a lost segment: the gap is reported, the stanza is cut, the next stanza is read', () => {
    const segs = conversation(writes(), 1000);
    const i = segs.findIndex((s) => s.from === 'c' && s.at > 4000);
    segs.splice(i, 1);
    const a = analyzeCapture(pcap(records(segs), 1));
    assert.deepEqual(codes(a).sort(), ['capture.tcp.gap', 'trace.stanza.truncated']);
    assert.deepEqual(a.trace!.stanzas.map((s) => s.id?.value), ['big', 'p1', 'tail']);
    const gap = a.findings.find((f) => f.code === 'capture.tcp.gap')!;
    assert.match(gap.message, /^1000 bytes the client sent were not captured/);
    // The gap's position is the frame after the hole.
    assert.equal(a.capture.locate(gap.span.start)?.frame, i + 1);
  });

  test('a capture that starts mid-stream (no SYN, inside a stanza) resumes at the next stanza', () => {
    const segs = conversation(writes(), 1000);
    const firstBig = segs.findIndex((s) => s.from === 'c' && s.at > 3000);
    const cut = segs.slice(firstBig).filter((s) => !s.syn);
    const a = analyzeCapture(pcap(records(cut), 1));
    assert.deepEqual(codes(a), ['capture.tcp.midStream']);
    assert.deepEqual(a.trace!.stanzas.map((s) => s.id?.value), ['p1', 'tail']);
    // Without the stream header, content decides the direction: the first sender is the client.
    assert.deepEqual(a.trace!.stanzas.map((s) => s.direction), ['in', 'out']);
  });

  test('a capture that ends mid-stanza reports the cut stanza', () => {
    const segs = conversation(writes(), 1000);
    const last = segs.findIndex((s) => s.from === 'c' && s.at > 4000);
    const a = analyzeCapture(pcap(records(segs.slice(0, last)), 1));
    assert.deepEqual(codes(a), ['trace.stanza.truncated']);
    assert.deepEqual(a.trace!.stanzas.map((s) => s.id?.value), ['big']);
  });

  test('a file cut inside a record: a finding, and what came before is read', () => {
    const file = pcap(records(conversation(writes(), 1000)), 1);
    for (const cut of [10, 30, file.length - 5]) {
      const a = analyzeCapture(file.subarray(0, cut));
      assert.ok(codes(a).includes('capture.file.truncated'), `cut at ${cut}: ${codes(a)}`);
    }
    const ng = pcapng(records(conversation(writes(), 1000)), 1);
    const a = analyzeCapture(ng.subarray(0, ng.length - 7));
    assert.ok(codes(a).includes('capture.file.truncated'));
    assert.match(a.findings.find((f) => f.code === 'capture.file.truncated')!.message, /frame \d+ is cut/);
    // The last frame (the whole of the last stanza) is the one cut off.
    assert.deepEqual(a.trace!.stanzas.map((s) => s.id?.value), ['big', 'p1']);
  });

  test('XMPP on any port is found by its content; other TCP is listed, not parsed', () => {
    const segs = conversation(writes(), 1448);
    const other = conversation([{ from: 'c', text: 'SSH-2.0-OpenSSH_9.2\r\n' }, { from: 's', text: 'SSH-2.0-OpenSSH_9.2\r\n' }]);
    const a = analyzeCapture(pcap([...records(segs, 'ethernet', { ...EP, sport: 443 }), ...records(other, 'ethernet', { ...EP, cport: 5000, sport: 22 })], 1));
    assert.deepEqual(a.trace!.stanzas.map((s) => s.id?.value), ['big', 'p1', 'tail']);
    assert.match(a.capture.text, /not XMPP: tcp\.stream 1/);
    const none = analyzeCapture(pcap(records(other), 1));
    assert.deepEqual(codes(none), ['capture.xmpp.none']);
  });

  test('not a capture at all: capture.file.unreadable', () => {
    const a = analyzeCapture(bytes('{"log": 1}'));
    assert.deepEqual(codes(a), ['capture.file.unreadable']);
    const b = analyzeCapture(Uint8Array.from([0xd4, 0xc3, 0xb2, 0xa1, 1, 2]));
    assert.deepEqual(codes(b), ['capture.file.truncated']);
  });
});

describe('STARTTLS', () => {
  test('after <proceed/> the stream is reported encrypted, with the frame and how to capture plaintext', () => {
    const tls = Uint8Array.from([0x16, 0x03, 0x01, 0x00, 0x05, 1, 2, 3, 4, 5]);
    const segs = conversation([
      { from: 'c', text: C_HEADER },
      { from: 's', text: S_HEADER.replace('<stream:features/>', "<stream:features><starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'><required/></starttls></stream:features>") },
      { from: 'c', text: "<starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>" },
      { from: 's', text: "<proceed xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>" },
      { from: 'c', text: tls },
      { from: 's', text: tls },
      { from: 's', text: tls },
    ]);
    const a = analyzeCapture(pcap(records(segs), 1));
    assert.deepEqual(codes(a), ['capture.tls.encrypted']);
    const f = a.findings[0];
    assert.match(f.message, /after <proceed\/> \(frame 6\) this stream is TLS-encrypted/);
    assert.match(f.message, /c2s_require_encryption = false/);
    assert.match(a.capture.text, /STARTTLS: encrypted from here on, 30 bytes in frames 7-9/);
    assert.ok(!a.capture.text.includes('\x16\x03'), 'no TLS bytes in the document');
  });
});
