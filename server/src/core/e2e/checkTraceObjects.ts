// Runs the e2e pipeline over every stanza of a trace: wrapper rules, unwrap (cached crypto),
// per-object judgement, trace-wide replay/monotonicity, and the recipients' error replies.
import type { AlgorithmProfile } from '../cms/profiles';
import { rememberedBareJid } from '../jid/jid';
import type { E2eRef, Finding, KeyStore, ObjectReport, Span, Stanza, Trace, XmlElement } from '../types';
import { explainsErrorReply, failsObject } from '../rules';
import { errorReplyFindings } from './errorReplies';
import { judgeObject, type Judged, type JudgedTimestamp, type Now } from './judgeObject';
import { deliveryLeg, ReplayTracker } from './replayRules';
import { delayFindings, errorTypeFindings, wrapperFindings } from './stanzaRules';
import { unwrapPayload, type Unwrapped } from './unwrapObject';
import type { CryptoCache } from './cryptoCache';
import { delayStampFindings } from './delayRules';
import { GatewayTracker, type Sighting } from './gatewayRules';
import { SendMonotonicTracker } from './sendMonotonic';
import { PresenceSequence } from './presenceSequence';
import { capFindings, MAX_FINDINGS_PER_OBJECT, pushAll } from '../findingLimits';
import { constantMap } from '../offsetMap';
import { checkpointDue, type RuleCheckpoint } from './ruleCheckpoints';
import { DeviceLists } from '../omemo/deviceLists';
import { checkOmemo } from '../omemo/checkOmemo';
import { findOx } from '../ox/findOx';
import { keyAnnouncementFindings } from '../ox/keyAnnouncements';
import { judgeOx, OxTimestamps } from '../ox/judgeOx';
import type { OxResolver } from '../ox/oxOpened';
import { findXep27, xep27Key } from '../xep27/findXep27';
import { judgeXep27 } from '../xep27/judgeXep27';
import { ObjectMemo, type LocalVerdict } from './objectMemo';
import { findersFor, FINDS_OMEMO, FINDS_OX, FINDS_XEP27, isPlainStanza } from './plainStanza';

export interface TraceCheckOptions {
  keys?: KeyStore;
  verify: boolean;
  cache?: CryptoCache;
  /** Fixed "now" (epoch ms) from the user, used when a stanza has no delay or capture time. */
  now?: number;
  clock: () => number;
  skewMs: number;
  profile?: AlgorithmProfile;
  isCancelled?: () => boolean;
  /** What the edge opened of each OX object (XEP-0373), by base64 text, and of each XEP-0027 object (by xep27Key). */
  ox?: OxResolver;
  /** Verdicts of the previous version's unchanged objects (an IncrementalAnalyzer's). */
  memo?: ObjectMemo;
  /** Objects between two checkpoints of the trace-wide rules (ruleCheckpoints.ts; taken with a memo only). */
  checkpointEvery?: number;
  /** False: a record decodes its layers again when read (AnalyzeOptions.keepDecoded). */
  keepDecoded?: boolean;
  /** Arrays judging appends to as it goes (a provisional analysis reads them between steps). */
  into?: { findings: Finding[]; records: ObjectRecord[] };
}

/**
 * Everything known about one `<e2e/>` object, kept together: the verdicts (the JSON `objects[]`),
 * what the pipeline decoded (layers, signers, the parsed inner CPIM/PIDF/xmpp+xml model) and the
 * element it came from. Hovers, lenses, decoded views and object operations all read this.
 */
export interface ObjectRecord {
  report: ObjectReport;
  /** Undefined when the object was not decoded (wrong namespace, returned in an error reply). */
  unwrapped?: Unwrapped;
  ref: E2eRef;
  stanza: Stanza;
  /** The sender the object was judged against: the stanza's from, or the JID the stream bound. */
  effectiveFrom?: string;
}

