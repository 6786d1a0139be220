// The trace explorer's cost on the bench trace: rows, a filter, the sequence model and the JSON
// the server sends, against parseTrace of the same text measured in the same run.
import { analyzeDocument } from '../server/src/core/analyze';
import { buildRows } from '../server/src/core/explorer/rows';
import { applyFilter, parseFilter } from '../server/src/core/explorer/filter';
import { buildSequence } from '../server/src/core/explorer/sequence';
import { parseTrace } from '../server/src/core/trace/parseTrace';

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[s.length >> 1];
}

function time(fn: () => unknown): number {
  const t = performance.now();
  fn();
  return performance.now() - t;
}

export function benchExplorer(text: string, runs: number): void {
  const analysis = analyzeDocument(text, { verify: false });
  const filter = parseFilter('from:romeo@example.net kind:message -verdict:none');
  if (!filter.ok) throw new Error(filter.error);
  const rowsT: number[] = [];
  const restT: number[] = [];
  const baseT: number[] = [];
  let n = 0;
  let bytes = 0;
  for (let r = 0; r < runs; r++) {
    baseT.push(time(() => parseTrace(text)));
    let rows: ReturnType<typeof buildRows> = [];
    rowsT.push(time(() => (rows = buildRows(analysis))));
    restT.push(time(() => {
      n = applyFilter(rows, filter.filter).length;
      buildSequence(rows);
      bytes = JSON.stringify(rows).length;
    }));
  }
  const b = median(baseT);
  console.log(
    `explorer on ${analysis.stanzaCount} stanzas: rows median ${median(rowsT).toFixed(0)} ms (${(median(rowsT) / b).toFixed(2)}x parseTrace ${b.toFixed(0)} ms); ` +
      `filter (${n} kept) + sequence + JSON (${(bytes / 1e6).toFixed(1)} MB) median ${median(restT).toFixed(0)} ms (${(median(restT) / b).toFixed(2)}x)`,
  );
}
