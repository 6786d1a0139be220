// The core service called like vscode-json-languageservice: text in, plain objects with offsets
// out, no server. Pairing (iq and error replies), exact fixes, the one cap, outline records.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  analyzeDocument,
  capDiagnostics,
  documentSymbols,
  fixFor,
  pairedStanzaAt,
  toDiagnosticRecords,
  wrapObject,
} from '../../server/src/core/service';
import type { Finding } from '../../server/src/core/types';

const NS = 'urn:ietf:params:xml:ns:xmpp-e2e';

test('go to definition: an iq and its result, an e2e error reply and the stanza it answers', () => {
  const text = [
    `<iq type='get' id='q1' from='a@x/r' to='x'/>`,
    `<iq type='result' id='q1' from='x' to='a@x/r'/>`,
    `<message from='a@x/r' to='b@y' id='m1'><e2e xmlns='${NS}'><![CDATA[garbage]]></e2e></message>`,
    `<message from='b@y/r' to='a@x/r' id='m1' type='error'><error type='modify'><bad-request xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/><decryption-failed xmlns='${NS}'/></error></message>`,
  ].join('\n');
  const a = analyzeDocument(text, { now: 0 });
  const at = (needle: string) => text.indexOf(needle) + 1;
  const target = (needle: string) => {
    const span = pairedStanzaAt(a, at(needle));
    return span && text.slice(span.start, span.end);
  };
  assert.equal(target("<iq type='get'"), 'q1');
  assert.equal(pairedStanzaAt(a, at("<iq type='result'"))!.start, text.indexOf("q1'"));
  assert.equal(pairedStanzaAt(a, at("type='error'"))!.start, text.indexOf("m1'"), 'the error reply leads to the message it answers');
  assert.equal(pairedStanzaAt(a, at("<message from='a@x/r'")), undefined);
});

test('a fix is offered only when the span holds exactly the bytes it replaces', () => {
  const text = 'xx from: <im:a@b>';
  const span = { start: 3, end: 7 };
  assert.deepEqual(fixFor(text, { code: 'cpim.header.case', span, data: { replacement: 'From', original: 'from' } }), { span, newText: 'From' });
  assert.equal(fixFor(text, { code: 'cpim.header.case', span: { start: 0, end: 4 }, data: { replacement: 'From', original: 'from' } }), undefined);
  assert.equal(fixFor(text, { code: 'cpim.header.case', span, data: { replacement: 'From' } }), undefined, 'no original: no fix');
  assert.equal(fixFor(text, { code: 'xml.malformed', span, data: { replacement: 'From', original: 'from' } }), undefined, 'a rule without a fix');
});

test('the one cap keeps the most severe, ties and the result in document order', () => {
  const findings: Finding[] = [
    { code: 'e2e.alg.nonMti', message: 'i', span: { start: 0, end: 1 } },
    { code: 'e2e.cert.untrusted', message: 'w1', span: { start: 1, end: 2 } },
    { code: 'xml.malformed', message: 'e', span: { start: 2, end: 3 } },
    { code: 'e2e.cert.untrusted', message: 'w2', span: { start: 3, end: 4 } },
  ];
  assert.deepEqual(toDiagnosticRecords(findings, { maxNumberOfProblems: 2 }).map((d) => d.message), ['w1', 'e']);
  assert.deepEqual(toDiagnosticRecords(findings, { maxNumberOfProblems: -1 }).length, 4);
  assert.deepEqual(toDiagnosticRecords(findings, { overrides: { 'e2e.cert.untrusted': 'off' } }).map((d) => d.message), ['i', 'e']);
  assert.deepEqual(capDiagnostics([{ severity: 'hint' as const }], 0), []);
});

test('outline records carry spans, not positions', () => {
  const text = `<message from='a@x/r' to='b@y' id='m1' type='chat'><body>hi</body></message>`;
  const { symbols } = documentSymbols(analyzeDocument(text, { now: 0 }), -1);
  assert.deepEqual(symbols.map((s) => [s.name, s.kind, text.slice(s.selectionSpan.start, s.selectionSpan.end)]), [['· message (chat) a@x/r → b@y', 'message', 'message']]);
});

test('gateway wrap refuses text without MIME headers', () => {
  assert.equal(wrapObject('just text', undefined, undefined).ok, false);
  const w = wrapObject('Content-Type: text/plain\r\n\r\nhi', 'a@x', 'b@y');
  assert.ok(w.ok && w.xml.includes(`<e2e xmlns='${NS}'><![CDATA[`));
});
