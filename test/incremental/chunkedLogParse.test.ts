// A fresh log parsed a segment per step is the whole-file parse: logs of every dialect with entry
// cuts (slixmpp, Profanity, Prosody, ejabberd, @xmpp/debug, xmpppy, Smack, Openfire, node-xmpp,
// Dino) with sealed objects, pretty-printed stanzas, log records between entries, a stream restarted in other
// namespaces (the scope carried from segment to segment), the RFC transcripts of the corpus, and
// any segment size. The analysis of the text parsed so equals the fresh one.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { parseTrace } from '../../server/src/core/trace/parseTrace';
import { parseLogInSteps } from '../../server/src/core/incremental/chunkedLogParse';
import { detectDialect } from '../../server/src/core/trace/detectDialect';
import type { Trace } from '../../server/src/core/types';
import { analyzeDocument } from '../../server/src/core/analyze';
import { asDinoLog, asEjabberdLog, asProsodySummaries, asLog, asXmppJsLog, makeLargeTrace, nodeXmppPrefix, openfirePrefix, profanityPrefix, prosodyPrefix, slixmppPrefix, smackPrefix, T0, testKeys, xmpppyPrefix } from '../../scripts/large-trace';
import { drain, snapshot } from './snapshot';

const k = testKeys();
const raw = makeLargeTrace(300, 20, k).text;
const CORPUS = join(__dirname, '..', '..', '..', 'shared', 'corpus', 'traces');

const analysed = (text: string, trace?: Trace) =>
  snapshot(analyzeDocument(text, { keys: k.keys, now: T0 + 5000 }, trace ? function* () { return trace; } : undefined));

const restarted = raw.replace(/\n(?=<message[^\n]*id='id150')/, "\n<stream:stream xmlns='jabber:server' xmlns:stream='http://etherx.jabber.org/streams' xmlns:db='jabber:server:dialback' to='example.net' version='1.0'>\n");
const variants: [string, string][] = [
  ['slixmpp log', asLog(raw, slixmppPrefix)],
  ['Profanity (libstrophe) log', asLog(raw, profanityPrefix)],
  ['slixmpp log, pretty-printed stanzas', asLog(raw.replace(/><body>/g, '>\n  <body>'), slixmppPrefix)],
  ['Profanity log, records between entries', asLog(raw, profanityPrefix).replace(/\n(?=01\/11\/2026 10:00:1)/g, '\n01/11/2026 10:00:00: prof: INF: Roster received\n')],
  ['slixmpp log, a stream restarted in jabber:server', asLog(restarted, slixmppPrefix)],
  ['Prosody log with mod_stanza_debug (continuation lines after a TAB)', asLog(raw, prosodyPrefix, '\t')],
  ['ejabberd log', asEjabberdLog(raw)],
  ['@xmpp/debug output', asXmppJsLog(raw)],
  ['xmpppy log', asLog(raw, xmpppyPrefix)],
  ['Smack debugger output', asLog(raw, smackPrefix)],
  ['Openfire raw print filter log', asLog(raw, openfirePrefix)],
  ['node-xmpp DEBUG=xmpp:* output', asLog(raw, nodeXmppPrefix)],
  ['Dino --print-xmpp output', asDinoLog(raw)],
  ["Prosody's default debug log (summaries only: they are its stanzas)", asProsodySummaries(raw)],
];
if (existsSync(CORPUS)) for (const f of ['rfc6120_sec9.1_c2s_annotated.txt', 'rfc6120_sec9.2_s2s_annotated.txt']) variants.push([`corpus ${f}`, readFileSync(join(CORPUS, f), 'utf8')]);

