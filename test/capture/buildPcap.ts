// Test helper: hand-built captures (pcap / pcapng, Ethernet, SLL, SLL2, loopback, raw IP, IPv4 and
// IPv6) of a TCP conversation whose segments a test places by sequence number at will.
export interface Segment {
  /** Sender: client or server. */
  from: 'c' | 's';
  /** Byte offset in the sender's stream (sequence number minus ISN minus 1). */
  at: number;
  data: Uint8Array;
  syn?: boolean;
  fin?: boolean;
  /** Capture time, epoch ms. */
  t: number;
}

export interface Endpoints {
  client: string;
  server: string;
  cport: number;
  sport: number;
  v6?: boolean;
}

const ISN = { c: 1_000_000, s: 4_294_960_000 }; // the server's wraps around 2^32 mid-stream

const enc = new TextEncoder();
export const bytes = (s: string | Uint8Array) => (typeof s === 'string' ? enc.encode(s) : s);

function be(n: number, width: number): number[] {
  const out: number[] = [];
  for (let i = width - 1; i >= 0; i--) out.push(Math.floor(n / 2 ** (8 * i)) & 0xff);
  return out;
}

function addr(a: string, v6: boolean): number[] {
  if (!v6) return a.split('.').map(Number);
  const [head, tail = ''] = a.split('::');
  const h = head ? head.split(':') : [];
  const t = tail ? tail.split(':') : [];
  const groups = [...h, ...Array(8 - h.length - t.length).fill('0'), ...t];
  return groups.flatMap((g) => be(parseInt(g, 16), 2));
}

/** An IP packet with a TCP segment. */
export function ipTcp(ep: Endpoints, seg: Segment): Uint8Array {
  const fromClient = seg.from === 'c';
  const v6 = !!ep.v6;
  const src = addr(fromClient ? ep.client : ep.server, v6);
  const dst = addr(fromClient ? ep.server : ep.client, v6);
  const seq = (ISN[seg.from] + (seg.syn ? 0 : 1) + seg.at) >>> 0;
  const flags = (seg.fin ? 1 : 0) | (seg.syn ? 2 : 0) | 0x10 * (seg.syn && fromClient ? 0 : 1) | (seg.data.length ? 8 : 0);
  const tcp = [...be(fromClient ? ep.cport : ep.sport, 2), ...be(fromClient ? ep.sport : ep.cport, 2), ...be(seq, 4), ...be(0, 4), 0x50, flags, ...be(65535, 2), 0, 0, 0, 0, ...seg.data];
  if (v6) return Uint8Array.from([0x60, 0, 0, 0, ...be(tcp.length, 2), 6, 64, ...src, ...dst, ...tcp]);
  return Uint8Array.from([0x45, 0, ...be(20 + tcp.length, 2), 0, 0, 0x40, 0, 64, 6, 0, 0, ...src, ...dst, ...tcp]);
}

export type Link = 'ethernet' | 'sll' | 'sll2' | 'null' | 'raw';
export const LINKTYPE: Record<Link, number> = { ethernet: 1, sll: 113, sll2: 276, null: 0, raw: 101 };

export function linkFrame(link: Link, ip: Uint8Array): Uint8Array {
  const v6 = ip[0] >> 4 === 6;
  const proto = v6 ? [0x86, 0xdd] : [0x08, 0x00];
  switch (link) {
    case 'ethernet':
      return Uint8Array.from([...Array(12).fill(0), ...proto, ...ip]);
    case 'sll':
      return Uint8Array.from([0, 0, 0x03, 0x04, 0, 6, ...Array(8).fill(0), ...proto, ...ip]);
    case 'sll2':
      return Uint8Array.from([...proto, 0, 0, 0, 0, 0, 1, 3, 4, 0, 6, ...Array(8).fill(0), ...ip]);
    case 'null':
      return Uint8Array.from([v6 ? 30 : 2, 0, 0, 0, ...ip]); // little-endian writer
    case 'raw':
      return ip;
  }
}

export interface Record_ {
  data: Uint8Array;
  t: number;
}

