import { makeLargeTrace, T0 } from './large-trace';
import { IncrementalAnalyzer } from '../server/src/core/incremental/incrementalAnalyzer';
import { analyzeDocument } from '../server/src/core/analyze';
import { snapshot } from '../test/incremental/snapshot';
import { isDeepStrictEqual } from 'node:util';
const lt = makeLargeTrace(600, 30);
const inc = new IncrementalAnalyzer();
const cache = new Map();
const opts = { keys: lt.keys, now: T0 + 5000, cache };
let text = lt.text;
inc.analyze(text, opts);
const at = text.indexOf('Hello number 300');
for (const [name, t] of [['insert char', text.slice(0, at) + 'X' + text.slice(at)], ['delete char', text.slice(0, at) + text.slice(at + 1)]] as const) {
  const a = inc.analyze(t, opts);
  const b = analyzeDocument(t, opts);
  console.log(name, isDeepStrictEqual(snapshot(a), snapshot(b)), inc.stats);
}
