// The explorer's requests over LSP: rows computed from the cached analysis, as columns in chunks;
// a new version gives the splice from the panel's generation (which applied gives the new rows);
// rows located as LSP ranges and found from a cursor; the report is the CLI's (same rows, arrows).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LspTestClient, fileUri } from '../lsp/lspClient';
import { sessionTrace } from './sessionTrace';
import * as X from '../../server/src/protocol/explorer';
import { ExplorerModelRequest, ExplorerReportRequest, type ExplorerModelResult, type ExplorerReportResult } from '../../server/src/protocol/explorer';
import { decodeRows } from '../../server/src/core/explorer/rowColumns';
import { applySplice } from '../../server/src/core/explorer/rowDelta';

let ws: string;
let c: LspTestClient;
let uri: string;
const t = sessionTrace(undefined, 4);

before(async () => {
  ws = mkdtempSync(join(tmpdir(), 'xmpp-e2e-lsp-explorer-'));
  c = await LspTestClient.start({ pull: true, workspaceFolder: ws });
  uri = fileUri(join(ws, 'session.log'));
  await c.open(uri, 'xmpp-trace', t.text);
});

after(async () => {
  await c.shutdown();
  rmSync(ws, { recursive: true, force: true });
});

/** The whole model as the panel loads it: the first rows, then chunks. */
async function load(first: number, chunk: number): Promise<{ m: ExplorerModelResult; rows: X.ExplorerRow[] }> {
  const m = await c.request<ExplorerModelResult>(ExplorerModelRequest, { uri, first });
  const rows = decodeRows(m.rows!);
  while (rows.length < m.total) {
    const cols = await c.request<X.RowColumns>(X.ExplorerRowsRequest, { uri, gen: m.gen, start: rows.length, count: chunk });
    assert.equal(cols.start, rows.length);
    assert.ok(cols.n > 0 && cols.n <= chunk);
    rows.push(...decodeRows(cols));
  }
  return { m, rows };
}

test('explorerModel: the first rows, then chunks; one row per stanza, each located at its stanza', async () => {
  const { m, rows } = await load(5, 4);
  assert.equal(m.rows!.n, 5);
  assert.equal(m.total, t.stanzas);
  assert.equal(rows.length, t.stanzas);
  assert.deepEqual(rows.map((r) => r.index), [...rows.keys()]);
  assert.equal(m.dialect, 'libstrophe');
  assert.equal(rows[3].summary, '“Wherefore art thou?”');
  assert.equal(rows.filter((r) => r.fromEntity === 'juliet@example.com/balcony').length, t.fromJuliet);
  const lines = t.text.split('\n');
  for (const r of rows) {
    const range = await c.request<X.LspRange>(X.ExplorerLocateRequest, { uri, gen: m.gen, index: r.index });
    assert.equal(lines[range.start.line].slice(range.start.character, range.start.character + r.kind.length + 1), `<${r.kind}`);
    // The cursor in the line's prefix (column 0) and inside the stanza both give its row.
    assert.equal(await c.request(X.ExplorerRowAtRequest, { uri, gen: m.gen, position: { line: range.start.line, character: 0 } }), r.index);
    assert.equal(await c.request(X.ExplorerRowAtRequest, { uri, gen: m.gen, position: { line: range.start.line, character: range.start.character + 2 } }), r.index);
  }
  assert.equal(await c.request(X.ExplorerLocateRequest, { uri, gen: m.gen + 99, index: 0 }), null);
  assert.equal(await c.request(X.ExplorerRowsRequest, { uri, gen: m.gen + 99, start: 0, count: 1 }), null);
});

test('explorerModel follows edits: the splice since the held generation gives the new rows', async () => {
  const before = await load(1000, 1000);
  // A stanza inserted after the fourth line, and one at the end.
  const lines = t.text.split('\n');
  const edited = [...lines.slice(0, 4), lines[3], ...lines.slice(4)].join('\n') + lines[3] + '\n';
  await c.change(uri, edited);
  const m = await c.request<ExplorerModelResult>(ExplorerModelRequest, { uri, since: before.m.gen });
  assert.equal(m.version, c.version(uri));
  assert.notEqual(m.gen, before.m.gen);
  assert.equal(m.total, t.stanzas + 2);
  assert.ok(m.delta && !m.rows, 'a delta answer, no rows');
  assert.equal(m.delta.since, before.m.gen);
  assert.equal(m.delta.at, 4);
  assert.ok(m.delta.insert.n < m.total, `the splice carries less than every row (${m.delta.insert.n})`);
  const spliced = applySplice(before.rows, { at: m.delta.at, remove: m.delta.remove, insert: decodeRows(m.delta.insert) });
  const fresh = await load(1000, 1000);
  assert.equal(fresh.m.gen, m.gen);
  assert.deepEqual(spliced, fresh.rows);
  // Asking again from the newest generation: an empty splice.
  const again = await c.request<ExplorerModelResult>(ExplorerModelRequest, { uri, since: m.gen });
  assert.deepEqual([again.gen, again.delta?.remove, again.delta?.insert.n], [m.gen, 0, 0]);
  // A generation the server no longer keeps: the full model.
  const old = await c.request<ExplorerModelResult>(ExplorerModelRequest, { uri, since: -5 });
  assert.ok(old.rows && !old.delta);
});

test('explorerReport: the HTML report with a filter, and a bad filter\'s reason', async () => {
  const r = await c.request<ExplorerReportResult>(ExplorerReportRequest, { uri, format: 'html', filter: 'kind:iq' });
  assert.ok(r.ok);
  const tbody = r.text.slice(r.text.indexOf('<tbody>'), r.text.indexOf('</tbody>'));
  assert.equal((tbody.match(/<tr class="stanza"/g) ?? []).length, t.iqs);
  assert.equal((r.text.match(/<g class="arrow[ "]/g) ?? []).length, t.iqs);
  assert.equal(r.suggestedName, 'session-report.html');
  const bad = await c.request<ExplorerReportResult>(ExplorerReportRequest, { uri, format: 'md', filter: 'dir:sideways' });
  assert.ok(!bad.ok && /dir: must be in, out, unknown/.test(bad.reason));
});

test('an unknown document gives null, not an error', async () => {
  assert.equal(await c.request(ExplorerModelRequest, { uri: fileUri(join(ws, 'nope.log')) }), null);
});
