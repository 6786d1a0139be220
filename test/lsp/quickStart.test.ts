// The README's Quick start through the bundled server with NO settings at all (no
// workspace/configuration, no initializationOptions): the samples folder must carry what it needs
// (keys and trust anchors in samples/.xmpp-e2e, capture times in the traces), so any LSP client
// that opens samples/ sees what the README promises.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LspTestClient, fileUri, repoRoot } from './lspClient';

const samples = join(repoRoot, 'samples');
const trace = (name: string) => join(samples, 'traces', name);

async function lensTitles(c: LspTestClient, uri: string): Promise<string[]> {
  const lenses = await c.request<{ command?: { title: string } }[]>('textDocument/codeLens', { textDocument: { uri } });
  return lenses.map((l) => l.command?.title ?? '');
}

for (const mode of ['workspace folder samples/', 'no workspace folder (a bare client)'] as const) {
  test(`Quick start with default settings, ${mode}: 01-clean-session lenses say "· trusted" and the key opens the object`, async () => {
    const c = await LspTestClient.start(mode.startsWith('workspace') ? { workspaceFolder: samples } : { bare: true });
    try {
      const path = trace('01-clean-session.xml');
      const uri = fileUri(path);
      await c.open(uri, 'xmpp-trace', readFileSync(path, 'utf8'));
      const diags = await c.diagnostics(uri);
      assert.deepEqual(diags.filter((d) => d.severity === 1).map((d) => d.code), [], 'no errors in the clean session');
      assert.ok(!diags.some((d) => /^e2e\.ts\.(old|future)$/.test(String(d.code))), `the timestamps are judged at capture time: ${diags.map((d) => d.code).join(', ')}`);
      const titles = await lensTitles(c, uri);
      const signed = titles.filter((t) => /signed by juliet@example\.com/.test(t));
      assert.ok(signed.length >= 3, `a lens per signed object: ${titles.join(' | ')}`);
      for (const t of signed) assert.match(t, /· trusted\b/, `the lens says trusted: ${t}`);
      const encrypted = titles.filter((t) => t.includes('encrypted for'));
      assert.ok(encrypted.length >= 1, `an encrypted object: ${titles.join(' | ')}`);
      for (const t of encrypted) assert.doesNotMatch(t, /no key/, `the demo key opens it: ${t}`);
    } finally {
      assert.equal(await c.shutdown(), 0);
    }
  });
}

test('Quick start with default settings: 02-tampered-and-mismatched reports the promised codes', async () => {
  const c = await LspTestClient.start({ workspaceFolder: samples });
  try {
    const path = trace('02-tampered-and-mismatched.xml');
    const uri = fileUri(path);
    await c.open(uri, 'xmpp-trace', readFileSync(path, 'utf8'));
    const codes = (await c.diagnostics(uri)).map((d) => String(d.code));
    for (const code of ['cms.sig.digestMismatch', 'e2e.sig.invalid', 'e2e.jid.mismatch']) assert.ok(codes.includes(code), `${code} in ${codes.join(', ')}`);
  } finally {
    assert.equal(await c.shutdown(), 0);
  }
});

test('Restricted Mode: the lens and hover say Restricted Mode is why the object stays closed, not a missing key', async () => {
  const c = await LspTestClient.start({ workspaceFolder: samples, initializationOptions: { trusted: false } });
  try {
    const path = trace('01-clean-session.xml');
    const uri = fileUri(path);
    await c.open(uri, 'xmpp-trace', readFileSync(path, 'utf8'));
    await c.diagnostics(uri);
    const titles = await lensTitles(c, uri);
    const encrypted = titles.filter((t) => t.includes('encrypted for'));
    assert.ok(encrypted.length >= 1, titles.join(' | '));
    for (const t of encrypted) {
      assert.match(t, /Restricted Mode: keys not loaded/);
      assert.doesNotMatch(t, /no key in workspace/);
    }
    const h = await c.request<any>('textDocument/hover', { textDocument: { uri }, position: c.positionOf(uri, '<e2e', 2) });
    assert.match(h.contents.value, /\*\*Restricted Mode:\*\* this workspace is not trusted, so XMPP E2E loads no keys/);
    assert.match(h.contents.value, /not opened: Restricted Mode loads no keys/);
    assert.doesNotMatch(h.contents.value, /no workspace key/);
  } finally {
    assert.equal(await c.shutdown(), 0);
  }
});

test('Quick start step 4: sealing the plain message of 03-to-seal.xml dates it at its capture time (no timestamp warning)', async () => {
  const c = await LspTestClient.start({ workspaceFolder: samples });
  try {
    const path = trace('03-to-seal.xml');
    const uri = fileUri(path);
    await c.open(uri, 'xmpp-trace', readFileSync(path, 'utf8'));
    await c.diagnostics(uri);
    const at = c.positionOf(uri, 'Seal me');
    const r = await c.request<any>('xmppE2e/seal', { uri, mode: 'signEncrypt', version: c.version(uri), ranges: [{ start: at, end: at }] });
    assert.equal(r.ok, true, r.reason);
    const { TextDocument } = await import('vscode-languageserver-textdocument');
    const sealed = TextDocument.applyEdits(TextDocument.create(uri, 'xmpp-trace', 1, c.text(uri)), r.edit.changes[uri]);
    assert.ok(!sealed.includes('Seal me from the command palette'));
    await c.change(uri, sealed);
    const codes = (await c.diagnostics(uri)).map((d) => String(d.code));
    assert.ok(!codes.some((code) => /^e2e\.ts\.(old|future)$/.test(code)), `judged against its capture time: ${codes.join(', ')}`);
    const titles = await lensTitles(c, uri);
    assert.match(titles[0], /signed by juliet@example\.com · trusted · ±0 s/, titles.join(' | '));
  } finally {
    assert.equal(await c.shutdown(), 0);
  }
});
