// TCP reassembly by sequence number: each connection's two byte streams with, for every byte, the
// frame that carried it. Retransmissions and overlaps keep the bytes that came first in sequence
// order; out-of-order segments are put back in place; bytes never captured become gaps; a capture
// that starts mid-connection starts at the lowest sequence number it saw.
import type { CaptureTimestamp } from './captureFile';
import type { TcpSegment } from './tcpSegment';
import { frameOrigin, type OriginRun } from './captureModel';

/** Bytes of one direction at stream offset `at`, from frame `frame`. */
export interface Piece {
  at: number;
  data: Uint8Array;
  frame: number;
  time?: CaptureTimestamp;
  /** The latest frame among this piece and every piece before it: when the receiver could read it. */
  ready: number;
}

/** Bytes never captured: `length` of them are missing just before stream offset `at`. */
export interface Gap {
  at: number;
  length: number;
}

export interface TcpDirection {
  /** `ip:port` of the sender. */
  from: string;
  to: string;
  pieces: Piece[];
  gaps: Gap[];
  length: number;
  /** No SYN was captured: the stream may start mid-way. */
  midStream: boolean;
}

export interface TcpConnection {
  /** 0-based in order of first frame, like Wireshark's tcp.stream. */
  index: number;
  firstFrame: number;
  lastFrame: number;
  /** Index into `dirs` of the side that sent the SYN, when it was captured. */
  synFrom?: 0 | 1;
  dirs: [TcpDirection, TcpDirection];
}

interface Seg {
  rel: number;
  payload: Uint8Array;
  length: number;
  frame: number;
  time?: CaptureTimestamp;
}

interface Side {
  from: string;
  to: string;
  base?: number;
  synSeq?: number;
  segs: Seg[];
  closed: boolean;
}

interface Open {
  index: number;
  firstFrame: number;
  lastFrame: number;
  synFrom?: 0 | 1;
  sides: [Side, Side];
}

export class TcpReassembler {
  private readonly open = new Map<string, Open>();
  private readonly all: Open[] = [];

  add(frame: number, time: CaptureTimestamp | undefined, s: TcpSegment): void {
    const from = `${s.src}:${s.srcPort}`;
    const to = `${s.dst}:${s.dstPort}`;
    const key = from < to ? `${from}|${to}` : `${to}|${from}`;
    let c = this.open.get(key);
    // A new SYN on a closed connection (or with another initial sequence number) is port reuse.
    if (c && s.syn && !s.ack) {
      const side = c.sides[c.sides[0].from === from ? 0 : 1];
      if (c.sides.some((x) => x.closed) || (side.synSeq !== undefined && side.synSeq !== s.seq)) c = undefined;
    }
    if (!c) {
      c = { index: this.all.length, firstFrame: frame, lastFrame: frame, sides: [side(from, to), side(to, from)] };
      this.open.set(key, c);
      this.all.push(c);
    }
    c.lastFrame = frame;
    const i: 0 | 1 = c.sides[0].from === from ? 0 : 1;
    const sd = c.sides[i];
    if (s.syn) {
      if (!s.ack && c.synFrom === undefined) c.synFrom = i;
      if (sd.base === undefined) {
        sd.synSeq = s.seq;
        sd.base = (s.seq + 1) >>> 0;
      }
    }
    if (s.fin || s.rst) sd.closed = true;
    if (s.length === 0) return;
    if (sd.base === undefined) sd.base = s.seq;
    // Signed 32-bit distance from the base: sequence numbers wrap.
    const rel = (s.seq - sd.base) | 0;
    // SYN carries no data here; data of a SYN (TCP Fast Open) starts after its sequence number.
    const skip = s.syn ? 1 : 0;
    sd.segs.push({ rel: rel + skip, payload: s.payload, length: s.length, frame, time });
  }