export interface TraceCheckResult {
  findings: Finding[];
  records: ObjectRecord[];
  /**
   * Where each stanza's findings start in `findings` (index i; those of stanza i end where stanza
   * i + 1's start), and at the end where the error replies' start: an edit that judges one stanza
   * again replaces its findings alone (incremental/rejudgeStanza.ts).
   */
  runStarts: Int32Array;
  /** The trace-wide rules' state every few hundred objects, for an edit inside one object (ruleCheckpoints.ts); none without a memo (a one-off analysis). */
  checkpoints: RuleCheckpoint[];
}

/** "Now" for a stanza: its delay stamp, else its capture time, else the user's now, else the clock. */
export function nowFor(stanza: Stanza, options: Pick<TraceCheckOptions, 'now' | 'clock'>): Now & { dateKnown?: boolean } {
  if (stanza.delay?.epochMs !== undefined) return { epochMs: stanza.delay.epochMs, source: 'delay' };
  if (stanza.time?.epochMs !== undefined) return { epochMs: stanza.time.epochMs, source: 'capture', dateKnown: stanza.time.dateKnown };
  if (options.now !== undefined) return { epochMs: options.now, source: 'setting' };
  return { epochMs: options.clock(), source: 'clock' };
}

/** The JID a `<bind/>` result gave this stream (the effective from of stanzas without one). */
function boundJidIn(stanza: Stanza): string | undefined {
  if (stanza.kind !== 'iq' || stanza.type?.value !== 'result') return undefined;
  const bind = childElements(stanza.element).find((c) => c.local === 'bind');
  const jid = bind && childElements(bind).find((c) => c.local === 'jid');
  const text = jid?.children.map((c) => (c.type === 'element' ? '' : c.value)).join('').trim();
  return text || undefined;
}

function childElements(el: XmlElement): XmlElement[] {
  return el.children.filter((c): c is XmlElement => c.type === 'element');
}

/** A stanza looked at costs as much as this many plain stanzas skipped. */
const PLAIN_SKIPS_PER_STANZA = 50;
/** An object judged (base64, CMS, signature and key operations) costs as much as this many. */
const PLAIN_SKIPS_PER_OBJECT = 400;
/** Work between two pauses of the asynchronous driver: 32 stanzas, or 4 objects, or 1,600 plain stanzas. */
const WORK_PER_STEP = 32 * PLAIN_SKIPS_PER_STANZA;
/** Stanzas read between two pauses by the passes before and after judging (no crypto there). */
const PRE_PASS_STEP = 2_000;

/**
 * What the trace-wide rules carry from one stanza to the next: the trackers, the bound JID, the
 * findings and records so far. A whole trace uses one; the streaming CLI (core/stream/**) carries
 * one across the segments of a file, taking the records and findings out after each segment.
 */
export class TraceCheckState {
  /** options.into's arrays when given (a provisional analysis reads them between steps). */
  findings: Finding[];
  records: ObjectRecord[];
  /** Objects of earlier segments whose records were taken out (the next object's index is recordBase + records.length). */
  recordBase = 0;
  readonly objectsByStanza = new Map<number, ObjectReport[]>();
  readonly problemsByStanza = new Map<number, boolean>();
  readonly rules: TraceWideRules;
  bound: string | undefined;
  readonly clockMs: number;
  readonly deviceLists = new DeviceLists();
  readonly oxStamps = new OxTimestamps();

  constructor(
    readonly dialect: Trace['dialect'],
    readonly vantage: Trace['vantage'],
    readonly options: TraceCheckOptions,
  ) {
    this.rules = new TraceWideRules(dialect, vantage);
    this.clockMs = options.clock();
    this.findings = options.into?.findings ?? [];
    this.records = options.into?.records ?? [];
  }
}

/**
 * Judges every object of the trace in steps: it yields every few dozen stanzas so that a caller
 * can give the event loop a turn (a newer version arrives, a hover is answered) and stop when
 * `isCancelled` says so.
 */
