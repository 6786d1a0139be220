// The capture face of the core: bytes of a .pcap / .pcapng / .cap / .har file -> the document of
// its reassembled XMPP streams -> the same trace checks as for logs. Each stream is judged on its
// own (a connection is one receiver: the same object on the sender's and the recipient's
// connection is not a replay, and a <bind/> result names only its own connection's user).
import { traceCheckOptions, type Analysis, type AnalyzeOptions } from '../analyze';
import { checkTraceObjectsInSteps, type ObjectRecord } from '../e2e/checkTraceObjects';
import type { Finding, Stanza, Trace } from '../types';
import { traceOfFraming } from '../trace/parseTrace';
import { captureFormat } from './captureFile';
import { buildCaptureDocument, type CaptureDocument } from './captureDocument';
import { epochMs, isoTime, type Origin } from './captureModel';
import { harStreams } from './harStreams';
import { pcapStreams } from './pcapStreams';

export interface StanzaOrigin {
  /** Index into `analysis.trace.stanzas`. */
  index: number;
  stream: string;
  direction: 'client-to-server' | 'server-to-client';
  /** Frames (or HAR records) of the stanza's first and last character. */
  first?: Origin;
  last?: Origin;
}

export interface CaptureAnalysis extends Analysis {
  capture: CaptureDocument;
  stanzaOrigins: StanzaOrigin[];
}

export function isCaptureFileName(name: string | undefined): boolean {
  return /\.(?:pcap|pcapng|cap|har)$/i.test(name ?? '');
}

const utf8 = new TextDecoder('utf-8');

/** The read-only document of a capture's XMPP streams (the pcap magic decides, else HAR JSON). */
export function captureDocumentOf(bytes: Uint8Array, options: { isCancelled?: () => boolean } = {}): CaptureDocument {
  if (captureFormat(bytes)) {
    const p = pcapStreams(bytes, options.isCancelled);
    const issues = [...p.issues];
    if (p.streams.length === 0 && !(p.frames === 0 && issues.length > 0)) {
      issues.push({ code: 'capture.xmpp.none', message: `No XMPP found in this capture's ${p.frames} frames${p.otherTcp.length ? ` (${p.otherTcp.length} TCP streams carry something else)` : ''}: XMPP is recognised by content (stream header, stanzas, BOSH bodies, RFC 7395 WebSocket frames) on any port.` });
    }
    const other = p.otherTcp.length ? `; not XMPP: tcp.stream ${p.otherTcp.join(', ')}` : '';
    const summary = `xmpp-e2e: ${p.format} capture, ${p.frames} frames, ${p.streams.length} XMPP stream${p.streams.length === 1 ? '' : 's'}${other}. Read-only view; "frame N" is Wireshark's frame number.`;
    return buildCaptureDocument(p.format, summary, p.streams, issues);
  }
  const h = harStreams(utf8.decode(bytes));
  const issues = [...h.issues];
  if (h.streams.length === 0 && h.issues.length === 0) {
    issues.push({ code: 'capture.xmpp.none', message: `No XMPP found among this HAR file's ${h.entries} entries (WebSocket messages or BOSH POST bodies).` });
  }
  const summary = `xmpp-e2e: HAR file, ${h.entries} entries, ${h.streams.length} XMPP stream${h.streams.length === 1 ? '' : 's'}. Read-only view; "entry N" is the N-th of log.entries.`;
  return buildCaptureDocument('har', summary, h.streams, issues);
}

export function analyzeCapture(bytes: Uint8Array, options: AnalyzeOptions = {}): CaptureAnalysis {
  const steps = analyzeCaptureInSteps(bytes, options);
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
  }
}

export function* analyzeCaptureInSteps(bytes: Uint8Array, options: AnalyzeOptions): Generator<void, CaptureAnalysis, void> {
  const doc = captureDocumentOf(bytes, { isCancelled: options.isCancelled });
  yield;
  const trace = traceOfFraming(doc.text, doc.framing, { isCancelled: options.isCancelled });
  const stanzaOrigins = placeStanzas(doc, trace.stanzas);
  const findings: Finding[] = [...doc.findings, ...trace.findings];
  const records: ObjectRecord[] = [];
  const checkOptions = traceCheckOptions(options);
  // Stanzas of one stream are contiguous: streams are sections of the document.
  let i = 0;
  for (const s of doc.streams) {
    const from = i;
    while (i < trace.stanzas.length && trace.stanzas[i].element.span.start < s.span.end) i++;
    if (i === from) continue;
    const part: Trace = { dialect: trace.dialect, vantage: trace.vantage, stanzas: trace.stanzas.slice(from, i), others: [], findings: [] };
    const checked = yield* checkTraceObjectsInSteps(part, checkOptions);
    for (const r of checked.records) records.push({ ...r, report: { ...r.report, index: records.length, stanzaIndex: r.report.stanzaIndex + from } });
    for (const f of checked.findings) findings.push(f);
  }
  findings.sort((a, b) => a.span.start - b.span.start);
  return { kind: 'trace', dialect: trace.dialect, trace, stanzaCount: trace.stanzas.length, findings, objects: records.map((r) => r.report), records, capture: doc, stanzaOrigins };
}

/** Each stanza's stream, direction and frames; its capture time becomes that of its last byte. */
function placeStanzas(doc: CaptureDocument, stanzas: Stanza[]): StanzaOrigin[] {
  let k = 0;
  return stanzas.map((st, index) => {
    const at = st.element.span.start;
    while (k < doc.streams.length - 1 && doc.streams[k].span.end <= at) k++;
    const first = doc.locate(at);
    const last = doc.locate(Math.max(at, st.element.span.end - 1));
    if (last?.time && st.time) st.time = { ...st.time, text: isoTime(last.time), epochMs: epochMs(last.time) };
    return {
      index,
      stream: doc.streams[k]?.id ?? '',
      direction: st.direction === 'out' ? 'client-to-server' : 'server-to-client',
      ...(first ? { first } : {}),
      ...(last ? { last } : {}),
    };
  });
}
