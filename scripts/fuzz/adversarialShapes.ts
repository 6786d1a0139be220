// Adversarial input shapes that once made the framers or the scanner superlinear (issue #17), and
// their neighbours. `npm run bench` times them at 1x, 4x and 16x; test/fuzz/linearWork.test.ts
// counts the string and array operations they cost (never their time).
import { analyzeDocument } from '../../server/src/core/analyze';
import { parseErlangBinary } from '../../server/src/core/trace/erlangBinary';

const STREAM = "<?xml version='1.0'?><stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams'>\n";

export interface Shape {
  name: string;
  make: (n: number) => string;
  /** Size unit for 1x in the benchmark: large enough that 1x takes several milliseconds (timer and JIT noise). */
  base: number;
  run?: (text: string) => void;
}

const lines = (n: number, f: (i: number) => string): string => Array.from({ length: n }, (_, i) => f(i)).join('\n');

export const SHAPES: Shape[] = [
  { name: 'xmpp.js: element open over N lines', base: 16_000, make: (n) => `status online a@example.com/r\nIN\n <message from='b@example.com/x'><body>\n${lines(n, (i) => `text line ${i}`)}\n` },
  { name: 'node-xmpp: open element, N record-like lines', base: 16_000, make: (n) => `  xmpp:connection receive: <message><body>\n${lines(n, () => '2024-01-15T10:23:45.100Z xmpp:x y')}\n` },
  { name: 'node-xmpp: N spaces before the +Nms tail', base: 1_600_000, make: (n) => `  xmpp:connection receive: <presence/>${' '.repeat(n)}x\n  xmpp:connection receive: <presence/>${' '.repeat(n)}+1ms\n` },
  { name: 'N attributes in one start tag', base: 25_000, make: (n) => `<e ${Array.from({ length: n }, (_, i) => `a${i}='v'`).join(' ')}/>` },
  { name: "N attributes with '<' in the values", base: 25_000, make: (n) => `<e ${Array.from({ length: n }, (_, i) => `a${i}='<'`).join(' ')}>` },
  { name: 'N stray quotes in a tag (findings capped)', base: 200_000, make: (n) => `${STREAM}<message><x ${'"'.repeat(n)}/></message>` },
  { name: 'N open elements, N unmatched end tags', base: 10_000, make: (n) => '<a>'.repeat(n) + '</b>'.repeat(n) },
  { name: 'stanzas restarting inside N open children', base: 5_000, make: (n) => STREAM + '<x>'.repeat(n) + '<message><body>'.repeat(n) },
  { name: 'N log lines, each an unclosed CDATA', base: 3_000, make: (n) => lines(n, (i) => `10:23:4${i % 10} RECV (0): <message><e2e xmlns='urn:ietf:params:xml:ns:xmpp-e2e'><![CDATA[MIIB`) },
  { name: 'N comments left open in log entries', base: 3_000, make: (n) => lines(n, () => '  xmpp:connection receive: <message><!-- x') },
  { name: 'inner PIDF with N findings', base: 100_000, make: (n) => `${STREAM}<presence from='a@example.com/r' to='b@example.com'><e2e xmlns='urn:ietf:params:xml:ns:xmpp-e2e'><![CDATA[Content-Type: application/pidf+xml\r\n\r\n<presence xmlns="urn:ietf:params:xml:ns:pidf" entity="pres:a@example.com"><tuple id="t"><x ${'"'.repeat(n)}/></tuple></presence>]]></e2e></presence>` },
  { name: 'Erlang binary with N \\x{ escapes', base: 50_000, make: (n) => `<<"${'\\x{'.repeat(n)}">>`, run: (t) => void parseErlangBinary(t, 0, t.length) },
  { name: 'ejabberd log, N escaped lines', base: 2_000, make: (n) => lines(n, (i) => `2024-01-15 10:23:41.500000+01:00 [debug] <0.601.0>@xmpp_socket:parse/2:120 (tcp|<0.601.0>) Received XML on stream = <<"<message id='${i}'><body>\\x{c3}\\xa9 \\"q\\"</body></message>">>`) },
  { name: 'xmpp.js: N entries, raw text never closed', base: 2_000, make: (n) => `status online a@example.com/r\n${lines(n, (i) => `IN\n <message from='b@example.com/x'><body>raw ${i}`)}\n` },
  { name: 'xmpp.js: one entry of N raw-text elements', base: 1_000, make: (n) => `status online a@example.com/r\nIN\n <message from='b@example.com/x'><body>\n${lines(n, () => 'To: <im:romeo@example.net>raw')}\n` },
  { name: 'Prosody: N entries without continuation', base: 2_000, make: (n) => `${lines(n, (i) => `Jan 15 10:23:4${i % 10} c2s55d0a40\tdebug\tRECV: <message id='m${i}'><body>hi</body></message>`)}\nJan 15 10:23:49 c2s55d0a40\tdebug\tRECV: <message id='last'>\n\t<body>x</body></message>\n` },
  { name: 'CPIM From with N "?"', base: 1_600_000, make: (n) => `Content-type: Message/CPIM\r\n\r\nFrom: <xmpp:a@example.com${'?'.repeat(n)}>\r\n\r\nContent-type: text/plain\r\n\r\nhi\r\n` },
];

/** What the benchmark and the work test run on a shape's text: its own runner, else the whole analysis. */
export function runnerOf(s: Shape): (text: string) => void {
  return s.run ?? ((t: string) => void analyzeDocument(t, { kind: s.name.startsWith('CPIM') ? 'cpim' : 'trace', verify: false, now: 0 }));
}
