// A second real S/MIME producer: Python `cryptography` (PKCS7SignatureBuilder). Its clean object
// raises no false alarm from the conformance rules; the defect cases for it are in casesObjects.ts.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { ruleFor } from '../../server/src/core/rules';
import { analyzeBuilt, context, disposeContext } from './harness';
import { cpimAt, messageTrace, pythonSigned } from './builders';

after(() => disposeContext());

test('a Python-signed Message/CPIM verifies and is bound, with no error or warning but the algorithm policy', () => {
  const c = context();
  const a = analyzeBuilt(c, { text: messageTrace(pythonSigned(c, cpimAt(c))), at: { slice: '' } });
  assert.equal(a.objects[0]?.status, 'verified', a.findings.map((f) => `${f.code}: ${f.message}`).join('\n'));
  assert.equal(a.objects[0].signers[0].identity, 'bound');
  const loud = a.findings.filter((f) => ['error', 'warning'].includes(f.severity ?? ruleFor(f.code)?.severity ?? ''));
  assert.deepEqual(loud.map((f) => f.code).filter((code) => code !== 'smime.alg.deprecated'), []);
});
