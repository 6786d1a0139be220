// Redaction of the real public traces in ../shared/corpus (skipped when absent): nothing breaks
// (same dialect, stanzas, XML findings and object verdicts), and the secrets those logs really
// hold are gone: SASL PLAIN/SCRAM payloads, an HTTP Basic header, a JDBC URL password, a cluster
// secret, and the account password ejabberd echoes in its command and SQL logging.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeDocument } from '../../server/src/core/analyze';
import { redactTrace } from '../../server/src/core/redact/redactTrace';
import { corpusDir, readCorpus } from '../helpers/corpus';

const tracesDir = join(corpusDir, 'traces');
const SECRETS: Record<string, string[]> = {
  'ejabberd_16.04_lager_debug.log': ['password123', 'jfkdk', 'bGFjaWVAZm9vZGhlcm8ubWU6c', 'biwsbj1sYWNpZSxyPTA5M0REODU3LT'],
  'tigase_finest_cluster.log': ['tigase12', 'someSecret', 'AGNlc2hpADEyMzQ=', 'AHlhbW1hNjAwAHlhbW1hMTIz'],
  'prosody_scansion_basic_message.scs': ['password: password'],
};

test('every corpus trace redacts without changing what it inspects as', (t) => {
  if (!existsSync(tracesDir)) return t.skip('shared/corpus absent');
  for (const name of readdirSync(tracesDir)) {
    const text = readCorpus(t, 'traces', name)!;
    const r = redactTrace(text, { bodies: true });
    const a = analyzeDocument(text, { fileName: name });
    const b = analyzeDocument(r.text, { fileName: name });
    assert.equal(b.dialect, a.dialect, name);
    assert.equal(b.stanzaCount, a.stanzaCount, name);
    // Removing a malformed body can only remove problems: none is new.
    const problems = (x: typeof a) => new Set(x.findings.filter((f) => f.code.startsWith('xml.') || f.code.startsWith('trace.')).map((f) => `${f.code} ${f.message}`));
    const before = problems(a);
    for (const p of problems(b)) assert.ok(before.has(p), `${name}: new problem ${p}`);
    assert.deepEqual(b.objects.map((o) => o.status), a.objects.map((o) => o.status), name);
    for (const s of SECRETS[name] ?? []) {
      assert.ok(text.includes(s), `${name} holds ${s}`);
      assert.ok(!r.text.includes(s), `${name}: ${s} survived`);
    }
    // No SASL payload is left anywhere: every <auth/>, <response/>, <success/> reads REDACTED (or '=').
    for (const m of r.text.matchAll(/<(auth|response|challenge|success)\b[^>]*xmpp-sasl[^>]*[^/]>([^<]+)</g)) {
      assert.match(m[2].trim(), /^(REDACTED|=|)$/, `${name}: ${m[0].slice(0, 80)}`);
    }
  }
});
