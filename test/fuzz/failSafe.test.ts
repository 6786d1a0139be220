// A failed analysis is never a clean file, and the server writes identities only inside the
// workspace, with the same file modes as the CLI.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, mkdirSync, readdirSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { analyzeDocument, analyzeDocumentAsync } from '../../server/src/core/analyze';
import { writeIdentities } from '../../server/src/lsp/identityFiles';
import { folderInWorkspace } from '../../server/src/node/secureFiles';

const TRACE = "<message from='a@example.com/r' to='b@example.com' id='m'><e2e xmlns='urn:ietf:params:xml:ns:xmpp-e2e'><![CDATA[MIIB]]></e2e></message>";
const boom = (): number => {
  throw new TypeError('clock exploded');
};

test('a throw inside the analysis becomes an internal.analysisFailed error with the reason, keeping what was parsed', () => {
  const a = analyzeDocument(TRACE + '<message><body>a & b</body></message>', { clock: boom });
  const failed = a.findings.filter((f) => f.code === 'internal.analysisFailed');
  assert.equal(failed.length, 1);
  assert.match(failed[0].message, /TypeError: clock exploded/);
  assert.equal(failed[0].data?.reason, 'TypeError: clock exploded');
  assert.ok(a.findings.some((f) => f.code === 'xml.malformed'), 'the parse findings are kept');
  assert.equal(a.stanzaCount, 2);
  assert.deepEqual(a.objects, []);
  assert.deepEqual(a.records, []);
});

test('the stepwise (LSP) analysis fails the same way instead of rejecting', async () => {
  const a = await analyzeDocumentAsync(TRACE, { clock: boom }, () => Promise.resolve());
  assert.ok(a);
  assert.deepEqual(a.findings.map((f) => f.code), ['internal.analysisFailed']);
});

test('an analysis that does not throw has no internal.analysisFailed', () => {
  const a = analyzeDocument(TRACE, { now: Date.parse('2024-01-01T00:00:00Z') });
  assert.ok(!a.findings.some((f) => f.code === 'internal.analysisFailed'));
  assert.equal(a.objects.length, 1);
});

test('server identities: relative folders resolve against the workspace folder, outside paths are refused', async (t) => {
  const root = mkdtempSync(join(tmpdir(), 'xmpp-e2e-ws-'));
  const outside = mkdtempSync(join(tmpdir(), 'xmpp-e2e-outside-'));
  t.after(() => {
    rmSync(root, { recursive: true, force: true });
    rmSync(outside, { recursive: true, force: true });
  });
  const ws = join(root, 'ws');
  mkdirSync(ws);
  symlinkSync(outside, join(ws, 'link'));
  const files = [
    { name: 'a.key', contents: 'secret', secret: true },
    { name: 'trust/a.crt', contents: 'public', secret: false },
  ];
  assert.deepEqual(folderInWorkspace('.xmpp-e2e', [ws]), { ok: true, path: join(ws, '.xmpp-e2e') });
  for (const bad of [outside, '../escape', join(ws, 'link', 'keys'), join(root, 'ws-sibling')]) {
    const r = folderInWorkspace(bad, [ws]);
    assert.equal(r.ok, false, bad);
    await assert.rejects(writeIdentities(bad, files, [ws]), /outside the workspace/);
  }
  assert.deepEqual(readdirSync(outside), [], 'nothing written outside');
  assert.equal(folderInWorkspace('keys', []).ok, false);

  const old = process.umask(0);
  try {
    const written = await writeIdentities('.xmpp-e2e', files, [ws]);
    assert.deepEqual(written, [join(ws, '.xmpp-e2e', 'a.key'), join(ws, '.xmpp-e2e', 'trust', 'a.crt')]);
    assert.equal(statSync(join(ws, '.xmpp-e2e')).mode & 0o777, 0o700);
    assert.equal(statSync(join(ws, '.xmpp-e2e', 'trust')).mode & 0o777, 0o700);
    assert.equal(statSync(written[0]).mode & 0o777, 0o600);
    await assert.rejects(writeIdentities('.xmpp-e2e', files, [ws]), /already exist/);
    writeFileSync(written[0], 'old');
    chmodSync(written[0], 0o644);
    await writeIdentities('.xmpp-e2e', files, [ws], true);
    assert.equal(statSync(written[0]).mode & 0o777, 0o600);
  } finally {
    process.umask(old);
  }
});
