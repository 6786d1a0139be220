// The core's facade: one call from text to findings, the trace model and per-object verdicts.
// The LSP adapter and the CLI both call this; nothing here touches files, editors or stdout.
import type { OxResolver } from './ox/oxOpened';
import { checkCpim } from './cpim/checkCpim';
import { checkPidf } from './pidf/checkPidf';
import { shiftMap } from './offsetMap';
import { parseTrace } from './trace/parseTrace';
import { checkTraceObjectsInSteps } from './e2e/checkTraceObjects';
import type { AlgorithmProfile } from './cms/profiles';
import type { ObjectRecord } from './e2e/checkTraceObjects';
import type { CpimMessage } from './cpim/checkCpim';
import type { PidfDocument } from './pidf/checkPidf';
import { keepExactFixes } from './exactFixes';
import type { Dialect, Finding, KeyStore, ObjectReport, Trace } from './types';

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
  cache?: Map<string, unknown>;
  /** Polled inside long loops; when it returns true the analysis stops early. */
  isCancelled?: () => boolean;
  /** YYYY-MM-DD for capture dialects that log only the time of day. */
  referenceDate?: string;
  /** Algorithm profile for nonMti / deprecated / legacy findings (cms/profiles.ts; default modern). */
  profile?: AlgorithmProfile;
  /** What the edge's OpenPGP pre-pass opened of each OX object (core/ox/oxOpened.ts). */
  ox?: OxResolver;
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
}

export function kindFromFileName(fileName: string | undefined): DocumentKind {
  const lower = (fileName ?? '').toLowerCase();
  if (lower.endsWith('.cpim')) return 'cpim';
  if (lower.endsWith('.pidf')) return 'pidf';
  return 'trace';
}

export function analyzeDocument(text: string, options: AnalyzeOptions = {}): Analysis {
  const steps = analyzeInSteps(text, options);
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
export async function analyzeDocumentAsync(text: string, options: AnalyzeOptions, pause: () => Promise<void>): Promise<Analysis | undefined> {
  const steps = analyzeInSteps(text, options);
  for (;;) {
    const r = steps.next();
    if (r.done) return options.isCancelled?.() ? undefined : r.value;
    await pause();
    if (options.isCancelled?.()) return undefined;
  }
}

function* analyzeInSteps(text: string, options: AnalyzeOptions): Generator<void, Analysis, void> {
  const kind = options.kind ?? kindFromFileName(options.fileName);
  if (kind === 'cpim') {
    const r = checkCpim(text, shiftMap(0), { standalone: true });
    return { kind, stanzaCount: 0, findings: keepExactFixes(text, r.findings), objects: [], records: [], document: { cpim: r.message } };
  }
  if (kind === 'pidf') {
    const r = checkPidf(text, shiftMap(0), { standalone: true });
    return { kind, stanzaCount: 0, findings: keepExactFixes(text, r.findings), objects: [], records: [], document: { pidf: r.doc } };
  }
  const trace = parseTrace(text, { isCancelled: options.isCancelled, referenceDate: options.referenceDate });
  yield;
  const checked = yield* checkTraceObjectsInSteps(trace, {
    keys: options.keys,
    verify: options.verify ?? true,
    cache: options.cache,
    now: options.now,
    clock: options.clock ?? Date.now,
    skewMs: (options.skewSeconds ?? 300) * 1000,
    profile: options.profile,
    isCancelled: options.isCancelled,
    ox: options.ox,
  });
  return {
    kind,
    dialect: trace.dialect,
    trace,
    stanzaCount: trace.stanzas.length,
    findings: keepExactFixes(text, [...trace.findings, ...checked.findings]),
    objects: checked.records.map((r) => r.report),
    records: checked.records,
  };
}
