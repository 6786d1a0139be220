// Nesting as deep as an attacker likes never exhausts the call stack: every walk over an element
// tree (the scanner, plain-stanza detection, PIDF structure, stanza rules) keeps its own stack.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeDocument } from '../../server/src/core/analyze';

const deep = (open: string, close: string, n: number) => open.repeat(n) + close.repeat(n);

test('a stanza nested 100,000 levels deep in a stream is analysed, not failed', () => {
  const text = `<stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams'>\n<message from='a@example.com/x' to='b@example.com' id='m1'><body>hi</body>${deep('<x>', '</x>', 100_000)}</message>\n</stream:stream>\n`;
  const a = analyzeDocument(text, { fileName: 'deep.xml', now: 0 });
  assert.equal(a.findings.filter((f) => f.code === 'internal.analysisFailed').length, 0, a.findings[0]?.message);
  assert.equal(a.stanzaCount, 1);
});

test('a PIDF document nested 30,000 levels deep is analysed, not failed', () => {
  const text = `<presence xmlns='urn:ietf:params:xml:ns:pidf' entity='pres:a@example.com'><tuple id='t'><status><basic>open</basic></status>${deep('<note>', '</note>', 30_000)}</tuple></presence>`;
  const a = analyzeDocument(text, { kind: 'pidf', fileName: 'deep.pidf' });
  assert.equal(a.findings.filter((f) => f.code === 'internal.analysisFailed').length, 0, a.findings[0]?.message);
});
