// Parses a fresh log in steps, in the line dialects whose entries always end where the next
// entry's line starts (stream/segmentCuts.ts' hasEntryCuts): a segment of about a chunk at a time, cut before
// an entry line, framed and parsed as a streamed segment is (offsets in the file, entries numbered
// on, the stream headers' namespaces carried). The result is the whole-file parse
// (test/incremental checks it); a log this cannot reproduce (no stanza at all, a segment that
// shows summary entries: whether they are stanzas depends on the whole file) is parsed whole by
// the caller.
import type { Dialect, Finding, ScopeMark, Stanza, Trace, XmlElement } from '../types';
import { frameTrace, traceOfFraming } from '../trace/parseTrace';
import { shiftFraming } from '../trace/shiftFraming';
import { DIALECTS } from '../trace/dialectTable';
import { entryAtOrAfter, isParseFinding } from './logSplice';

/** Characters framed and parsed between two pauses: a log's entries cost more per character than a raw stream's (~10-20 ms). */
export const LOG_CHUNK_CHARS = 24 * 1024;

/** `onHead`: run (in steps) with the first segment's trace before the rest is parsed (the first screen). */
export function* parseLogInSteps(
  text: string,
  dialect: Dialect,
  referenceDate?: string,
  chunk = LOG_CHUNK_CHARS,
  onHead?: (head: Trace) => Generator<void, void, void>,
): Generator<void, Trace | undefined, void> {
  const scopes = new Map<string, Record<string, string>>();
  const stanzas: Stanza[] = [];
  const others: XmlElement[] = [];
  const findings: Finding[] = [];
  const scopeMarks: ScopeMark[] = [];
  let frameBase = 0;
  for (let from = 0; from < text.length; ) {
    const cut = from + chunk >= text.length ? text.length : entryAtOrAfter(text, from + chunk, text.length, dialect);
    const to = cut < 0 ? text.length : cut;
    const part = text.slice(from, to);
    const framing = shiftFraming(frameTrace(part, dialect, { referenceDate }), from);
    if (framing.frames.some((f) => f.lossy)) return undefined;
    const t = traceOfFraming(part, framing, { referenceDate, segment: { base: from, frameBase, scopes } });
    // A buffer left incomplete at a segment's end would have taken the next segment's: parsed whole instead.
    if (framing.frames.some((f) => f.channel !== undefined) && t.findings.some((f) => f.code !== 'trace.format.noStanzas' && isParseFinding(f))) return undefined;
    frameBase += framing.frames.length;
    for (const s of t.stanzas) stanzas.push(s);
    for (const o of t.others) others.push(o);
    for (const f of t.findings) if (f.code !== 'trace.format.noStanzas') findings.push(f);
    for (const m of t.scopeMarks ?? []) scopeMarks.push(m);
    if (from === 0 && onHead && t.stanzas.length > 0) {
      yield;
      yield* onHead(t);
    }
    from = to;
    yield;
  }
  if (stanzas.length === 0) return undefined; // "no stanza" is said by the whole-file parse
  // As the whole-file parse orders them (a stable sort: ties keep the segment's own order).
  findings.sort((a, b) => a.span.start - b.span.start);
  return { dialect, vantage: DIALECTS[dialect].vantage, stanzas, others, findings, scopeMarks };
}
