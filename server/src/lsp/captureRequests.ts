// The LSP face of network captures: a capture file is binary, so it is not a text document the
// client syncs; the client asks for its read-only document (xmppE2e/captureDocument) and shows it
// under its own scheme, and "reveal packet" (xmppE2e/revealPacket) maps a position in it back to
// Wireshark's frame number. Only conversion here: the analysis is the core's.
import { readFile, stat } from 'node:fs/promises';
import type { Connection } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { analyzeCaptureInSteps, toDiagnosticRecords, type CaptureAnalysis, type KeyStore } from '../core/service';
import * as C from '../protocol/captureRequests';
import type { XmppE2eSettings } from '../protocol/settings';
import { toDiagnostics, toRange, toSpan } from './convert';
import { runSafe, yieldToEventLoop, type Logger } from './runSafe';
import { URI } from './uri';

export interface CaptureDeps {
  log: Logger;
  settings(uri: string): Promise<XmppE2eSettings>;
  keys(s: XmppE2eSettings, path: string): Promise<KeyStore | undefined>;
}

interface Entry {
  mtimeMs: number;
  size: number;
  /** What it was analysed with: new settings or keys mean a new analysis. */
  settingsJson: string;
  keys: KeyStore | undefined;
  doc: TextDocument;
  analysis: CaptureAnalysis;
}

/** A few captures at a time: each holds its reassembled text. */
const MAX_CACHED = 8;

export function registerCaptureRequests(connection: Connection, deps: CaptureDeps): void {
  const cache = new Map<string, Entry>();

  async function analysed(uri: string): Promise<Entry | undefined> {
    const path = URI.toPath(uri);
    if (!path) return undefined;
    const st = await stat(path);
    const s = await deps.settings(uri);
    const keys = await deps.keys(s, path);
    const settingsJson = JSON.stringify(s);
    const hit = cache.get(uri);
    if (hit && hit.mtimeMs === st.mtimeMs && hit.size === st.size && hit.settingsJson === settingsJson && hit.keys === keys) return hit;
    const bytes = await readFile(path);
    const now = s.now ? Date.parse(s.now) : undefined;
    const steps = analyzeCaptureInSteps(bytes, { keys, verify: s.verify.enabled, skewSeconds: s.clockSkewSeconds, ...(now !== undefined && !Number.isNaN(now) ? { now } : {}) });
    let r = steps.next();
    while (!r.done) {
      await yieldToEventLoop();
      r = steps.next();
    }
    const analysis = r.value;
    const entry: Entry = { mtimeMs: st.mtimeMs, size: st.size, settingsJson, keys, analysis, doc: TextDocument.create(`${uri}#capture`, 'xmpp-trace', 1, analysis.capture.text) };
    cache.delete(uri);
    cache.set(uri, entry);
    while (cache.size > MAX_CACHED) cache.delete(cache.keys().next().value!);
    return entry;
  }

  connection.onRequest(C.CaptureDocumentRequest, (params: C.CaptureDocumentParams) =>
    runSafe(deps.log, 'captureDocument', null as C.CaptureDocumentResult | null, async () => {
      const e = await analysed(params.uri);
      if (!e) return null;
      const s = await deps.settings(params.uri);
      const a = e.analysis;
      const view = params.viewUri ? TextDocument.create(params.viewUri, 'xmpp-trace', 1, a.capture.text) : e.doc;
      const result: C.CaptureDocumentResult = {
        format: a.capture.format,
        text: a.capture.text,
        diagnostics: toDiagnostics(view, toDiagnosticRecords(a.findings, { overrides: s.severity, maxNumberOfProblems: s.maxNumberOfProblems })),
        streams: a.capture.streams.map(({ span, ...rest }) => ({ ...rest, range: toRange(e.doc, span) })),
        stanzas: a.stanzaOrigins.map((o) => ({
          range: toRange(e.doc, a.trace!.stanzas[o.index].element.span),
          stream: o.stream,
          direction: o.direction,
          ...(o.first?.frame !== undefined ? { firstFrame: o.first.frame } : {}),
          ...(o.last?.frame !== undefined ? { lastFrame: o.last.frame } : {}),
        })),
      };
      return result;
    }),
  );

  connection.onRequest(C.RevealPacketRequest, (params: C.RevealPacketParams) =>
    runSafe(deps.log, 'revealPacket', null as C.RevealPacketResult | null, async () => {
      const e = await analysed(params.uri);
      if (!e) return null;
      const offset = toSpan(e.doc, { start: params.position, end: params.position }).start;
      const o = e.analysis.capture.locate(offset);
      if (!o) return null;
      return { label: o.label, ...(o.frame !== undefined ? { frame: o.frame, displayFilter: `frame.number == ${o.frame}` } : {}) };
    }),
  );
}
