// A stepwise computation (a generator that yields where a caller may give the event loop a turn)
// run to its end at once, for callers with nothing to interleave.
export function runToEnd<T>(steps: Generator<void, T, void>): T {
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
  }
}

/** The same, giving the event loop a turn through `pause` between steps. */
export async function runWithPauses<T>(steps: Generator<void, T, void>, pause: () => Promise<void>): Promise<T> {
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
    await pause();
  }
}
