// The trace explorer's cost on a 50,000-stanza trace: what opening the panel costs the server (row
// model, first screen as columns) and what crosses into the webview, against the former model (the
// rows as JSON objects, measured in the same run), the full load in chunks, the page's decoding and
// one edit's splice. `npm run bench` runs it on the bench trace; `npm run bench:explorer` alone on a
// generated libstrophe session log (the UI suite's).
import { analyzeDocument } from '../server/src/core/analyze';
import { buildRows, type ViewRow } from '../server/src/core/explorer/rows';
import { applyFilter, parseFilter } from '../server/src/core/explorer/filter';
import { buildSequence } from '../server/src/core/explorer/sequence';
import { decodeRows, encodeRows } from '../server/src/core/explorer/rowColumns';
import { applySplice, diffRows } from '../server/src/core/explorer/rowDelta';
import { lensTitle } from '../server/src/core/service';
import { parseTrace } from '../server/src/core/trace/parseTrace';
import { sessionLog } from '../test/ui/explorerLog.mjs';

const FIRST_ROWS = 200; // as client/src/explorer/explorerPanel.ts asks
const CHUNK_ROWS = 10_000;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[s.length >> 1];
}

function time(fn: () => unknown): number {
  const t = performance.now();
  fn();
  return performance.now() - t;
}

const mb = (n: number) => `${(n / 1e6).toFixed(2)} MB`;
const ms = (xs: number[]) => `${median(xs).toFixed(0)} ms`;

function viewRows(text: string): ViewRow[] {
  return buildRows(analyzeDocument(text, { verify: false }), { lensTitle }).map(({ span: _s, objects: _o, ...r }) => r);
}

export function benchExplorer(text: string, runs: number): void {
  const analysis = analyzeDocument(text, { verify: false });
  const filter = parseFilter('kind:message from:juliet@example.com,romeo@example.net');
  if (!filter.ok) throw new Error(filter.error);
  const T = { base: [] as number[], rows: [] as number[], oldJson: [] as number[], first: [] as number[], firstRows: [] as number[], chunks: [] as number[], decode: [] as number[], filter: [] as number[] };
  let rows: ViewRow[] = [];
  let oldBytes = 0;
  let firstBytes = 0;
  let allBytes = 0;
  let kept = 0;
  for (let r = 0; r < runs; r++) {
    T.base.push(time(() => parseTrace(text)));
    T.rows.push(time(() => (rows = buildRows(analysis, { lensTitle }).map(({ span: _s, objects: _o, ...x }) => x))));
    T.oldJson.push(time(() => (oldBytes = JSON.stringify(rows).length)));
    T.first.push(time(() => (firstBytes = JSON.stringify(encodeRows(rows, 0, FIRST_ROWS)).length)));
    // What the server answers the panel first: those rows alone, built and encoded.
    T.firstRows.push(time(() => JSON.stringify(encodeRows(buildRows(analysis, { lensTitle }, { from: 0, to: FIRST_ROWS })))));
    const wire: string[] = [JSON.stringify(encodeRows(rows, 0, FIRST_ROWS))];
    T.chunks.push(time(() => {
      for (let at = FIRST_ROWS; at < rows.length; at += CHUNK_ROWS) wire.push(JSON.stringify(encodeRows(rows, at, at + CHUNK_ROWS)));
    }));
    allBytes = wire.reduce((n, w) => n + w.length, 0);
    // The page: parse each chunk and decode it to row objects, then filter and sort them.
    let got: ViewRow[] = [];
    T.decode.push(time(() => {
      got = [];
      for (const w of wire) for (const x of decodeRows(JSON.parse(w))) got.push(x);
    }));
    T.filter.push(time(() => {
      kept = applyFilter(got, filter.filter).length;
      buildSequence(got.slice(0, 2000), got);
    }));
  }
  const b = median(T.base);
  const n = rows.length;
  console.log(`\nexplorer on ${n} stanzas (parseTrace of the same text: ${b.toFixed(0)} ms, the baseline):`);
  console.log(`  server row model (buildRows): ${ms(T.rows)} (${(median(T.rows) / b).toFixed(2)}x parseTrace)`);
  console.log(`  opening: the server's first answer (${FIRST_ROWS} rows built and encoded as columns) ${median(T.firstRows).toFixed(1)} ms, ${(firstBytes / 1e3).toFixed(1)} kB; ` +
    `before: every row built and sent as JSON objects ${(median(T.rows) + median(T.oldJson)).toFixed(0)} ms, ${mb(oldBytes)} (${(oldBytes / firstBytes).toFixed(0)}x the bytes)`);
  console.log(`  the rest in ${Math.ceil((n - FIRST_ROWS) / CHUNK_ROWS)} chunks: encode ${ms(T.chunks)}, all columns ${mb(allBytes)} (${(allBytes / oldBytes).toFixed(2)}x the object JSON); page parse + decode ${ms(T.decode)}; filter (${kept} kept) + diagram model ${ms(T.filter)}`);
}

/** One stanza edited in the middle: the splice the panel gets instead of the model. */
export function benchExplorerEdit(text: string): void {
  const lines = text.split('\n');
  const mid = lines.length >> 1;
  const edited = [...lines.slice(0, mid), lines[mid].replace('<body>', '<body>edited '), lines[mid], ...lines.slice(mid + 1)].join('\n');
  const old = viewRows(text);
  const next = viewRows(edited);
  let splice = diffRows(old, next);
  const t = time(() => (splice = diffRows(old, next)));
  const bytes = JSON.stringify({ at: splice.at, remove: splice.remove, insert: encodeRows(splice.insert) }).length;
  const same = JSON.stringify(applySplice(old, splice)) === JSON.stringify(next);
  console.log(`  an edit (one stanza changed, one inserted): splice of ${splice.remove} -> ${splice.insert.length} rows, diff ${t.toFixed(0)} ms, ${bytes} bytes, applies to the new model: ${same}`);
}

if (process.argv[1]?.endsWith('bench-explorer.cjs')) {
  const text = sessionLog(Number(process.env.BENCH_STANZAS ?? 50_000));
  console.log(`libstrophe session log: ${mb(text.length)}`);
  benchExplorer(text, Number(process.env.BENCH_RUNS ?? 3));
  benchExplorerEdit(text);
}
