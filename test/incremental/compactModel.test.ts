// The compact model (trace/compactStanza.ts): a plain stanza kept as its place in a scanned copy
// reads back as the very tree a whole-file parse makes, and the parse of an edited document holds
// neither the document's text nor any earlier version of it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isDeepStrictEqual } from 'node:util';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { analyzeDocument } from '../../server/src/core/analyze';
import { parseRawStreamInSteps } from '../../server/src/core/incremental/chunkedParse';
import { parseLogInSteps } from '../../server/src/core/incremental/chunkedLogParse';
import { detectDialect } from '../../server/src/core/trace/detectDialect';
import { IncrementalAnalyzer } from '../../server/src/core/incremental/incrementalAnalyzer';
import { runToEnd } from '../../server/src/core/runSteps';
import { CompactStanza } from '../../server/src/core/trace/compactStanza';
import { asLog, makeLargeTrace, prosodyPrefix, slixmppPrefix, T0, testKeys } from '../../scripts/large-trace';
import { snapshot } from './snapshot';
import type { Trace } from '../../server/src/core/types';

const k = testKeys();

/** Plain stanzas a scanner can get wrong when it reads one again alone: scopes, references, CDATA, comments. */
const tricky = [
  `<message from='a@example.com/r' to="b@example.net" type='chat' id='m&amp;1'><body>1 &lt; 2 &#x263A; <![CDATA[<raw> & ]]> done</body><!-- note --><x:thing x:attr='v'/></message>`,
  `<presence from='a@example.com/r'><show>away</show><status xml:lang='en'>out &amp; about</status><c xmlns='http://jabber.org/protocol/caps' hash='sha-1' node='n' ver='v'/></presence>`,
  `<iq type='get' id='q1' to='example.com'><query xmlns='jabber:iq:roster'><item jid='c@example.org' name='C &quot;see&quot;'/></query></iq>`,
  `<message id='p2'
      to='b@example.net'>
    <body>pretty
printed</body>
  </message>`,
  // A MAM result: the <delay/> is the forwarded message's, not the stanza's own (no rule reads it).
  `<message from='a@example.com' to='a@example.com/r' id='mam'><result xmlns='urn:xmpp:mam:2' queryid='q' id='arch'><forwarded xmlns='urn:xmpp:forward:0'><delay xmlns='urn:xmpp:delay' stamp='2010-07-10T23:08:25Z'/><message from='b@example.net/s' type='chat'><body>archived</body></message></forwarded></result></message>`,
];

function stream(n: number): string {
  const parts = ["<?xml version='1.0'?>\n<stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' xmlns:x='urn:example:x' to='example.com'>\n"];
  for (let i = 0; i < n; i++) parts.push(tricky[i % tricky.length].replace(/id='([^']*)'/, `id='$1-${i}'`), '\n');
  parts.push('</stream:stream>\n');
  return parts.join('');
}

const analyzed = (text: string, trace?: Trace) =>
  snapshot(
    analyzeDocument(
      text,
      { keys: k.keys, now: T0 },
      trace &&
        function* () {
          return trace;
        },
    ),
  );

test('compact stanzas read back as the whole parse: scopes, references, CDATA, comments, pretty printing', () => {
  const text = stream(2_000);
  const trace = runToEnd(parseRawStreamInSteps(text, 8_000));
  assert.ok(trace, 'the chunked parse fell back');
  const compact = trace.stanzas.filter((s) => s instanceof CompactStanza);
  assert.ok(compact.length > trace.stanzas.length * 0.9, `only ${compact.length} of ${trace.stanzas.length} stanzas compact`);
  assert.ok(compact.some((s) => s.id?.value.startsWith('mam')), 'a MAM result (a nested <delay/>) was not kept compactly');
  assert.ok(isDeepStrictEqual(analyzed(text, trace), analyzed(text)), 'differs from the whole parse');
  // from/to/type/id read as the element's own attributes (each read a new object: they are kept packed).
  let read = 0;
  for (const s of compact.slice(0, 50)) {
    for (const name of ['from', 'to', 'type', 'id'] as const) {
      const a = s[name];
      assert.deepEqual(a, s.element.attrs.find((x) => x.name === name), name);
      if (a) read++;
    }
  }
  assert.ok(read > 100);
});

for (const [name, prefix] of [['slixmpp', slixmppPrefix], ['Prosody', prosodyPrefix]] as const)
test(`a ${name} log's plain stanzas are kept compactly, with their capture time and stream, and read back as the whole parse`, () => {
  const text = asLog(stream(2_000), prefix);
  const dialect = detectDialect(text);
  const trace = runToEnd(parseLogInSteps(text, dialect, undefined, 8_000));
  assert.ok(trace, 'the chunked log parse fell back');
  const compact = trace.stanzas.filter((s) => s instanceof CompactStanza);
  // Prosody's framer joins a multi-line entry into a text of its own (derived): that stanza keeps its tree.
  const share = prefix === prosodyPrefix ? 0.75 : 0.9;
  assert.ok(compact.length > trace.stanzas.length * share, `only ${compact.length} of ${trace.stanzas.length} stanzas compact`);
  assert.ok(compact.every((s) => s.time?.epochMs !== undefined), 'a compact stanza without its capture time');
  if (prefix === prosodyPrefix) assert.ok(compact.every((s) => s.stream?.startsWith('c2s')), 'a compact stanza without its stream');
  assert.ok(isDeepStrictEqual(analyzed(text, trace), analyzed(text)), 'differs from the whole parse');
});

for (const [name, log] of [['trace', false], ['slixmpp log', true]] as const)
test(`an edited large ${name} holds no earlier version of its text`, () => {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  const made = makeLargeTrace(8_000, 40, k);
  const t = log ? { ...made, text: asLog(made.text, slixmppPrefix) } : made;
  const inc = new IncrementalAnalyzer();
  const heap = () => {
    gc();
    return process.memoryUsage().heapUsed;
  };
  let text = t.text;
  inc.analyze(text, { keys: k.keys, now: T0 });
  const afterOpen = heap();
  for (let i = 0; i < 8; i++) {
    const at = text.indexOf('<body>Hello number', Math.floor((text.length * (i + 1)) / 10)) + 6;
    text = text.slice(0, at) + 'x' + text.slice(at);
    inc.analyze(text, { keys: k.keys, now: T0 });
  }
  assert.equal(inc.stats.reused, 8, 'the edits were not spliced');
  const grown = heap() - afterOpen;
  // Each version is text.length one-byte characters; the current one is the test's own.
  assert.ok(grown < text.length * 1.5, `the heap grew ${(grown / 1e6).toFixed(1)} MB over 8 edits of a ${(text.length / 1e6).toFixed(1)} MB text`);
});
