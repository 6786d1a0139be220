// The core's facade: one call from text to findings, the trace model and per-object verdicts.
// The LSP adapter and the CLI both call this; nothing here touches files, editors or stdout.
import type { OxResolver } from './ox/oxOpened';
import { checkCpim } from './cpim/checkCpim';
import { checkPidf } from './pidf/checkPidf';
import { shiftMap } from './offsetMap';
import { parseTrace } from './trace/parseTrace';
import { checkTraceObjectsInSteps, type TraceCheckOptions } from './e2e/checkTraceObjects';
import type { AlgorithmProfile } from './cms/profiles';
import type { ObjectRecord } from './e2e/checkTraceObjects';
import type { CryptoCache } from './e2e/cryptoCache';
import type { ObjectMemo } from './e2e/objectMemo';
import type { CpimMessage } from './cpim/checkCpim';
import type { PidfDocument } from './pidf/checkPidf';
import { keepExactFixes } from './exactFixes';
import { withLayout } from './findingLayout';
import { withCheckpoints } from './e2e/ruleCheckpoints';
import type { Dialect, Finding, KeyStore, ObjectReport, Trace } from './types';
import { capFindings, MAX_FINDINGS_PER_FILE, pushAll } from './findingLimits';
import { encodingFindings } from './inputEncoding';

export type { ObjectRecord } from './e2e/checkTraceObjects';

export type DocumentKind = 'trace' | 'cpim' | 'pidf';

export interface AnalyzeOptions {
  /** Forces the kind; otherwise taken from the file name's extension, then trace. */
  kind?: DocumentKind;
  fileName?: string;
  /** Workspace keys, certificates and trust anchors. Absent: nothing decrypts, trust is "unknown". */
  keys?: KeyStore;
  /** Fixed "now" (epoch ms) from --now or the setting; used when a stanza has no delay or capture time. */
  now?: number;
  /** The wall clock; injectable for tests. */
  clock?: () => number;
  /** Allowed clock skew for the timestamp window, seconds (RFC 3923: 300). */
  skewSeconds?: number;
  /** Verify signatures and decrypt (default true); structure-only when false. */
  verify?: boolean;
  /** Cache of per-object verification results keyed by the object's bytes. */
  cache?: CryptoCache;
  /** Polled inside long loops; when it returns true the analysis stops early. */
  isCancelled?: () => boolean;
  /** YYYY-MM-DD for capture dialects that log only the time of day. */
  referenceDate?: string;
  /** Algorithm profile for nonMti / deprecated / legacy findings (cms/profiles.ts; default modern). */
  profile?: AlgorithmProfile;
  /** What the edge's OpenPGP pre-pass opened of each OX object (core/ox/oxOpened.ts). */
  ox?: OxResolver;
  /** The previous version's per-object verdicts (an IncrementalAnalyzer passes its own). */
  memo?: ObjectMemo;
  /** Objects between two checkpoints of the trace-wide rules (CHECKPOINT_EVERY; fewer in tests, to take many). */
  checkpointEvery?: number;
  /**
   * False: records keep their verdicts but not what judging decoded (MIME layers, CMS, inner
   * documents); it is decoded again, through the crypto cache, when a hover or view reads it. An
   * open large document then holds kilobytes per object instead of tens. Default true.
   */
  keepDecoded?: boolean;
  /**
   * Called once the trace is parsed, before any object is judged, with a provisional analysis:
   * the whole trace, and the findings and records judged so far (filled in as judging goes).
   * Hover and go-to-definition can answer from it while a large analysis runs.
   */
  onParsed?: (provisional: Analysis) => void;
  /**
   * Called, for a large trace parsed in steps, with the verdicts of the objects at its head (the
   * first screen an editor shows) before the rest is parsed: a provisional analysis holding only
   * those objects' findings (trace-wide rules see only the head: nothing else is claimed).
   */
  onFirstScreen?: (provisional: Analysis) => void;
}

export interface Analysis {
  kind: DocumentKind;
  dialect?: Dialect;
  trace?: Trace;
  /** Number of message, presence and iq stanzas. */
  stanzaCount: number;
  findings: Finding[];
  /** The verdicts of every `<e2e/>` object, in document order (`records[i].report`). */
  objects: ObjectReport[];
  /** One record per object: verdicts, decoded layers and inner model, the element it came from. */
  records: ObjectRecord[];
  /** The parsed model of a standalone .cpim or .pidf file. */
  document?: { cpim?: CpimMessage; pidf?: PidfDocument };
  /** True for the analysis `onParsed` gives: its objects are still being judged. */
  provisional?: boolean;
}

export function kindFromFileName(fileName: string | undefined): DocumentKind {
  const lower = (fileName ?? '').toLowerCase();
  if (lower.endsWith('.cpim')) return 'cpim';
  if (lower.endsWith('.pidf')) return 'pidf';
  return 'trace';
}

/**
 * How a trace is parsed, in steps (each `yield` gives the event loop a turn): from scratch, or by an
 * IncrementalAnalyzer reusing the previous version's parse.
 */
export type TraceParser = (text: string, options: AnalyzeOptions) => Generator<void, Trace, void>;

// eslint-disable-next-line require-yield
const parseWhole: TraceParser = function* (text, options) {
  return parseTrace(text, { isCancelled: options.isCancelled, referenceDate: options.referenceDate });
};

export function analyzeDocument(text: string, options: AnalyzeOptions = {}, parse: TraceParser = parseWhole): Analysis {
  const steps = analyzeInSteps(text, options, parse);
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
  }
}

