// Reads the packet records of a pcap or pcapng file: frame number (as Wireshark counts them), link
// type, capture time and the captured bytes. Both byte orders; pcapng SHB/IDB/EPB/SPB (and the
// obsolete PB) with if_tsresol / if_tsoffset. Streams over the input and never throws: a file that
// ends inside a record, or a block with an impossible length, ends the packets with a problem.

export interface CaptureTimestamp {
  /** Seconds since the epoch. */
  s: number;
  /** Nanoseconds within the second. */
  ns: number;
}

export interface Packet {
  /** 1-based, in file order, as Wireshark and tshark number frames. */
  frame: number;
  linkType: number;
  time?: CaptureTimestamp;
  data: Uint8Array;
  /** Length on the wire (more than data.length when the snap length cut it). */
  origLen: number;
}

export interface CaptureProblem {
  kind: 'truncated' | 'unreadable';
  message: string;
}

export type CaptureFormat = 'pcap' | 'pcapng';

export function captureFormat(bytes: Uint8Array): CaptureFormat | undefined {
  if (bytes.length < 4) return undefined;
  const le = u32(bytes, 0, true);
  if (le === 0x0a0d0d0a) return 'pcapng';
  if (le === 0xa1b2c3d4 || le === 0xa1b23c4d || le === 0xd4c3b2a1 || le === 0x4d3cb2a1) return 'pcap';
  return undefined;
}

function u16(b: Uint8Array, at: number, le: boolean): number {
  return le ? b[at] | (b[at + 1] << 8) : (b[at] << 8) | b[at + 1];
}

function u32(b: Uint8Array, at: number, le: boolean): number {
  return le
    ? (b[at] | (b[at + 1] << 8) | (b[at + 2] << 16) | (b[at + 3] << 24)) >>> 0
    : ((b[at] << 24) | (b[at + 1] << 16) | (b[at + 2] << 8) | b[at + 3]) >>> 0;
}

/** Packets of a capture file, in order; problems (cut file, bad block) are pushed to `problems`. */
export function* readCapture(bytes: Uint8Array, problems: CaptureProblem[]): Generator<Packet> {
  const format = captureFormat(bytes);
  if (format === 'pcap') yield* readPcap(bytes, problems);
  else if (format === 'pcapng') yield* readPcapng(bytes, problems);
  else problems.push({ kind: 'unreadable', message: 'not a pcap or pcapng file (no magic number)' });
}

function* readPcap(b: Uint8Array, problems: CaptureProblem[]): Generator<Packet> {
  if (b.length < 24) {
    problems.push({ kind: 'truncated', message: 'the pcap file ends inside its 24-byte header' });
    return;
  }
  const magicLe = u32(b, 0, true);
  const le = magicLe === 0xa1b2c3d4 || magicLe === 0xa1b23c4d;
  const nano = magicLe === 0xa1b23c4d || magicLe === 0x4d3cb2a1;
  // The upper bits of the link-type field carry FCS information (pcap-savefile(5)).
  const linkType = u32(b, 20, le) & 0x0fffffff;
  let at = 24;
  let frame = 0;
  while (at < b.length) {
    if (at + 16 > b.length) {
      problems.push({ kind: 'truncated', message: `the pcap file ends inside the header of frame ${frame + 1}` });
      return;
    }
    const sec = u32(b, at, le);
    const frac = u32(b, at + 4, le);
    const incl = u32(b, at + 8, le);
    const orig = u32(b, at + 12, le);
    if (at + 16 + incl > b.length) {
      problems.push({ kind: 'truncated', message: `the pcap file ends inside frame ${frame + 1} (${b.length - at - 16} of ${incl} bytes)` });
      return;
    }
    frame++;
    yield { frame, linkType, time: { s: sec, ns: nano ? frac : frac * 1000 }, data: b.subarray(at + 16, at + 16 + incl), origLen: orig };
    at += 16 + incl;
  }
}

interface Interface {
  linkType: number;
  snapLen: number;
  /** Timestamp units per second. */
  units: bigint;
  offsetS: bigint;
}

