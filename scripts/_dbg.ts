import { makeLargeTrace } from './large-trace';
import { parseTrace } from '../server/src/core/trace/parseTrace';
import { changedWindow } from '../server/src/core/incremental/textDiff';
import { spliceRawStream } from '../server/src/core/incremental/streamSplice';
const lt = makeLargeTrace(20000, 1000);
const text = lt.text;
const tr = parseTrace(text);
for (const n of [1000, 8000, 15000]) {
  const at = text.indexOf(`Hello number ${n}`);
  const next = text.slice(0, at) + 'X' + text.slice(at);
  const w = changedWindow(text, next);
  console.log(n, at, w, !!spliceRawStream(tr, next, w), JSON.stringify(text.slice(at - 20, at + 30)));
}
