import { performance } from 'node:perf_hooks';
import { makeLargeTrace, T0 } from '/work/i10/scripts/large-trace';
import { parseTrace } from '/work/i10/server/src/core/trace/parseTrace';
import { analyzeDocument } from '/work/i10/server/src/core/analyze';
let t = performance.now();
const lt = makeLargeTrace(Number(process.argv[2] ?? 50000), Number(process.argv[3] ?? 2500));
console.log('gen', (performance.now() - t).toFixed(0), 'ms', (lt.text.length / 1e6).toFixed(1), 'MB');
t = performance.now(); const tr = parseTrace(lt.text); console.log('parse', (performance.now() - t).toFixed(0), tr.stanzas.length, tr.findings.length);
const cache = new Map();
t = performance.now(); let a = analyzeDocument(lt.text, { keys: lt.keys, now: T0 + 5000, cache }); console.log('full cold', (performance.now() - t).toFixed(0), a.objects.length, a.findings.length, a.objects.filter(o=>o.status==='verified').length);
for (let i = 0; i < 3; i++) { t = performance.now(); a = analyzeDocument(lt.text, { keys: lt.keys, now: T0 + 5000, cache }); console.log('full warm', (performance.now() - t).toFixed(0)); }
const codes = new Map(); for (const f of a.findings) codes.set(f.code, (codes.get(f.code) ?? 0) + 1); console.log(codes);
import { checkTraceObjectsInSteps } from '/work/i10/server/src/core/e2e/checkTraceObjects';
import { traceCheckOptions } from '/work/i10/server/src/core/analyze';
for (let i = 0; i < 2; i++) {
t = performance.now(); const tr2 = parseTrace(lt.text); const tp = performance.now() - t;
t = performance.now(); const g = checkTraceObjectsInSteps(tr2, traceCheckOptions({ keys: lt.keys, now: T0 + 5000, cache })); while (!g.next().done); console.log('parse', tp.toFixed(0), 'check', (performance.now() - t).toFixed(0));
}
