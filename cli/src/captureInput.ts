// Network captures on the command line: .pcap / .pcapng / .cap / .har files are read as bytes and
// analysed through the capture core; positions become `file#frame:N` (Wireshark's numbering) and
// JSON gets the streams and every stanza's frames.
import { readFileSync } from 'node:fs';
import type { AnalyzeOptions } from '../../server/src/core/analyze';
import { analyzeCapture, isCaptureFileName } from '../../server/src/core/capture/analyzeCapture';
import type { FileResult, OutFile } from './formatReport';

export { isCaptureFileName };

export interface CaptureFileResult extends FileResult {
  capture: ReturnType<typeof captureJson>;
}

/** Reads and analyses a capture file; a read error is thrown as the caller's input error. */
export function inspectCapture(path: string, options: AnalyzeOptions, readError: (e: unknown) => Error): CaptureFileResult {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(path);
  } catch (e) {
    throw readError(e);
  }
  const analysis = analyzeCapture(bytes, options);
  const doc = analysis.capture;
  return { path, text: doc.text, analysis, locate: doc.locate, capture: captureJson(analysis) };
}

function captureJson(a: ReturnType<typeof analyzeCapture>) {
  return {
    format: a.capture.format,
    streams: a.capture.streams.map(({ span: _span, ...s }) => s),
    stanzas: a.stanzaOrigins.map((o) => ({
      index: o.index,
      stream: o.stream,
      direction: o.direction,
      ...(o.first ? { firstFrame: o.first.frame, first: o.first.label } : {}),
      ...(o.last ? { lastFrame: o.last.frame, last: o.last.label } : {}),
    })),
  };
}

export function withCapture(out: OutFile, r: FileResult): OutFile {
  const c = (r as Partial<CaptureFileResult>).capture;
  return c ? { ...out, capture: c } : out;
}