for (const [name, text] of variants) {
  test(`segmented log parse == whole parse: ${name}`, () => {
    const dialect = detectDialect(text);
    assert.ok(['slixmpp', 'libstrophe', 'rfc-transcript', 'prosody', 'ejabberd', 'xmppjs', 'xmpppy', 'smack', 'openfire', 'node-xmpp', 'dino'].includes(dialect), dialect);
    const whole = parseTrace(text);
    for (const chunk of [300, 4_096, 33_333]) {
      const { trace, steps } = drain(parseLogInSteps(text, dialect, undefined, chunk));
      assert.ok(trace, `chunk ${chunk}: fell back to a whole parse`);
      assert.ok(steps >= Math.floor(text.length / (chunk * 4)), `chunk ${chunk}: only ${steps} steps for ${text.length} characters`);
      assert.equal(trace.stanzas.length, whole.stanzas.length);
      assert.deepEqual(trace.stanzas.map((s) => s.entryIndex), whole.stanzas.map((s) => s.entryIndex));
      assert.deepEqual(trace.scopeMarks, whole.scopeMarks);
      assert.ok(isDeepStrictEqual(analysed(text, trace), analysed(text)), `chunk ${chunk}: the analysis differs from the whole parse's`);
    }
  });
}

test('the restarted stream is read in its own namespaces after a segment boundary', () => {
  const text = asLog(restarted, slixmppPrefix);
  const { trace } = drain(parseLogInSteps(text, 'slixmpp', undefined, 300));
  // Scopes are kept per direction: the stanzas logged in the header's direction after it.
  const mark = trace!.scopeMarks!.find((m) => m.scope[''] === 'jabber:server')!;
  const same = trace!.stanzas.filter((s) => s.direction === mark.key);
  const i = same.findIndex((s) => s.element.span.start > mark.at);
  assert.ok(i > 0 && i < same.length - 1);
  assert.equal(same[i].element.ns, 'jabber:server');
  assert.equal(same[same.length - 1].element.ns, 'jabber:server');
  assert.equal(same[i - 1].element.ns, 'jabber:client');
});

test("Prosody's summaries: dropped or kept as the whole file decides, else the log is parsed whole", () => {
  // A summary before some whole entries (dropped: the file has whole entries), and a stretch of
  // summaries alone (a segment of only those would keep them: the segmented parse gives up).
  const whole = asLog(raw, prosodyPrefix, '\t');
  let n = 0;
  const summarised = whole.replace(/\n(Nov 01 \S+ (c2s\w+)\tdebug\tRECV: (<message[^>]*>))/g, (m, line, session, tag) => (n++ % 3 === 0 ? `\nNov 01 10:00:00 ${session}\tdebug\tReceived[c2s]: ${tag}\n${line}` : m));
  const middle = summarised.indexOf('\nNov 01', summarised.length >> 1) + 1;
  const stretch = summarised.slice(0, middle) + Array.from({ length: 40 }, (_, i) => `Nov 01 10:00:00 c2s55e8a0f7a\tdebug\tReceived[c2s]: <presence id='p${i}'>`).join('\n') + '\n' + summarised.slice(middle);
  assert.ok(middle > 0);
  for (const text of [summarised, stretch]) {
    assert.equal(detectDialect(text), 'prosody');
    for (const chunk of [500, 4_096]) {
      const { trace } = drain(parseLogInSteps(text, 'prosody', undefined, chunk));
      if (text === stretch && chunk === 500) assert.equal(trace, undefined, 'a segment of summaries alone: parsed whole instead');
      if (trace) assert.ok(isDeepStrictEqual(analysed(text, trace), analysed(text)), `chunk ${chunk}: the analysis differs from the whole parse's`);
    }
  }
  assert.ok(n > 10);
});

test('ejabberd: a stanza in two network buffers is joined across segments, or the log is parsed whole', () => {
  const text = asEjabberdLog(raw, 5);
  const whole = analysed(text);
  let segmented = 0;
  for (const chunk of [700, 4_096, 33_333]) {
    const { trace } = drain(parseLogInSteps(text, 'ejabberd', undefined, chunk));
    // A segment boundary between two buffers of one stanza leaves it cut short there: parsed whole instead.
    if (!trace) continue;
    segmented++;
    assert.ok(isDeepStrictEqual(analysed(text, trace), whole), `chunk ${chunk}: the analysis differs from the whole parse's`);
  }
  assert.ok(segmented > 0, 'no chunk size parsed the log in segments');
});
