// How far V8 lets the old generation grow past what a full collection left live before it
// collects again: by default up to 4x when collecting is fast next to the program. A CLI pass
// keeps little live next to what it promotes in passing (streamed over the 22.4 MB trace: 10-27
// MB live, ~90 MB promoted), so at its peak most of the heap was garbage waiting for that
// collection. 1.25x collects it sooner, at a few ms per extra collection (scripts/bench-large.ts's
// whole trace, six runs each: peak RSS 147-164 MB by default, 132-137 at 1.5x, 131-133 at 1.25x,
// 132-136 at 1.1x; times within the runs' noise).
// Not the language server's: there it saved ~25 MiB (peak 188-195 -> 161-168 MiB above idle,
// still 7.5x the file), but its first edits inside an object got slower (p90 over six 31-52 ->
// 37-75 ms) and the open 6% slower (bench-lsp.ts, four alternated runs each).
import { setFlagsFromString } from 'node:v8';

export const HEAP_GROWING_PERCENT = 25;

/** The V8 flag to set, or undefined when the user already chose one (on the command line or in NODE_OPTIONS). */
export function heapGrowthFlag(execArgv: readonly string[], nodeOptions: string | undefined, percent = HEAP_GROWING_PERCENT): string | undefined {
  const mentions = (s: string) => /--heap[-_]growing[-_]percent\b/.test(s);
  if (execArgv.some(mentions) || mentions(nodeOptions ?? '')) return undefined;
  return `--heap-growing-percent=${percent}`;
}

/** Sets the growth limit for this process unless the user set one. Called first by the CLI. */
export function limitHeapGrowth(): void {
  const flag = heapGrowthFlag(process.execArgv, process.env.NODE_OPTIONS);
  if (!flag) return;
  try {
    setFlagsFromString(flag);
  } catch {
    // A V8 that no longer takes flags at run time keeps its default: only memory is at stake.
  }
}
