// Incremental analysis equals from-scratch analysis. Random edit sequences (typing inside a body,
// splitting a stanza, joining two, pasting a new sealed stanza, deleting a block, undo, stray
// characters anywhere) are applied to traces of several dialects; after every edit the analysis an
// IncrementalAnalyzer gives (reusing the previous version's parse and the object cache) must be the
// one a fresh analysis of the same text gives: findings, verdicts, records and the trace model.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { analyzeDocument, type Analysis, type AnalyzeOptions } from '../../server/src/core/analyze';
import { IncrementalAnalyzer } from '../../server/src/core/incremental/incrementalAnalyzer';
import { sealStanza } from '../../server/src/core/seal/sealStanza';
import { asDinoLog, asEjabberdLog, asProsodySummaries, asLog, asXmppJsLog, makeLargeTrace, nodeXmppPrefix, openfirePrefix, profanityPrefix, prosodyPrefix, slixmppPrefix, smackPrefix, T0, testKeys, xmpppyPrefix } from '../../scripts/large-trace';
import { snapshot } from './snapshot';
import { checkpointsOf } from '../../server/src/core/e2e/ruleCheckpoints';
import { changedWindow, type ChangedWindow } from '../../server/src/core/incremental/textDiff';
import { PieceDocument } from '../../server/src/lsp/pieceDocument';

const CORPUS = join(__dirname, '..', '..', '..', 'shared', 'corpus', 'traces');
const STEPS = Number(process.env.INCREMENTAL_STEPS ?? 40);
const k = testKeys();

/** A small seeded generator (mulberry32): a failure names its seed and replays. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const sealed = [0, 1].map((i) => {
  const r = sealStanza(`<message from='juliet@example.com/balcony' to='romeo@example.net' type='chat' id='pasted${i}'><body>pasted ${i}</body></message>`, { sign: true, encrypt: i === 1, keys: k.keys, nowMs: T0 + 777 + i });
  if (!r.ok) throw new Error(r.reason);
  return r.xml;
});

type Edit = { name: string; apply: (text: string, a: Analysis, r: () => number) => string | undefined };

const pick = <T>(xs: T[], r: () => number): T => xs[Math.floor(r() * xs.length)];
const at = (lo: number, hi: number, r: () => number) => lo + Math.floor(r() * Math.max(1, hi - lo));
const spans = (a: Analysis) => (a.trace?.stanzas ?? []).map((s) => s.element.span);

const EDITS: Edit[] = [
  {
    name: 'type in a body',
    apply: (t, _a, r) => {
      const bodies = [...t.matchAll(/<body>([^<]*)<\/body>/g)];
      if (bodies.length === 0) return undefined;
      const m = pick(bodies, r);
      const p = m.index! + 6 + Math.floor(r() * (m[1].length + 1));
      return r() < 0.7 ? t.slice(0, p) + pick(['x', ' ', '7', 'é', '\u0000'], r) + t.slice(p) : t.slice(0, p) + t.slice(Math.min(p + 1, m.index! + 6 + m[1].length));
    },
  },
  {
    name: 'type inside a stanza',
    apply: (t, a, r) => {
      const s = spans(a);
      if (s.length === 0) return undefined;
      const sp = pick(s, r);
      const p = at(sp.start, sp.end, r);
      return r() < 0.6 ? t.slice(0, p) + pick(['x', ' ', '7', '<', '&', "'", '\n', 'é'], r) + t.slice(p) : t.slice(0, p) + t.slice(p + 1 + Math.floor(r() * 3));
    },
  },
  {
    // A tampering experiment: a character of a sealed object's text changed, added or removed (incremental/rejudgeStanza.ts).
    name: 'type inside a sealed object',
    apply: (t, a, r) => {
      const objects = a.objects.map((o) => o.contentSpan).filter((c) => c.end > c.start);
      if (objects.length === 0) return undefined;
      const c = pick(objects, r);
      const p = at(c.start, c.end, r);
      const kind = r();
      const ch = pick(['x', 'A', '0', '\r\n', ' '], r);
      return kind < 0.4 ? t.slice(0, p) + ch + t.slice(p) : kind < 0.7 ? t.slice(0, p) + t.slice(p + 1) : t.slice(0, p) + ch + t.slice(p + 1);
    },
  },
  {
    name: 'split a stanza',
    apply: (t, a, r) => {
      const s = spans(a);
      if (s.length === 0) return undefined;
      const sp = pick(s, r);
      const p = at(sp.start + 1, sp.end - 1, r);
      return t.slice(0, p) + pick(['</message>\n<message>', '</message><message type="chat">', '/>\n<iq type="get" id="q"/>'], r) + t.slice(p);
    },
  },
  {
    name: 'join two stanzas',
    apply: (t, a, r) => {
      const s = spans(a);
      if (s.length < 2) return undefined;
      const i = Math.floor(r() * (s.length - 1));
      const from = Math.max(s[i].start, s[i].end - 1 - Math.floor(r() * 12));
      const to = Math.min(s[i + 1].end, s[i + 1].start + 1 + Math.floor(r() * 12));
      return t.slice(0, from) + t.slice(to);
    },
  },
  {
    name: 'paste a new sealed stanza',
    apply: (t, a, r) => {
      const s = spans(a);
      const p = s.length === 0 ? t.length : pick(s, r).end;
      return t.slice(0, p) + '\n' + pick(sealed, r) + t.slice(p);
    },
  },
  {
    name: 'delete a block',
    apply: (t, a, r) => {
      const s = spans(a);
      if (s.length < 3) return undefined;
      const i = Math.floor(r() * (s.length - 2));
      const j = Math.min(s.length - 1, i + Math.floor(r() * 3));
      return t.slice(0, s[i].start) + t.slice(s[j].end);
    },
  },
  {
    name: 'a stray character anywhere',
    apply: (t, _a, r) => {
      const p = at(0, t.length, r);
      return t.slice(0, p) + pick(['x', '>', '<', '\n', '"'], r) + t.slice(p);
    },
  },
];

/** After some plain messages, the recipient's error reply to each (trace-wide: pairs by id). */
function withErrorReplies(text: string): string {
  let n = 0;
  const out = text.replace(/<message from='([^']+)' to='([^']+)' type='chat' id='([^']+)'[^>]*>(?:(?!<\/message>)[^])*<\/message>/g, (m, from, to, id) =>
    n++ % 5 === 0 ? `${m}\n<message type='error' from='${to}' to='${from}' id='${id}'><error type='modify'><bad-request xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></message>` : m,
  );
  if (n < 10) throw new Error('the sample has too few plain messages to answer');
  return out;
}

