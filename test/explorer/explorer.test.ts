// The explorer's core on a libstrophe client log with OpenSSL-made objects: one row per stanza,
// filters give the counts the trace was written with, one arrow per stanza, linked iq/error pairs.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeDocument, type Analysis } from '../../server/src/core/analyze';
import { buildRows, rowAt, type StanzaRow } from '../../server/src/core/explorer/rows';
import { applyFilter, parseFilter } from '../../server/src/core/explorer/filter';
import { buildSequence } from '../../server/src/core/explorer/sequence';
import { renderSequenceSvg } from '../../server/src/core/explorer/svg';
import { lensTitle } from '../../server/src/core/service';
import { makePeer, romeoKeys, type Peer } from '../e2e/opensslStanzas';
import { sessionTrace, type SessionTrace } from './sessionTrace';

let p: Peer;
let t: SessionTrace;
let analysis: Analysis;
let rows: StanzaRow[];

before(() => {
  p = makePeer();
  t = sessionTrace(p, 5);
  analysis = analyzeDocument(t.text, { fileName: 'session.log', keys: romeoKeys(p) });
  rows = buildRows(analysis, { lensTitle });
});
after(() => p.ws.cleanup());

function count(expr: string): number {
  const f = parseFilter(expr);
  assert.ok(f.ok, `parses: ${expr}: ${f.ok ? '' : f.error}`);
  return applyFilter(rows, f.filter).length;
}

describe('rows', () => {
  test('one row per stanza, in file order, with time, Δ, direction and offsets', () => {
    assert.equal(analysis.dialect, 'libstrophe');
    assert.equal(rows.length, t.stanzas);
    rows.forEach((r, i) => {
      assert.equal(r.index, i);
      assert.equal(t.text.slice(r.span.start, r.span.start + r.kind.length + 1), `<${r.kind}`);
    });
    assert.equal(rows[0].epochMs, t.T);
    assert.equal(rows[1].deltaMs, 1000);
    assert.equal(rows.filter((r) => r.direction === 'out').length, t.sent);
  });

  test('payload summaries: body excerpt, iq child namespace, error condition', () => {
    assert.equal(rows[3].summary, '“Wherefore art thou?”');
    assert.match(rows[4].summary, /^ping urn:xmpp:ping$/);
    assert.equal(rows[7].summary, 'error: service-unavailable');
    assert.equal(rows[9].summary, 'error: item-not-found');
    assert.match(rows[1].summary, /chat “On the balcony”/);
  });

  test('implicit parties: what romeo sends without from is from his full JID; to-less stanzas go to his server', () => {
    assert.equal(rows[2].fromEntity, 'romeo@example.net/orchard');
    assert.equal(rows[0].toEntity, 'example.net');
  });

  test('verdicts and lens titles of the three objects', () => {
    const e2e = rows.filter((r) => r.objects.length);
    assert.equal(e2e.length, t.e2e);
    assert.equal(e2e[0].verdict, 'verified', e2e[0].codes.join());
    assert.match(e2e[0].lens ?? '', /juliet@example\.com/);
    assert.equal(e2e[1].verdict, 'failed');
    assert.match(e2e[1].lens ?? '', /content altered|signature invalid/);
    assert.equal(e2e[2].verdict, 'failed');
    assert.ok(e2e[2].codes.includes('e2e.jid.mismatch'), e2e[2].codes.join());
  });

  test('the rows of a range are those rows of the whole (Δ, codes, verdicts and lenses included)', () => {
    const n = rows.length;
    for (const [from, to] of [[0, 3], [2, 9], [n - 4, n], [n - 2, n + 10], [5, 5]]) {
      assert.deepEqual(buildRows(analysis, { lensTitle }, { from, to }), rows.slice(from, to), `rows ${from}..${to}`);
    }
    assert.ok(rows.slice(n - 4).some((r) => r.verdict && r.codes.length && r.deltaMs !== undefined), 'the last rows carry verdicts, codes and Δ');
  });

  test('rowAt maps an offset inside a stanza to its row, and between stanzas to none', () => {
    assert.equal(rowAt(rows, rows[5].span.start + 3), 5);
    assert.equal(rowAt(rows, rows[5].span.end), -1);
  });
});

