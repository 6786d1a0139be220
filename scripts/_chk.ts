import { performance } from 'node:perf_hooks';
import { makeLargeTrace, T0 } from './large-trace';
import { parseTrace } from '../server/src/core/trace/parseTrace';
import { checkTraceObjectsInSteps } from '../server/src/core/e2e/checkTraceObjects';
import { traceCheckOptions } from '../server/src/core/analyze';
const lt = makeLargeTrace(50000, 2500);
const cache = new Map();
const tr = parseTrace(lt.text);
const run = () => { const t = performance.now(); const g = checkTraceObjectsInSteps(tr, traceCheckOptions({ keys: lt.keys, now: T0 + 5000, cache })); while (!g.next().done); return performance.now() - t; };
console.log('cold', run().toFixed(0));
const { Session } = require('node:inspector');
const s = new Session(); s.connect();
s.post('Profiler.enable'); s.post('Profiler.start');
for (let i = 0; i < 3; i++) console.log('warm', run().toFixed(0));
s.post('Profiler.stop', (_e: unknown, r: any) => {
  const p = r.profile; const self = new Map<string, number>(); const byId = new Map(p.nodes.map((n: any) => [n.id, n]));
  for (let i = 0; i < p.samples.length; i++) { const n: any = byId.get(p.samples[i]); const k = n.callFrame.functionName + ' ' + n.callFrame.url.split('/').slice(-2).join('/') + ':' + n.callFrame.lineNumber; self.set(k, (self.get(k) ?? 0) + (p.timeDeltas[i] ?? 0)); }
  console.log([...self].sort((a, b) => b[1] - a[1]).slice(0, 25).map(([k, t]) => (t / 1000).toFixed(0) + 'ms ' + k).join('\n'));
});
