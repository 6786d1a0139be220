// Findings -> LSP diagnostics (offsets to positions, overrides, caps, related information) and
// the settings normaliser, without a server.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { toDiagnostics as toLsp, toRange } from '../../server/src/lsp/convert';
import { normalizeSettings, DEFAULT_SETTINGS } from '../../server/src/protocol/settings';
import { formatSkew, toDiagnosticRecords, type DiagnosticOptions } from '../../server/src/core/service';
import type { Finding } from '../../server/src/core/types';

/** The LSP adapter over the core's one finding -> diagnostic conversion. */
function toDiagnostics(d: TextDocument, findings: Finding[], o: DiagnosticOptions & { relatedInformation?: boolean } = {}) {
  return toLsp(d, toDiagnosticRecords(findings, o), o.relatedInformation ?? true);
}

const text = 'line one\nline two 😀 x\n<message/>\n';
const doc = TextDocument.create('file:///t.xmpp', 'xmpp-trace', 1, text);

test('offsets are UTF-16 indices: a surrogate pair counts two', () => {
  const x = text.indexOf(' x');
  const r = toRange(doc, { start: x + 1, end: x + 2 });
  assert.deepEqual(r, { start: { line: 1, character: 12 }, end: { line: 1, character: 13 } });
  const clamped = toRange(doc, { start: -5, end: 10_000 });
  assert.deepEqual(clamped.start, { line: 0, character: 0 });
  assert.deepEqual(clamped.end, doc.positionAt(text.length));
});

test('findings keep code, source, data and related information; overrides change or drop them', () => {
  const findings: Finding[] = [
    { code: 'e2e.jid.mismatch', message: 'from does not match', span: { start: 0, end: 4 }, related: [{ span: { start: 9, end: 13 }, message: 'certificate identity' }], data: { jids: ['a@b'] } },
    { code: 'xml.malformed', message: 'bad', span: { start: 20, end: 21 } },
    { code: 'e2e.ts.notUtc', message: '+00:00', span: { start: 1, end: 2 }, severity: 'warning' },
  ];
  const all = toDiagnostics(doc, findings);
  assert.deepEqual(all.map((d) => [d.code, d.severity, d.source]), [['e2e.jid.mismatch', 1, 'xmpp-e2e'], ['xml.malformed', 1, 'xmpp-e2e'], ['e2e.ts.notUtc', 2, 'xmpp-e2e']]);
  assert.deepEqual(all[0].data, { jids: ['a@b'] });
  assert.equal(all[0].relatedInformation?.[0].location.uri, doc.uri);
  assert.deepEqual(all[0].relatedInformation?.[0].location.range.start, { line: 1, character: 0 });
  const over = toDiagnostics(doc, findings, { overrides: { 'xml.malformed': 'off', 'e2e.jid.mismatch': 'information' } });
  assert.deepEqual(over.map((d) => [d.code, d.severity]), [['e2e.jid.mismatch', 3], ['e2e.ts.notUtc', 2]]);
  const folded = toDiagnostics(doc, findings, { relatedInformation: false });
  assert.match(String(folded[0].message), /certificate identity/);
  assert.equal(folded[0].relatedInformation, undefined);
});

test('maxNumberOfProblems keeps the most severe, in document order', () => {
  const findings: Finding[] = [
    { code: 'e2e.alg.nonMti', message: 'info', span: { start: 0, end: 1 } },
    { code: 'e2e.cert.untrusted', message: 'warn', span: { start: 2, end: 3 } },
    { code: 'xml.malformed', message: 'err', span: { start: 4, end: 5 } },
  ];
  const capped = toDiagnostics(doc, findings, { maxNumberOfProblems: 2 });
  assert.deepEqual(capped.map((d) => d.code), ['e2e.cert.untrusted', 'xml.malformed']);
});

test('settings: defaults for nothing, nested or dotted keys, bad values ignored', () => {
  assert.deepEqual(normalizeSettings(undefined), DEFAULT_SETTINGS);
  const s = normalizeSettings({ keys: { paths: ['k', 3] }, 'trust.paths': ['t'], severity: { a: 'off', b: 'loud' }, clockSkewSeconds: -4, verify: { enabled: false }, now: ' 2020-01-01T00:00:00Z ' });
  assert.deepEqual(s.keys.paths, ['k']);
  assert.deepEqual(s.trust.paths, ['t']);
  assert.deepEqual(s.severity, { a: 'off' });
  assert.equal(s.clockSkewSeconds, 0);
  assert.equal(s.verify.enabled, false);
  assert.equal(s.now, '2020-01-01T00:00:00Z');
  assert.equal(s.symbols.maxItemsComputed, 5000);
});

test('skew reads as a signed short duration', () => {
  assert.equal(formatSkew(4), '+4 s');
  assert.equal(formatSkew(-4.4), '−4 s');
  assert.equal(formatSkew(0), '±0 s');
  assert.equal(formatSkew(600), '+10 min');
  assert.equal(formatSkew(-3 * 86400), '−3 d');
});
