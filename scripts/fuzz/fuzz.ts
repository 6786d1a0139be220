// `npm run fuzz [-- --seconds N --seed S --workers W --inputs N --out DIR --slow-ms MS --max-chars N]`: structure-aware fuzzing
// of the core. Each worker makes inputs from (seed, index), so a run is reproducible; a watchdog
// here ends a worker whose input runs past the hang limit and saves that input. Crashes (a throw,
// a failed analysis, a finding outside the text) and inputs over 1 s are minimised and saved as
// JSON under test/fuzz/crashers/, which `npm test` replays. Exit 1 when anything was found.
import { Worker } from 'node:worker_threads';
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { FuzzInput } from './targets';
import { SHARED_CHARS, TARGETS, type WorkerData } from './shared';

const HANG_MS = 10_000;

function option(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  if (i === -1) return fallback;
  const v = Number(process.argv[i + 1]);
  if (!Number.isFinite(v)) throw new Error(`--${name} needs a number`);
  return v;
}

/** An input over this many ms is a finding (`--slow-ms`; the issue's bar is 1 s). */
const SLOW_MS = option('slow-ms', 1000);
const repo = process.env.FUZZ_REPO ?? resolve(__dirname, '..', '..');
const seconds = option('seconds', 60);
const maxChars = option('max-chars', 256 * 1024);
const seed = option('seed', Date.now() % 1_000_000_007);
const workers = Math.max(1, option('workers', 1));
const maxInputs = option('inputs', Number.POSITIVE_INFINITY);
const outIndex = process.argv.indexOf('--out');
const outDir = outIndex === -1 ? join(repo, 'test', 'fuzz', 'crashers') : resolve(process.argv[outIndex + 1]);
const deadline = Date.now() + seconds * 1000;

interface Totals {
  count: number;
  byTarget: Record<string, number>;
  maxMs: number;
  over100: number;
}
const finished: Totals[] = [];
const live = new Map<number, Totals>();
let crashes = 0;
let slow = 0;
let hangs = 0;

function save(kind: string, input: FuzzInput, extra: Record<string, unknown>): string {
  mkdirSync(outDir, { recursive: true });
  const id = createHash('sha1').update(input.target + '\0' + input.text).digest('hex').slice(0, 12);
  const file = join(outDir, `${kind}-${input.target}-${id}.json`);
  writeFileSync(file, JSON.stringify({ kind, target: input.target, text: input.text, seed, ...extra }) + '\n');
  return file;
}

function total(): Totals {
  const all = [...finished, ...live.values()];
  const byTarget: Record<string, number> = {};
  for (const t of all) for (const [k, v] of Object.entries(t.byTarget)) byTarget[k] = (byTarget[k] ?? 0) + v;
  return { count: all.reduce((n, t) => n + t.count, 0), byTarget, maxMs: Math.max(0, ...all.map((t) => t.maxMs)), over100: all.reduce((n, t) => n + t.over100, 0) };
}

/** Runs worker `w` over indexes start, start + 1, ... (stride by worker count through `slot`). */
function startWorker(w: number, start: number, end: number): Promise<void> {
  return new Promise((done) => {
    const shared = new SharedArrayBuffer(16 + SHARED_CHARS * 2);
    const clockBuf = new SharedArrayBuffer(8);
    const clock = new Float64Array(clockBuf);
    const data: WorkerData = { repo, seed, start, end, deadline, slowMs: SLOW_MS, maxChars, shared, clock: clockBuf };
    const worker = new Worker(join(__dirname, 'worker.js'), { workerData: data });
    let base: Totals = { count: 0, byTarget: {}, maxMs: 0, over100: 0 };
    const watchdog = setInterval(() => {
      const t0 = clock[0];
      if (t0 > 0 && Date.now() - t0 > HANG_MS) {
        clearInterval(watchdog);
        const header = new Int32Array(shared, 0, 4);
        const chars = new Uint16Array(shared, 16, header[1]);
        let text = '';
        for (let k = 0; k < chars.length; k += 8192) text += String.fromCharCode(...chars.subarray(k, k + 8192));
        const input: FuzzInput = { target: TARGETS[header[2]], text };
        hangs++;
        const file = save('hang', input, { index: header[0], ms: Date.now() - t0 });
        console.log(`HANG input ${header[0]} (${input.target}, ${text.length} chars) over ${HANG_MS} ms: saved ${file}`);
        const next = header[0] + 1;
        void worker.terminate().then(() => {
          finished.push(base);
          live.delete(w);
          startWorker(w, next, end).then(done);
        });
      }
    }, 200);
    worker.on('message', (m) => {
      if (m.type === 'progress' || m.type === 'done') {
        base = { count: m.count, byTarget: m.byTarget, maxMs: m.maxMs, over100: m.over100 };
        live.set(w, base);
      }
      if (m.type === 'crash') {
        crashes++;
        const file = save('crash', m.input, { index: m.index, signature: m.signature });
        console.log(`CRASH input ${m.index} (${m.input.target}, ${m.original} -> ${m.input.text.length} chars): ${m.signature}\n  saved ${file}\n  ${String(m.stack).split('\n').slice(0, 4).join('\n  ')}`);
      }
      if (m.type === 'harness') console.log(`harness error at input ${m.index} (not counted): ${String(m.message).split('\n').slice(0, 3).join(' | ')}`);
      if (m.type === 'slow') {
        slow++;
        const file = save('slow', m.input, { index: m.index, ms: Math.round(m.ms) });
        console.log(`SLOW input ${m.index} (${m.input.target}, ${m.original} -> ${m.input.text.length} chars): ${m.ms.toFixed(0)} ms, saved ${file}`);
      }
      if (m.type === 'done') {
        clearInterval(watchdog);
        finished.push(base);
        live.delete(w);
        void worker.terminate().then(() => done());
      }
    });
    worker.on('error', (e) => {
      clearInterval(watchdog);
      crashes++;
      console.log(`CRASH: worker ${w} died: ${e.stack ?? e}`);
      finished.push(base);
      live.delete(w);
      done();
    });
  });
}

const progress = setInterval(() => {
  const t = total();
  console.log(`${t.count} inputs, ${crashes} crashes, ${slow} slow, ${hangs} hangs, max ${t.maxMs.toFixed(0)} ms, ${t.over100} over 100 ms`);
}, 30_000);

console.log(`fuzz: seed ${seed}, ${seconds} s, ${workers} worker(s), inputs up to ${maxChars} characters; crashers to ${outDir}`);
const per = Number.isFinite(maxInputs) ? Math.ceil(maxInputs / workers) : 2 ** 40;
Promise.all(Array.from({ length: workers }, (_, w) => startWorker(w, w * per, w * per + per))).then(() => {
  clearInterval(progress);
  const t = total();
  console.log(`fuzz done: seed ${seed}: ${t.count} inputs (${Object.entries(t.byTarget).map(([k, v]) => `${k} ${v}`).join(', ')}), ${crashes} crashes, ${slow} over ${SLOW_MS} ms, ${hangs} hangs; slowest ${t.maxMs.toFixed(0)} ms, ${t.over100} over 100 ms`);
  process.exitCode = crashes + slow + hangs > 0 ? 1 : 0;
});
