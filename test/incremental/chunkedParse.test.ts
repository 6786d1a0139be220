// A fresh raw XML stream parsed a chunk per step is the whole-file parse: closed and unclosed
// streams, stream management elements between stanzas, trailing white space, and any chunk size.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isDeepStrictEqual } from 'node:util';
import { parseTrace } from '../../server/src/core/trace/parseTrace';
import { parseRawStreamInSteps } from '../../server/src/core/incremental/chunkedParse';
import type { Trace, XmlElement } from '../../server/src/core/types';
import { lazyShiftedElement } from '../../server/src/core/incremental/lazyShift';
import { analyzeDocument } from '../../server/src/core/analyze';
import { makeLargeTrace, T0, testKeys } from '../../scripts/large-trace';
import { drain, snapshot } from './snapshot';

const k = testKeys();
const base = makeLargeTrace(400, 20, k).text;

const same = (text: string, trace: Trace) => {
  const parse = () => trace;
  const a = analyzeDocument(text, { keys: k.keys, now: T0 + 5000 }, function* () {
    return parse();
  });
  const b = analyzeDocument(text, { keys: k.keys, now: T0 + 5000 });
  return isDeepStrictEqual(snapshot(a), snapshot(b));
};

const variants: [string, string][] = [
  ['closed stream', base],
  ['closed stream, end tag with space and trailing lines', base.replace('</stream:stream>\n', '</stream:stream >\n\n  \n')],
  ['unclosed stream', base.replace('</stream:stream>\n', '')],
  ['unclosed stream ending in white space', base.replace('</stream:stream>\n', '\n   \n')],
  ['stream management between stanzas', base.replace(/\n(?=<iq type='get')/g, "\n<r xmlns='urn:xmpp:sm:3'/>\n<a xmlns='urn:xmpp:sm:3' h='3'/>\n")],
  ['pretty-printed stanzas', base.replace(/><body>/g, '>\n  <body>')],
];

for (const [name, text] of variants) {
  test(`chunked parse == whole parse: ${name}`, () => {
    for (const chunk of [1_000, 7_777, 50_000]) {
      const { trace, steps } = drain(parseRawStreamInSteps(text, chunk));
      assert.ok(trace, `chunk ${chunk}: fell back to a whole parse`);
      assert.ok(steps > text.length / (chunk * 3), `chunk ${chunk}: only ${steps} steps for ${text.length} characters`);
      assert.ok(same(text, trace), `chunk ${chunk}: differs from the whole parse`);
      assert.equal(trace.stanzas.length, parseTrace(text).stanzas.length);
    }
  });
}

test('chunked parse gives up (whole parse instead) where a chunk is not clean stream content', () => {
  // A fault after the head, a BOSH wrapper, a stanza cut by the end of the file.
  const faulty = base.replace("<iq type='get' id='id303'", "<iq type='get' id='id303' bad=x");
  const bosh = base.replace(/\n(<message from='romeo[^\n]*id='id300'[^\n]*)\n/, "\n<body xmlns='http://jabber.org/protocol/httpbind'>$1</body>\n");
  const cut = base.replace('</stream:stream>\n', "<message id='cut'><body>never ends");
  for (const [name, text] of [['fault', faulty], ['bosh', bosh], ['cut', cut]] as const) {
    assert.notEqual(text, base, name);
    assert.equal(drain(parseRawStreamInSteps(text, 1_000)).trace, undefined, name);
  }
});

test("the white space between a chunked stream's stanzas reads as the whole parse's text nodes, also when moved", () => {
  const texts = (el: XmlElement) =>
    el.children
      .filter((c) => c.type !== 'element')
      .map((t) => [t.type, t.value, t.span, [0, 1, t.value.length].map((i) => t.map.toFile(i)), t.map.toFileSpan(0, t.value.length)]);
  const streamOf = (t: Trace) => t.others.find((o) => o.local === 'stream')!;
  for (const [name, text] of variants) {
    const chunked = drain(parseRawStreamInSteps(text, 7_777)).trace;
    assert.ok(chunked, name);
    const whole = streamOf(parseTrace(text));
    const gaps = texts(streamOf(chunked));
    assert.ok(gaps.length > 100, `${name}: ${gaps.length} text nodes`);
    assert.deepEqual(gaps, texts(whole), name);
    assert.deepEqual(texts(lazyShiftedElement(streamOf(chunked), 5)), texts(lazyShiftedElement(whole, 5)), `${name}, moved`);
  }
});