/**
 * `fewReuses`: ejabberd's buffers are re-joined per connection, so once random edits have left a
 * stanza cut short, no edit after it reuses the parse: fewer reuses are asserted.
 */
interface Sample {
  name: string;
  text: string;
  fewReuses?: boolean;
  /** No object can be seen (a lossy log): no verdict to reuse. */
  noObjects?: boolean;
}

function samples(): Sample[] {
  const out: Sample[] = [
    { name: 'generated raw XML stream (sealed objects)', text: makeLargeTrace(240, 16, k).text },
    { name: 'generated raw XML stream, unclosed', text: makeLargeTrace(120, 8, k).text.replace('</stream:stream>\n', '') },
    { name: 'generated raw XML stream with stream management', text: makeLargeTrace(150, 10, k).text.replace(/\n(?=<iq type='get')/g, "\n<r xmlns='urn:xmpp:sm:3'/>\n") },
    { name: 'generated raw XML stream with error replies to plain stanzas', text: withErrorReplies(makeLargeTrace(160, 10, k).text) },
    { name: 'generated slixmpp log (sealed objects)', text: asLog(makeLargeTrace(200, 14, k).text, slixmppPrefix) },
    { name: 'generated libstrophe log as Profanity writes it (sealed objects)', text: asLog(makeLargeTrace(200, 14, k).text, profanityPrefix) },
    { name: 'generated prosody log with mod_stanza_debug (sealed objects)', text: asLog(makeLargeTrace(200, 14, k).text, prosodyPrefix, '\t') },
    { name: 'generated xmppjs (@xmpp/debug) output (sealed objects)', text: asXmppJsLog(makeLargeTrace(200, 14, k).text) },
    { name: 'generated ejabberd log (sealed objects)', text: asEjabberdLog(makeLargeTrace(200, 14, k).text), fewReuses: true },
    { name: 'generated ejabberd log, some stanzas in two network buffers', text: asEjabberdLog(makeLargeTrace(160, 10, k).text, 7), fewReuses: true },
    { name: 'generated xmpppy log (sealed objects)', text: asLog(makeLargeTrace(200, 14, k).text, xmpppyPrefix), fewReuses: true },
    { name: 'generated smack debugger output (sealed objects)', text: asLog(makeLargeTrace(200, 14, k).text, smackPrefix), fewReuses: true },
    { name: 'generated openfire raw print filter log (sealed objects)', text: asLog(makeLargeTrace(200, 14, k).text, openfirePrefix), fewReuses: true },
    { name: 'generated node-xmpp DEBUG=xmpp:* output (sealed objects)', text: asLog(makeLargeTrace(200, 14, k).text, nodeXmppPrefix), fewReuses: true },
    { name: 'generated dino --print-xmpp output (sealed objects)', text: asDinoLog(makeLargeTrace(200, 14, k).text) },
    { name: 'generated prosody default debug log (summaries only)', text: asProsodySummaries(makeLargeTrace(300, 14, k).text), noObjects: true },
  ];
  for (const f of readdirSync('samples/traces').filter((n) => n.endsWith('.xml'))) out.push({ name: `samples/traces/${f}`, text: readFileSync(join('samples/traces', f), 'utf8') });
  // Hand-written logs of each dialect: network buffers split mid-stanza, records between entries.
  for (const f of readdirSync('test/fixtures/traces').filter((n) => n.endsWith('.log'))) out.push({ name: `fixtures/${f}`, text: readFileSync(join('test/fixtures/traces', f), 'utf8') });
  if (existsSync(CORPUS)) {
    for (const f of readdirSync(CORPUS).sort()) {
      const text = readFileSync(join(CORPUS, f), 'utf8');
      if (text.length < 200_000) out.push({ name: `corpus/${f}`, text });
    }
  }
  return out;
}

