// How far V8 lets the old generation grow past what a full collection left live before it
// collects again: by default up to 4x when collecting is fast next to the program. A CLI pass
// keeps little live next to what it promotes in passing (streamed over the 22.4 MB trace: 10-27
// MB live, ~90 MB promoted), so at its peak most of the heap was garbage waiting for that
// collection. 1.25x collects it sooner, at a few ms per extra collection (scripts/bench-large.ts's
// whole trace, six runs each: peak RSS 147-164 MB by default, 132-137 at 1.5x, 131-133 at 1.25x,
// 132-136 at 1.1x; times within the runs' noise).
// The language server holds it only while it builds a large document's first analysis (its
// peak): held for the whole session it saved ~25 MiB (188-195 -> 161-168 MiB above idle), but the
// first edits inside an object got slower (p90 over six 31-52 -> 37-75 ms), their collections
// more frequent (bench-lsp.ts, four alternated runs each).
import { setFlagsFromString } from 'node:v8';

export const HEAP_GROWING_PERCENT = 25;

/** The V8 flag to set, or undefined when the user already chose one (on the command line or in NODE_OPTIONS). */
export function heapGrowthFlag(execArgv: readonly string[], nodeOptions: string | undefined, percent = HEAP_GROWING_PERCENT): string | undefined {
  const mentions = (s: string) => /--heap[-_]growing[-_]percent\b/.test(s);
  if (execArgv.some(mentions) || mentions(nodeOptions ?? '')) return undefined;
  return `--heap-growing-percent=${percent}`;
}

/** Sets the growth limit for this process unless the user set one. Called first by the CLI. */
export function limitHeapGrowth(percent = HEAP_GROWING_PERCENT): boolean {
  const flag = heapGrowthFlag(process.execArgv, process.env.NODE_OPTIONS, percent);
  if (!flag) return false;
  try {
    setFlagsFromString(flag);
    return true;
  } catch {
    // A V8 that no longer takes flags at run time keeps its default: only memory is at stake.
    return false;
  }
}

let holders = 0;

/**
 * Limits heap growth until the returned release is called (each once); V8's own growth (the flag's
 * 0) comes back when the last holder releases. Nothing happens when the user chose a percentage.
 */
export function holdHeapGrowth(): () => void {
  if (holders === 0 && !limitHeapGrowth()) return () => undefined;
  holders++;
  let released = false;
  return () => {
    if (released) return;
    released = true;
    if (--holders === 0) limitHeapGrowth(0);
  };
}
