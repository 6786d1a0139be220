// Cases on network captures (pcap, pcapng, HAR): the capture.* codes, in files shaped as tcpdump and
// browsers write them (test/capture/buildPcap.ts), each finding at its place in the read-only
// document of the reassembled streams.
import { conversation, pcap, pcapng, records, bytes } from '../capture/buildPcap';
import type { ConformanceCase } from './harness';

const C_HEADER = "<?xml version='1.0'?><stream:stream to='example.com' xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' version='1.0'>";
const S_HEADER = "<?xml version='1.0'?><stream:stream from='example.com' id='s1' xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' version='1.0'><stream:features/>";

/** A c2s session: the stream headers, a stanza of several segments, a presence and a short message. */
function session() {
  return conversation(
    [
      { from: 'c', text: C_HEADER },
      { from: 's', text: S_HEADER },
      { from: 'c', text: `<message to='romeo@example.net' id='big'><body>${'x'.repeat(9000)}</body></message>` },
      { from: 's', text: "<presence from='romeo@example.net/orchard' id='p1'/>" },
      { from: 'c', text: "<message to='romeo@example.net' id='tail'><body>bye</body></message>" },
    ],
    1000,
  );
}

/** One unmasked server WebSocket frame (RFC 6455), RSV1 set for a permessage-deflate message. */
function wsFrame(payload: Uint8Array, rsv1: boolean): Uint8Array {
  return Uint8Array.from([0x80 | (rsv1 ? 0x40 : 0) | 0x1, payload.length, ...payload]);
}

/** A whole line of the capture document, from its first words. */
const line = (start: string) => ({ slice: start, toLineEnd: true });

export const CAPTURE_CASES: ConformanceCase[] = [
  {
    name: 'capture: a lost TCP segment is a gap, named at the frame after the hole',
    rules: [],
    code: 'capture.tcp.gap',
    build: () => {
      const segs = session();
      segs.splice(segs.findIndex((s) => s.from === 'c' && s.at > 4000), 1);
      return { text: '', bytes: pcap(records(segs), 1), at: { slice: 'client: gap: 1000 bytes from the client were not captured before frame 9' } };
    },
  },
  {
    name: 'capture: a capture that starts inside a stanza resumes at the next one',
    rules: [],
    code: 'capture.tcp.midStream',
    build: () => {
      const segs = session();
      const cut = segs.slice(segs.findIndex((s) => s.from === 'c' && s.at > 3000)).filter((s) => !s.syn);
      return { text: '', bytes: pcap(records(cut), 1), at: { slice: 'client: the capture starts mid-stream: 6064 bytes before the next stanza skipped' } };
    },
  },
  {
    name: 'capture: a pcapng file cut inside its last block',
    rules: [],
    code: 'capture.file.truncated',
    build: () => {
      const ng = pcapng(records(session()), 1);
      return { text: '', bytes: ng.subarray(0, ng.length - 7), at: line('xmpp-e2e: pcapng capture, 15 frames, 1 XMPP stream.') };
    },
  },
  {
    name: 'capture: a .har that is JSON but no HAR log',
    rules: [],
    code: 'capture.file.unreadable',
    build: () => ({ text: '', bytes: bytes('{"log": 1}'), at: line('xmpp-e2e: HAR file, 0 entries, 0 XMPP streams.') }),
  },
  {
    name: 'capture: TCP that is not XMPP is listed, not parsed',
    rules: [],
    code: 'capture.xmpp.none',
    build: () => {
      const ssh = conversation([{ from: 'c', text: 'SSH-2.0-OpenSSH_9.2\r\n' }, { from: 's', text: 'SSH-2.0-OpenSSH_9.2\r\n' }]);
      return { text: '', bytes: pcap(records(ssh), 1), at: line('xmpp-e2e: pcap capture, 4 frames, 0 XMPP streams; not XMPP: tcp.stream 0.') };
    },
  },
  {
    name: 'capture: after <proceed/> the stream is TLS: say so and how to capture plaintext',
    rules: [],
    code: 'capture.tls.encrypted',
    build: () => {
      const tls = Uint8Array.from([0x16, 0x03, 0x01, 0x00, 0x05, 1, 2, 3, 4, 5]);
      const features = "<stream:features><starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'><required/></starttls></stream:features>";
      const segs = conversation([
        { from: 'c', text: C_HEADER },
        { from: 's', text: S_HEADER.replace('<stream:features/>', features) },
        { from: 'c', text: "<starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>" },
        { from: 's', text: "<proceed xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>" },
        { from: 'c', text: tls },
        { from: 's', text: tls },
      ]);
      return { text: '', bytes: pcap(records(segs), 1), at: { slice: 'server: STARTTLS: encrypted from here on, 20 bytes in frames 7-8' } };
    },
  },
  {
    name: 'capture: a permessage-deflate WebSocket message that does not inflate',
    rules: [],
    code: 'capture.ws.undecodable',
    build: () => {
      const segs = conversation([
        { from: 'c', text: 'GET /ws HTTP/1.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n' },
        { from: 's', text: 'HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nSec-WebSocket-Extensions: permessage-deflate; server_no_context_takeover\r\n\r\n' },
        { from: 's', text: wsFrame(Uint8Array.of(0xff, 0xff, 0xff, 0xff, 0x00), true) },
        { from: 's', text: wsFrame(bytes("<message xmlns='jabber:client' id='ok'/>"), false) },
      ]);
      return { text: '', bytes: pcap(records(segs), 1), at: line('server: A permessage-deflate WebSocket message (frame 5) does not inflate') };
    },
  },
];