  connections(): TcpConnection[] {
    return this.all.map((c) => ({
      index: c.index,
      firstFrame: c.firstFrame,
      lastFrame: c.lastFrame,
      ...(c.synFrom !== undefined ? { synFrom: c.synFrom } : {}),
      dirs: [assemble(c.sides[0]), assemble(c.sides[1])],
    }));
  }
}

function side(from: string, to: string): Side {
  return { from, to, segs: [], closed: false };
}

function assemble(sd: Side): TcpDirection {
  const segs = sd.segs.slice().sort((a, b) => a.rel - b.rel || a.frame - b.frame);
  const pieces: Piece[] = [];
  const gaps: Gap[] = [];
  const midStream = sd.synSeq === undefined;
  // With the SYN captured the stream starts at its sequence number + 1; bytes before it are not data.
  const origin = midStream ? (segs[0]?.rel ?? 0) : 0;
  let cur = origin;
  // Stream offsets count captured bytes only: a gap takes no room (a corrupt sequence number
  // must not make a reader allocate gigabytes), it is only recorded where it is.
  let out = 0;
  let ready = 0;
  for (const g of segs) {
    const end = g.rel + g.payload.length;
    if (end <= cur) continue;
    if (g.rel > cur) {
      gaps.push({ at: out, length: g.rel - cur });
      cur = g.rel;
    }
    ready = Math.max(ready, g.frame);
    const data = g.payload.subarray(cur - g.rel);
    pieces.push({ at: out, data, frame: g.frame, time: g.time, ready });
    out += data.length;
    cur = end;
  }
  return { from: sd.from, to: sd.to, pieces, gaps, length: out, midStream };
}

/** Where the bytes that follow `from` stop being contiguous: the next gap, or the end. */
export function contiguousEnd(d: TcpDirection, from: number): number {
  for (const g of d.gaps) if (g.at > from) return g.at;
  return d.length;
}

/** The bytes [from, to) of a direction (pieces are contiguous; gaps take no room). */
export function streamBytes(d: TcpDirection, from: number, to: number): Uint8Array {
  const out = new Uint8Array(Math.max(0, to - from));
  for (let i = Math.max(0, pieceIndexAt(d, from)); i < d.pieces.length; i++) {
    const p = d.pieces[i];
    if (p.at >= to) break;
    const a = Math.max(from, p.at);
    const b = Math.min(to, p.at + p.data.length);
    if (a < b) out.set(p.data.subarray(a - p.at, b - p.at), a - from);
  }
  return out;
}

/** The piece that holds stream offset `at` (the last one starting at or before it). */
export function pieceAt(d: TcpDirection, at: number): Piece | undefined {
  const i = pieceIndexAt(d, at);
  return i < 0 ? undefined : d.pieces[i];
}

/** Origins of the bytes of `ranges` (stream offsets) laid end to end, as runs from offset 0. */
export function rangeOrigins(d: TcpDirection, ranges: readonly (readonly [number, number])[]): OriginRun[] {
  const runs: OriginRun[] = [];
  let out = 0;
  for (const [a, b] of ranges) {
    for (let p = pieceIndexAt(d, a); p >= 0 && p < d.pieces.length; p++) {
      const piece = d.pieces[p];
      if (piece.at >= b) break;
      const from = Math.max(a, piece.at);
      if (from >= Math.min(b, piece.at + piece.data.length)) continue;
      const last = runs[runs.length - 1];
      if (!last || last.origin.frame !== piece.frame) runs.push({ at: out + (from - a), origin: frameOrigin(piece.frame, piece.time) });
    }
    out += b - a;
  }
  if (runs.length > 0) runs[0].at = 0;
  return runs;
}

/** Index of the piece that holds stream offset `at` (-1 when there are none). */
export function pieceIndexAt(d: TcpDirection, at: number): number {
  const ps = d.pieces;
  let lo = 0;
  let hi = ps.length - 1;
  if (hi < 0) return -1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (ps[mid].at <= at) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}
