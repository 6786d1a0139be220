// Mutated and cut S/MIME objects never crash the pipeline, and every finding stays inside the text.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeDocument } from '../../server/src/core/analyze';
import { buildKeyStore } from '../../server/src/core/keys/keyStore';

const samples = join(__dirname, '..', '..', 'samples');

/** A small deterministic generator, so a failure can be replayed. */
function rng(seed: number): () => number {
  let x = seed >>> 0;
  return () => {
    x = (x * 1664525 + 1013904223) >>> 0;
    return x / 2 ** 32;
  };
}

test('300 mutations of sealed traces (bytes flipped, cut, duplicated) never throw', () => {
  const text = readFileSync(join(samples, 'traces', '01-clean-session.xml'), 'utf8');
  const file = (p: string) => ({ path: p, bytes: readFileSync(join(samples, '.xmpp-e2e', p)) });
  const keys = buildKeyStore([file('romeo@example.net.key'), file('romeo@example.net.crt'), file('juliet@example.com.crt')], [file('trust/ca.crt')], () => undefined);
  const rand = rng(3923);
  const alphabet = 'A/+=<>&]\r\n-:;"\' \u0000\u00e9';
  for (let i = 0; i < 300; i++) {
    let t = text;
    const n = 1 + Math.floor(rand() * 4);
    for (let k = 0; k < n; k++) {
      const at = Math.floor(rand() * t.length);
      const op = rand();
      if (op < 0.5) t = t.slice(0, at) + alphabet[Math.floor(rand() * alphabet.length)] + t.slice(at + 1);
      else if (op < 0.7) t = t.slice(0, at);
      else if (op < 0.85) t = t.slice(0, at) + t.slice(at + Math.floor(rand() * 200));
      else t = t.slice(0, at) + t.slice(Math.max(0, at - 300), at) + t.slice(at);
    }
    const a = analyzeDocument(t, { keys, now: Date.parse('2026-11-01T10:00:05Z') });
    for (const f of a.findings) {
      assert.ok(f.span.start >= 0 && f.span.end <= t.length && f.span.start <= f.span.end, `mutation ${i}: ${f.code} at ${f.span.start}-${f.span.end} of ${t.length}`);
    }
    assert.equal(a.objects.length, a.records.length);
    a.records.forEach((r, k) => assert.equal(r.report, a.objects[k], 'one record per object, in order'));
  }
});