/**
 * As a language server feeds the analyser: the text kept in small pieces (PieceDocument), each edit
 * sent as a ranged change and handed over as a window (widened now and then, as an editor's range
 * may be), the analyser reading slices.
 */
class PieceFeed {
  private readonly doc: PieceDocument;
  private version = 1;
  private window?: ChangedWindow;

  constructor(text: string, private readonly r: () => number) {
    this.doc = new PieceDocument('file:///property.xml', 'xmpp-trace', 1, text, 97);
  }

  edit(before: string, after: string): void {
    const w = changedWindow(before, after);
    const a = Math.min(w.start, Math.floor(this.r() * 3));
    const b = Math.min(before.length - w.oldEnd, Math.floor(this.r() * 3));
    const wide = { start: w.start - a, oldEnd: w.oldEnd + b, newEnd: w.newEnd + b };
    // A position cannot fall between CR and LF (no editor's range does): the window takes the pair.
    const inCrlf = (x: number) => before.charCodeAt(x - 1) === 13 && before.charCodeAt(x) === 10;
    if (inCrlf(wide.start)) wide.start--;
    if (inCrlf(wide.oldEnd)) {
      wide.oldEnd++;
      wide.newEnd++;
    }
    const range = { start: this.doc.positionAt(wide.start), end: this.doc.positionAt(wide.oldEnd) };
    this.doc.update([{ range, text: after.slice(wide.start, wide.newEnd) }], ++this.version);
    this.window = wide;
    assert.equal(this.doc.length, after.length, `window ${JSON.stringify(wide)} of ${before.length} -> ${after.length}: ${JSON.stringify(before.slice(wide.start - 3, wide.oldEnd + 3))} -> ${JSON.stringify(after.slice(wide.start - 3, wide.newEnd + 3))}; range ${JSON.stringify(range)}`);
  }

  analyze(inc: IncrementalAnalyzer, opts: AnalyzeOptions): Analysis {
    const version = this.version;
    const w = this.window;
    return inc.analyze(this.doc.source(), opts, { version, windowSince: (since) => (since === version - 1 ? w : undefined) });
  }
}

