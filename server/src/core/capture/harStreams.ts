// A browser's HAR export (HAR 1.2 JSON) to XMPP streams: Chromium's `_webSocketMessages` of each
// WebSocket entry (`type` send/receive, `time` in epoch seconds, `opcode`, `data`), and BOSH
// POST bodies with their responses, grouped per URL.
import type { CaptureTimestamp } from './captureFile';
import type { CaptureEntry, CaptureIssue, CaptureStream, Side } from './captureModel';

export interface HarContent {
  entries: number;
  streams: CaptureStream[];
  issues: CaptureIssue[];
}

const BOSH_BODY = /^\s*(?:<\?xml[^>]*>\s*)?<body[\s/>]/;
const utf8 = new TextEncoder();

type Json = Record<string, unknown>;

const obj = (v: unknown): Json | undefined => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : undefined);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

function fromMs(ms: number): CaptureTimestamp | undefined {
  if (!Number.isFinite(ms)) return undefined;
  const s = Math.floor(ms / 1000);
  return { s, ns: Math.round((ms - s * 1000) * 1e6) };
}

interface Timed {
  ms: number;
  order: number;
  entry: CaptureEntry;
}

export function harStreams(text: string): HarContent {
  const issues: CaptureIssue[] = [];
  let root: unknown;
  try {
    root = JSON.parse(text);
  } catch (e) {
    return { entries: 0, streams: [], issues: [{ code: 'capture.file.unreadable', message: `This HAR file is not JSON: ${(e as Error).message}.` }] };
  }
  const list = obj(obj(root)?.log)?.entries;
  if (!Array.isArray(list)) return { entries: 0, streams: [], issues: [{ code: 'capture.file.unreadable', message: 'This HAR file has no log.entries array.' }] };
  const streams: CaptureStream[] = [];
  const bosh = new Map<string, { stream: CaptureStream; timed: Timed[] }>();
  list.forEach((raw, i) => {
    const e = obj(raw);
    if (!e) return;
    const n = i + 1;
    const req = obj(e.request);
    const url = str(req?.url) ?? '';
    const started = Date.parse(str(e.startedDateTime) ?? '');
    const ws = e._webSocketMessages;
    if (Array.isArray(ws)) {
      const timed: Timed[] = [];
      ws.forEach((m0, k) => {
        const m = obj(m0);
        const data = str(m?.data);
        if (!m || data === undefined || (m.opcode !== 1 && m.opcode !== 2 && m.opcode !== undefined)) return;
        const side: Side = m.type === 'send' ? 'client' : 'server';
        const ms = typeof m.time === 'number' ? m.time * 1000 : started;
        const time = fromMs(ms);
        const origin = { label: `entry:${n}/message:${k + 1}`, ...(time ? { time } : {}) };
        // Chromium writes binary messages' data in base64.
        const content = m.opcode === 2 ? Uint8Array.from(Buffer.from(data, 'base64')) : utf8.encode(data);
        timed.push({ ms, order: k, entry: { side, title: `websocket ${m.opcode === 2 ? 'binary' : 'text'}`, content, origins: [{ at: 0, origin }], joined: true } });
      });
      if (timed.length > 0) {
        streams.push({ id: `har entry ${n}`, title: `${url} (XMPP over WebSocket, RFC 7395)`, server: url, transport: 'websocket', entries: sortTimed(timed) });
      }
      return;
    }
    const body = str(obj(req?.postData)?.text);
    if (str(req?.method)?.toUpperCase() !== 'POST' || body === undefined || !BOSH_BODY.test(body.slice(0, 256))) return;
    let g = bosh.get(url);
    if (!g) {
      g = { stream: { id: `har bosh ${bosh.size + 1}`, title: `${url} (BOSH, XEP-0206)`, server: url, transport: 'bosh', entries: [] }, timed: [] };
      bosh.set(url, g);
      streams.push(g.stream);
    }
    const reqTime = fromMs(started);
    g.timed.push({ ms: started, order: 2 * i, entry: { side: 'client', title: `POST entry ${n}`, content: utf8.encode(body), origins: [{ at: 0, origin: { label: `entry:${n}`, ...(reqTime ? { time: reqTime } : {}) } }] } });
    const res = obj(e.response);
    const content = obj(res?.content);
    let rtext = str(content?.text);
    if (rtext !== undefined && content?.encoding === 'base64') rtext = Buffer.from(rtext, 'base64').toString('utf8');
    if (rtext !== undefined && BOSH_BODY.test(rtext.slice(0, 256))) {
      const ms = started + (typeof e.time === 'number' ? e.time : 0);
      const t = fromMs(ms);
      g.timed.push({ ms, order: 2 * i + 1, entry: { side: 'server', title: `HTTP ${res?.status ?? ''} entry ${n}`.replace('  ', ' '), content: utf8.encode(rtext), origins: [{ at: 0, origin: { label: `entry:${n}`, ...(t ? { time: t } : {}) } }] } });
    }
  });
  for (const g of bosh.values()) g.stream.entries = sortTimed(g.timed);
  return { entries: list.length, streams, issues };
}

function sortTimed(t: Timed[]): CaptureEntry[] {
  return t.sort((a, b) => (a.ms - b.ms) || a.order - b.order).map((x) => x.entry);
}
