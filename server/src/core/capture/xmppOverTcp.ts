// A reassembled TCP connection that carries XMPP: its two byte streams interleaved in the order a
// reader saw them (a byte is readable once every byte before it arrived), cut into entries at
// gaps, with STARTTLS (after <proceed/> the rest is TLS) and a capture that starts mid-stream
// (read from the first stanza or stream header) told as notes.
import { asLatin1, type CaptureEntry, type CaptureIssue, type OriginRun, type Side } from './captureModel';
import { pieceAt, pieceIndexAt, rangeOrigins, streamBytes, type TcpConnection, type TcpDirection } from './tcpStreams';

const PROCEED = /<(?:\w+:)?proceed\b[^>]*urn:ietf:params:xml:ns:xmpp-tls[^>]*?(?:\/>|>\s*<\/(?:\w+:)?proceed>)/;
const STARTTLS = /<(?:\w+:)?starttls\b[^>]*urn:ietf:params:xml:ns:xmpp-tls[^>]*?(?:\/>|>[^]*?<\/(?:\w+:)?starttls>)/;
/** Where reading can resume in the middle of a stream: a declaration, a stream element or a stanza. */
const RESYNC = /<(?:\?xml\s|stream:\w|(?:message|presence|iq)[\s/>])/;
const HOW_TO_CAPTURE_PLAINTEXT =
  'To see the stanzas, capture a test server with plaintext client connections (Prosody: c2s_require_encryption = false and the tls module disabled; ejabberd: starttls: false), or inspect the server\'s own XML log (Prosody mod_stanza_debug, ejabberd loglevel debug), which this inspector reads.';

/** True when the bytes look like XMPP: markup, optionally after whitespace or a BOM. */
export function looksLikeXmpp(head: string): boolean {
  return /^(?:\ufeff|\xef\xbb\xbf)?\s*<(?:\?xml|stream:stream|[A-Za-z])/.test(head) || RESYNC.test(head.slice(0, 4096));
}

/** The client end of an XMPP connection: the side whose stream header has `to` and no `id`. */
export function xmppClientSide(c: TcpConnection): 0 | 1 {
  const header = (d: TcpDirection) => /<stream:stream\b[^>]*>/.exec(asLatin1(streamBytes(d, 0, Math.min(d.length, 4096))))?.[0];
  const h = [header(c.dirs[0]), header(c.dirs[1])];
  const clientLike = (s?: string) => s !== undefined && /\sto=/.test(s) && !/\sid=/.test(s);
  const serverLike = (s?: string) => s !== undefined && /\sid=/.test(s);
  if (clientLike(h[0]) || serverLike(h[1])) return clientLike(h[1]) && !clientLike(h[0]) ? 1 : 0;
  if (clientLike(h[1]) || serverLike(h[0])) return 1;
  if (c.synFrom !== undefined) return c.synFrom;
  const first = (d: TcpDirection) => d.pieces[0]?.frame ?? Infinity;
  return first(c.dirs[1]) < first(c.dirs[0]) ? 1 : 0;
}

interface Event {
  side: Side;
  ready: number;
  /** Bytes [at, end) of the side's stream, all in one region (no gap inside). */
  at?: number;
  end?: number;
  region?: number;
  note?: string;
  issues?: CaptureIssue[];
  frame: number;
}

export function xmppTcpEntries(c: TcpConnection, client: 0 | 1): CaptureEntry[] {
  const dirs = { client: c.dirs[client], server: c.dirs[client === 0 ? 1 : 0] };
  const tls = tlsBoundaries(dirs.client, dirs.server);
  const events: Event[] = [...sideEvents('client', dirs.client, tls.client, tls.note), ...sideEvents('server', dirs.server, tls.server, tls.note)];
  // Stable: within a side events are in stream order already; across sides the readable frame decides.
  events.sort((a, b) => a.ready - b.ready || a.frame - b.frame || (a.side === b.side ? 0 : a.side === 'client' ? -1 : 1));
  const entries: CaptureEntry[] = [];
  let i = 0;
  while (i < events.length) {
    const e = events[i];
    if (e.note !== undefined) {
      const prev = lastOf(entries, e.side);
      if (prev) prev.cut = true;
      entries.push({ side: e.side, origins: [{ at: 0, origin: { frame: e.frame, label: `frame:${e.frame}` } }], note: e.note, ...(e.issues ? { issues: e.issues } : {}) });
      i++;
      continue;
    }
    // A burst: consecutive events of one side and one region.
    let j = i + 1;
    while (j < events.length && events[j].side === e.side && events[j].region === e.region && events[j].note === undefined) j++;
    const d = dirs[e.side];
    const from = e.at!;
    const to = events[j - 1].end!;
    const origins: OriginRun[] = rangeOrigins(d, [[from, to]]);
    entries.push({ side: e.side, content: streamBytes(d, from, to), origins, joined: true });
    i = j;
  }
  return entries;
}

function lastOf(entries: CaptureEntry[], side: Side): CaptureEntry | undefined {
  for (let k = entries.length - 1; k >= 0; k--) if (entries[k].side === side) return entries[k];
  return undefined;
}

interface Tls {
  client: number;
  server: number;
  /** The note at the boundary, once per connection. */
  note?: { side: Side; text: string; issue: CaptureIssue };
}

