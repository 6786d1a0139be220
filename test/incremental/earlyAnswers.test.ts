// While a large trace is still being judged, hover answers from the parsed trace (a provisional
// analysis) instead of waiting for every object: the verdict of an object not judged yet says so,
// and once the analysis is complete the same hover gives the verdict.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LspTestClient, fileUri } from '../lsp/lspClient';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { makeLargeTrace, T0, testKeys } from '../../scripts/large-trace';

const k = testKeys();

test('hover is answered from the parsed trace while its objects are judged, and with the verdict afterwards', async () => {
  const c = await LspTestClient.start({ initializationOptions: { settings: { now: new Date(T0 + 5000).toISOString() } } });
  try {
    const text = makeLargeTrace(4000, 800, k).text;
    const uri = fileUri('/tmp/xmpp-e2e-early/large.xml');
    await c.open(uri, 'xmpp-trace', text);
    // The last sealed object is judged last: asked for at once, its hover cannot come from a complete analysis.
    const latePos = TextDocument.create(uri, 'xmpp-trace', 1, text).positionAt(text.lastIndexOf('<![CDATA[') + 20);
    const early = await c.request<{ contents: { value: string } } | null>('textDocument/hover', { textDocument: { uri }, position: latePos });
    assert.ok(early, 'the hover was answered');
    assert.match(early!.contents.value, /still being judged/);

    await c.diagnostics(uri);
    const done = await c.request<{ contents: { value: string } } | null>('textDocument/hover', { textDocument: { uri }, position: latePos });
    assert.ok(done);
    assert.doesNotMatch(done!.contents.value, /still being judged/);
    assert.match(done!.contents.value, /verified|signed|encrypted/i);
  } finally {
    await c.shutdown();
  }
});
