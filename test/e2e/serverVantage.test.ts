// A server's log shows each routed object twice, received from the sender and sent to the
// recipient, each on its own stream; the outbound copy re-serialised as ejabberd 23.01 does it
// (CDATA -> escaped text, CRLF -> LF, attributes reordered, xml:lang added). One delivery is not a
// replay; the same object delivered to the same recipient again is.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeDocument } from '../../server/src/core/analyze';
import type { KeyStore } from '../../server/src/core/types';
import { cpim, E2E_NS, makePeer, romeoKeys, smimeSign, type Peer } from './opensslStanzas';

let p: Peer;
let keys: KeyStore;
const T = Date.now() + 60_000;
let signed: string;
let signed2: string;
before(() => {
  p = makePeer();
  keys = romeoKeys(p);
  signed = smimeSign(p, p.juliet, cpim('juliet@example.com', 'romeo@example.net', new Date(T).toISOString()));
  signed2 = smimeSign(p, p.juliet, cpim('juliet@example.com', 'romeo@example.net', new Date(T + 1000).toISOString(), 'second'));
});
after(() => p.ws.cleanup());

const erl = (s: string) => s.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\r/g, '\\r').replace(/\n/g, '\\n');
const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const stamp = (ms: number) => new Date(ms).toISOString().replace('Z', '000+00:00');
function line(ms: number, pid: string, dir: 'Received' | 'Send', xml: string): string {
  return `${stamp(ms)} [notice] <${pid}> (tcp|<${pid}>) ${dir} XML on stream = <<"${erl(xml)}">>\n`;
}
const inbound = (obj: string, id: string) =>
  `<message to='romeo@example.net/orchard' type='chat' id='${id}'><body>sealed</body><e2e xmlns='${E2E_NS}'><![CDATA[${obj}]]></e2e></message>`;
const outbound = (obj: string, id: string) =>
  `<message xml:lang='en' to='romeo@example.net/orchard' from='juliet@example.com/balcony' type='chat' id='${id}'><e2e xmlns='${E2E_NS}'>${esc(obj.replace(/\r\n/g, '\n'))}</e2e><body>sealed</body></message>`;

test('server log: both legs of one delivery verify, neither is a replay nor decreasing; the streams are the connections', () => {
  // Both received before either is sent on: the first outbound timestamp is below the second inbound one.
  const log =
    line(T, '0.488.0', 'Received', inbound(signed, 'a')) +
    line(T + 1000, '0.488.0', 'Received', inbound(signed2, 'b')) +
    line(T + 1010, '0.485.0', 'Send', outbound(signed, 'a')) +
    line(T + 1020, '0.485.0', 'Send', outbound(signed2, 'b'));
  const a = analyzeDocument(log, { keys, clock: () => T });
  assert.equal(a.trace?.vantage, 'server');
  assert.deepEqual(a.trace?.stanzas.map((s) => s.stream), ['<0.488.0>', '<0.488.0>', '<0.485.0>', '<0.485.0>']);
  assert.deepEqual(a.objects.map((o) => o.status), ['verified', 'verified', 'verified', 'verified'], JSON.stringify(a.findings.map((f) => f.code)));
  const codes = a.findings.map((f) => f.code);
  assert.ok(!codes.includes('e2e.ts.replay') && !codes.includes('e2e.ts.decreasing'), codes.join(', '));
  // The outbound copies were re-serialised: escaped text, verified after LF -> CRLF.
  assert.equal(a.objects[2].signers[0].canonicalization, 'crlf');
});

test('server log: the same object delivered to the same recipient again is a replay', () => {
  const log =
    line(T, '0.488.0', 'Received', inbound(signed, 'a')) +
    line(T + 10, '0.485.0', 'Send', outbound(signed, 'a')) +
    line(T + 2000, '0.490.0', 'Received', inbound(signed, 'c')) +
    line(T + 2010, '0.485.0', 'Send', outbound(signed, 'c'));
  const a = analyzeDocument(log, { keys, clock: () => T });
  assert.deepEqual(a.objects.map((o) => o.status), ['verified', 'verified', 'failed', 'failed']);
  assert.deepEqual(
    a.findings.filter((f) => f.code === 'e2e.ts.replay').map((f) => a.objects.findIndex((o) => o.contentSpan.start <= f.span.start && f.span.start <= o.contentSpan.end)),
    [2, 3],
  );
});

test('ejabberd: inbound TCP chunks split anywhere (here inside "]]>") are re-joined per stream', () => {
  const x = inbound(signed, 'a');
  const cut = x.indexOf(']]>') + 2;
  const other = `<presence from='mallory@example.org/attic' id='p1'/>`;
  const log =
    line(T, '0.488.0', 'Received', x.slice(0, 40)) +
    // Another connection's data between the chunks does not join them.
    line(T + 1, '0.490.0', 'Received', other) +
    line(T + 2, '0.488.0', 'Received', x.slice(40, cut)) +
    line(T + 3, '0.488.0', 'Received', x.slice(cut));
  const a = analyzeDocument(log, { keys, clock: () => T });
  assert.deepEqual(a.findings.filter((f) => f.code.startsWith('xml.') || f.code.startsWith('trace.')), []);
  assert.deepEqual(a.trace?.stanzas.map((s) => `${s.kind}:${s.stream}`), ['message:<0.488.0>', 'presence:<0.490.0>']);
  assert.equal(a.objects[0].status, 'verified');
});
