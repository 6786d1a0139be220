import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { RULES } from '../../server/src/core/rules';
import { renderCodesDoc } from '../../scripts/codesDoc';

const repo = join(__dirname, '..', '..');

test('docs/diagnostic-codes.md is generated from the rule registry (regenerate with scripts/codesDoc.ts)', () => {
  assert.equal(readFileSync(join(repo, 'docs', 'diagnostic-codes.md'), 'utf8'), renderCodesDoc());
});

test('every code of the contract in shared/docs/diagnostic-codes.md is in the registry with its severity', (t) => {
  const contract = join(repo, '..', 'shared', 'docs', 'diagnostic-codes.md');
  let text: string;
  try {
    text = readFileSync(contract, 'utf8');
  } catch {
    t.diagnostic('shared/docs/diagnostic-codes.md is absent: contract comparison skipped');
    return;
  }
  const rows = [...text.matchAll(/^\| `([a-zA-Z0-9.]+)` \| (\w+) \|/gm)].map((m) => [m[1], m[2]] as const);
  assert.ok(rows.length >= 60, `expected the contract table, found ${rows.length} rows`);
  for (const [code, severity] of rows) {
    const rule = RULES.find((r) => r.code === code);
    assert.ok(rule, `missing code ${code}`);
    assert.equal(rule.severity, severity, `severity of ${code}`);
  }
  assert.equal(new Set(RULES.map((r) => r.code)).size, RULES.length, 'codes are unique');
});
