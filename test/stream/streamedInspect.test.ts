// `inspect` streamed equals `inspect` in memory, byte for byte: in process with tiny blocks and
// segments (UTF-8 sequences, invalid bytes, CRLF and a BOM cut at every block end), and through the
// bundled CLI (--stream) in the three formats, on generated logs and the shared corpus.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { analyzeDocument, type AnalyzeOptions } from '../../server/src/core/analyze';
import { isSegmentable } from '../../server/src/core/stream/segmentCuts';
import { mayNeedWholeTrace } from '../../server/src/core/stream/segmentedAnalysis';
import { detectDialect } from '../../server/src/core/trace/detectDialect';
import { formatJson, toOutFile, toTextFile } from '../../cli/src/formatReport';
import { writeJsonReport } from '../../cli/src/jsonReport';
import { inspectStreamed } from '../../cli/src/streamInspect';
import { formatTextReport } from '../../cli/src/textReport';
import { makeLargeTrace, T0, writeKeyFiles } from '../../scripts/large-trace';
import { corpusDir, needsCorpus } from '../helpers/corpus';
import { keys, makeLog } from './streamLogs';

const repo = join(__dirname, '..', '..');
let dir: string;
const now = T0 + 60_000;
const options: AnalyzeOptions = { keys: keys.keys, now, skewSeconds: 300, verify: true };

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'xmpp-e2e-stream-'));
  writeKeyFiles(join(dir, 'keys'), keys.files);
});
after(() => rmSync(dir, { recursive: true, force: true }));

function inMemory(path: string, more: AnalyzeOptions = {}) {
  const text = readFileSync(path, 'utf8');
  const r = { path, text, analysis: analyzeDocument(text, { ...options, ...more, fileName: path }) };
  return { json: formatJson([toOutFile(r)]), text: formatTextReport([toTextFile(r)], { color: false }) };
}

function streamed(path: string, blockBytes?: number, segmentChars?: number, more: AnalyzeOptions = {}) {
  const s = inspectStreamed(path, { ...options, ...more, fileName: path }, { blockBytes, segmentChars });
  assert.ok(s, `${path} is streamed`);
  try {
    let json = '';
    writeJsonReport([{ out: s.out, objects: s.objects }], (x) => (json += x));
    return { json, text: formatTextReport([s.text], { color: false }) };
  } finally {
    s.dispose();
  }
}

/** A log whose text has what block and segment ends can break: multi-byte characters, invalid UTF-8, CRLF, a BOM. */
function awkward(dialect: 'libstrophe' | 'slixmpp'): Buffer {
  const whole = makeLog(dialect).replace('back at', 'héllo ☃ 𝄞 back at');
  // CR LF line ends after the sealed objects (their CDATA is signed text).
  const tail = whole.indexOf('<presence');
  const log = whole.slice(0, tail) + whole.slice(tail).replace(/\n/g, '\r\n');
  const bytes = Buffer.from('\ufeff' + log, 'utf8');
  const bad = bytes.indexOf('back at');
  // A lone continuation byte and a cut 3-byte sequence, inside a status text.
  return Buffer.concat([bytes.subarray(0, bad), Buffer.from([0x80, 0xe2, 0x98]), bytes.subarray(bad)]);
}

for (const dialect of ['libstrophe', 'slixmpp'] as const) {
  test(`${dialect}: streamed in tiny blocks and segments, the in-memory report`, () => {
    const path = join(dir, `${dialect}.log`);
    writeFileSync(path, awkward(dialect));
    const expected = inMemory(path);
    for (const code of ['e2e.ts.replay', 'input.encoding.invalid', 'e2e.err.reported', 'trace.stanza.truncated']) assert.ok(expected.json.includes(`"${code}"`), code);
    for (const [block, seg] of [[1, 1], [2, 64], [3, 1000], [7, 333], [4096, 4096], [undefined, undefined]] as const) {
      const got = streamed(path, block, seg);
      assert.equal(got.json, expected.json, `JSON, blocks of ${block}, segments of ${seg}`);
      assert.equal(got.text, expected.text, `text, blocks of ${block}, segments of ${seg}`);
    }
  });
}

test('raw XML: a generated stream with sealed objects, streamed in small blocks and segments, the in-memory report', () => {
  const path = join(dir, 'raw.xml');
  const text = makeLargeTrace(200, 20, keys).text.replace("id='id5'", "id='id5' note='h\u00e9llo \u2603 \ud834\udd1e'");
  writeFileSync(path, text);
  const expected = inMemory(path);
  for (const [block, seg] of [[3, 500], [13, 4096], [undefined, undefined]] as const) {
    const got = streamed(path, block, seg);
    assert.equal(got.json, expected.json, `JSON, blocks of ${block}, segments of ${seg}`);
    assert.equal(got.text, expected.text, `text, blocks of ${block}, segments of ${seg}`);
  }
});