describe('filters', () => {
  test('kind, dir, JIDs bare and full, verdict, code, stream, free text', () => {
    assert.equal(count(''), t.stanzas);
    assert.equal(count('kind:message'), t.messages);
    assert.equal(count('kind:iq'), t.iqs);
    assert.equal(count('kind:message,presence'), t.messages + t.presences);
    assert.equal(count('dir:out'), t.sent);
    assert.equal(count('-dir:out'), t.stanzas - t.sent);
    assert.equal(count('from:juliet@example.com'), t.fromJuliet);
    assert.equal(count('from:JULIET@example.com/balcony'), t.fromJuliet);
    assert.equal(count('from:juliet@example.com/other'), 0);
    assert.equal(count('jid:juliet@example.com'), t.fromJuliet + 2); // + m1 and disco1 sent to her
    assert.equal(count('from:juliet@example.com kind:message verdict:failed'), 1);
    assert.equal(count('verdict:failed'), 2);
    assert.equal(count('verdict:verified'), 1);
    assert.equal(count('verdict:any'), t.e2e);
    assert.equal(count('verdict:none'), t.stanzas - t.e2e);
    assert.equal(count('verdict:decrypted'), 0, 'no OX/unsigned objects in this trace');
    assert.equal(count('code:e2e.jid.mismatch'), 1);
    assert.equal(count('code:e2e.*'), count('verdict:failed'));
    assert.equal(count('wherefore'), 1);
    assert.equal(count('"art thou"'), 1);
    assert.equal(count('urn:xmpp:ping'), 1 + 5);
    assert.equal(count('type:error'), 2);
  });

  test('bad expressions get a precise error at the offending term', () => {
    const unknown = parseFilter('kind:message colour:red');
    assert.ok(!unknown.ok);
    assert.match(unknown.error, /unknown filter field "colour:"/);
    assert.equal(unknown.start, 13);
    const badKind = parseFilter('kind:stanza');
    assert.ok(!badKind.ok);
    assert.match(badKind.error, /message, presence, iq/);
    const empty = parseFilter('from:');
    assert.ok(!empty.ok && /needs a value/.test(empty.error));
    const quote = parseFilter('"open');
    assert.ok(!quote.ok && /unterminated quote/.test(quote.error));
  });
});

describe('sequence', () => {
  test('one arrow per stanza in capture order; lifelines are the entities', () => {
    const seq = buildSequence(rows);
    assert.equal(seq.arrows.length, t.stanzas);
    assert.deepEqual(seq.arrows.map((a) => a.stanza), rows.map((r) => r.index));
    const ids = seq.lifelines.map((l) => l.id);
    for (const e of ['romeo@example.net/orchard', 'juliet@example.com/balcony', 'example.net', 'mallory@example.org/attic']) assert.ok(ids.includes(e), `${e} in ${ids}`);
    assert.equal(seq.lifelines.find((l) => l.id === 'example.net')?.kind, 'server');
    const e2e = seq.arrows.filter((a) => a.e2e);
    assert.deepEqual(e2e.map((a) => a.verdict), ['verified', 'failed', 'failed']);
  });

  test('iq request ↔ response and error ↔ original are linked', () => {
    const seq = buildSequence(rows);
    const by = new Map(seq.arrows.map((a) => [a.stanza, a]));
    assert.deepEqual([by.get(5)?.link, by.get(5)?.linkKind], [4, 'response']);
    assert.deepEqual([by.get(4)?.link, by.get(4)?.linkKind], [5, 'request']);
    assert.deepEqual([by.get(7)?.link, by.get(7)?.linkKind], [6, 'error']);
    assert.deepEqual([by.get(9)?.link, by.get(9)?.linkKind], [8, 'error']);
    assert.equal(by.get(8)?.linkKind, 'original');
    assert.equal(by.get(3)?.link, undefined);
  });

  test('a filtered diagram keeps links to stanzas outside the filter; the SVG has one titled arrow per stanza', () => {
    const f = parseFilter('dir:in');
    assert.ok(f.ok);
    const shown = applyFilter(rows, f.filter);
    const seq = buildSequence(shown, rows);
    assert.equal(seq.arrows.length, t.stanzas - t.sent);
    assert.equal(seq.arrows.find((a) => a.stanza === 5)?.link, 4);
    const svg = renderSequenceSvg(seq, { title: 'session.log' });
    assert.equal((svg.match(/<g class="arrow/g) ?? []).length, seq.arrows.length);
    assert.equal((svg.match(/<g class="arrow[^>]*><title>/g) ?? []).length, seq.arrows.length);
    assert.doesNotMatch(svg, /<script|href=|https?:/);
    assert.match(renderSequenceSvg(seq, { standalone: true }), /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    assert.ok(svg.includes('Hello | fair') === false, 'no bodies in arrows');
  });
});