/**
 * The same analysis, giving the event loop a turn between steps through `pause` (injected, so the
 * core needs no timers). Resolves to undefined when `isCancelled` turned true on the way: the
 * result would be for a stale version.
 */
export async function analyzeDocumentAsync(text: string, options: AnalyzeOptions, pause: () => Promise<void>, parse: TraceParser = parseWhole): Promise<Analysis | undefined> {
  const steps = analyzeInSteps(text, options, parse);
  for (;;) {
    const r = steps.next();
    if (r.done) return options.isCancelled?.() ? undefined : r.value;
    await pause();
    if (options.isCancelled?.()) return undefined;
  }
}

/** The trace checker's options from the analysis options (logs and network captures alike). */
export function traceCheckOptions(options: AnalyzeOptions): TraceCheckOptions {
  return {
    keys: options.keys,
    verify: options.verify ?? true,
    cache: options.cache,
    now: options.now,
    clock: options.clock ?? Date.now,
    skewMs: (options.skewSeconds ?? 300) * 1000,
    profile: options.profile,
    isCancelled: options.isCancelled,
    ox: options.ox,
    memo: options.memo,
    checkpointEvery: options.checkpointEvery,
    keepDecoded: options.keepDecoded,
  };
}

function* analyzeInSteps(text: string, options: AnalyzeOptions, parse: TraceParser): Generator<void, Analysis, void> {
  const kind = options.kind ?? kindFromFileName(options.fileName);
  let trace: Trace | undefined;
  try {
    const input = encodingFindings(text);
    if (kind === 'cpim') {
      const r = checkCpim(text, shiftMap(0), { standalone: true });
      return { kind, stanzaCount: 0, findings: keepExactFixes(text, capped(pushAll(input, r.findings))), objects: [], records: [], document: { cpim: r.message } };
    }
    if (kind === 'pidf') {
      const r = checkPidf(text, shiftMap(0), { standalone: true });
      return { kind, stanzaCount: 0, findings: keepExactFixes(text, capped(pushAll(input, r.findings))), objects: [], records: [], document: { pidf: r.doc } };
    }
    yield; // the scans above read all of a large text: the parse starts in a step of its own
    trace = yield* parse(text, options);
    const checkOptions = traceCheckOptions(options);
    if (options.onParsed) options.onParsed(provisionalAnalysis(kind, trace, (checkOptions.into = { findings: [], records: [] })));
    yield;
    const checked = yield* checkTraceObjectsInSteps(trace, checkOptions);
    const base = input.length + trace.findings.length;
    const findings = pushAll(pushAll(input, trace.findings), checked.findings);
    const analysis: Analysis = {
      kind,
      dialect: trace.dialect,
      trace,
      stanzaCount: trace.stanzas.length,
      findings: keepExactFixes(text, capped(findings)),
      objects: checked.records.map((r) => r.report),
      records: checked.records,
    };
    return withCheckpoints(withLayout(analysis, { base, runStarts: checked.runStarts }), checked.checkpoints);
  } catch (e) {
    return failedAnalysis(kind, e, trace);
  }
}

/**
 * The head of a trace judged alone (AnalyzeOptions.onFirstScreen): its objects' records, and the
 * findings inside those objects. No memo: what is judged here is judged again (through the crypto
 * cache) by the whole analysis, whose verdicts are the ones kept.
 */
export function* firstScreenAnalysis(head: Trace, options: AnalyzeOptions): Generator<void, Analysis, void> {
  const checked = yield* checkTraceObjectsInSteps(head, traceCheckOptions({ ...options, memo: undefined, onParsed: undefined }));
  const inObject = (f: Finding) => checked.records.some((r) => r.ref.element.span.start <= f.span.start && f.span.end <= r.ref.element.span.end);
  return {
    kind: 'trace',
    dialect: head.dialect,
    trace: head,
    stanzaCount: head.stanzas.length,
    findings: capped(checked.findings.filter(inObject)),
    objects: checked.records.map((r) => r.report),
    records: checked.records,
    provisional: true,
  };
}

/** The parsed trace with what judging has found so far (live arrays; `objects` read from the records). */
function provisionalAnalysis(kind: DocumentKind, trace: Trace, sofar: { findings: Finding[]; records: ObjectRecord[] }): Analysis {
  const records = sofar.records;
  return {
    kind,
    dialect: trace.dialect,
    trace,
    stanzaCount: trace.stanzas.length,
    findings: sofar.findings,
    get objects() {
      return records.map((r) => r.report);
    },
    records,
    provisional: true,
  };
}

function capped(findings: Finding[]): Finding[] {
  return capFindings(findings, MAX_FINDINGS_PER_FILE, 'in this file');
}

/**
 * Something threw: the document must not look clean. It gets one error saying so and why, plus
 * what was parsed before the fault (the trace's own findings); no object verdicts, so hovers,
 * lenses and the outline show less instead of failing.
 */
export function failedAnalysis(kind: DocumentKind, e: unknown, trace: Trace | undefined): Analysis {
  const reason = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
  const failure: Finding = {
    code: 'internal.analysisFailed',
    message: `The analysis of this file failed (${reason.slice(0, 300)}): what is shown is incomplete and the file is not known to be clean. Please report it with the input.`,
    span: { start: 0, end: 0 },
    data: { reason: reason.slice(0, 300) },
  };
  const findings = trace ? capped(pushAll([failure], trace.findings)) : [failure];
  return { kind, dialect: trace?.dialect, trace, stanzaCount: trace?.stanzas.length ?? 0, findings, objects: [], records: [] };
}