test('an analysis that throws fails as the in-memory one does: the reason, the parse findings, no objects', () => {
  const path = join(dir, 'boom.log');
  writeFileSync(path, makeLog('libstrophe'));
  const boom = { clock: (): number => {
    throw new TypeError('clock exploded');
  } };
  const expected = inMemory(path, boom);
  assert.match(expected.json, /internal\.analysisFailed/);
  assert.match(expected.json, /trace\.stanza\.truncated/);
  assert.deepEqual(streamed(path, 7, 500, boom), expected);
  assert.deepEqual(streamed(path, undefined, undefined, boom), expected);
});

test('files streaming cannot judge alone are read whole: OMEMO content, a Prosody log', () => {
  const omemo = join(dir, 'omemo.log');
  writeFileSync(omemo, makeLog('libstrophe') + `2026-11-01 10:01:00 xmpp DEBUG RECV: <message from='a@b'><encrypted xmlns='eu.siacs.conversations.axolotl'/></message>\n`);
  assert.equal(inspectStreamed(omemo, options), undefined);
  // Namespaces spelled with character references pass the byte scan: the segments find them.
  const hidden = [
    `<message from='a@example.com/r' to='b@example.com' id='o1'><encrypted xmlns='eu.siacs.conversations&#x2E;axolotl'><header sid='1'><key rid='2'>AAAA</key><iv>AAAAAAAAAAAAAAAA</iv></header><payload>AAAA</payload></encrypted></message>`,
    `<iq type='set' id='p1'><pubsub xmlns='http://jabber.org/protocol/pubsub'><publish node='urn:xmpp:openpgp&#58;0:public-keys'><item><public-keys-list xmlns='urn:xmpp:openpgp&#58;0'/></item></publish></pubsub></iq>`,
  ];
  for (const xml of hidden) {
    const path = join(dir, 'hidden.log');
    writeFileSync(path, makeLog('libstrophe') + `2026-11-01 10:01:00 xmpp DEBUG RECV: ${xml}\n`);
    assert.equal(inspectStreamed(path, options), undefined, xml);
  }
  const prosody = join(dir, 'prosody.log');
  const log = `Dec 01 10:00:00 c2s55d\tdebug\tRECV: <message to='a@example.com' id='1'><body>x</body></message>\n`;
  assert.equal(detectDialect(log), 'prosody');
  writeFileSync(prosody, log);
  assert.equal(inspectStreamed(prosody, options), undefined);
});

function cli(args: string[]) {
  const r = spawnSync(process.execPath, [join(repo, 'dist', 'cli.js'), ...args], { cwd: dir, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** SARIF without what names the run (its command line and times). */
const sarifResults = (s: string) => JSON.parse(s).runs.map((r: { results: unknown; tool: unknown; artifacts: unknown }) => [r.results, r.tool, r.artifacts]);

test('the bundled CLI: --stream gives the same report in text, JSON and SARIF, and the same exit code', () => {
  writeFileSync(join(dir, 'a.log'), awkward('libstrophe'));
  writeFileSync(join(dir, 'b.log'), makeLog('slixmpp'));
  const common = ['inspect', 'a.log', 'b.log', '--keys', 'keys', '--now', new Date(now).toISOString()];
  for (const format of ['text', 'json', 'sarif']) {
    const whole = cli([...common, '--format', format]);
    const stream = cli([...common, '--format', format, '--stream']);
    assert.equal(stream.code, whole.code, stream.stderr);
    assert.equal(whole.code, 1, whole.stderr);
    if (format === 'sarif') assert.deepEqual(sarifResults(stream.stdout), sarifResults(whole.stdout));
    else assert.equal(stream.stdout, whole.stdout, format);
  }
});

test('corpus traces of the segmented dialects: the streamed report is the in-memory one', needsCorpus(join(corpusDir, 'traces')), () => {
  let n = 0;
  for (const name of readdirSync(join(corpusDir, 'traces'))) {
    const path = join(corpusDir, 'traces', name);
    const text = readFileSync(path, 'utf8');
    if (!isSegmentable(detectDialect(text)) || mayNeedWholeTrace(text)) continue;
    const expected = inMemory(path);
    for (const [block, seg] of [[5, 100], [undefined, undefined]] as const) assert.deepEqual(streamed(path, block, seg), expected, `${name} ${block}/${seg}`);
    n++;
  }
  assert.ok(n > 0);
});
