// The CLI limits V8's old-generation growth (server/src/node/heapGrowth.ts)
// unless the user chose a limit: on the command line, in NODE_OPTIONS, in either spelling.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { heapGrowthFlag, HEAP_GROWING_PERCENT } from '../../server/src/node/heapGrowth';

test('the flag is set when the user set none', () => {
  assert.equal(heapGrowthFlag([], undefined), `--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
  assert.equal(heapGrowthFlag(['--max-old-space-size=4096'], '--enable-source-maps'), `--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
});

test("the user's own choice is left alone", () => {
  assert.equal(heapGrowthFlag(['--heap-growing-percent=300'], undefined), undefined);
  assert.equal(heapGrowthFlag([], '--trace-gc --heap_growing_percent=10'), undefined);
});

test('a process that sets it at run time still runs (the V8 in use takes the flag after start)', () => {
  const r = spawnSync(process.execPath, ['--import', 'tsx', '-e', "import('./server/src/node/heapGrowth.ts').then((m) => { (m.limitHeapGrowth ?? m.default.limitHeapGrowth)(); const a = []; for (let i = 0; i < 2e5; i++) a.push({ i }); console.log(a.length); })"], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stdout.trim(), '200000');
});
