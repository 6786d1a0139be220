// A large trace shows its first screen's problems before the whole file is judged: the verdicts
// of the objects at its head go out first (pushed, or answered to a pull with a refresh asked for
// once the rest is judged), and the complete diagnostics follow, holding them and the rest.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LspTestClient, fileUri, type PublishedDiagnostics } from '../lsp/lspClient';
import { makeLargeTrace, T0, testKeys } from '../../scripts/large-trace';

const k = testKeys();
const key = (d: { range: unknown; code?: unknown; message: unknown }) => JSON.stringify([d.range, d.code, d.message]);

/** ~1 MB (parsed a chunk per step), one object tampered with near the head and one near the end. */
function tamperedTrace(): string {
  let t = makeLargeTrace(2_400, 96, k).text;
  const tamper = (from: number) => {
    const i = t.indexOf('Sealed message', from);
    t = t.slice(0, i) + 'Sealed massage' + t.slice(i + 14);
    return i;
  };
  assert.ok(tamper(0) < 32_000, 'the first object is on the first screen');
  tamper(Math.floor(t.length * 0.9));
  return t;
}

async function until<T>(probe: () => T | undefined, what: string): Promise<T> {
  for (let i = 0; i < 600; i++) {
    const v = probe();
    if (v !== undefined) return v;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out: ${what}`);
}

test('pushed: the first screen comes first, the complete diagnostics after it hold it', async () => {
  const c = await LspTestClient.start({ initializationOptions: { settings: { now: new Date(T0 + 5000).toISOString() } } });
  try {
    const uri = fileUri('/tmp/xmpp-e2e-first-screen/pushed.xml');
    await c.open(uri, 'xmpp-trace', tamperedTrace());
    const mine = () => c.pushes.filter((p: PublishedDiagnostics) => p.uri === uri && p.version === 1);
    await until(() => (c.status.has(uri) && mine().length >= 2 ? true : undefined), 'two pushes and the status');
    const [first, ...rest] = mine();
    const complete = rest[rest.length - 1];
    assert.ok(first.diagnostics.length > 0, 'the first screen shows the tampered object');
    assert.ok(first.diagnostics.every((d) => d.range.start.line < 80), 'the first screen holds the head only');
    assert.ok(complete.diagnostics.some((d) => d.range.start.line > 2_000), 'the complete push holds the object near the end');
    const all = new Set(complete.diagnostics.map(key));
    assert.ok(first.diagnostics.every((d) => all.has(key(d))), 'the first screen is part of the complete diagnostics');
    assert.equal(complete.diagnostics.filter((d) => d.range.start.line < 80).length, first.diagnostics.length, 'and all of the head');
  } finally {
    await c.shutdown();
  }
});

test('pulled: the first answer is the first screen, and the client is asked to pull again for the rest', async () => {
  const c = await LspTestClient.start({ pull: true, initializationOptions: { settings: { now: new Date(T0 + 5000).toISOString() } } });
  try {
    const uri = fileUri('/tmp/xmpp-e2e-first-screen/pulled.xml');
    await c.open(uri, 'xmpp-trace', tamperedTrace());
    const early = await c.diagnostics(uri);
    assert.ok(early.length > 0 && early.every((d) => d.range.start.line < 80), 'the first screen only');
    await until(() => (c.refreshRequests > 0 ? true : undefined), 'a diagnostic refresh once the rest is judged');
    const complete = await c.diagnostics(uri);
    assert.ok(complete.some((d) => d.range.start.line > 2_000), 'both tampered objects once pulled again');
    assert.ok(complete.length > early.length);
  } finally {
    await c.shutdown();
  }
});
