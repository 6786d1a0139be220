// Adversarial shapes at 1×, 4× and 16× size: the time of each step should grow about 4× (linear).
// The table shows, per step, time ratio / size ratio ("above linear"); the target is ≤ 1.2.
// Shapes (scripts/fuzz/adversarialShapes.ts) are the ones issue #17 met and their neighbours;
// test/fuzz/linearWork.test.ts checks the same shapes by counting work instead of timing them.
//
// Measured so that the machine's other load and the collector's step changes do not pass for
// superlinear code: each size warmed up twice (JIT), a forced GC before every sample (needs
// --expose-gc) so no run pays for another's garbage, sizes interleaved, the best of five kept, and
// the process's CPU time (all its threads: collector included, other processes not) rather than
// wall time. The GC column is the collector's share of the 16x sample (v8.GCProfiler): a step above
// target with a high share and a linear work count is the heap's growth, not the algorithm.
// The baseline column is a plain linear pass over the same texts in the same run (one charCodeAt
// loop, one indexOf): its step is what "linear" costs on this machine at these sizes (string
// layout, memory), and a row is above target only when its step exceeds 1.2 both as measured and
// relative to that baseline.
import { GCProfiler } from 'node:v8';
import { SHAPES, runnerOf } from './fuzz/adversarialShapes';

const SIZES = [1, 4, 16] as const;
const WARM_UPS = 2;

interface Sample {
  cpuMs: number;
  wallMs: number;
  gcMs: number;
}

function sample(fn: () => void): Sample {
  (globalThis as { gc?: () => void }).gc?.();
  const gc = new GCProfiler();
  gc.start();
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  fn();
  const wallMs = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  const stats = gc.stop()?.statistics ?? [];
  let gcUs = 0;
  for (const s of stats) gcUs += s.cost;
  return { cpuMs: (cpu.user + cpu.system) / 1000, wallMs, gcMs: gcUs / 1000 };
}

/** A linear pass over every character: the same-run measure of what linear costs per size. */
function linearPass(text: string): number {
  let n = text.indexOf('\u0001');
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 0x3c) n++;
  return n;
}

export interface LinearRow {
  name: string;
  /** Best CPU time per size. */
  ms: [number, number, number];
  /** Best wall time per size (for reference). */
  wallMs: [number, number, number];
  /** The collector's share of the best 16x sample. */
  gcShare16: number;
  /** (t4/t1)/4 and (t16/t4)/4. */
  steps: [number, number];
  /** The same steps of the linear pass over the same texts. */
  baseSteps: [number, number];
}

function bestOf(texts: string[], runs: number, run: (t: string) => void): Sample[] {
  const best: Sample[] = texts.map(() => ({ cpuMs: Infinity, wallMs: Infinity, gcMs: 0 }));
  for (let w = 0; w < WARM_UPS; w++) for (const t of texts) run(t);
  // Sizes interleaved: a burst of load then hits all sizes alike instead of one.
  for (let r = 0; r < runs; r++) {
    texts.forEach((t, k) => {
      const x = sample(() => run(t));
      if (x.cpuMs < best[k].cpuMs) best[k] = x;
    });
  }
  return best;
}

const stepsOf = (ms: number[]): [number, number] => [ms[1] / ms[0] / 4, ms[2] / ms[1] / 4];

/** Above target: the step exceeds 1.2 as measured and relative to the same-run linear pass. */
export function aboveTarget(r: LinearRow): boolean {
  return [0, 1].some((i) => r.steps[i] > 1.2 && r.steps[i] / r.baseSteps[i] > 1.2);
}

export function benchLinear(runs = 5, filter = process.env.BENCH_LINEAR_ROWS): LinearRow[] {
  const rows: LinearRow[] = [];
  for (const s of SHAPES) {
    if (filter && !s.name.includes(filter)) continue;
    const run = runnerOf(s);
    const texts = SIZES.map((k) => s.make(s.base * k));
    const best = bestOf(texts, runs, run);
    const base = bestOf(texts, runs, (t) => void linearPass(t));
    const ms = best.map((b) => b.cpuMs) as [number, number, number];
    rows.push({
      name: s.name,
      ms,
      wallMs: best.map((b) => b.wallMs) as [number, number, number],
      gcShare16: best[2].wallMs > 0 ? Math.min(1, best[2].gcMs / best[2].wallMs) : 0,
      steps: stepsOf(ms),
      baseSteps: stepsOf(base.map((b) => b.cpuMs)),
    });
  }
  return rows;
}

export function printLinear(rows: LinearRow[]): boolean {
  console.log('\nlinear time: adversarial shapes at 1x, 4x, 16x (CPU ms, best of 5 after 2 warm-ups, GC forced before each, sizes interleaved)');
  console.log('step = time ratio / 4 (target <= 1.2, as measured and against the same-run linear pass: "base" is that pass\'s steps);');
  console.log('gc = collector share of the 16x run; 16x wall for reference');
  console.log(`${'shape'.padEnd(48)} ${'1x ms'.padStart(8)} ${'4x ms'.padStart(8)} ${'16x ms'.padStart(8)}  step 1->4  step 4->16   base steps   gc  16x wall`);
  let ok = true;
  for (const r of rows) {
    const flag = aboveTarget(r) ? '  <-- above target' : '';
    if (flag) ok = false;
    const gc = `${(r.gcShare16 * 100).toFixed(0)}%`.padStart(4);
    const base = `${r.baseSteps[0].toFixed(2)} ${r.baseSteps[1].toFixed(2)}`.padStart(12);
    console.log(`${r.name.padEnd(48)} ${r.ms.map((m) => m.toFixed(1).padStart(8)).join(' ')}  ${r.steps[0].toFixed(2).padStart(9)}  ${r.steps[1].toFixed(2).padStart(10)} ${base} ${gc} ${r.wallMs[2].toFixed(1).padStart(9)}${flag}`);
  }
  return ok;
}

if (process.argv[1]?.includes('bench-linear')) printLinear(benchLinear());
