// Every conformance case: the code is produced from a real producer's input, at exactly the range
// the case names, with the rules table's severity (or the case's documented override).
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ruleFor } from '../../server/src/core/rules';
import { analyzeBuilt, context, disposeContext, locate } from './harness';
import { ALL_CASES } from './cases';

after(() => disposeContext());

describe('conformance: every rule produces its code at the exact range', () => {
  for (const k of ALL_CASES) {
    test(k.name, () => {
      const c = context();
      const built = k.build(c);
      const a = analyzeBuilt(c, built);
      const want = locate(built.text, built.at);
      const found = a.findings.filter((f) => f.code === k.code);
      const where = (s: { start: number; end: number }) => `${s.start}-${s.end} ${JSON.stringify(built.text.slice(s.start, s.end).slice(0, 80))}`;
      assert.ok(found.length > 0, `${k.code} not produced; got ${a.findings.map((f) => f.code).join(', ')}`);
      const exact = found.find((f) => f.span.start === want.start && f.span.end === want.end);
      assert.ok(exact, `${k.code} expected at ${where(want)}, found at ${found.map((f) => where(f.span)).join('; ')}`);
      assert.equal(exact.severity ?? ruleFor(k.code)?.severity, k.severity ?? ruleFor(k.code)?.severity, 'severity');
      assert.ok(exact.message.length > 0);
    });
  }
});