export function* checkTraceObjectsInSteps(trace: Trace, options: TraceCheckOptions): Generator<void, TraceCheckResult, void> {
  const st = new TraceCheckState(trace.dialect, trace.vantage, options);
  // Device lists and key announcements are read before any object is judged (an object may come
  // before the list its sender published); in steps, like the main loop.
  // Plain stanzas (plainStanza.ts) give nothing to any pass: they are skipped.
  const boundAt: (string | undefined)[] = [];
  const plain: boolean[] = [];
  for (let i = 0, b: string | undefined; i < trace.stanzas.length; i++) {
    if (i % PRE_PASS_STEP === PRE_PASS_STEP - 1) yield;
    const s = trace.stanzas[i];
    plain[i] = isPlainStanza(s);
    if (!plain[i]) {
      b = boundJidIn(s) ?? b;
      if (findersFor(s) & FINDS_OMEMO) st.deviceLists.observe(s, i, b);
    }
    boundAt[i] = b;
  }
  const notPlain = (i: number) => !plain[i];
  const mayAnnounceKeys = (i: number) => !plain[i] && (findersFor(trace.stanzas[i]) & FINDS_OX) !== 0;
  pushAll(st.findings, yield* keyAnnouncementFindings(trace.stanzas, (i) => boundAt[i], mayAnnounceKeys));

  let work = 0;
  const runStarts = new Int32Array(trace.stanzas.length + 1);
  const checkpoints: RuleCheckpoint[] = [];
  for (let i = 0; i < trace.stanzas.length; i++) {
    runStarts[i] = st.findings.length;
    if (work >= WORK_PER_STEP) {
      work = 0;
      yield;
      if (options.isCancelled?.()) break;
    }
    if (plain[i]) {
      work++;
      continue;
    }
    const stanza = trace.stanzas[i];
    work += PLAIN_SKIPS_PER_STANZA + PLAIN_SKIPS_PER_OBJECT * stanza.e2e.length;
    if (options.memo && checkpointDue(checkpoints, st.records.length, options.checkpointEvery)) checkpoints.push({ at: st.records.length, rules: st.rules.clone() });
    checkStanza(st, stanza, i);
  }
  runStarts[trace.stanzas.length] = st.findings.length;
  pushAll(st.findings, yield* errorReplyFindings(trace.stanzas, st.objectsByStanza, st.problemsByStanza, notPlain));
  return { findings: st.findings, records: st.records, runStarts, checkpoints };
}

