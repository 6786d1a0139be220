// Parses a fresh log in steps, in the line dialects whose entries always end where the next
// entry's line starts (stream/segmentCuts.ts' hasEntryCuts): a segment of about a chunk at a time,
// cut before an entry line, framed and parsed as a streamed segment is (offsets in the file,
// entries numbered on, the stream headers' namespaces carried, the lossy log said once). The
// result is the whole-file parse (test/incremental checks it). A log this cannot reproduce is
// parsed whole by the caller: one with no stanza at all, or Prosody's with summary entries and
// whole ones (the whole file drops every summary, a segment of summaries alone would keep them).
import type { Dialect, Finding, ScopeMark, Stanza, Trace, XmlElement } from '../types';
import { frameTrace, traceOfFraming } from '../trace/parseTrace';
import { shiftFraming } from '../trace/shiftFraming';
import { DIALECTS } from '../trace/dialectTable';
import { entryAtOrAfter, isParseFinding } from './logSplice';
import { plainNow } from '../e2e/plainStanza';

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
  // Segments that kept summary entries, and segments with whole ones: never both (see above).
  let keptSummaries = false;
  let wholeEntries = false;
  let lossySaid = false;
  for (let from = 0; from < text.length; ) {
    const cut = from + chunk >= text.length ? text.length : entryAtOrAfter(text, from + chunk, text.length, dialect);
    const to = cut < 0 ? text.length : cut;
    // A slice of the text: a fresh parse's model may point into the text it parsed (the document holds it anyway).
    const part = text.slice(from, to);
    const framing = shiftFraming(frameTrace(part, dialect, { referenceDate }), from);
    if (framing.frames.some((f) => f.lossy)) keptSummaries = true;
    else if (framing.frames.length > 0) wholeEntries = true;
    if (keptSummaries && wholeEntries) return undefined;
    const t = traceOfFraming(part, framing, { referenceDate, segment: { base: from, frameBase, scopes, lossySaid }, compact: plainNow });
    lossySaid ||= t.findings.some((f) => f.code === 'trace.format.lossy');
    // A buffer left incomplete at a segment's end would have taken the next segment's: parsed whole instead.
    if (framing.frames.some((f) => f.channel !== undefined) && t.findings.some((f) => f.code !== 'trace.format.noStanzas' && isParseFinding(f))) return undefined;
    frameBase += framing.frames.length;
    for (const s of t.stanzas) stanzas.push(s);
    for (const o of t.others) others.push(o);
    for (const f of t.findings) if (f.code !== 'trace.format.noStanzas') findings.push(f);
    for (const m of t.scopeMarks ?? []) scopeMarks.push(m);
    // Not from summaries: a later segment with whole entries would make them no stanzas at all.
    if (from === 0 && onHead && t.stanzas.length > 0 && !keptSummaries) {
      yield;
      yield* onHead(t);
    }
    from = to;
    yield;
  }
  if (stanzas.length === 0) return undefined; // "no stanza" is said by the whole-file parse
  // As the whole-file parse orders them (a stable sort: ties keep the segment's own order).
  findings.sort((a, b) => a.span.start - b.span.start);
  const trace: Trace = { dialect, vantage: DIALECTS[dialect].vantage, stanzas, others, findings, scopeMarks };
  if (keptSummaries) trace.keptSummaries = true;
  return trace;
}
