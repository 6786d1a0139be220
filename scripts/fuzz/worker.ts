// One fuzz worker: makes input i from (seed, i), runs it through the core, times it, and reports
// failures and slow inputs (minimised here, where the run-time keys are). Before each input it
// copies the text into shared memory, so the main thread can save an input that hangs.
import { parentPort, workerData } from 'node:worker_threads';
import { loadSeeds } from './seeds';
import { inputRng, mutate, setMaxChars } from './mutators';
import { failureSignature, runInput, type FuzzInput } from './targets';
import { minimize } from './minimize';
import { SHARED_CHARS, TARGETS, type WorkerData } from './shared';


const data = workerData as WorkerData;
const header = new Int32Array(data.shared, 0, 4);
const chars = new Uint16Array(data.shared, 16, SHARED_CHARS);
const clock = new Float64Array(data.clock);

setMaxChars(data.maxChars);
const seeds = loadSeeds(data.repo);
const cache = new Map<string, unknown>();

function makeInput(i: number): FuzzInput {
  const rng = inputRng(data.seed, i);
  const seed = seeds.inputs[rng.int(seeds.inputs.length)];
  if (rng.chance(0.02)) return seed;
  const sameKind = seeds.inputs.filter((s) => s.target === seed.target);
  return mutate(seed, rng.pick(sameKind), rng);
}

function run(input: FuzzInput): { ms: number; error?: unknown } {
  const t = performance.now();
  try {
    runInput(input, input.target === 'trace' ? seeds.keys : undefined, cache);
    return { ms: performance.now() - t };
  } catch (error) {
    return { ms: performance.now() - t, error };
  }
}

/**
 * The best of three runs: on a shared machine one run can take several times its own cost, and
 * an input counts as slow only when it is slow every time.
 */
function confirmSlow(input: FuzzInput): number {
  let best = Number.POSITIVE_INFINITY;
  for (let k = 0; k < 3 && best > data.slowMs; k++) best = Math.min(best, run(input).ms);
  return best;
}

function share(i: number, input: FuzzInput): void {
  const n = Math.min(input.text.length, SHARED_CHARS);
  for (let k = 0; k < n; k++) chars[k] = input.text.charCodeAt(k);
  header[0] = i;
  header[1] = n;
  header[2] = TARGETS.indexOf(input.target);
}

let count = 0;
let lastReport = Date.now();
const byTarget: Record<string, number> = {};
let maxMs = 0;
let over100 = 0;
for (let i = data.start; i < data.end && Date.now() < data.deadline; i++) {
  let input: FuzzInput;
  try {
    input = makeInput(i);
  } catch (e) {
    // A fault of the mutators, not of the core: say so and go on.
    parentPort!.postMessage({ type: 'harness', index: i, message: (e as Error)?.stack ?? String(e) });
    continue;
  }
  share(i, input);
  clock[0] = Date.now();
  const r = run(input);
  clock[0] = 0;
  if (cache.size > 2000) cache.clear();
  count++;
  byTarget[input.target] = (byTarget[input.target] ?? 0) + 1;
  if (r.ms > maxMs) maxMs = r.ms;
  if (r.ms > 100) over100++;
  if (r.error !== undefined) {
    const signature = failureSignature(r.error);
    const small = minimize(input, (c) => {
      const x = run(c);
      return x.error !== undefined && failureSignature(x.error) === signature;
    }, { attempts: 4000, ms: 60_000 });
    parentPort!.postMessage({ type: 'crash', index: i, input: small, original: input.text.length, signature, stack: (r.error as Error)?.stack ?? String(r.error) });
  } else if (r.ms > data.slowMs && confirmSlow(input) > data.slowMs) {
    const small = minimize(input, (c) => confirmSlow(c) > data.slowMs, { attempts: 40, ms: 60_000 });
    parentPort!.postMessage({ type: 'slow', index: i, input: small, original: input.text.length, ms: r.ms });
  }
  if (Date.now() - lastReport > 2000) {
    parentPort!.postMessage({ type: 'progress', count, byTarget, maxMs, over100, index: i });
    lastReport = Date.now();
  }
}
parentPort!.postMessage({ type: 'done', count, byTarget, maxMs, over100 });