/** The per-stanza pipeline: the stanza's own rules, then each of its objects judged and observed by the trace-wide trackers. */
export function checkStanza(st: TraceCheckState, stanza: Stanza, i: number): void {
  const { options, findings, records, objectsByStanza, problemsByStanza, deviceLists, oxStamps, clockMs } = st;
  const nextIndex = () => st.recordBase + records.length;
  st.bound = boundJidIn(stanza) ?? st.bound;
  const bound = st.bound;
  pushAll(findings, delayFindings(stanza));
  pushAll(findings, delayStampFindings(stanza));
  pushAll(findings, errorTypeFindings(stanza));
  const finds = stanza.type?.value === 'error' ? 0 : findersFor(stanza);
  if (finds & FINDS_OMEMO) for (const o of checkOmemo(stanza, i, nextIndex(), deviceLists, bound)) {
    pushAll(findings, o.findings);
    records.push({ report: o.report, ref: omemoRef(o.header.element), stanza, effectiveFrom: stanza.from?.value ?? bound });
  }
  if (finds & FINDS_OX) for (const ref of findOx(stanza)) {
    const from = ref.from ?? bound;
    const ox = judgeOx({ ref, opened: options.ox?.(ref.base64), index: nextIndex(), stanzaIndex: i, from, fromSpan: stanza.from?.valueSpan ?? stanza.element.nameSpan, toSpan: stanza.to?.valueSpan ?? stanza.element.nameSpan, nowMs: nowFor(stanza, options).epochMs, skewMs: options.skewMs }, oxStamps);
    pushAll(findings, ox.findings);
    records.push({ report: ox.report, ref: omemoRef(ref.element), stanza, effectiveFrom: from });
  }
  if (finds & FINDS_XEP27) for (const ref of findXep27(stanza)) {
    const from = ref.from ?? bound;
    const fromSpan = ref.stanza.attrs.find((a) => a.name === 'from')?.valueSpan ?? ref.stanza.nameSpan;
    const x = judgeXep27({ ref, opened: options.ox?.(xep27Key(ref)), index: nextIndex(), stanzaIndex: i, from, fromSpan });
    pushAll(findings, x.findings);
    records.push({ report: x.report, ref: omemoRef(ref.element), stanza, effectiveFrom: from });
  }
  if (stanza.e2e.length === 0 || stanza.type?.value === 'error') {
    // An error reply carries the original payload back (E2E-41): it is not a new object to judge.
    if (stanza.type?.value === 'error') {
      for (const ref of stanza.e2e) {
        records.push({ report: undecodedReport(nextIndex(), i, ref.element.span, ref.contentSpan, 'returned in an error reply: not judged again'), ref, stanza });
      }
    }
    return;
  }
  const effectiveFrom = stanza.from?.value ?? bound;
  const fromSpan: Span = stanza.from?.valueSpan ?? stanza.element.nameSpan;
  const now = nowFor(stanza, options);
  stanza.e2e.forEach((ref, j) => {
    const index = nextIndex();
    const { verdict, fresh } = verdictAt({ stanza, ref, j, index, stanzaIndex: i, effectiveFrom, fromSpan, now, clockMs }, options);
    const wrapper = verdict.wrapper;
    pushAll(findings, wrapper.findings);
    if (!wrapper.run || !verdict.judged) {
      records.push({ report: undecodedReport(index, i, ref.element.span, ref.contentSpan, 'not RFC 3923 S/MIME: not decoded'), ref, stanza });
      return;
    }
    const judged = verdict.judged;
    const seen = st.rules.observe(stanza, ref, { signatureValues: judged.signatureValues, timestamp: judged.timestamp, signersHex: verdict.signersHex, pidf: verdict.pidf }, effectiveFrom, now.epochMs);
    const all = settledFindings(judged, seen.findings, seen.replayFails, ref);
    pushAll(findings, all);
    if (all.some((f) => explainsErrorReply(f.code))) problemsByStanza.set(i, true);
    records.push(judgedRecord(judged.report, fresh, ref, stanza, effectiveFrom, options));
    const list = objectsByStanza.get(i) ?? [];
    list.push(judged.report);
    objectsByStanza.set(i, list);
  });
}

/** What the trace-wide rules read of a judged object (LocalVerdict and Judged hold it). */
export interface TraceInputs {
  signatureValues: string[];
  timestamp?: JudgedTimestamp;
  signersHex: string[];
  pidf?: { entity: string | undefined };
}

/**
 * The rules that read every judged object in trace order (replay, send order, gateway, presence):
 * what they are told of an object is its signature values, signers, timestamp, PIDF entity,
 * sender, recipient and delivery, never its verdict.
 */
export class TraceWideRules {
  readonly replay: ReplayTracker;
  readonly sent: SendMonotonicTracker;
  readonly gateway: GatewayTracker;
  readonly presence: PresenceSequence;

  /** `from`: rules whose state this one starts from, a copy (clone). */
  constructor(
    private readonly dialect: Trace['dialect'],
    private readonly vantage: Trace['vantage'],
    from?: TraceWideRules,
  ) {
    this.replay = from ? from.replay.clone() : new ReplayTracker();
    this.sent = from ? from.sent.clone() : new SendMonotonicTracker(dialect);
    this.gateway = from ? from.gateway.clone() : new GatewayTracker();
    this.presence = from ? from.presence.clone() : new PresenceSequence();
  }

  /** The rules as they stand, in a copy: neither one's later observations change the other. */
  clone(): TraceWideRules {
    return new TraceWideRules(this.dialect, this.vantage, this);
  }

