// Part 3 of `npm run bench`: redaction of a ~10 MB capture full of secrets (SASL exchanges,
// registrations, bodies, URL credentials in log lines), against its floor: parsing the same
// capture (parseTrace), measured in the same run.
import { parseTrace } from '../server/src/core/trace/parseTrace';
import { redactTrace } from '../server/src/core/redact/redactTrace';

function entry(i: number): string {
  const b64 = Buffer.from(`\0user${i % 50}\0pw-${(i * 7919) % 100000}`).toString('base64');
  switch (i % 5) {
    case 0:
      return `<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>${b64}</auth>`;
    case 1:
      return `<iq type='set' id='r${i}'><query xmlns='jabber:iq:register'><username>user${i % 50}</username><password>pw-${i}</password></query></iq>`;
    case 2:
      return `<message from='user${i % 50}@example.com/res${i % 3}' to='user${(i + 1) % 50}@example.net' type='chat' id='m${i}'><body>Hello number ${i}, see https://files.example.com/${i}?token=t${i}x</body></message>`;
    case 3:
      return `<!-- sql: jdbc:postgresql://db/x?user=app&password=secret${i} -->`;
    default:
      return `<presence from='user${i % 50}@example.com/res${i % 3}'><status>away ${i}</status></presence>`;
  }
}

function best(fn: () => unknown, runs: number): number {
  let b = Infinity;
  for (let r = 0; r < runs; r++) {
    (globalThis as { gc?: () => void }).gc?.();
    const t0 = process.hrtime.bigint();
    fn();
    b = Math.min(b, Number(process.hrtime.bigint() - t0) / 1e6);
  }
  return b;
}

export function benchRedact(count: number, runs = 3): { mb: number; parseMs: number; redactMs: number; allMs: number; removed: number } {
  const parts = ["<?xml version='1.0'?><stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' to='example.com' version='1.0'>"];
  for (let i = 0; i < count; i++) parts.push(entry(i));
  const text = parts.join('\n') + '\n';
  const removed = redactTrace(text).removed.length; // warm-up and sanity
  if (removed < count * 0.6) throw new Error(`redaction sanity check failed: ${removed} values for ${count} entries`);
  return {
    mb: Buffer.byteLength(text) / 1e6,
    parseMs: best(() => parseTrace(text), runs),
    redactMs: best(() => redactTrace(text), runs),
    allMs: best(() => redactTrace(text, { bodies: true, pseudonymizeJids: true }), runs),
    removed,
  };
}