/** Where each side's plaintext ends (STARTTLS, or TLS from the first byte). */
function tlsBoundaries(client: TcpDirection, server: TcpDirection): Tls {
  const t: Tls = { client: client.length, server: server.length };
  const head = (d: TcpDirection) => streamBytes(d, 0, Math.min(2, d.length));
  const isTls = (b: Uint8Array) => b.length === 2 && b[0] === 0x16 && b[1] === 0x03;
  if (isTls(head(client)) || isTls(head(server))) {
    t.client = 0;
    t.server = 0;
    const frames = frameRange(client, server, 0, 0);
    t.note = {
      side: 'client',
      text: `TLS from the first byte (direct TLS): ${client.length + server.length} bytes, ${frames}, cannot be read`,
      issue: { code: 'capture.tls.encrypted', message: `This connection is TLS from its first byte (XEP-0368 direct TLS): its stanzas cannot be read from the capture. ${HOW_TO_CAPTURE_PLAINTEXT}` },
    };
    return t;
  }
  const serverText = asLatin1(streamBytes(server, 0, server.length));
  const p = PROCEED.exec(serverText);
  if (!p) return t;
  t.server = p.index + p[0].length;
  const clientText = asLatin1(streamBytes(client, 0, client.length));
  const s = STARTTLS.exec(clientText);
  // Without the client's <starttls/> (a cut capture), its TLS begins at its first handshake record.
  t.client = s ? s.index + s[0].length : Math.max(0, clientText.search(/\x16\x03[\x00-\x04]/));
  if (t.client < 0) t.client = client.length;
  const encrypted = client.length - t.client + (server.length - t.server);
  const proceedFrame = framesOf(server, p.index, p.index + 1)[0];
  t.note = {
    side: 'server',
    text: `STARTTLS: encrypted from here on, ${encrypted} bytes in ${frameRange(client, server, t.client, t.server)}`,
    issue: {
      code: 'capture.tls.encrypted',
      message: `STARTTLS: after <proceed/>${proceedFrame !== undefined ? ` (frame ${proceedFrame})` : ''} this stream is TLS-encrypted, so the rest of it (${encrypted} bytes) cannot be read from the capture. ${HOW_TO_CAPTURE_PLAINTEXT}`,
    },
  };
  return t;
}

function framesOf(d: TcpDirection, from: number, to: number): number[] {
  const out: number[] = [];
  for (const p of d.pieces) if (p.at < to && p.at + p.data.length > from) out.push(p.frame);
  return out;
}

function frameRange(client: TcpDirection, server: TcpDirection, cFrom: number, sFrom: number): string {
  const fs = [...framesOf(client, cFrom, client.length), ...framesOf(server, sFrom, server.length)];
  if (fs.length === 0) return 'no frames';
  const lo = Math.min(...fs);
  const hi = Math.max(...fs);
  return lo === hi ? `frame ${lo}` : `frames ${lo}-${hi}`;
}

function sideEvents(side: Side, d: TcpDirection, plainEnd: number, tlsNote: Tls['note']): Event[] {
  const out: Event[] = [];
  // Regions: the byte ranges between gaps.
  const regions: [number, number][] = [];
  let start = 0;
  for (const g of d.gaps) {
    if (g.at > start) regions.push([start, g.at]);
    start = g.at;
  }
  if (d.length > start) regions.push([start, d.length]);
  let gapIndex = 0;
  regions.forEach(([a, b], r) => {
    // A gap before this region: say what is missing where it happened.
    if (a > 0 && gapIndex < d.gaps.length) {
      const g = d.gaps[gapIndex++];
      const after = pieceAt(d, g.at);
      if (g.at < plainEnd) {
        out.push({
          side,
          ready: after?.ready ?? 0,
          frame: after?.frame ?? 0,
          note: `gap: ${g.length} bytes from the ${side} were not captured before frame ${after?.frame}`,
          issues: [{ code: 'capture.tcp.gap', message: `${g.length} bytes the ${side} sent were not captured (lost or cut by the snap length) before frame ${after?.frame}: a stanza there is missing or incomplete.` }],
        });
      }
    }
    let from = a;
    const to = Math.min(b, plainEnd);
    if (from >= to) return;
    // Mid-stream: resume at the first stanza or stream element.
    if (a > 0 || d.midStream) {
      const head = asLatin1(streamBytes(d, from, Math.min(to, from + 65536)));
      if (!/^\s*</.test(head) || a > 0) {
        const k = head.search(RESYNC);
        const skip = k < 0 ? to - from : k;
        if (skip > 0) {
          const first = pieceAt(d, from);
          out.push({
            side,
            ready: first?.ready ?? 0,
            frame: first?.frame ?? 0,
            note: `${a === 0 ? 'the capture starts mid-stream' : 'after the gap'}: ${skip} bytes before the next stanza skipped`,
            ...(a === 0 ? { issues: [{ code: 'capture.tcp.midStream', message: `The capture starts in the middle of this connection: the first ${skip} bytes from the ${side} (the rest of a stanza) are skipped; the stream header was not captured.` }] } : {}),
          });
          from += skip;
        }
      }
    }
    for (let k = Math.max(0, pieceIndexAt(d, from)); k < d.pieces.length && d.pieces[k].at < to; k++) {
      const p = d.pieces[k];
      const pa = Math.max(from, p.at);
      const pb = Math.min(to, p.at + p.data.length);
      if (pa < pb) out.push({ side, ready: p.ready, frame: p.frame, at: pa, end: pb, region: r });
    }
    if (to < b && to === plainEnd && tlsNote && tlsNote.side === side) {
      const last = pieceAt(d, to);
      out.push({ side, ready: last?.ready ?? Infinity, frame: last?.frame ?? 0, note: tlsNote.text, issues: [tlsNote.issue] });
    }
  });
  if (plainEnd === 0 && tlsNote && tlsNote.side === side) out.push({ side, ready: d.pieces[0]?.ready ?? 0, frame: d.pieces[0]?.frame ?? 0, note: tlsNote.text, issues: [tlsNote.issue] });
  return out;
}
