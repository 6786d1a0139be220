// What one fuzz input is and how it is judged: the core must not throw, must not report that its
// analysis failed, and every finding must be a known code at a range inside the input. Shared by
// the fuzzer's worker, its minimiser and the replay of saved crashers in `npm test`.
import { analyzeDocument, type Analysis } from '../../server/src/core/analyze';
import { parseContentInfo } from '../../server/src/core/cms/parseCms';
import { parseBer } from '../../server/src/core/asn1/ber';
import { parseErlangBinary } from '../../server/src/core/trace/erlangBinary';
import { MAX_FINDINGS_PER_FILE } from '../../server/src/core/findingLimits';
import { ruleFor } from '../../server/src/core/rules';
import type { KeyStore } from '../../server/src/core/types';

export type Target = 'trace' | 'cpim' | 'pidf' | 'der' | 'erlang';

export interface FuzzInput {
  target: Target;
  /** The document (for `der`: base64 of the bytes). */
  text: string;
}

/** A fixed "now" so that a saved input replays the same way on any day. */
export const FUZZ_NOW = Date.parse('2026-11-01T10:00:00Z');

export class FuzzFailure extends Error {}

/** Runs one input through the core; throws (the core's own error, or a FuzzFailure) when it misbehaves. */
export function runInput(input: FuzzInput, keys?: KeyStore, cache?: Map<string, unknown>): void {
  switch (input.target) {
    case 'der': {
      const bytes = new Uint8Array(Buffer.from(input.text, 'base64'));
      const r = parseContentInfo(bytes);
      if (!r.ok && typeof r.reason !== 'string') throw new FuzzFailure('parseContentInfo: failure without a reason');
      const b = parseBer(bytes);
      if (!b.ok && (typeof b.reason !== 'string' || !(b.offset >= 0 && b.offset <= bytes.length))) throw new FuzzFailure(`parseBer: bad failure offset ${b.offset}`);
      return;
    }
    case 'erlang': {
      const r = parseErlangBinary(input.text, 0, input.text.length);
      if (!(r.end >= 0 && r.end <= input.text.length)) throw new FuzzFailure(`parseErlangBinary: end ${r.end} outside the input`);
      return;
    }
    default: {
      const a = analyzeDocument(input.text, { kind: input.target, keys, cache, now: FUZZ_NOW, clock: () => FUZZ_NOW, fileName: `fuzz.${input.target}` });
      checkAnalysis(input.text, a);
    }
  }
}

/** The analysis is well-formed: no failure finding, known codes, ranges inside the text, capped lists. */
export function checkAnalysis(text: string, a: Analysis): void {
  if (a.findings.length > MAX_FINDINGS_PER_FILE + 1) throw new FuzzFailure(`${a.findings.length} findings: over the cap`);
  for (const f of a.findings) {
    if (f.code === 'internal.analysisFailed') throw new FuzzFailure(`analysis failed: ${f.message}`);
    if (!ruleFor(f.code)) throw new FuzzFailure(`unknown code ${f.code}`);
    if (typeof f.message !== 'string' || f.message === '') throw new FuzzFailure(`${f.code}: empty message`);
    const { start, end } = f.span;
    if (!Number.isInteger(start) || !Number.isInteger(end) || start < 0 || end < start || end > text.length) {
      throw new FuzzFailure(`${f.code}: range ${start}-${end} outside 0-${text.length}`);
    }
  }
  for (const o of a.objects) {
    if (o.span.start < 0 || o.span.end > text.length || o.span.start > o.span.end) throw new FuzzFailure(`object ${o.index}: span outside the text`);
  }
  if (a.records.length !== a.objects.length) throw new FuzzFailure('objects and records differ in length');
}

/** The first line of what went wrong: inputs that fail the same way minimise towards each other. */
export function failureSignature(e: unknown): string {
  const m = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
  return m.split('\n')[0].replace(/\d+/g, 'N').slice(0, 120);
}