function* readPcapng(b: Uint8Array, problems: CaptureProblem[]): Generator<Packet> {
  let at = 0;
  let le = true;
  let interfaces: Interface[] = [];
  let frame = 0;
  while (at < b.length) {
    if (at + 12 > b.length) {
      problems.push({ kind: 'truncated', message: `the pcapng file ends inside a block header (offset ${at})` });
      return;
    }
    const type = u32(b, at, le);
    if (type === 0x0a0d0d0a) {
      // Section Header Block: its byte-order magic decides the order of everything in the section.
      const bom = u32(b, at + 8, true);
      if (bom === 0x1a2b3c4d) le = true;
      else if (bom === 0x4d3c2b1a) le = false;
      else {
        problems.push({ kind: 'unreadable', message: `pcapng section header at offset ${at} has no byte-order magic` });
        return;
      }
      interfaces = [];
    }
    const len = u32(b, at + 4, le);
    if (len < 12 || len % 4 !== 0) {
      problems.push({ kind: 'unreadable', message: `pcapng block at offset ${at} has an impossible length ${len}` });
      return;
    }
    if (at + len > b.length) {
      problems.push({ kind: 'truncated', message: `the pcapng file ends inside a block (offset ${at}, ${b.length - at} of ${len} bytes)${type === 6 || type === 3 ? `: frame ${frame + 1} is cut` : ''}` });
      return;
    }
    const body = b.subarray(at + 8, at + len - 4);
    if (type === 1) interfaces.push(readIdb(body, le));
    else if (type === 6 || type === 2 || type === 3) {
      const p = packetBlock(type, body, le, interfaces);
      frame++;
      if (p) yield { frame, ...p };
    }
    at += len;
  }
}

function readIdb(body: Uint8Array, le: boolean): Interface {
  const iface: Interface = { linkType: body.length >= 2 ? u16(body, 0, le) : -1, snapLen: body.length >= 8 ? u32(body, 4, le) : 0, units: 1_000_000n, offsetS: 0n };
  for (const [code, value] of options(body, 8, le)) {
    if (code === 9 && value.length >= 1) {
      const v = value[0];
      iface.units = v & 0x80 ? 1n << BigInt(v & 0x7f) : 10n ** BigInt(v);
    } else if (code === 14 && value.length >= 8) {
      const hi = BigInt(u32(value, le ? 4 : 0, le));
      const lo = BigInt(u32(value, le ? 0 : 4, le));
      iface.offsetS = BigInt.asIntN(64, (hi << 32n) | lo);
    }
  }
  return iface;
}

function* options(body: Uint8Array, from: number, le: boolean): Generator<[number, Uint8Array]> {
  let at = from;
  while (at + 4 <= body.length) {
    const code = u16(body, at, le);
    const len = u16(body, at + 2, le);
    if (code === 0 || at + 4 + len > body.length) return;
    yield [code, body.subarray(at + 4, at + 4 + len)];
    at += 4 + ((len + 3) & ~3);
  }
}

function packetBlock(type: number, body: Uint8Array, le: boolean, interfaces: Interface[]): Omit<Packet, 'frame'> | undefined {
  if (type === 3) {
    // Simple Packet Block: interface 0, no timestamp; captured length is what the block holds.
    const iface = interfaces[0];
    if (!iface || body.length < 4) return undefined;
    const orig = u32(body, 0, le);
    let cap = Math.min(orig, body.length - 4);
    if (iface.snapLen > 0) cap = Math.min(cap, iface.snapLen);
    return { linkType: iface.linkType, data: body.subarray(4, 4 + cap), origLen: orig };
  }
  // Enhanced (6) and obsolete (2) Packet Blocks share the layout after the interface field.
  if (body.length < 20) return undefined;
  const ifId = type === 6 ? u32(body, 0, le) : u16(body, 0, le);
  const iface = interfaces[ifId];
  if (!iface) return undefined;
  const ts = (BigInt(u32(body, 4, le)) << 32n) | BigInt(u32(body, 8, le));
  const cap = Math.min(u32(body, 12, le), body.length - 20);
  const orig = u32(body, 16, le);
  const s = ts / iface.units + iface.offsetS;
  const ns = ((ts % iface.units) * 1_000_000_000n) / iface.units;
  return { linkType: iface.linkType, time: { s: Number(s), ns: Number(ns) }, data: body.subarray(20, 20 + cap), origLen: orig };
}