function runSequence(text: string, seed: number, pieces = false): { spliced: number; reused: number; moved: number; rejudged: number; checkpointed: number; steps: number } {
  const r = rng(seed);
  const inc = new IncrementalAnalyzer();
  // The trace-wide rules' checkpoints every one to three objects (500 in use): an edit inside an
  // object feeds the rules from one, and edits before one make it invalid.
  const opts: AnalyzeOptions = { keys: k.keys, now: T0 + 5000, cache: new Map(), checkpointEvery: 1 + (seed % 3) };
  const history: string[] = [];
  let checkpointed = 0;
  let current = text;
  const feed = pieces ? new PieceFeed(text, rng(seed + 1)) : undefined;
  const analyzeNow = () => (feed ? feed.analyze(inc, opts) : inc.analyze(current, opts));
  let fresh = analyzeDocument(current, { ...opts, cache: new Map() });
  assert.ok(isDeepStrictEqual(snapshot(analyzeNow()), snapshot(fresh)), `seed ${seed}: first analysis differs`);
  for (let step = 0; step < STEPS; step++) {
    let next: string | undefined;
    let name = 'undo';
    if (history.length > 0 && r() < 0.15) next = history.pop();
    else {
      const e = pick(EDITS, r);
      name = e.name;
      next = e.apply(current, fresh, r);
      if (next !== undefined) history.push(current);
    }
    if (next === undefined || next === current) continue;
    feed?.edit(current, next);
    current = next;
    const rejudgedBefore = inc.stats.rejudged;
    const incremental = analyzeNow();
    if (inc.stats.rejudged > rejudgedBefore && checkpointsOf(incremental).length > 0) checkpointed++;
    fresh = analyzeDocument(current, { ...opts, cache: new Map() });
    const same = isDeepStrictEqual(snapshot(incremental), snapshot(fresh));
    if (!same) assert.deepStrictEqual(snapshot(incremental), snapshot(fresh), `seed ${seed}, step ${step} (${name}): the incremental analysis differs from a fresh one`);
  }
  return { spliced: inc.stats.spliced, reused: inc.memo.hits, moved: inc.stats.reused, rejudged: inc.stats.rejudged, checkpointed, steps: STEPS };
}

for (const s of samples()) {
  const generated = s.name.startsWith('generated');
  test(`incremental == from scratch after every random edit, the text in pieces and the edits' windows given: ${s.name}`, () => {
    let moved = 0;
    for (const seed of generated ? [4, 5] : [6]) moved += runSequence(s.text, seed * 7919 + s.name.length, true).moved;
    if (generated && !s.fewReuses) assert.ok(moved > 2, `only ${moved} edits moved the previous analysis`);
  });
}

for (const s of samples()) {
  test(`incremental == from scratch after every random edit: ${s.name}`, () => {
    let spliced = 0;
    let reused = 0;
    let moved = 0;
    let rejudged = 0;
    let checkpointed = 0;
    for (const seed of [1, 2, 3]) {
      const r = runSequence(s.text, seed * 7919 + s.name.length);
      spliced += r.spliced;
      reused += r.reused;
      moved += r.moved;
      rejudged += r.rejudged;
      checkpointed += r.checkpointed;
    }
    // The generated streams and logs are where parses and verdicts are reused: the test must exercise those paths, not only the fallback.
    if (s.name.startsWith('generated')) {
      const dialect = analyzeDocument(s.text).dialect;
      assert.equal(dialect, ['slixmpp', 'libstrophe', 'prosody', 'ejabberd', 'xmppjs', 'xmpppy', 'smack', 'openfire', 'node-xmpp', 'dino'].find((d) => s.name.includes(d)) ?? 'raw-xml');
      if (s.fewReuses) {
        assert.ok(spliced >= 3, `only ${spliced} of ${3 * STEPS} edits reused the previous parse`);
        return;
      }
      assert.ok(spliced > STEPS / 2, `only ${spliced} of ${3 * STEPS} edits reused the previous parse`);
      // Edits that move the previous analysis consult no memo: the more stanzas are plain (a MAM
      // result's nested <delay/> is), the fewer verdicts the memo gives (Prosody's sample: 96 over 120 edits, 39 of which moved it).
      if (!s.noObjects) assert.ok(reused > STEPS * 2, `only ${reused} object verdicts were reused`);
      assert.ok(moved > 3, `only ${moved} of ${3 * STEPS} edits moved the previous analysis`);
      if (!s.noObjects) assert.ok(rejudged > 0, `no edit judged one stanza again (of ${3 * STEPS})`);
      // And some of those fed the trace-wide rules from a checkpoint, and kept checkpoints for the next.
      if (!s.noObjects) assert.ok(checkpointed > 0, `no stanza judged again came with the rules' checkpoints (of ${rejudged})`);
    }
  });
}
