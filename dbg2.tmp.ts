import { readFileSync } from 'node:fs';
import { parseTrace } from './server/src/core/trace/parseTrace';
const text = readFileSync(process.argv[2], 'utf8');
const tr = parseTrace(text);
const seen: Record<string, number> = {};
for (const x of tr.findings) { const k = x.code + ' ' + x.message.replace(/'[^']*'|<[^>]*>/g, 'X'); seen[k] = (seen[k] ?? 0) + 1; }
console.log(seen);
