// Redaction never throws and never changes the line structure, whatever the input: 300
// deterministic mutations of a session full of secrets (markup characters, quotes, escapes,
// cut tags, line breaks), with every option.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { redactTrace } from '../../server/src/core/redact/redactTrace';
import { secretSession } from './secretTrace';

function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const lineCount = (s: string) => (s.match(/\r\n|\n|\r/g) ?? []).length;

test('300 mutated sessions: no throw, same number of lines, placeholders only where secrets were', () => {
  const session = secretSession({ local: 'juliet', domain: 'example.com' });
  const base = [...session.logLines, ...session.xml, "<message from='juliet@example.com/a' to='romeo@example.net'><body>multi\nline\nbody</body></message>"].join('\n') + '\n';
  const rnd = prng(15);
  const noise = ['<', '>', '/', "'", '"', '\\', '&', '&amp;', '\n', '<![CDATA[', ']]>', '=', ':', '@', '-----END PRIVATE KEY-----'];
  for (let i = 0; i < 300; i++) {
    let t = base;
    for (let k = 0; k < 1 + Math.floor(rnd() * 6); k++) {
      const at = Math.floor(rnd() * t.length);
      const op = rnd();
      if (op < 0.4) t = t.slice(0, at) + noise[Math.floor(rnd() * noise.length)] + t.slice(at);
      else if (op < 0.7) t = t.slice(0, at) + t.slice(at + 1 + Math.floor(rnd() * 20));
      else t = t.slice(0, at);
    }
    const options = { bodies: rnd() < 0.5, pseudonymizeJids: rnd() < 0.5 };
    const r = redactTrace(t, options);
    assert.equal(lineCount(r.text), lineCount(t), `mutation ${i}`);
    for (const x of r.removed) assert.ok(x.span.start >= 0 && x.span.end <= t.length && x.span.start <= x.span.end, `mutation ${i}: span in range`);
  }
});
