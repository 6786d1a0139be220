// Where the parts of a trace analysis's findings lie in its one array: first the input's and the
// parse's, then each stanza's in stanza order (checkTraceObjectsInSteps's runStarts), then the
// error replies'. An edit that judges one stanza again (incremental/rejudgeStanza.ts) replaces
// that stanza's run and moves the rest, so the array stays in the order a fresh analysis makes.
export interface FindingLayout {
  /** Where the stanzas' findings begin in `findings` (after the input's and the parse's). */
  base: number;
  /** Per stanza i, where its findings start, relative to `base`; index stanzaCount: where the error replies' start. */
  runStarts: Int32Array;
}

/** Kept beside the analysis, not in it: the analysis is what faces show and tests compare. */
const layouts = new WeakMap<object, FindingLayout>();

export function layoutOf(a: object): FindingLayout | undefined {
  return layouts.get(a);
}

export function withLayout<A extends object>(a: A, layout: FindingLayout | undefined): A {
  if (layout) layouts.set(a, layout);
  return a;
}
