// The server as other editors start it (bin/xmpp-e2e-language-server.js --stdio, no workspace,
// no configuration), the outline cap, and every corpus trace opened without a failure.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { LspTestClient, fileUri, repoRoot } from './lspClient';
import { corpusDir, needsCorpus } from '../helpers/corpus';

const corpus = corpusDir;

function stanzas(n: number): string {
  return Array.from({ length: n }, (_, i) => `<message to='romeo@example.net' id='s${i}'>\n  <body>${i}</body>\n</message>`).join('\n');
}

test('bin/xmpp-e2e-language-server --stdio: initialize, outline capped by symbols.maxItemsComputed, shutdown', async () => {
  const c = await LspTestClient.start({ viaBin: true, bare: true, initializationOptions: { settings: { symbols: { maxItemsComputed: 3 } } } });
  try {
    assert.equal(c.initializeResult.serverInfo.name, 'xmpp-e2e-language-server');
    const uri = 'untitled:Untitled-1';
    await c.open(uri, 'xmpp-trace', stanzas(10));
    const symbols = await c.request<any[]>('textDocument/documentSymbol', { textDocument: { uri } });
    assert.equal(symbols.length, 3);
    const folds = await c.request<any[]>('textDocument/foldingRange', { textDocument: { uri } });
    assert.equal(folds.length, 3);
    const diags = await c.diagnostics(uri);
    assert.deepEqual(diags.filter((d) => d.severity === 1), []);
    assert.deepEqual(c.logs.filter((l) => /failed|Error/.test(l)), []);
    assert.deepEqual(c.stderr.join('').trim(), '');
  } finally {
    assert.equal(await c.shutdown(), 0);
  }
});

test('hover on a <delay/> explains which "now" the timestamp is judged against', async () => {
  const c = await LspTestClient.start({});
  try {
    const uri = 'untitled:delay.xmpp';
    await c.open(uri, 'xmpp-trace', `<message from='juliet@example.com/balcony' to='romeo@example.net'><body>late</body><delay xmlns='urn:xmpp:delay' stamp='2002-09-10T23:08:25Z' from='example.com'/></message>\n`);
    const h = await c.request<any>('textDocument/hover', { textDocument: { uri }, position: c.positionOf(uri, '<delay', 2) });
    assert.match(h.contents.value, /Delayed delivery \(XEP-0203\)/);
    assert.match(h.contents.value, /2002-09-10T23:08:25Z/);
    const j = await c.request<any>('textDocument/hover', { textDocument: { uri }, position: c.positionOf(uri, 'romeo@', 1) });
    assert.match(j.contents.value, /Recipient/);
  } finally {
    assert.equal(await c.shutdown(), 0);
  }
});

test('cpim.header.case offers the fix from diagnostic data, as one edit bound to the document version', async () => {
  const c = await LspTestClient.start({ pull: true, documentChanges: true });
  try {
    const uri = 'untitled:note.cpim';
    const text = 'Content-type: Message/CPIM\r\n\r\nfrom: <im:juliet@example.com>\r\nTo: <im:romeo@example.net>\r\nDateTime: 2003-12-09T23:45:36Z\r\n\r\nContent-Type: text/plain\r\n\r\nhi\r\n';
    await c.open(uri, 'cpim', text);
    const diags = await c.diagnostics(uri);
    const d = diags.find((x) => x.code === 'cpim.header.case');
    assert.ok(d, JSON.stringify(diags.map((x) => x.code)));
    const actions = await c.request<any[]>('textDocument/codeAction', { textDocument: { uri }, range: d.range, context: { diagnostics: [d] } });
    const fix = actions.find((a) => a.kind === 'quickfix' && a.edit);
    assert.equal(fix?.title, "Replace with 'From'");
    assert.equal(fix.edit.documentChanges.length, 1);
    assert.deepEqual(fix.edit.documentChanges[0].textDocument, { uri, version: 1 });
    const edits = fix.edit.documentChanges[0].edits;
    assert.equal(edits.length, 1);
    assert.equal(edits[0].newText, 'From');
    assert.deepEqual(edits[0].range, d.range);
  } finally {
    assert.equal(await c.shutdown(), 0);
  }
});

test('every corpus trace, cpim and pidf file is answered (diagnostics, symbols, lenses) without a server failure', needsCorpus(corpus), async (t) => {
  const c = await LspTestClient.start({ pull: true });
  try {
    const files = ['traces', 'cpim', 'pidf'].flatMap((d) =>
      existsSync(join(corpus, d)) ? readdirSync(join(corpus, d)).map((f) => join(corpus, d, f)) : [],
    );
    assert.ok(files.length > 0);
    let withSymbols = 0;
    for (const f of files) {
      const lang = f.endsWith('.cpim') ? 'cpim' : f.endsWith('.pidf') ? 'pidf' : 'xmpp-trace';
      const uri = fileUri(f);
      await c.open(uri, lang, readFileSync(f, 'utf8'));
      const diags = await c.diagnostics(uri);
      for (const d of diags) assert.equal(d.source, 'xmpp-e2e');
      const symbols = await c.request<any[]>('textDocument/documentSymbol', { textDocument: { uri } });
      if (symbols.length > 0) withSymbols++;
      assert.ok(Array.isArray(await c.request('textDocument/codeLens', { textDocument: { uri } })));
      await c.close(uri);
    }
    assert.ok(withSymbols > 10, `only ${withSymbols} files had an outline`);
    assert.ok(!c.logs.some((l) => / failed: /.test(l)), c.logs.filter((l) => / failed: /.test(l)).join('\n'));
  } finally {
    assert.equal(await c.shutdown(), 0);
  }
});
