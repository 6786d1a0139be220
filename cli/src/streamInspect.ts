// `xmpp-e2e inspect` on a large file: read in blocks (UTF-8 decoded across block boundaries), cut
// into segments where the dialect allows (core/stream/segmentCuts.ts), each segment analysed and
// dropped (core/stream/segmentedAnalysis.ts). Line starts are gathered as the text goes by; the
// findings (capped per file) are kept to the end; the object reports are spilled to a temporary
// file and read back when the report is written. The report equals the in-memory one.
//
// Not streamed (undefined: the caller reads the file whole): files whose dialect has no safe cut
// points (raw XML, the buffer-joining and server dialects, Prosody), and files with OMEMO, OX or
// XEP-0027 content, whose rules first look at the whole trace.
import { closeSync, mkdtempSync, openSync, readSync, rmSync, statSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import type { AnalyzeOptions } from '../../server/src/core/analyze';
import { lensTitle } from '../../server/src/core/service';
import { isSegmentable, lastCut } from '../../server/src/core/stream/segmentCuts';
import { SegmentedAnalysis, WHOLE_TRACE_MARKERS } from '../../server/src/core/stream/segmentedAnalysis';
import { detach } from '../../server/src/core/stream/detach';
import { detectDialect } from '../../server/src/core/trace/detectDialect';
import type { SeverityOverride } from '../../server/src/core/rules';
import type { Finding, ObjectReport, Span } from '../../server/src/core/types';
import { outDiagnostics, reportedFindings, type OutFile } from './formatReport';
import { LineStarts } from './lineStarts';
import type { TextReportFile } from './textReport';

/** Files from this size on are streamed when their dialect allows (smaller ones are read whole: same report, and the
 * in-memory path is no slower; from here on streaming keeps the peak RSS down, and past ~512 MB only it can read them). */
export const STREAM_BYTES = 16 * 1024 * 1024;
/**
 * Characters per segment: a segment is cut at the last cut point of the text read so far, so the
 * blocks read are as small. A segment's parsed model (several times its text) lives while its
 * objects are judged: at 1 MB it outlived two young-generation collections and was promoted, and
 * the old generation grew by all of it before each full collection (22 MB trace: 130 -> 79 MB
 * promoted, peak RSS 199 -> 173 MiB at 128 KB).
 */
const SEGMENT_CHARS = 128 * 1024;
/** detectDialect reads this much of the file's head. */
const DETECT_CHARS = 256 * 1024;
const BLOCK_BYTES = SEGMENT_CHARS;

export interface StreamedFile {
  path: string;
  out: OutFile;
  /** The objects with their lens, read back from the spill, in order. */
  objects: () => Iterable<ObjectReport & { lens: string }>;
  text: TextReportFile;
  /** The analysis failed (its findings say why, as the in-memory analysis's do): no objects are reported. */
  failed: boolean;
  /** Removes the spilled objects. */
  dispose(): void;
}

export interface StreamOptions {
  overrides?: Readonly<Record<string, SeverityOverride>>;
  /** Bytes per read (tests use small blocks to cut UTF-8 sequences everywhere). */
  blockBytes?: number;
  segmentChars?: number;
}

/** True when the file's bytes hold one of `needles` (read in blocks, needles found across block ends). */
function fileContains(fd: number, needles: readonly string[], blockBytes: number): Set<string> {
  const found = new Set<string>();
  const bytes = needles.map((n) => Buffer.from(n, 'latin1'));
  const overlap = Math.max(...bytes.map((b) => b.length)) - 1;
  const buf = Buffer.alloc(blockBytes + overlap);
  let kept = 0;
  let pos = 0;
  for (;;) {
    const n = readSync(fd, buf, kept, blockBytes, pos);
    if (n === 0) break;
    pos += n;
    const view = buf.subarray(0, kept + n);
    needles.forEach((needle, i) => {
      if (!found.has(needle) && view.indexOf(bytes[i]) >= 0) found.add(needle);
    });
    kept = Math.min(overlap, view.length);
    view.copy(buf, 0, view.length - kept);
  }
  return found;
}

/**
 * Inspects `path` segment by segment, or returns undefined when it must be read whole (see the
 * header). Read errors are thrown as they are (the caller words them).
 */
export function inspectStreamed(path: string, options: AnalyzeOptions, o: StreamOptions = {}): StreamedFile | undefined {
  const fd = openSync(path, 'r');
  try {
    return streamFile(fd, path, options, o);
  } finally {
    closeSync(fd);
  }
}

/** True when `path` is a file large enough to be streamed (false when it cannot be read: the whole read says why). */
export function isLargeFile(path: string): boolean {
  try {
    return statSync(path).size >= STREAM_BYTES;
  } catch {
    return false;
  }
}

function streamFile(fd: number, path: string, options: AnalyzeOptions, o: StreamOptions): StreamedFile | undefined {
  const blockBytes = o.blockBytes ?? BLOCK_BYTES;
  const segmentChars = o.segmentChars ?? SEGMENT_CHARS;
  const seen = fileContains(fd, [...WHOLE_TRACE_MARKERS, 'error'], Math.max(blockBytes, 1 << 16));
  if (WHOLE_TRACE_MARKERS.some((m) => seen.has(m))) return undefined;

  const decoder = new StringDecoder('utf8');
  const buf = Buffer.alloc(blockBytes);
  const lines = new LineStarts();
  let pending = '';
  let pos = 0;
  let base = 0;
  const read = (): boolean => {
    const n = readSync(fd, buf, 0, blockBytes, pos);
    pos += n;
    pending += n === 0 ? decoder.end() : decoder.write(buf.subarray(0, n));
    return n > 0;
  };
  // The dialect from the file's head, as detectDialect reads a whole text.
  let more = true;
  while (more && pending.length < DETECT_CHARS) more = read();
  const dialect = detectDialect(pending);
  if (!isSegmentable(dialect)) return undefined;
  // An error reply looks back over the trace: without `error` anywhere, no stanza's facts are kept.
  const analysis = new SegmentedAnalysis(dialect, options, seen.has('error'));
  const spill = new ObjectSpill();
  const report = new ReportParts(lines);
  try {
    const run = (text: string) => {
      lines.add(text, base);
      const r = analysis.segment(text, base);
      report.segment(text, base, r.findings, r.stanzaSpans);
      for (const rep of r.reports) spill.add(rep);
      base += text.length;
    };
    // Past a long entry with no cut point, the next search waits for twice as much text (each
    // search reads the pending text once: doubling keeps that linear).
    let want = segmentChars;
    for (;;) {
      if (pending.length >= want || !more) {
        const cut = more ? lastCut(pending, dialect) : -1;
        if (cut > 0) {
          run(pending.slice(0, cut));
          pending = pending.slice(cut);
          want = segmentChars;
          continue;
        }
        if (!more) break;
        want = pending.length * 2;
      }
      more = read();
    }
    run(pending);
    pending = '';
    const result = analysis.finish();
    spill.finish();
    if (result.needsWholeTrace) {
      spill.dispose();
      return undefined;
    }
    const reported = reportedFindings(result, o.overrides);
    const out: OutFile = { path, dialect: result.dialect, kind: 'trace', stanzas: result.stanzaCount, diagnostics: outDiagnostics(reported, lines), objects: [] };
    const text: TextReportFile = {
      path,
      text: '',
      dialect: result.dialect,
      kind: 'trace',
      stanzas: result.stanzaCount,
      objects: result.failed ? [] : (spill.statuses as ObjectReport[]),
      stanzaSpans: report.units(),
      findings: reported,
      source: { positionAt: (off) => lines.positionAt(off), lineText: (l) => report.lineText(l), blank: report.blank },
    };
    return {
      path,
      out,
      text,
      objects: () => (result.failed ? [] : spill.read((r) => ({ ...r, lens: lensTitle(r, result.findings) }))),
      failed: !!result.failed,
      dispose: () => spill.dispose(),
    };
  } catch (e) {
    spill.dispose();
    throw e;
  }
}

/** What the text report needs of the segments: the lines findings start on, the stanzas that hold them. */
class ReportParts {
  private readonly lines = new Map<number, string>();
  private readonly unitSpans = new Map<number, Span>();
  blank = true;

  constructor(private readonly starts: LineStarts) {}

  segment(text: string, base: number, findings: readonly Finding[], stanzaSpans: readonly Span[]): void {
    if (this.blank && /\S/.test(text)) this.blank = false;
    // The first line: the file-wide findings made at the end (no stanza, a failed analysis) sit at offset 0.
    if (base === 0) this.keepLine(text, base, 0);
    for (const f of findings) {
      const at = f.span.start;
      if (at < base || at > base + text.length) continue;
      this.keepLine(text, base, this.starts.lineOf(at));
      // The first stanza holding the finding (as tellStories finds it among all stanzas).
      const u = stanzaSpans.find((s) => at >= s.start && at <= s.end);
      if (u && !this.unitSpans.has(u.start)) this.unitSpans.set(u.start, { start: u.start, end: u.end });
    }
  }

  private keepLine(text: string, base: number, line: number): void {
    if (this.lines.has(line)) return;
    const from = Math.max(0, this.starts.offsetOfLine(line) - base);
    let end = from;
    while (end < text.length && text[end] !== '\n' && text[end] !== '\r') end++;
    this.lines.set(line, detach(text.slice(from, end)));
  }

  lineText(line: number): string {
    return this.lines.get(line) ?? '';
  }

  units(): Span[] {
    return [...this.unitSpans.values()].sort((a, b) => a.start - b.start);
  }
}

/** Characters of object reports held before they are written: each is promoted to the old generation while it waits. */
const SPILL_CHARS = 256 * 1024;

/** Object reports written to a temporary file as they come (one JSON line each) and read back in order. */
class ObjectSpill {
  private dir?: string;
  private fd?: number;
  private chunk = '';
  /** Each object's status (the text report's counts). */
  readonly statuses: { status: ObjectReport['status'] }[] = [];

  add(r: ObjectReport): void {
    this.statuses.push({ status: r.status });
    this.chunk += JSON.stringify(r) + '\n';
    if (this.chunk.length >= SPILL_CHARS) this.flush();
  }

  private flush(): void {
    if (!this.chunk) return;
    if (this.fd === undefined) {
      this.dir = mkdtempSync(join(tmpdir(), 'xmpp-e2e-inspect-'));
      this.fd = openSync(join(this.dir, 'objects.jsonl'), 'w+', 0o600);
    }
    writeSync(this.fd, this.chunk);
    this.chunk = '';
  }

  finish(): void {
    if (this.fd !== undefined) this.flush();
  }

  *read<T>(each: (r: ObjectReport) => T): Generator<T> {
    if (this.fd === undefined) {
      for (const line of this.chunk.split('\n')) if (line) yield each(JSON.parse(line) as ObjectReport);
      return;
    }
    const decoder = new StringDecoder('utf8');
    const buf = Buffer.alloc(BLOCK_BYTES);
    let rest = '';
    for (let pos = 0; ; ) {
      const n = readSync(this.fd, buf, 0, buf.length, pos);
      pos += n;
      rest += n === 0 ? decoder.end() : decoder.write(buf.subarray(0, n));
      const lines = rest.split('\n');
      rest = n === 0 ? '' : lines.pop()!;
      for (const line of lines) if (line) yield each(JSON.parse(line) as ObjectReport);
      if (n === 0) return;
    }
  }

  dispose(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    if (this.dir) rmSync(this.dir, { recursive: true, force: true });
    this.fd = undefined;
    this.dir = undefined;
  }
}
