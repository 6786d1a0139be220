import { readFileSync, readdirSync } from 'node:fs';
import { parseTrace } from './server/src/core/trace/parseTrace';
const dir = '/work/shared/corpus/traces/';
for (const f of readdirSync(dir)) {
  if (f.endsWith('.md')) continue;
  const text = readFileSync(dir + f, 'utf8');
  const t0 = performance.now();
  const tr = parseTrace(text);
  const dt = performance.now() - t0;
  const kinds: Record<string, number> = {};
  for (const s of tr.stanzas) kinds[s.kind + ':' + s.direction] = (kinds[s.kind + ':' + s.direction] ?? 0) + 1;
  const fc: Record<string, number> = {};
  for (const x of tr.findings) fc[x.code] = (fc[x.code] ?? 0) + 1;
  const e2e = tr.stanzas.reduce((n, s) => n + s.e2e.length, 0);
  console.log(f.padEnd(55), tr.dialect.padEnd(10), 'st', tr.stanzas.length, 'e2e', e2e, 'oth', tr.others.length, JSON.stringify(kinds), JSON.stringify(fc), dt.toFixed(0) + 'ms');
}
