// A trace analysed as a sequence of text segments (cut where segmentCuts.ts says nothing is open),
// with the result of analyzeDocument on the whole text: each segment is framed and parsed with the
// dialect's framer and the trace builder (offsets shifted to the file by the segment's base), its
// stanzas judged by the per-stanza pipeline, while the trace-wide state (trackers, bound JID, stream
// scopes, object and stanza counts, the facts error replies look back to) carries to the next.
// Nothing of a finished segment is kept but that state, the findings (capped per file) and the
// object reports the caller takes out.
//
// The whole-trace pre-passes (OMEMO device lists, OX key announcements) are not run here: the
// caller streams only traces without OMEMO, OX or XEP-0027 content (mayNeedWholeTrace on the text),
// and a segment that holds such content after all (a namespace spelled with character references)
// sets `needsWholeTrace`: the caller then analyses the file whole.
import { failedAnalysis, traceCheckOptions, type AnalyzeOptions } from '../analyze';
import { checkStanza, TraceCheckState } from '../e2e/checkTraceObjects';
import { keepExactFixes } from '../exactFixes';
import { encodingFindings } from '../inputEncoding';
import { shiftFinding } from '../spanShift';
import { DIALECTS } from '../trace/dialectTable';
import { frameTrace, traceOfFraming } from '../trace/parseTrace';
import { shiftFraming } from '../trace/shiftFraming';
import type { Dialect, Finding, ObjectReport, Span, Stanza, Trace, XmlElement } from '../types';
import { detach, detachFinding } from './detach';
import { STREAMS_NS } from '../xml/scanXml';
import { ErrorReplyFacts } from './errorReplyFacts';
import { FindingTally } from './findingTally';
import { findersFor, FINDS_OX } from '../e2e/plainStanza';

/** Markers of content whose rules look at the whole trace first (OMEMO, OX, XEP-0027); an edge scans a file's bytes for them. */
export const WHOLE_TRACE_MARKERS: readonly string[] = ['eu.siacs.conversations.axolotl', 'urn:xmpp:omemo', 'urn:xmpp:openpgp', 'jabber:x:encrypted', 'jabber:x:signed'];

export interface SegmentedResult {
  dialect: Dialect;
  stanzaCount: number;
  /** Capped and with exact fixes only, as analyzeDocument returns them (same order). */
  findings: Finding[];
  /** Something threw while judging: the findings say so (internal.analysisFailed) and the objects are not to be shown. */
  failed?: boolean;
  /** OMEMO, OX or XEP-0027 content was found: only the whole analysis (its pre-passes) judges it. */
  needsWholeTrace?: boolean;
}

/** What one segment gave: its objects' reports, the findings it added (any part, file offsets) and its stanzas' spans. */
export interface SegmentOutput {
  reports: ObjectReport[];
  findings: Finding[];
  stanzaSpans: Span[];
}

export class SegmentedAnalysis {
  private state?: TraceCheckState;
  /** What threw while judging; the rest of the file is then only parsed, as analyzeDocument's failure keeps the parse. */
  private failure?: { error: unknown };
  private readonly input = new FindingTally();
  private readonly trace = new FindingTally();
  private readonly checked = new FindingTally();
  private readonly replies = new FindingTally();
  private readonly facts: ErrorReplyFacts | undefined;
  private readonly scopes = new Map<string, Record<string, string>>();
  private stanzaCount = 0;
  private frameCount = 0;
  private lossy = false;
  private needsWholeTrace = false;
  /**
   * Raw XML: the start tag of the stream still open where the last segment ended. The next segment
   * is parsed after it, so that the scanner reads the segment's stanzas inside that stream as the
   * whole file's scan does (same namespaces, same words for a stray end tag).
   */
  private streamHead = '';

  /** `errorReplies`: the trace may hold error replies (else no stanza's facts are kept). */
  constructor(
    readonly dialect: Dialect,
    private readonly options: AnalyzeOptions,
    errorReplies = true,
  ) {
    this.facts = errorReplies ? new ErrorReplyFacts() : undefined;
  }

  /** Analyses the segment `text` that starts at file offset `base`. */
  segment(text: string, base: number): SegmentOutput {
    const added: Finding[] = [];
    const exact = (fs: Finding[]) => {
      for (const f of exactFixes(text, base, fs)) added.push(detachFinding(f));
      return fs;
    };
    for (const f of exact(encodingFindings(text).map((f) => shiftFinding(f, base)))) this.input.add(f);
    const head = this.streamHead;
    const parsed = head + text;
    const from = base - head.length;
    const framing = shiftFraming(frameTrace(parsed, this.dialect, { referenceDate: this.options.referenceDate, isCancelled: this.options.isCancelled }), from);
    const trace = traceOfFraming(parsed, framing, {
      isCancelled: this.options.isCancelled,
      referenceDate: this.options.referenceDate,
      segment: { base: from, frameBase: this.frameCount, scopes: this.scopes },
    });
    this.frameCount += framing.frames.length;
    if (this.dialect === 'raw-xml') this.streamHead = openStreamHead(parsed, from, trace.others);
    // "No stanza" is a whole-file verdict: said once at the end (finish). The stream head was the last segment's.
    for (const f of exact(trace.findings.filter((f) => f.span.start >= base))) {
      if (f.code === 'trace.format.noStanzas') continue;
      if (f.code === 'trace.format.lossy') this.lossy = true;
      this.trace.add(f);
    }
    const reports = this.failure ? [] : this.check(trace.stanzas, exact);
    this.stanzaCount += trace.stanzas.length;
    return { reports, findings: added.filter((f) => f.code !== 'trace.format.noStanzas'), stanzaSpans: trace.stanzas.map((s) => s.element.span) };
  }

