// Per-object verdicts kept from one version of a document to the next. An `<e2e/>` object whose
// stanza was not re-parsed (the same ref, or a copy moved by an edit before it: shiftModel's
// originOf) and whose context is the same (index, sender, "now", keys, profile...) gets the
// verdict judged before, moved by the distance its stanza moved: no base64, MIME, CMS or
// judgement work again. Judging is translation invariant (it reads only its stanza and object),
// so this is the verdict a fresh analysis gives; test/incremental checks that on random edits.
import type { AlgorithmProfile } from '../cms/profiles';
import type { E2eRef, Finding, KeyStore } from '../types';
import { originOf, shiftFinding, shiftSpan } from '../spanShift';
import type { Judged } from './judgeObject';

/** What judging one object gave, without the decoded layers (records decode again on demand). */
export interface LocalVerdict {
  wrapper: { findings: Finding[]; run: boolean };
  judged?: Judged;
  /** Hex of every signer's signature (the gateway rule's input). */
  signersHex: string[];
  /** The inner PIDF's entity when the object holds a PIDF document (the presence rule's input). */
  pidf?: { entity: string | undefined };
}

interface Entry {
  key: string;
  keys: KeyStore | undefined;
  profile: AlgorithmProfile | undefined;
  /** The wall clock, when judging read it (certificate validity at the clock). */
  clockMs?: number;
  /** Where the origin ref stood when this was judged. */
  delta: number;
  verdict: LocalVerdict;
}

export interface MemoContext {
  /** Everything else judging reads, positions written relative to the object's start. */
  key: string;
  keys: KeyStore | undefined;
  profile: AlgorithmProfile | undefined;
  clockMs: number;
}

export class ObjectMemo {
  private prev = new Map<E2eRef, Entry>();
  private next = new Map<E2eRef, Entry>();
  hits = 0;

  /**
   * The verdict of `ref` in `ctx`: remembered (moved to where the ref is now) or computed.
   * `compute` reports whether it read the clock.
   */
  verdictOf(ref: E2eRef, ctx: MemoContext, compute: () => { verdict: LocalVerdict; clockRead: boolean }): { verdict: LocalVerdict; reused: boolean } {
    const { origin, delta } = originOf(ref);
    const key = ctx.key;
    const e = this.next.get(origin) ?? this.prev.get(origin);
    if (e && e.key === key && e.keys === ctx.keys && e.profile === ctx.profile && (e.clockMs === undefined || e.clockMs === ctx.clockMs)) {
      this.next.set(origin, e);
      this.hits++;
      return { verdict: moved(e.verdict, delta - e.delta), reused: true };
    }
    const { verdict, clockRead } = compute();
    this.next.set(origin, { key, keys: ctx.keys, profile: ctx.profile, clockMs: clockRead ? ctx.clockMs : undefined, delta, verdict: frozen(verdict) });
    return { verdict, reused: false };
  }

  /** The verdict remembered for `ref` (moved to where it is now), whatever its context was. */
  remembered(ref: E2eRef): LocalVerdict | undefined {
    const at = this.rememberedAt(ref);
    return at && moved(at.verdict, at.d);
  }

  /** The verdict remembered for `ref` moved on by `more`, as it was stored (not to be changed), and how far to move it. */
  rememberedAt(ref: E2eRef, more = 0): { verdict: LocalVerdict; d: number } | undefined {
    const { origin, delta } = originOf(ref);
    const e = this.next.get(origin) ?? this.prev.get(origin);
    return e && { verdict: e.verdict, d: delta + more - e.delta };
  }

  /** `ref` is in no version any more (its stanza was parsed again). */
  forget(ref: E2eRef): void {
    const { origin } = originOf(ref);
    this.prev.delete(origin);
    this.next.delete(origin);
  }

  /** The analysis completed: what it did not use is dropped. */
  commit(): void {
    this.prev = this.next;
    this.next = new Map();
  }

  /** The analysis was dropped: keep what the last complete one used, too. */
  abandon(): void {
    for (const [k, v] of this.prev) if (!this.next.has(k)) this.next.set(k, v);
    this.prev = this.next;
    this.next = new Map();
  }
}

/** A copy the current analysis may change (codes, status) without changing what is remembered. */
function frozen(v: LocalVerdict): LocalVerdict {
  return moved(v, 0);
}

function moved(v: LocalVerdict, d: number): LocalVerdict {
  const out: LocalVerdict = { wrapper: { findings: v.wrapper.findings.map((f) => shiftFinding(f, d)), run: v.wrapper.run }, signersHex: v.signersHex };
  if (v.pidf) out.pidf = v.pidf;
  if (v.judged) {
    const j = v.judged;
    out.judged = {
      findings: j.findings.map((f) => shiftFinding(f, d)),
      report: { ...j.report, span: shiftSpan(j.report.span, d), contentSpan: shiftSpan(j.report.contentSpan, d) },
      signatureValues: j.signatureValues,
    };
    if (j.timestamp) out.judged.timestamp = { ...j.timestamp, span: shiftSpan(j.timestamp.span, d) };
  }
  return out;
}
