// The conformance harness: each case is one checklist rule, one diagnostic code and one input a real
// producer could write (objects made by `openssl cms` at test time, traces in a capture dialect,
// .cpim/.pidf files as written), with the exact text the finding must cover. conformance.test.ts runs
// every case; coverage.test.ts checks the cases against the rules table, the checklist and the README.
import { analyzeDocument, type AnalyzeOptions, type Analysis } from '../../server/src/core/analyze';
import { analyzeCapture } from '../../server/src/core/capture/analyzeCapture';
import type { KeyStore, Severity } from '../../server/src/core/types';
import { makePeer, romeoKeys, type Peer } from '../e2e/opensslStanzas';
import type { Identity } from '../helpers/openssl';

export interface Ctx {
  p: Peer;
  keys: KeyStore;
  /** "Now" of the traces (a minute after the certificates were made). */
  T: number;
  iso(ms: number): string;
  /** Extra identities made on demand and kept for the run (certificate-shape rules). */
  identity(name: string, make: (p: Peer) => Identity): Identity;
}

/** Where the finding must be: the `nth` (0-based) occurrence of `slice`, searched after `after`. */
export interface At {
  slice: string;
  after?: string;
  nth?: number;
  /** The range runs on to the end of the line the slice starts (a capture document's summary lines). */
  toLineEnd?: boolean;
}

export interface Built {
  /** The input; for a network capture (`bytes`), the read-only document of its streams, set by analyzeBuilt. */
  text: string;
  /** A network capture file (pcap, pcapng, HAR): analysed as such, `at` located in its document. */
  bytes?: Uint8Array;
  kind?: AnalyzeOptions['kind'];
  options?: Partial<AnalyzeOptions>;
  at: At;
}

export interface ConformanceCase {
  /** The test's name (unique). */
  name: string;
  /** Checklist rule IDs this case shows. */
  rules: string[];
  code: string;
  /** When the finding overrides the table's default (e.g. `+00:00` is a warning). */
  severity?: Severity;
  build(ctx: Ctx): Built;
}

let ctx: Ctx | undefined;

export function context(): Ctx {
  if (ctx) return ctx;
  const p = makePeer();
  const made = new Map<string, Identity>();
  ctx = {
    p,
    keys: romeoKeys(p),
    T: Date.now() + 60_000,
    iso: (ms) => new Date(ms).toISOString(),
    identity: (name, make) => {
      let id = made.get(name);
      if (!id) made.set(name, (id = make(p)));
      return id;
    },
  };
  return ctx;
}

export function disposeContext(): void {
  ctx?.p.ws.cleanup();
  ctx = undefined;
}

export function analyzeBuilt(c: Ctx, b: Built): Analysis {
  const now = c.T + 2000;
  if (b.bytes) {
    const a = analyzeCapture(b.bytes, { keys: c.keys, now, clock: () => now, ...b.options });
    b.text = a.capture.text;
    return a;
  }
  return analyzeDocument(b.text, { keys: c.keys, now, clock: () => now, kind: b.kind ?? 'trace', ...b.options });
}

/** Offsets of the expected range in the text; throws when the locator is not in it. */
export function locate(text: string, at: At): { start: number; end: number } {
  let from = 0;
  if (at.after !== undefined) {
    const a = text.indexOf(at.after);
    if (a < 0) throw new Error(`locator: '${at.after}' is not in the input`);
    from = a + at.after.length;
  }
  let start = text.indexOf(at.slice, from);
  for (let n = at.nth ?? 0; n > 0 && start >= 0; n--) start = text.indexOf(at.slice, start + 1);
  if (start < 0) throw new Error(`locator: '${at.slice}' is not in the input`);
  if (at.toLineEnd) {
    const nl = text.indexOf('\n', start);
    return { start, end: nl < 0 ? text.length : nl };
  }
  return { start, end: start + at.slice.length };
}
