import { readFileSync, readdirSync } from 'node:fs';
import { parseTrace } from './server/src/core/trace/parseTrace';
const dir = 'test/fixtures/traces/';
for (const f of readdirSync(dir)) {
  const text = readFileSync(dir + f, 'utf8');
  const tr = parseTrace(text, { referenceDate: '2024-01-15' });
  console.log('==', f, tr.dialect, 'stanzas', tr.stanzas.length, 'others', tr.others.map(o => o.name).join(','));
  for (const s of tr.stanzas) console.log('  ', s.kind, s.direction, s.id?.value, s.time?.text, s.time?.epochMs && new Date(s.time.epochMs).toISOString(), s.time?.dateKnown, 'e2e:', s.e2e.map(e => JSON.stringify(e.content) + (e.isCdata ? ' cdata ' : ' text ') + JSON.stringify(text.slice(e.contentSpan.start, e.contentSpan.end))).join(';'), s.delay ? 'delay ' + new Date(s.delay.epochMs!).toISOString() : '');
  for (const x of tr.findings) console.log('   F', x.code, x.message, JSON.stringify(text.slice(x.span.start, x.span.end).slice(0, 80)));
}
