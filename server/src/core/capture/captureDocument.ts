// The reassembled streams of a capture as one read-only text document, the "file" every finding's
// offsets point into: a section per stream, a header line per entry (side, frames, capture time),
// the XML as it was on the wire. Built with its framing for the trace pipeline and a map from any
// offset back to the frame (or HAR record) the character came from.
import type { CaptureTime, Finding, Span } from '../types';
import { RunOffsetMap } from '../offsetMap';
import type { Frame, Framing } from '../trace/frames';
import { epochMs, isoTime, type CaptureEntry, type CaptureIssue, type CaptureStream, type Origin } from './captureModel';

export type CaptureFileFormat = 'pcap' | 'pcapng' | 'har';

export interface DocStream {
  id: string;
  title: string;
  client?: string;
  server?: string;
  transport: CaptureStream['transport'];
  firstFrame?: number;
  lastFrame?: number;
  /** The section's range in the document. */
  span: Span;
}

export interface CaptureDocument {
  format: CaptureFileFormat;
  text: string;
  framing: Framing;
  /** Capture-level findings (cut file, gaps, TLS), at the header or note line they concern. */
  findings: Finding[];
  streams: DocStream[];
  /** The frame (or HAR record) the character at `offset` came from. */
  locate(offset: number): Origin | undefined;
}

const utf8 = new TextDecoder('utf-8');

/** UTF-16 units that UTF-8 bytes [from, to) decode to (a 4-byte sequence is a surrogate pair). */
function utf16Units(b: Uint8Array, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) {
    const c = b[i];
    if (c < 0x80 || (c >= 0xc0 && c < 0xf0)) n++;
    else if (c >= 0xf0) n += 2;
  }
  return n;
}

function oneLine(s: string): string {
  return s.replace(/[\r\n]+/g, ' ');
}

function frameLabel(e: CaptureEntry): string {
  const frames = e.origins.map((o) => o.origin.frame).filter((f): f is number => f !== undefined);
  if (frames.length === 0) return e.origins[0]?.origin.label ?? '';
  const lo = Math.min(...frames);
  const hi = Math.max(...frames);
  return lo === hi ? `frame ${lo}` : `frames ${lo}-${hi}`;
}

export function buildCaptureDocument(format: CaptureFileFormat, summary: string, streams: CaptureStream[], fileIssues: CaptureIssue[]): CaptureDocument {
  let text = '';
  const frames: Frame[] = [];
  const findings: Finding[] = [];
  const docStreams: DocStream[] = [];
  const runStarts: number[] = [];
  const runOrigins: Origin[] = [];
  const addRun = (at: number, o: Origin | undefined) => {
    if (!o) return;
    if (runStarts.length > 0 && runStarts[runStarts.length - 1] === at) runOrigins[runOrigins.length - 1] = o;
    else {
      runStarts.push(at);
      runOrigins.push(o);
    }
  };
  const issuesAt = (issues: CaptureIssue[] | undefined, span: Span) => {
    for (const i of issues ?? []) findings.push({ code: i.code, message: i.message, span, ...(i.severity ? { severity: i.severity } : {}) });
  };

  const first = `# ${oneLine(summary)}\n`;
  text += first;
  issuesAt(fileIssues, { start: 2, end: first.length - 1 });

  for (const s of streams) {
    const start = text.length;
    const range = s.firstFrame !== undefined ? `, frames ${s.firstFrame}-${s.lastFrame}` : '';
    text += `\n## ${s.id}: ${oneLine(s.title)}${range}\n`;
    for (const e of s.entries) {
      const lineStart = text.length;
      addRun(lineStart, e.origins[0]?.origin);
      if (e.note !== undefined || !e.content) {
        const line = `!! ${e.side}: ${oneLine(e.note ?? '')}`;
        text += `${line}\n`;
        issuesAt(e.issues, { start: lineStart + 3, end: lineStart + line.length });
        continue;
      }
      const t = e.origins[0]?.origin.time;
      const head = `${e.side === 'client' ? '>>' : '<<'} ${e.side}${e.title ? ` ${oneLine(e.title)}` : ''}  ${frameLabel(e)}  `;
      const iso = t ? isoTime(t) : '';
      text += `${head}${iso}\n`;
      issuesAt(e.issues, { start: lineStart + 3, end: lineStart + head.length + iso.length });
      const contentStart = text.length;
      // Runs inside the content: byte offsets -> UTF-16 offsets, counted incrementally.
      let byteAt = 0;
      let unitAt = 0;
      for (const r of e.origins) {
        unitAt += utf16Units(e.content, byteAt, r.at);
        byteAt = r.at;
        addRun(contentStart + unitAt, r.origin);
      }
      const content = utf8.decode(e.content);
      text += content;
      const frame: Frame = { start: contentStart, end: text.length, direction: e.side === 'client' ? 'out' : 'in' };
      // Each entry scans as its own string: a search that runs to the end of the text (the
      // scanner's next '&') then stays inside the entry, keeping many-entry captures linear.
      frame.derived = { text: content, map: new RunOffsetMap().verbatim(contentStart, content.length) };
      if (t) {
        const time: CaptureTime = { text: iso, span: { start: lineStart + head.length, end: lineStart + head.length + iso.length }, epochMs: epochMs(t), dateKnown: true };
        frame.time = time;
      }
      if (e.joined) frame.channel = `${s.id}:${e.side}`;
      if (e.cut) frame.cut = true;
      frames.push(frame);
      text += '\n';
    }
    docStreams.push({
      id: s.id,
      title: s.title,
      ...(s.client ? { client: s.client } : {}),
      ...(s.server ? { server: s.server } : {}),
      transport: s.transport,
      ...(s.firstFrame !== undefined ? { firstFrame: s.firstFrame, lastFrame: s.lastFrame } : {}),
      span: { start, end: text.length },
    });
  }

  const locate = (offset: number): Origin | undefined => {
    let lo = 0;
    let hi = runStarts.length - 1;
    if (hi < 0 || offset < runStarts[0]) return undefined;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (runStarts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return runOrigins[lo];
  };
  return { format, text, framing: { dialect: format, frames, findings: [] }, findings, streams: docStreams, locate };
}
