// The changed window between two versions equals a character-by-character comparison, for edits
// anywhere in texts of every size (the block comparison doubles and halves its blocks).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { changedWindow, composeWindows } from '../../server/src/core/incremental/textDiff';

function naive(a: string, b: string) {
  const m = Math.min(a.length, b.length);
  let p = 0;
  while (p < m && a[p] === b[p]) p++;
  let s = 0;
  while (s < m - p && a[a.length - 1 - s] === b[b.length - 1 - s]) s++;
  return { start: p, oldEnd: a.length - s, newEnd: b.length - s };
}

test('changedWindow equals a character-by-character comparison on 3,000 random edits', () => {
  let seed = 7;
  const r = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  for (let t = 0; t < 3000; t++) {
    const len = Math.floor(r() * (t % 10 === 0 ? 200_000 : 5_000));
    const alphabet = t % 3 === 0 ? 1 : 5; // one letter: every block matches until the edit
    const chars: string[] = [];
    for (let i = 0; i < len; i++) chars.push('ab<>x'[Math.floor(r() * alphabet)]);
    const a = chars.join('');
    const at = Math.floor(r() * (a.length + 1));
    const del = Math.floor(r() * Math.min(50, a.length - at + 1));
    const b = a.slice(0, at) + 'abx'.slice(0, Math.floor(r() * 4)) + a.slice(at + del);
    assert.deepEqual(changedWindow(a, b), naive(a, b), `edit ${t}`);
  }
});

test('composeWindows: two edits in a row make one window outside which the first and last texts agree', () => {
  let x = 7;
  const rnd = (n: number) => ((x = (Math.imul(x, 1103515245) + 12345) >>> 0), x % n);
  const edit = (t: string) => {
    const s = rnd(t.length + 1);
    const e = Math.min(t.length, s + rnd(5));
    const ins = 'abcxyz'.slice(0, rnd(4));
    return { text: t.slice(0, s) + ins + t.slice(e), w: { start: s, oldEnd: e, newEnd: s + ins.length } };
  };
  for (let i = 0; i < 5000; i++) {
    const a = 'hello world the quick brown fox '.repeat(1 + rnd(3)).slice(rnd(10));
    const one = edit(a);
    const two = edit(one.text);
    const w = composeWindows(one.w, two.w);
    const c = two.text;
    assert.ok(w.start <= w.oldEnd && w.start <= w.newEnd && w.oldEnd <= a.length && w.newEnd <= c.length, `bounds, case ${i}`);
    assert.equal(a.slice(0, w.start), c.slice(0, w.start), `prefix, case ${i}`);
    assert.equal(a.slice(w.oldEnd), c.slice(w.newEnd), `suffix, case ${i}`);
  }
});
