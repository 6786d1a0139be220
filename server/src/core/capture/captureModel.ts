// What the transport readers (TCP, HTTP/BOSH, WebSocket, HAR) hand to the document builder: per
// stream, entries of XML bytes in the order a reader of the connection saw them, each byte traced
// to the packet (or HAR record) it came from.
import type { Code } from '../rules';
import type { CaptureTimestamp } from './captureFile';

/** Where bytes came from: a frame of a pcap, or a record of a HAR file. */
export interface Origin {
  /** Wireshark's frame number (pcap/pcapng only). */
  frame?: number;
  /** `frame:12`, `entry:3`, `entry:5/message:2`. */
  label: string;
  time?: CaptureTimestamp;
}

/** From byte `at` of an entry's content on, the bytes came from `origin`. */
export interface OriginRun {
  at: number;
  origin: Origin;
}

export type Side = 'client' | 'server';

export interface CaptureIssue {
  code: Code;
  message: string;
  severity?: 'error' | 'warning' | 'information' | 'hint';
}

export interface CaptureEntry {
  side: Side;
  /** What the header line says before the frame range: `POST /http-bind`, `websocket text`. */
  title?: string;
  /** XML bytes (UTF-8), or none for a note line (gap, encrypted data). */
  content?: Uint8Array;
  /** Sorted by `at`; the first run starts at 0. */
  origins: OriginRun[];
  /** Buffers of a byte stream: a stanza cut at the end of one continues in the next entry of the side. */
  joined?: boolean;
  /** Nothing continues this entry (bytes are missing after it). */
  cut?: boolean;
  /** A line of its own instead of content (`gap: 1448 bytes not captured`). */
  note?: string;
  issues?: CaptureIssue[];
}

export interface CaptureStream {
  /** `tcp.stream 3` (Wireshark's index), `har entry 7`. */
  id: string;
  /** `127.0.0.1:41234 (client) -> 127.0.0.1:5222 (server), XMPP over TCP`. */
  title: string;
  client?: string;
  server?: string;
  transport: 'tcp' | 'bosh' | 'websocket';
  firstFrame?: number;
  lastFrame?: number;
  entries: CaptureEntry[];
}

export function frameOrigin(frame: number, time: CaptureTimestamp | undefined): Origin {
  return time ? { frame, label: `frame:${frame}`, time } : { frame, label: `frame:${frame}` };
}

export function isoTime(t: CaptureTimestamp): string {
  const d = new Date(t.s * 1000);
  if (Number.isNaN(d.getTime())) return `${t.s}s`;
  return `${d.toISOString().slice(0, 19)}.${String(Math.floor(t.ns / 1000)).padStart(6, '0')}Z`;
}

export function epochMs(t: CaptureTimestamp): number {
  return t.s * 1000 + t.ns / 1e6;
}

const latin1 = new TextDecoder('latin1');

/** Bytes as one character each (for searching ASCII markup at byte offsets). */
export function asLatin1(b: Uint8Array): string {
  return latin1.decode(b);
}
