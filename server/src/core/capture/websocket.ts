// WebSocket (RFC 6455) frames in one direction of a reassembled TCP stream, from the end of the
// upgrade on: masking undone, fragmented messages joined, permessage-deflate (RFC 7692) inflated
// with the sliding window kept across messages unless the peer said no_context_takeover.
import type { CaptureIssue, OriginRun } from './captureModel';
import { frameOrigin } from './captureModel';
import { concatBytes } from '../asn1/ber';
import { inflateMessage, newHistory } from './inflate';
import { contiguousEnd, pieceAt, rangeOrigins, streamBytes, type TcpDirection } from './tcpStreams';

export interface WsMessage {
  opcode: number;
  data: Uint8Array;
  origins: OriginRun[];
  /** Stream offset of the message's first frame (for ordering against the other side). */
  start: number;
  end: number;
  compressed: boolean;
}

export interface Deflate {
  /** permessage-deflate was agreed in the 101 response. */
  enabled: boolean;
  /** This sender resets its window after each message. */
  noContextTakeover: boolean;
}

/** The permessage-deflate agreement for each sender, from the 101 response's extensions header. */
export function deflateOf(extensions: string | undefined): { client: Deflate; server: Deflate } {
  const ext = (extensions ?? '').split(',').map((s) => s.trim()).find((s) => /^permessage-deflate\b/i.test(s));
  const has = (p: string) => ext !== undefined && new RegExp(`(?:^|;)\\s*${p}\\b`, 'i').test(ext);
  return {
    client: { enabled: ext !== undefined, noContextTakeover: has('client_no_context_takeover') },
    server: { enabled: ext !== undefined, noContextTakeover: has('server_no_context_takeover') },
  };
}

interface Pending {
  opcode: number;
  compressed: boolean;
  parts: Uint8Array[];
  origins: OriginRun[];
  length: number;
  start: number;
}

export function wsMessages(d: TcpDirection, from: number, deflate: Deflate, issues: CaptureIssue[]): WsMessage[] {
  // Frames are not parsed across bytes that were never captured.
  const stop = contiguousEnd(d, from);
  const bytes = streamBytes(d, 0, stop);
  const out: WsMessage[] = [];
  const history = deflate.noContextTakeover ? undefined : newHistory();
  let pending: Pending | undefined;
  let at = from;
  while (at + 2 <= bytes.length) {
    const b0 = bytes[at];
    const b1 = bytes[at + 1];
    const fin = (b0 & 0x80) !== 0;
    const rsv1 = (b0 & 0x40) !== 0;
    const opcode = b0 & 0x0f;
    const masked = (b1 & 0x80) !== 0;
    let len = b1 & 0x7f;
    let p = at + 2;
    if (len === 126) {
      if (p + 2 > bytes.length) break;
      len = (bytes[p] << 8) | bytes[p + 1];
      p += 2;
    } else if (len === 127) {
      if (p + 8 > bytes.length) break;
      let n = 0;
      for (let k = 0; k < 8; k++) n = n * 256 + bytes[p + k];
      len = n;
      p += 8;
    }
    const mask = masked ? bytes.subarray(p, p + 4) : undefined;
    if (masked) p += 4;
    if (p + len > bytes.length) {
      const where = stop < d.length ? 'Bytes are missing' : 'The capture ends';
      issues.push({ code: 'capture.tcp.gap', message: `${where} inside a WebSocket frame (${bytes.length - p} of ${len} payload bytes, frame ${pieceAt(d, at)?.frame}): the messages after it are not read.`, severity: 'warning' });
      break;
    }
    const payload = bytes.slice(p, p + len);
    if (mask) for (let k = 0; k < payload.length; k++) payload[k] ^= mask[k & 3];
    const frameStart = at;
    at = p + len;
    if (opcode >= 8) {
      if (opcode === 8) break;
      continue; // ping, pong
    }
    if (opcode !== 0 || !pending) {
      const o = pieceAt(d, frameStart);
      pending = { opcode, compressed: deflate.enabled && rsv1, parts: [], origins: o ? [{ at: 0, origin: frameOrigin(o.frame, o.time) }] : [], length: 0, start: frameStart };
    }
    if (!pending.compressed) for (const r of rangeOrigins(d, [[p, p + len]])) pending.origins.push({ at: pending.length + r.at, origin: r.origin });
    pending.parts.push(payload);
    pending.length += payload.length;
    if (!fin) continue;
    const joined = pending.parts.length === 1 ? pending.parts[0] : concatBytes(pending.parts);
    let data = joined;
    if (pending.compressed) {
      const r = inflateMessage(joined, history);
      if (r.error !== undefined) {
        issues.push({ code: 'capture.ws.undecodable', message: `A permessage-deflate WebSocket message (frame ${pending.origins[0]?.origin.frame}) does not inflate: ${r.error}.` });
        pending = undefined;
        continue;
      }
      data = r.data;
    }
    out.push({ opcode: pending.opcode, data, origins: dedupe(pending.origins), start: pending.start, end: at, compressed: pending.compressed });
    pending = undefined;
  }
  return out;
}

function dedupe(runs: OriginRun[]): OriginRun[] {
  const out: OriginRun[] = [];
  for (const r of runs) {
    const last = out[out.length - 1];
    if (last && last.origin.frame === r.origin.frame) continue;
    if (last && last.at === r.at) out.pop();
    out.push(r);
  }
  return out;
}
