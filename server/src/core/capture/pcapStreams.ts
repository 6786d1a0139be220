// A pcap/pcapng file to the XMPP streams in it: packets -> TCP segments -> reassembled connections,
// each recognised by its content (XMPP, HTTP with BOSH or WebSocket), whatever the port.
import { captureFormat, readCapture, type CaptureFormat, type CaptureProblem } from './captureFile';
import { asLatin1, type CaptureIssue, type CaptureStream } from './captureModel';
import { HTTP_REQUEST, HTTP_RESPONSE } from './httpMessages';
import { httpEntries } from './httpTransports';
import { knownLinkType, LINK_TYPES, tcpSegment } from './tcpSegment';
import { streamBytes, TcpReassembler, type TcpConnection } from './tcpStreams';
import { looksLikeXmpp, xmppClientSide, xmppTcpEntries } from './xmppOverTcp';

export interface PcapContent {
  format: CaptureFormat;
  frames: number;
  streams: CaptureStream[];
  /** TCP connections that carry something else, by Wireshark index. */
  otherTcp: number[];
  issues: CaptureIssue[];
}

export function pcapStreams(bytes: Uint8Array, isCancelled?: () => boolean): PcapContent {
  const problems: CaptureProblem[] = [];
  const tcp = new TcpReassembler();
  const unknownLinks = new Set<number>();
  let frames = 0;
  for (const p of readCapture(bytes, problems)) {
    frames = p.frame;
    if ((frames & 1023) === 0 && isCancelled?.()) break;
    if (!knownLinkType(p.linkType)) {
      unknownLinks.add(p.linkType);
      continue;
    }
    const seg = tcpSegment(p.linkType, p.data);
    if (seg) tcp.add(p.frame, p.time, seg);
  }
  const issues: CaptureIssue[] = problems.map((pr) => ({
    code: pr.kind === 'truncated' ? 'capture.file.truncated' : 'capture.file.unreadable',
    message: pr.kind === 'truncated' ? `${capitalise(pr.message)}: what came before it is read.` : `${capitalise(pr.message)}.`,
  }));
  for (const lt of unknownLinks) {
    issues.push({ code: 'capture.file.unreadable', message: `Frames with link type ${lt} are skipped: this reader decodes ${[...new Set(Object.values(LINK_TYPES))].join(', ')}.`, severity: 'warning' });
  }
  const streams: CaptureStream[] = [];
  const otherTcp: number[] = [];
  for (const c of tcp.connections()) {
    const s = connectionStream(c);
    if (s) streams.push(s);
    else if (c.dirs[0].length + c.dirs[1].length > 0) otherTcp.push(c.index);
  }
  return { format: captureFormat(bytes) ?? 'pcap', frames, streams, otherTcp, issues };
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

function connectionStream(c: TcpConnection): CaptureStream | undefined {
  const head = (i: 0 | 1) => asLatin1(streamBytes(c.dirs[i], 0, Math.min(c.dirs[i].length, 8192)));
  const heads = [head(0), head(1)];
  const base = { id: `tcp.stream ${c.index}`, firstFrame: c.firstFrame, lastFrame: c.lastFrame };
  const describe = (client: 0 | 1, what: string) => {
    const cl = c.dirs[client].from;
    const sv = c.dirs[client].to;
    return { client: cl, server: sv, title: `${cl} (client) -> ${sv} (server), ${what}` };
  };
  const httpClient = HTTP_REQUEST.test(heads[0]) || HTTP_RESPONSE.test(heads[1]) ? 0 : HTTP_REQUEST.test(heads[1]) || HTTP_RESPONSE.test(heads[0]) ? 1 : undefined;
  if (httpClient !== undefined) {
    const t = httpEntries(c, httpClient);
    if (!t) return undefined;
    return { ...base, ...describe(httpClient, t.transport === 'bosh' ? 'BOSH (XEP-0206)' : 'XMPP over WebSocket (RFC 7395)'), transport: t.transport, entries: t.entries };
  }
  const tlsFirst = heads.some((h) => h.charCodeAt(0) === 0x16 && h.charCodeAt(1) === 0x03);
  const xmpp = heads.some((h) => h.length > 0 && looksLikeXmpp(h));
  // Direct TLS is only claimed for XMPP's own ports; elsewhere a TLS connection is not ours to name.
  const xmppPort = /:(?:5222|5223|5269|5270)$/.test(c.dirs[0].to) || /:(?:5222|5223|5269|5270)$/.test(c.dirs[0].from);
  if (!xmpp && !(tlsFirst && xmppPort)) return undefined;
  const client = xmpp ? xmppClientSide(c) : (c.synFrom ?? 0);
  return { ...base, ...describe(client, xmpp ? 'XMPP over TCP' : 'TLS on an XMPP port'), transport: 'tcp', entries: xmppTcpEntries(c, client) };
}
