// The explorer's requests over LSP: rows computed from the cached analysis with LSP ranges, a new
// version gives new rows, and the report is the CLI's report (same rows, same arrows).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LspTestClient, fileUri } from '../lsp/lspClient';
import { sessionTrace } from './sessionTrace';
import { ExplorerModelRequest, ExplorerReportRequest, type ExplorerModelResult, type ExplorerReportResult } from '../../server/src/protocol/explorer';

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

test('explorerModel: one row per stanza, each range starting at its stanza', async () => {
  const m = await c.request<ExplorerModelResult>(ExplorerModelRequest, { uri });
  assert.equal(m.rows.length, t.stanzas);
  assert.equal(m.dialect, 'libstrophe');
  const lines = t.text.split('\n');
  for (const r of m.rows) assert.equal(lines[r.range.start.line].slice(r.range.start.character, r.range.start.character + r.kind.length + 1), `<${r.kind}`);
  assert.equal(m.rows[3].summary, '“Wherefore art thou?”');
});

test('explorerModel follows edits: the new version has the new rows', async () => {
  await c.change(uri, t.text + t.text.split('\n')[3] + '\n');
  const m = await c.request<ExplorerModelResult>(ExplorerModelRequest, { uri });
  assert.equal(m.version, c.version(uri));
  assert.equal(m.rows.length, t.stanzas + 1);
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
