// Replays every saved crasher (test/fuzz/crashers/*.json: inputs `npm run fuzz` found, and the
// shapes of issue #17) through the core: no throw, no failed analysis, every finding a known code
// inside the input. Time is not asserted here: the fuzz run and `npm run bench` measure it.
import { test } from 'node:test';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runInput, type FuzzInput } from '../../scripts/fuzz/targets';

const dir = join(__dirname, 'crashers');
const files = readdirSync(dir).filter((f) => f.endsWith('.json')).sort();

test('the crashers corpus is not empty', (t) => {
  if (files.length === 0) throw new Error(`no crashers in ${dir}`);
  t.diagnostic(`${files.length} saved inputs`);
});

for (const file of files) {
  test(`crasher ${file}`, () => {
    const input = JSON.parse(readFileSync(join(dir, file), 'utf8')) as FuzzInput;
    runInput({ target: input.target, text: input.text });
  });
}