export function pcap(records: Record_[], linkType: number, opts: { bigEndian?: boolean; nano?: boolean } = {}): Uint8Array {
  const le = !opts.bigEndian;
  const out: number[] = [];
  const u32 = (n: number) => out.push(...(le ? be(n, 4).reverse() : be(n, 4)));
  const u16 = (n: number) => out.push(...(le ? be(n, 2).reverse() : be(n, 2)));
  u32(opts.nano ? 0xa1b23c4d : 0xa1b2c3d4);
  u16(2);
  u16(4);
  u32(0);
  u32(0);
  u32(262144);
  u32(linkType);
  for (const r of records) {
    const s = Math.floor(r.t / 1000);
    u32(s);
    u32(opts.nano ? Math.round((r.t - s * 1000) * 1e6) : Math.round((r.t - s * 1000) * 1e3));
    u32(r.data.length);
    u32(r.data.length);
    out.push(...r.data);
  }
  return Uint8Array.from(out);
}

/** pcapng: SHB, one IDB (with if_tsresol when given as a power of ten), EPBs (or SPBs). */
export function pcapng(records: Record_[], linkType: number, opts: { bigEndian?: boolean; tsresolDigits?: number; simple?: boolean } = {}): Uint8Array {
  const le = !opts.bigEndian;
  const out: number[] = [];
  const n32 = (n: number) => (le ? be(n >>> 0, 4).reverse() : be(n >>> 0, 4));
  const n16 = (n: number) => (le ? be(n, 2).reverse() : be(n, 2));
  const block = (type: number, body: number[]) => {
    while (body.length % 4) body.push(0);
    const len = body.length + 12;
    out.push(...n32(type), ...n32(len), ...body, ...n32(len));
  };
  block(0x0a0d0d0a, [...n32(0x1a2b3c4d), ...n16(1), ...n16(0), ...Array(8).fill(0xff)]);
  const digits = opts.tsresolDigits ?? 6;
  const idbOpts = opts.tsresolDigits !== undefined ? [...n16(9), ...n16(1), digits, 0, 0, 0, ...n16(0), ...n16(0)] : [];
  block(1, [...n16(linkType), ...n16(0), ...n32(262144), ...idbOpts]);
  for (const r of records) {
    if (opts.simple) {
      block(3, [...n32(r.data.length), ...r.data]);
      continue;
    }
    const ts = (BigInt(Math.round(r.t * 1000)) * 10n ** BigInt(digits)) / 1_000_000n;
    const hi = Number(ts >> 32n);
    const lo = Number(ts & 0xffffffffn);
    block(6, [...n32(0), ...n32(hi), ...n32(lo), ...n32(r.data.length), ...n32(r.data.length), ...r.data]);
  }
  return Uint8Array.from(out);
}

export const EP: Endpoints = { client: '127.0.0.1', server: '127.0.0.1', cport: 41234, sport: 15222 };
export const EP6: Endpoints = { client: '::1', server: '2001:db8::5', cport: 41234, sport: 15222, v6: true };

/** A conversation: the handshake, then each side's writes cut into segments of `mss` bytes. */
export function conversation(writes: { from: 'c' | 's'; text: string | Uint8Array }[], mss = 1448, t0 = Date.UTC(2026, 11, 1, 9, 30)): Segment[] {
  const segs: Segment[] = [];
  let t = t0;
  const pos = { c: 0, s: 0 };
  segs.push({ from: 'c', at: 0, data: new Uint8Array(), syn: true, t: t++ });
  segs.push({ from: 's', at: 0, data: new Uint8Array(), syn: true, t: t++ });
  for (const w of writes) {
    const b = bytes(w.text);
    for (let i = 0; i < b.length; i += mss) {
      segs.push({ from: w.from, at: pos[w.from], data: b.subarray(i, i + mss), t: t++ });
      pos[w.from] += Math.min(mss, b.length - i);
    }
  }
  return segs;
}

export function records(segs: Segment[], link: Link = 'ethernet', ep: Endpoints = EP): Record_[] {
  return segs.map((s) => ({ data: linkFrame(link, ipTcp(ep, s)), t: s.t }));
}