  /** What the rules say of one judged object, in this order, and whether the replay rule fails it. */
  observe(stanza: Stanza, ref: Sighting, seen: TraceInputs, effectiveFrom: string | undefined, nowMs: number): { findings: Finding[]; replayFails: boolean } {
    const { senderBare, to, recipient, leg, delivery } = this.keysOf(stanza, effectiveFrom);
    const replayFindings = this.replay.observe({ signatureValues: seen.signatureValues, objectSpan: ref.contentSpan, timestamp: seen.timestamp, senderBare, senderFull: effectiveFrom, nowMs, leg });
    const sendFindings = this.sent.observe({ direction: stanza.direction, senderFull: effectiveFrom, recipient, timestamp: seen.timestamp, signatures: seen.signatureValues });
    const gatewayFindings = this.gateway.observe(ref, seen.signersHex, delivery);
    const presenceFindings = seen.pidf ? this.presence.observe(seen.pidf.entity, to, seen.timestamp, seen.signatureValues) : [];
    // Most objects get none: no array built for them.
    const none = replayFindings.length + sendFindings.length + gatewayFindings.length + presenceFindings.length === 0;
    return { findings: none ? [] : [...replayFindings, ...sendFindings, ...gatewayFindings, ...presenceFindings], replayFails: replayFindings.some((f) => failsObject(f.code)) };
  }

  /** The stanza's keys for the rules, made once per stanza and sender (an edit inside an object feeds the same stanzas, as judged, again). */
  private keysOf(stanza: Stanza, effectiveFrom: string | undefined): StanzaKeys {
    const known = stanzaKeys.get(stanza);
    if (known && known.effectiveFrom === effectiveFrom && known.vantage === this.vantage) return known;
    const senderBare = effectiveFrom ? rememberedBareJid(effectiveFrom) : undefined;
    const to = stanza.to ? rememberedBareJid(stanza.to.value) : '';
    const keys: StanzaKeys = { effectiveFrom, vantage: this.vantage, senderBare, to, recipient: stanza.to?.value, leg: deliveryLeg(stanza, this.vantage), delivery: `${stanza.id?.value ?? ''}|${senderBare}|${to}` };
    stanzaKeys.set(stanza, keys);
    return keys;
  }
}

/** What TraceWideRules.observe reads of a stanza besides its object, for the sender and vantage it was made with. */
interface StanzaKeys {
  effectiveFrom: string | undefined;
  vantage: Trace['vantage'];
  senderBare: string | undefined;
  /** The recipient's bare JID ('' without one) and its full one. */
  to: string;
  recipient: string | undefined;
  leg: string;
  /** The stanza across legs (its id, sender and recipient), for the gateway rule. */
  delivery: string;
}

/** Stanzas are not changed once parsed: their keys are kept with them, and go with them. */
const stanzaKeys = new WeakMap<Stanza, StanzaKeys>();

/** Where one object sits and what judging it reads besides the object: its stanza, sender, "now". */
export interface ObjectSite {
  stanza: Stanza;
  ref: E2eRef;
  /** The object's place among its stanza's `<e2e/>` elements. */
  j: number;
  index: number;
  stanzaIndex: number;
  effectiveFrom: string | undefined;
  fromSpan: Span;
  now: Now & { dateKnown?: boolean };
  clockMs: number;
}

/**
 * The object's local verdict (wrapper rules, unwrap, judgement: they read only its stanza and
 * itself): remembered by the memo, or judged now (`fresh`: the layers it decoded then).
 */
export function verdictAt(site: ObjectSite, options: TraceCheckOptions): { verdict: LocalVerdict; fresh?: Unwrapped } {
  const { stanza, ref, j, index, stanzaIndex, effectiveFrom, fromSpan, now, clockMs } = site;
  const judgeHere = (): { verdict: LocalVerdict; clockRead: boolean; un?: Unwrapped } => {
    const wrapper = wrapperFindings(stanza, ref, j);
    if (!wrapper.run) return { verdict: { wrapper, signersHex: [] }, clockRead: false };
    const un = unwrapPayload(ref.content, ref.map, ref.contentSpan, { keys: options.keys, verify: options.verify, cache: options.cache });
    let clockRead = false;
    const ctx = { stanza, ref, index, stanzaIndex, effectiveFrom, fromSpan, keys: options.keys, now, skewMs: options.skewMs, profile: options.profile, get clockMs() { clockRead = true; return clockMs; } };
    const judged = judgeObject(ctx, un);
    const pidf = stanza.kind === 'presence' && un.inner?.pidf ? { entity: un.inner.pidf.entity?.value } : undefined;
    return { verdict: { wrapper, judged, signersHex: un.signers.map((s) => s.result.signatureHex), pidf }, clockRead, un };
  };
  let fresh: Unwrapped | undefined;
  const judgeFresh = () => {
    const r = judgeHere();
    fresh = r.un;
    return r;
  };
  const verdict = options.memo ? options.memo.verdictOf(ref, memoContext(stanza, ref, j, index, stanzaIndex, effectiveFrom, fromSpan, now, clockMs, options), judgeFresh).verdict : judgeFresh().verdict;
  return { verdict, fresh };
}

