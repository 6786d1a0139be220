// The conformance bookkeeping: every code of the rules table is produced by a conformance case,
// every rule of the checklist is shown by a case or listed in the README with its reason, refs name
// checklist rules, severities agree with the checklist (or the table says why), and the matrix in
// coverage.md is current. Together with conformance.test.ts, which runs every case, a rule or a
// code that loses its test fails here.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { RULES, ROWS } from '../../server/src/core/rules';
import { ALL_CASES } from './cases';
import { checklistIds, checklistSeverities, readChecklist, readmeConformance, refIds } from './checklist';
import { knownIds, renderCoverageTable } from './coverageTable';

const covered = new Set(ALL_CASES.flatMap((c) => c.rules));

test('every code in the rules table is produced by at least one conformance case', () => {
  const produced = new Set(ALL_CASES.map((c) => c.code));
  assert.deepEqual(RULES.map((r) => r.code).filter((c) => !produced.has(c)), []);
  assert.ok(RULES.length >= 100, `${RULES.length} codes`);
});

test('cases name real codes, have unique names, and name the rules they show', () => {
  const names = ALL_CASES.map((c) => c.name);
  assert.equal(new Set(names).size, names.length, 'unique test names');
  for (const c of ALL_CASES) {
    const rule = RULES.find((r) => r.code === c.code);
    assert.ok(rule, `${c.name}: ${c.code} is not in the rules table`);
    // Only the capture-level codes (no checklist rule) may show no rule.
    if (c.rules.length === 0) assert.equal(rule.ref, '', `${c.name} must name its rule IDs`);
  }
});

test('every rule ID in a ref is shown by a case or listed in the README', () => {
  const listed = new Set(readmeConformance().map((r) => r.id));
  const missing = RULES.flatMap((r) => refIds(r.ref).filter((id) => !covered.has(id) && !listed.has(id)).map((id) => `${r.code}: ${id}`));
  assert.deepEqual(missing, []);
});

test('the README lists rules with a reason, and only "partly" for rules a case shows', () => {
  const rows = readmeConformance();
  assert.ok(rows.length >= 15, `README Conformance rows: ${rows.length}`);
  for (const r of rows) {
    assert.ok(r.reason.length > 20, `${r.id}: a reason`);
    if (covered.has(r.id)) assert.match(r.status, /^partly/, `${r.id} is shown by a case: its README status must be "partly ..."`);
  }
});

/** The checklist's text, or undefined (and the test skipped) when ../shared is not beside the repo. */
function checklistOrSkip(t: { skip(reason: string): void }): string | undefined {
  const text = readChecklist();
  if (text === undefined) t.skip('../shared/docs/spec-checklist.md is absent');
  return text;
}

test('the checklist: every rule is shown by a case or listed in the README; refs and cases name real rules', (t) => {
  const text = checklistOrSkip(t);
  if (text === undefined) return;
  const ids = checklistIds(text);
  assert.ok(ids.length >= 160, `checklist rule IDs: ${ids.length}`);
  const listed = new Set(readmeConformance().map((r) => r.id));
  assert.deepEqual(ids.filter((id) => !covered.has(id) && !listed.has(id)), [], 'rules with neither a test nor a README reason');
  const all = new Set(ids);
  assert.deepEqual(knownIds().filter((id) => !all.has(id)), [], 'IDs that are not in the checklist');
});

test('severities agree with the checklist, or the rules table says why they differ', (t) => {
  const text = checklistOrSkip(t);
  if (text === undefined) return;
  const stated = checklistSeverities(text);
  assert.ok(stated.size >= 50, `severities stated in the checklist: ${stated.size}`);
  const differ = ROWS.filter((r) => stated.has(r.code) && stated.get(r.code) !== r.severity && !r.severityNote);
  assert.deepEqual(differ.map((r) => `${r.code}: checklist ${stated.get(r.code)}, table ${r.severity}`), []);
  // Codes the checklist suggests but the table lacks must be README-listed rules.
  const listed = new Set(readmeConformance().map((r) => r.id));
  for (const code of stated.keys()) {
    if (RULES.some((r) => r.code === code)) continue;
    const where = text.indexOf(`\`${code}\``);
    const rule = [...text.slice(0, where).matchAll(/\*\*((?:E2E|LEG|CPIM|PIDF|ADDR|CORE|SMIME|CMS|DLY)-\d+)\*\*/g)].pop()?.[1];
    assert.ok(rule && listed.has(rule), `checklist code ${code} (${rule}) is neither in the rules table nor README-listed`);
  }
});

test('test/conformance/coverage.md is the current matrix (regenerate with coverageTable.ts)', () => {
  assert.equal(readFileSync(join(__dirname, 'coverage.md'), 'utf8'), renderCoverageTable());
});
