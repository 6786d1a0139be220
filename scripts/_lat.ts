import { performance } from 'node:perf_hooks';
import { makeLargeTrace, T0 } from './large-trace';
import { IncrementalAnalyzer } from '../server/src/core/incremental/incrementalAnalyzer';
const lt = makeLargeTrace(Number(process.argv[2] ?? 50000), Number(process.argv[3] ?? 2500));
const inc = new IncrementalAnalyzer();
const opts = { keys: lt.keys, now: T0 + 5000, cache: new Map() };
let text = lt.text;
let t = performance.now(); inc.analyze(text, opts); console.log('first', (performance.now() - t).toFixed(0));
for (let i = 0; i < 8; i++) {
  const at = text.indexOf('<body>Hello number', Math.floor(text.length * (i + 0.5) / 8)) + 6;
  const next = text.slice(0, at) + 'X' + text.slice(at);
  const h0 = inc.memo.hits;
  t = performance.now(); const a = inc.analyze(next, opts); const ta = performance.now() - t;
  console.log('analyze', ta.toFixed(0), JSON.stringify(inc.stats), 'hits', inc.memo.hits - h0, a.findings.length);
  text = next;
}
