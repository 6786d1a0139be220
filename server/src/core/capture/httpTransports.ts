// XMPP over HTTP inside a reassembled TCP connection: BOSH (XEP-0124/0206) request and response
// bodies, and WebSocket (RFC 7395) messages after an HTTP upgrade, in the order they completed.
import { asLatin1, type CaptureEntry, type CaptureIssue, type Side } from './captureModel';
import { httpMessages, type HttpMessage } from './httpMessages';
import { pieceAt, rangeOrigins, type TcpConnection, type TcpDirection } from './tcpStreams';
import { concatBytes } from '../asn1/ber';
import { deflateOf, wsMessages } from './websocket';
import { streamBytes } from './tcpStreams';

const BOSH_BODY = /^\s*(?:<\?xml[^>]*>\s*)?<body[\s/>]/;

export interface HttpTransport {
  transport: 'bosh' | 'websocket';
  entries: CaptureEntry[];
}

interface Keyed {
  ready: number;
  frame: number;
  entry: CaptureEntry;
}

export function httpEntries(c: TcpConnection, client: 0 | 1): HttpTransport | undefined {
  const cd = c.dirs[client];
  const sd = c.dirs[client === 0 ? 1 : 0];
  const requests = httpMessages(cd, false);
  const responses = httpMessages(sd, true);
  const keyed: Keyed[] = [];
  let bosh = false;
  for (const [side, d, list] of [['client', cd, requests], ['server', sd, responses]] as const) {
    for (const m of list) {
      const k = boshEntry(side, d, m);
      if (k) {
        keyed.push(k);
        bosh = true;
      }
    }
  }
  const upgrade = requests.find((r) => /websocket/i.test(r.headers.get('upgrade') ?? ''));
  const accepted = responses.find((r) => /^HTTP\/1\.[01] 101\b/.test(r.startLine));
  let ws = false;
  if (upgrade && accepted) {
    ws = true;
    const deflate = deflateOf(accepted.headers.get('sec-websocket-extensions'));
    for (const [side, d, from] of [['client', cd, upgrade.headerEnd], ['server', sd, accepted.headerEnd]] as const) {
      const issues: CaptureIssue[] = [];
      for (const m of wsMessages(d, from, deflate[side], issues)) {
        if (m.opcode !== 1 && m.opcode !== 2) continue;
        const last = pieceAt(d, m.end - 1);
        keyed.push({
          ready: last?.ready ?? 0,
          frame: last?.frame ?? 0,
          entry: { side, title: `websocket ${m.opcode === 1 ? 'text' : 'binary'}${m.compressed ? ' (deflate)' : ''}`, content: m.data, origins: m.origins, joined: true },
        });
      }
      if (issues.length > 0) {
        const last = d.pieces[d.pieces.length - 1];
        keyed.push({ ready: last?.ready ?? 0, frame: last?.frame ?? 0, entry: { side, origins: last ? rangeOrigins(d, [[last.at, last.at + 1]]) : [], note: issues[0].message, issues } });
      }
    }
  }
  if (!bosh && !ws) return undefined;
  keyed.sort((a, b) => a.ready - b.ready || a.frame - b.frame);
  return { transport: ws ? 'websocket' : 'bosh', entries: keyed.map((k) => k.entry) };
}

function boshEntry(side: Side, d: TcpDirection, m: HttpMessage): Keyed | undefined {
  if (m.body.length === 0) return undefined;
  const body = concatBytes(m.body.map(([a, b]) => streamBytes(d, a, b)));
  if (!BOSH_BODY.test(asLatin1(body.subarray(0, 256)))) return undefined;
  const lastAt = m.body[m.body.length - 1][1] - 1;
  const last = pieceAt(d, lastAt);
  const title = side === 'client' ? m.startLine.replace(/ HTTP\/1\.[01]$/, '') : m.startLine.replace(/^HTTP\/1\.[01] /, 'HTTP ');
  const entry: CaptureEntry = { side, title, content: body, origins: rangeOrigins(d, m.body) };
  if (m.incomplete) {
    entry.cut = true;
    entry.issues = [{ code: 'capture.tcp.gap', message: `The capture ends inside this BOSH ${side === 'client' ? 'request' : 'response'} body.`, severity: 'warning' }];
  }
  return { ready: last?.ready ?? 0, frame: last?.frame ?? 0, entry };
}
