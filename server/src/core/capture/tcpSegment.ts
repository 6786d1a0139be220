// From a captured frame to its TCP segment: link layer (Ethernet with VLAN tags, Linux cooked SLL
// and SLL2, BSD loopback/null, raw IP), then IPv4 or IPv6 (extension headers skipped), then TCP.
// Anything else (ARP, UDP, IP fragments, a link type we do not decode) yields undefined.

export interface TcpSegment {
  src: string;
  dst: string;
  srcPort: number;
  dstPort: number;
  seq: number;
  syn: boolean;
  ack: boolean;
  fin: boolean;
  rst: boolean;
  /** The captured payload (shorter than `length` when the snap length cut the frame). */
  payload: Uint8Array;
  /** Payload length per the IP header: how far the sequence space advances. */
  length: number;
}

export const LINK_TYPES: Record<number, string> = {
  0: 'BSD loopback',
  1: 'Ethernet',
  12: 'raw IP',
  14: 'raw IP',
  101: 'raw IP',
  108: 'OpenBSD loopback',
  113: 'Linux cooked (SLL)',
  228: 'raw IPv4',
  229: 'raw IPv6',
  276: 'Linux cooked (SLL2)',
};

const be16 = (b: Uint8Array, at: number) => (b[at] << 8) | b[at + 1];
const be32 = (b: Uint8Array, at: number) => ((b[at] << 24) | (b[at + 1] << 16) | (b[at + 2] << 8) | b[at + 3]) >>> 0;

/** The IP packet inside a frame, with its version (4 or 6), or undefined. */
function ipOf(linkType: number, d: Uint8Array): Uint8Array | undefined {
  switch (linkType) {
    case 1: {
      let at = 12;
      let type = d.length >= 14 ? be16(d, 12) : 0;
      // 802.1Q / 802.1ad tags.
      while ((type === 0x8100 || type === 0x88a8) && d.length >= at + 6) {
        at += 4;
        type = be16(d, at);
      }
      return type === 0x0800 || type === 0x86dd ? d.subarray(at + 2) : undefined;
    }
    case 113:
      return d.length >= 16 && (be16(d, 14) === 0x0800 || be16(d, 14) === 0x86dd) ? d.subarray(16) : undefined;
    case 276:
      return d.length >= 20 && (be16(d, 0) === 0x0800 || be16(d, 0) === 0x86dd) ? d.subarray(20) : undefined;
    case 0:
    case 108: {
      if (d.length < 4) return undefined;
      // The family is in the writer's byte order for DLT_NULL, network order for DLT_LOOP.
      const fam = d[0] === 0 && d[1] === 0 ? be32(d, 0) : d[0] | (d[1] << 8);
      return fam === 2 || fam === 24 || fam === 28 || fam === 30 ? d.subarray(4) : undefined;
    }
    case 12:
    case 14:
    case 101:
    case 228:
    case 229:
      return d;
    default:
      return undefined;
  }
}

function ipv4(b: Uint8Array, at: number): string {
  return `${b[at]}.${b[at + 1]}.${b[at + 2]}.${b[at + 3]}`;
}

function ipv6(b: Uint8Array, at: number): string {
  const parts: string[] = [];
  for (let i = 0; i < 16; i += 2) parts.push(be16(b, at + i).toString(16));
  // Compress the longest run of zero groups (RFC 5952).
  let best = -1;
  let bestLen = 1;
  for (let i = 0; i < 8; ) {
    if (parts[i] !== '0') {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && parts[j] === '0') j++;
    if (j - i > bestLen) {
      best = i;
      bestLen = j - i;
    }
    i = j;
  }
  if (best < 0) return parts.join(':');
  return `${parts.slice(0, best).join(':')}::${parts.slice(best + bestLen).join(':')}`;
}

/** True when the frame's link type is one this reader decodes. */
export function knownLinkType(linkType: number): boolean {
  return linkType in LINK_TYPES;
}

export function tcpSegment(linkType: number, frame: Uint8Array): TcpSegment | undefined {
  const ip = ipOf(linkType, frame);
  if (!ip || ip.length < 1) return undefined;
  const version = ip[0] >> 4;
  let src: string;
  let dst: string;
  let tcp: Uint8Array;
  let ipPayloadLen: number;
  if (version === 4) {
    if (ip.length < 20) return undefined;
    const ihl = (ip[0] & 15) * 4;
    const total = be16(ip, 2);
    // Fragments are not reassembled (XMPP over TCP rarely fragments: TCP segments to the MTU).
    if ((be16(ip, 6) & 0x3fff) !== 0 || ip[9] !== 6 || ihl < 20) return undefined;
    src = ipv4(ip, 12);
    dst = ipv4(ip, 16);
    // TSO captures write total length 0: the frame's length is the packet's.
    const end = total === 0 ? ip.length : total;
    tcp = ip.subarray(ihl, Math.min(end, ip.length));
    ipPayloadLen = Math.max(0, end - ihl);
  } else if (version === 6) {
    if (ip.length < 40) return undefined;
    src = `[${ipv6(ip, 8)}]`;
    dst = `[${ipv6(ip, 24)}]`;
    let next = ip[6];
    let at = 40;
    const end = 40 + be16(ip, 4);
    // Hop-by-hop, routing and destination options are skipped; a fragment header ends the walk.
    while ((next === 0 || next === 43 || next === 60) && at + 2 <= ip.length) {
      const n = ip[at];
      at += (ip[at + 1] + 1) * 8;
      next = n;
    }
    if (next !== 6) return undefined;
    tcp = ip.subarray(at, Math.min(end, ip.length));
    ipPayloadLen = Math.max(0, end - at);
  } else return undefined;
  if (tcp.length < 20) return undefined;
  const off = (tcp[12] >> 4) * 4;
  if (off < 20) return undefined;
  const flags = tcp[13];
  return {
    src,
    dst,
    srcPort: be16(tcp, 0),
    dstPort: be16(tcp, 2),
    seq: be32(tcp, 4),
    fin: (flags & 1) !== 0,
    syn: (flags & 2) !== 0,
    rst: (flags & 4) !== 0,
    ack: (flags & 16) !== 0,
    payload: tcp.subarray(Math.min(off, tcp.length)),
    length: Math.max(0, ipPayloadLen - off),
  };
}
