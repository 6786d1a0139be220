// The client's own decisions, without VS Code: which documents are traces (so the server starts
// only for them), the base64 bodies to fold with their summaries, and the status bar's words.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import Module from 'node:module';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const loader = Module as unknown as { _load: (request: string, ...rest: unknown[]) => unknown };
const original = loader._load;
loader._load = function (request: string, ...rest: unknown[]) {
  return request === 'vscode' ? {} : original.call(this, request, ...rest);
};
after(() => {
  loader._load = original;
});

const repo = join(__dirname, '..', '..');

test('trace detection: captures and XMPP streams yes; other XML, logs and text no', async () => {
  const { looksLikeTrace } = await import('../../client/src/traceDetection');
  assert.equal(looksLikeTrace(readFileSync(join(repo, 'samples', 'traces', '01-clean-session.xml'), 'utf8')), true);
  assert.equal(looksLikeTrace(readFileSync(join(repo, 'test', 'fixtures', 'traces', 'raw-stream.xml'), 'utf8')), true);
  assert.equal(looksLikeTrace(readFileSync(join(repo, 'test', 'fixtures', 'traces', 'smack.log'), 'utf8')), true);
  assert.equal(looksLikeTrace('<?xml version="1.0"?>\n<project xmlns="http://maven.apache.org/POM/4.0.0"><modelVersion>4.0.0</modelVersion></project>\n'), false);
  assert.equal(looksLikeTrace('<svg xmlns="http://www.w3.org/2000/svg"><message>not xmpp</message></svg>'), false);
  assert.equal(looksLikeTrace('2026-11-01 10:00:00 INFO server started on port 8080\n2026-11-01 10:00:01 INFO ready\n'), false);
  assert.equal(looksLikeTrace('Dear diary,\ntoday I wrote tests.\n'), false);
});

test('base64 bodies: one fold per body from the line before it, with its size; short runs are not bodies', async () => {
  const { base64Blocks } = await import('../../client/src/base64Folding');
  const lines = readFileSync(join(repo, 'samples', 'traces', '01-clean-session.xml'), 'utf8').split(/\r?\n/);
  const blocks = base64Blocks(lines);
  assert.ok(blocks.length >= 4, `a body per object: ${blocks.length}`);
  for (const b of blocks) {
    assert.ok(b.lines >= 3 && b.lastLine - b.headLine === b.lines);
    assert.doesNotMatch(lines[b.headLine], /^[A-Za-z0-9+/]{16,}=*$/, 'the visible line is not base64');
    assert.ok(b.bytes > 0);
  }
  // The lens's line (the <e2e> start) is never inside a fold.
  const e2eLines = lines.flatMap((l, i) => (l.includes('<e2e') ? [i] : []));
  for (const l of e2eLines) assert.ok(!blocks.some((b) => l > b.headLine && l <= b.lastLine), `line ${l + 1} stays visible`);
  assert.deepEqual(base64Blocks(['Content-Type: text/plain', '', 'QUJDREVGR0hJSktMTU5PUFFSU1RVVldY', 'not base64']), []);
  const three = base64Blocks(['hdr', 'QUJDREVGR0hJSktMTU5PUFFSU1RVVldY', 'QUJDREVGR0hJSktMTU5PUFFSU1RVVldY', 'QUJD==']);
  assert.deepEqual(three, [{ headLine: 0, lastLine: 3, lines: 3, bytes: 51 }]);
});

test('status bar: "XMPP E2E: 4 verified · 1 failed", zero counts left out, Restricted Mode said', async () => {
  const { statusText } = await import('../../client/src/statusBar');
  assert.equal(statusText({ verified: 4, failed: 1, encrypted: 0, unreadable: 0, decrypted: 0, total: 5 }, false), 'XMPP E2E: 4 verified · 1 failed');
  assert.equal(statusText({ verified: 0, failed: 0, encrypted: 2, unreadable: 1, decrypted: 0, total: 3 }, true), 'XMPP E2E: 2 encrypted (no key) · 1 unreadable · Restricted Mode');
  assert.equal(statusText({ verified: 0, failed: 0, encrypted: 0, unreadable: 0, decrypted: 0, total: 0 }, false), 'XMPP E2E: no e2e objects');
});
