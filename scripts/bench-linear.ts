// Adversarial shapes at 1×, 4× and 16× size: the time of each step should grow about 4× (linear).
// The table shows, per step, time ratio / size ratio ("above linear"); the target is ≤ 1.2.
// Shapes are the ones issue #17 met (and their neighbours): each restarts no scan per line or per
// attribute and runs no backtracking regex.
import { SHAPES, runnerOf } from './fuzz/adversarialShapes';

function best(fn: () => void, runs: number): number {
  let b = Number.POSITIVE_INFINITY;
  for (let r = 0; r < runs; r++) {
    (globalThis as { gc?: () => void }).gc?.();
    const t = performance.now();
    fn();
    b = Math.min(b, performance.now() - t);
  }
  return b;
}

export interface LinearRow {
  name: string;
  ms: [number, number, number];
  /** (t4/t1)/4 and (t16/t4)/4. */
  steps: [number, number];
}

export function benchLinear(runs = 5): LinearRow[] {
  const rows: LinearRow[] = [];
  for (const s of SHAPES) {
    const run = runnerOf(s);
    const texts = [1, 4, 16].map((k) => s.make(s.base * k));
    for (const t of texts) run(t); // warm-up (JIT) at every size
    // Sizes interleaved and the best run kept: on a shared machine a burst of load then hits all
    // sizes alike instead of one.
    const ms: [number, number, number] = [Infinity, Infinity, Infinity];
    for (let r = 0; r < runs; r++) texts.forEach((t, k) => (ms[k] = Math.min(ms[k], best(() => run(t), 1))));
    rows.push({ name: s.name, ms, steps: [ms[1] / ms[0] / 4, ms[2] / ms[1] / 4] });
  }
  return rows;
}

export function printLinear(rows: LinearRow[]): boolean {
  console.log('\nlinear time: adversarial shapes at 1x, 4x, 16x (best of 5, sizes interleaved); step = time ratio / 4 (target <= 1.2)');
  console.log(`${'shape'.padEnd(48)} ${'1x ms'.padStart(8)} ${'4x ms'.padStart(8)} ${'16x ms'.padStart(8)}  step 1->4  step 4->16`);
  let ok = true;
  for (const r of rows) {
    const flag = Math.max(...r.steps) > 1.2 ? '  <-- above target' : '';
    if (flag) ok = false;
    console.log(`${r.name.padEnd(48)} ${r.ms.map((m) => m.toFixed(1).padStart(8)).join(' ')}  ${r.steps[0].toFixed(2).padStart(9)}  ${r.steps[1].toFixed(2).padStart(10)}${flag}`);
  }
  return ok;
}

if (process.argv[1]?.includes('bench-linear')) printLinear(benchLinear());