/**
 * An object's findings once the trace-wide rules have added theirs (`traceWide`: replay, send
 * order, gateway, presence), capped; its report's codes set, and a verified replay failed (it
 * verifies like the original, and is still not to be accepted).
 */
export function settledFindings(judged: Judged, traceWide: readonly Finding[], replayFails: boolean, ref: E2eRef): Finding[] {
  const all = capFindings(pushAll([...judged.findings], traceWide), MAX_FINDINGS_PER_OBJECT, 'in this object', ref.contentSpan);
  judged.report.codes = [...new Set(all.map((f) => f.code))];
  if (judged.report.status === 'verified' && replayFails) judged.report.status = 'failed';
  return all;
}

/** The record of a judged object: with the layers judging decoded, or decoding them again when read. */
export function judgedRecord(report: ObjectReport, fresh: Unwrapped | undefined, ref: E2eRef, stanza: Stanza, effectiveFrom: string | undefined, options: TraceCheckOptions): ObjectRecord {
  return fresh && options.keepDecoded !== false ? { report, unwrapped: fresh, ref, stanza, effectiveFrom } : lazyRecord(report, ref, stanza, effectiveFrom, options);
}

/** What judging an object reads besides the object itself, positions relative to the object. */
function memoContext(stanza: Stanza, ref: E2eRef, j: number, index: number, stanzaIndex: number, from: string | undefined, fromSpan: Span, now: Now & { dateKnown?: boolean }, clockMs: number, o: TraceCheckOptions) {
  const at = ref.contentSpan.start;
  const key = [index, stanzaIndex, j, from ?? '', fromSpan.start - at, fromSpan.end - at, now.epochMs, now.source, now.dateKnown ?? '', o.skewMs, o.verify, stanza.kind].join('|');
  return { key, keys: o.keys, profile: o.profile, clockMs };
}

/** A record whose verdict was remembered: its decoded layers are decoded again when first read. */
function lazyRecord(report: ObjectReport, ref: E2eRef, stanza: Stanza, effectiveFrom: string | undefined, o: TraceCheckOptions): ObjectRecord {
  let un: Unwrapped | undefined;
  const record = { report, ref, stanza, effectiveFrom } as ObjectRecord;
  Object.defineProperty(record, 'unwrapped', {
    enumerable: true,
    configurable: true,
    get: () => (un ??= unwrapAgain(ref, o)),
  });
  return record;
}

/** An object's layers decoded again (through the crypto cache) for a record that did not keep them. */
export function unwrapAgain(ref: E2eRef, o: TraceCheckOptions): Unwrapped {
  return unwrapPayload(ref.content, ref.map, ref.contentSpan, { keys: o.keys, verify: o.verify, cache: o.cache });
}

/** An OMEMO or OX element as a record's ref: its whole span, no character data to decode. */
export function omemoRef(element: XmlElement): E2eRef {
  return { element, ns: element.ns, isCdata: false, content: '', contentSpan: element.span, map: constantMap(element.span) };
}

function undecodedReport(index: number, stanzaIndex: number, span: Span, contentSpan: Span, why: string): ObjectReport {
  return { kind: 'rfc3923', index, stanzaIndex, span, contentSpan, layers: [`(${why})`], signers: [], recipients: [], status: 'unreadable', codes: [] };
}
