// The language server's object cache: sized by what open documents need, never cleared wholesale
// while they are open (a trace with more objects than any fixed cap verified everything again on
// every keystroke), least recently used unneeded entries evicted first.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RetainedCache } from '../../server/src/core/e2e/retainedCache';
import { PushPacing } from '../../server/src/lsp/pushPacing';

function analyse(cache: RetainedCache, doc: string, keys: string[], complete = true) {
  const view = cache.viewFor(doc);
  let computed = 0;
  for (const k of keys) {
    if (!view.has(k)) {
      view.set(k, `value of ${k}`);
      computed++;
    } else assert.equal(view.get(k), `value of ${k}`);
  }
  if (complete) cache.complete(view);
  else cache.abandon(view);
  return computed;
}

const range = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}${i}`);

test('a document needing far more entries than the spare keeps all of them across re-analyses', () => {
  const cache = new RetainedCache(100);
  const keys = range('k', 6000);
  assert.equal(analyse(cache, 'a', keys), 6000);
  assert.equal(cache.size, 6000);
  // The same document again (an edit that touched no object): nothing is computed again.
  assert.equal(analyse(cache, 'a', keys), 0);
  assert.equal(cache.neededSize, 6000);
});

test('entries an edit made unneeded age out, needed ones of every open document stay', () => {
  const cache = new RetainedCache(100);
  analyse(cache, 'a', range('a', 3000));
  analyse(cache, 'b', range('b', 3000));
  // Document a is edited 10 times, each version with 50 new objects replacing old ones.
  for (let v = 1; v <= 10; v++) analyse(cache, 'a', [...range('a', 2950), ...range(`a${v}-`, 50)]);
  assert.ok(cache.size <= cache.neededSize + 100, `size ${cache.size} need ${cache.neededSize}`);
  for (const k of range('b', 3000)) assert.ok(cache.has(k), `b's ${k} was evicted`);
  for (const k of [...range('a', 2950), ...range('a10-', 50)]) assert.ok(cache.has(k), `a's ${k} was evicted`);
  assert.equal(cache.has('a9-0'), true, 'the most recent unneeded entries stay within the spare (undo)');
});

test('an abandoned (stale) analysis does not pin what it touched, and a closed document releases everything', () => {
  const cache = new RetainedCache(10);
  analyse(cache, 'a', range('a', 100));
  analyse(cache, 'a', range('x', 500), false);
  assert.equal(cache.neededSize, 100);
  assert.ok(cache.size <= 110);
  for (const k of range('a', 100)) assert.ok(cache.has(k));
  cache.forget('a');
  assert.equal(cache.neededSize, 0);
  analyse(cache, 'c', range('c', 50));
  assert.ok(cache.size <= 60, `size ${cache.size}`);
});

test('reads through a finished view (a record decoding its layers on hover) pin nothing', () => {
  const cache = new RetainedCache(10);
  const view = cache.viewFor('a');
  view.set('k1', 1);
  cache.complete(view);
  view.set('late', 2);
  assert.equal(view.get('late'), 2);
  assert.equal(cache.neededSize, 1);
  cache.forget('a');
  assert.equal(cache.neededSize, 0);
});

test('push pacing: an edit after a quiet moment or after a cheap analysis is immediate; after a slow one the wait follows its cost', () => {
  let now = 1000;
  const pacing = new PushPacing(() => now);
  assert.equal(pacing.delayFor('u'), 0);
  pacing.pushed('u', 12);
  now += 50;
  assert.equal(pacing.delayFor('u'), 0, 'a 12 ms analysis is not held back');
  pacing.pushed('u', 120);
  now += 10;
  assert.equal(pacing.delayFor('u'), 120, 'typing into a document whose analyses are slow');
  pacing.pushed('u', 5000);
  now += 10;
  assert.equal(pacing.delayFor('u'), 200, 'bounded above');
  now += 1000;
  assert.equal(pacing.delayFor('u'), 0, 'quiet again');
  pacing.pushed('u', 800);
  pacing.forget('u');
  assert.equal(pacing.delayFor('u'), 0);
  // The push after opening a document: an edit right after it waits nothing, whatever the open cost.
  pacing.pushed('u', 800);
  pacing.pushed('u', undefined);
  now += 10;
  assert.equal(pacing.delayFor('u'), 0, 'after the open');
});
