import { readFileSync } from 'node:fs';
import { parseTrace } from './server/src/core/trace/parseTrace';
const f = process.argv[2]; const n = Number(process.argv[3] ?? 5);
const text = readFileSync(f, 'utf8');
const tr = parseTrace(text);
const seen: Record<string, number> = {};
for (const x of tr.findings) {
  seen[x.code] = (seen[x.code] ?? 0) + 1;
  if (seen[x.code] > n) continue;
  console.log(x.code, x.span, x.message, '|', JSON.stringify(text.slice(Math.max(0, x.span.start - 80), x.span.end + 40)));
}
