// The README's Quick start through the bundled server with NO settings at all (no
// workspace/configuration, no initializationOptions): the samples folder must carry what it needs
// (keys and trust anchors in samples/.xmpp-e2e, capture times in the traces), so any LSP client
// that opens samples/ sees what the README promises.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { LspTestClient, fileUri, repoRoot, type StartOptions } from './lspClient';

const samples = join(repoRoot, 'samples');

/** Starts the bundled server, opens samples/traces/NAME as a trace and runs `fn`; always shuts down. */
async function withSample(name: string, options: StartOptions, fn: (c: LspTestClient, uri: string) => Promise<void>): Promise<void> {
  const c = await LspTestClient.start(options);
  try {
    const path = join(samples, 'traces', name);
    const uri = fileUri(path);
    await c.open(uri, 'xmpp-trace', readFileSync(path, 'utf8'));
    await fn(c, uri);
  } finally {
    assert.equal(await c.shutdown(), 0);
  }
}

async function lensTitles(c: LspTestClient, uri: string): Promise<string[]> {
  const lenses = await c.request<{ command?: { title: string } }[]>('textDocument/codeLens', { textDocument: { uri } });
  return lenses.map((l) => l.command?.title ?? '');
}

for (const mode of ['workspace folder samples/', 'no workspace folder (a bare client)'] as const) {
  test(`Quick start with default settings, ${mode}: 01-clean-session lenses say "· trusted" and the key opens the object`, () =>
    withSample('01-clean-session.xml', mode.startsWith('workspace') ? { workspaceFolder: samples } : { bare: true }, async (c, uri) => {
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
    }));
}

test('Quick start with default settings: 02-tampered-and-mismatched reports the promised codes', () =>
  withSample('02-tampered-and-mismatched.xml', { workspaceFolder: samples }, async (c, uri) => {
    const codes = (await c.diagnostics(uri)).map((d) => String(d.code));
    for (const code of ['cms.sig.digestMismatch', 'e2e.sig.invalid', 'e2e.jid.mismatch']) assert.ok(codes.includes(code), `${code} in ${codes.join(', ')}`);
  }));

test('Restricted Mode: the lens and hover say Restricted Mode is why the object stays closed, not a missing key', () =>
  withSample('01-clean-session.xml', { workspaceFolder: samples, initializationOptions: { trusted: false } }, async (c, uri) => {
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
  }));

test('Quick start step 4: sealing the plain message of 03-to-seal.xml dates it at its capture time (no timestamp warning)', () =>
  withSample('03-to-seal.xml', { workspaceFolder: samples }, async (c, uri) => {
    await c.diagnostics(uri);
    const at = c.positionOf(uri, 'Seal me');
    const r = await c.request<any>('xmppE2e/seal', { uri, mode: 'signEncrypt', version: c.version(uri), ranges: [{ start: at, end: at }] });
    assert.equal(r.ok, true, r.reason);
    const sealed = TextDocument.applyEdits(TextDocument.create(uri, 'xmpp-trace', 1, c.text(uri)), r.edit.changes[uri]);
    assert.ok(!sealed.includes('Seal me from the command palette'));
    await c.change(uri, sealed);
    const codes = (await c.diagnostics(uri)).map((d) => String(d.code));
    assert.ok(!codes.some((code) => /^e2e\.ts\.(old|future)$/.test(code)), `judged against its capture time: ${codes.join(', ')}`);
    const titles = await lensTitles(c, uri);
    assert.match(titles[0], /signed by juliet@example\.com · trusted · ±0 s/, titles.join(' | '));
  }));