  /** Judges a segment's stanzas with the carried state; its findings go to their parts, its reports are returned. */
  private check(stanzas: readonly Stanza[], exact: (fs: Finding[]) => Finding[]): ObjectReport[] {
    try {
      // Made here, not in the constructor: reading the clock may throw, and that is a failed analysis.
      if (!this.state) {
        this.state = new TraceCheckState(this.dialect, DIALECTS[this.dialect].vantage, traceCheckOptions(this.options));
        // A segment's text goes when the segment is done: the gateway rule keeps copies of what it saw.
        this.state.rules.gateway.copyTexts = true;
      }
      const st = this.state;
      const replies: Finding[] = [];
      stanzas.forEach((stanza, k) => {
        const i = this.stanzaCount + k;
        // The trackers keep senders, recipients and ids for the rest of the file: copies, not slices of this segment.
        for (const a of stanza.element.attrs) a.value = detach(a.value);
        checkStanza(st, stanza, i);
        if (st.bound) st.bound = detach(st.bound);
        if (this.facts) for (const f of this.facts.observe(stanza, i, st.objectsByStanza.get(i), !!st.problemsByStanza.get(i))) replies.push(f);
        st.objectsByStanza.delete(i);
        st.problemsByStanza.delete(i);
      });
      for (const r of st.records) if (r.report.omemo || r.report.ox || r.report.xep27) this.needsWholeTrace = true;
      if (!this.needsWholeTrace && stanzas.some(hasOxElements)) this.needsWholeTrace = true;
      for (const f of exact(st.findings)) this.checked.add(f);
      for (const f of exact(replies)) this.replies.add(f);
      st.findings = [];
      const reports = st.records.map((r) => r.report);
      st.recordBase += st.records.length;
      st.records = [];
      return reports;
    } catch (e) {
      this.failure = { error: e };
      return [];
    }
  }

  finish(): SegmentedResult {
    const info = DIALECTS[this.dialect];
    if (this.stanzaCount === 0 && info.wholeStanzas && !this.lossy) {
      // Where traceOfFraming's stable sort puts it: after the findings at offset 0.
      const kept = this.trace.kept;
      let at = 0;
      while (at < kept.length && kept[at].span.start <= 0) at++;
      kept.splice(at, 0, { code: 'trace.format.noStanzas', message: `This ${info.label} holds no stanza: ${info.wholeStanzas}`, span: { start: 0, end: 0 } });
    }
    if (this.failure) {
      // analyzeDocument's failure: the reason, then the trace's own findings (failedAnalysis reads no more of the trace).
      const trace = { dialect: this.dialect, findings: this.trace.joined(), stanzas: { length: this.stanzaCount } } as unknown as Trace;
      return { dialect: this.dialect, stanzaCount: this.stanzaCount, findings: failedAnalysis('trace', this.failure.error, trace).findings, failed: true };
    }
    const findings = FindingTally.capped([this.input, this.trace, this.checked, this.replies]);
    return { dialect: this.dialect, stanzaCount: this.stanzaCount, findings, ...(this.needsWholeTrace ? { needsWholeTrace: true } : {}) };
  }
}

/** True when `text` holds content whose rules need the whole trace first (streamed input is then analysed whole). */
export function mayNeedWholeTrace(text: string): boolean {
  return WHOLE_TRACE_MARKERS.some((m) => text.includes(m));
}

/**
 * Any OX element in the stanza (a key announcement below PubSub, or an object): keyAnnouncementFindings
 * reads them over the whole trace. The walk is the one judging made (findersFor remembers it).
 */
function hasOxElements(s: Stanza): boolean {
  return (findersFor(s) & FINDS_OX) !== 0;
}

/** The start tag of the last stream left open in a segment's parse ('' when none is open). */
function openStreamHead(parsed: string, from: number, others: readonly XmlElement[]): string {
  for (let i = others.length - 1; i >= 0; i--) {
    const el = others[i];
    if (el.local !== 'stream' || (el.ns !== STREAMS_NS && el.name !== 'stream:stream')) continue;
    return el.closed ? '' : detach(parsed.slice(el.span.start - from, el.startTagEnd - from));
  }
  return '';
}

/** keepExactFixes for findings in file offsets over the segment text that starts at `base`. */
function exactFixes(text: string, base: number, findings: Finding[]): Finding[] {
  for (const f of findings) {
    if (f.data?.replacement === undefined) continue;
    const local = shiftFinding(f, -base);
    keepExactFixes(text, [local]);
    if (local.data) f.data = local.data;
    else delete f.data;
  }
  return findings;
}
