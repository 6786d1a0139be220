// The stdio reader parses large messages in steps: it must read exactly what JSON.parse reads
// (escapes, surrogate pairs escaped and raw, multi-byte UTF-8, quotes and backslashes next to a
// slice's edge, long keys), deliver messages in the order they came however the bytes are
// chunked, and keep reading after a bad message.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { parseJsonInSteps, STEP_LIMITS, type StepLimits } from '../../server/src/lsp/steppedJson';
import { SteppedMessageReader, STEPPED_BODY_BYTES } from '../../server/src/lsp/steppedMessageReader';

let seed = 3923;
const rnd = (n: number) => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0), seed % n);
const pieces = ['<', '>', ' ', 'a', 'é', '😀', '"', '\\', '\n', '\r\n', '\t', '\u0001', '\u2028', "'", '/', 'u00', '\uD83D', 'xmlns'];
const words = (n: number) => Array.from({ length: n }, () => pieces[rnd(pieces.length)]).join('');

function randomValue(depth: number): unknown {
  switch (rnd(depth > 2 ? 4 : 7)) {
    case 0: return words(rnd(40));
    case 1: return rnd(1000) - 500;
    case 2: return [true, false, null][rnd(3)];
    case 3: return words(200 + rnd(3000)); // long, under small limits
    case 4: return Array.from({ length: rnd(4) }, () => randomValue(depth + 1));
    default: {
      const o: Record<string, unknown> = {};
      for (let k = rnd(4); k > 0; k--) o[rnd(5) === 0 ? words(300) : words(3)] = randomValue(depth + 1);
      return o;
    }
  }
}

let pauses = 0;
const pause = async () => { pauses++; };

test('parseJsonInSteps reads what JSON.parse reads, at small limits', async () => {
  const limits: StepLimits = { longString: 64, stepBytes: 37, stepQuotes: 5 };
  for (let round = 0; round < 400; round++) {
    const value = { jsonrpc: '2.0', method: 'x', params: randomValue(0) };
    const text = JSON.stringify(value, undefined, rnd(2) ? 0 : 1);
    const bytes = Buffer.from(text, 'utf8');
    assert.deepEqual(await parseJsonInSteps(bytes, pause, limits), JSON.parse(text), `round ${round}`);
  }
});

test('parseJsonInSteps takes a 6 MB didOpen in many steps and gets its text exactly', async () => {
  const text = Array.from({ length: 60_000 }, (_, i) => `<message to="a@b/r${i}" id='${i}'><body>é😀 \\ "q" ${i}</body></message>\r\n`).join('');
  const body = Buffer.from(JSON.stringify({ jsonrpc: '2.0', method: 'textDocument/didOpen', params: { textDocument: { uri: 'file:///t.xml', languageId: 'xmpp-trace', version: 1, text } } }));
  pauses = 0;
  const parsed = (await parseJsonInSteps(body, pause, STEP_LIMITS)) as { params: { textDocument: { text: string } } };
  assert.equal(parsed.params.textDocument.text, text);
  assert.ok(pauses >= body.length / STEP_LIMITS.stepBytes, `${pauses} pauses for ${body.length} bytes`);
});

test('parseJsonInSteps rejects what JSON.parse rejects', async () => {
  for (const bad of ['{"a": "unterminated', '{"a": 1,}', `{"a": "${'x'.repeat(100)}\\q"}`]) {
    await assert.rejects(parseJsonInSteps(Buffer.from(bad), pause, { longString: 16, stepBytes: 8, stepQuotes: 2 }));
  }
});

function frame(message: unknown): Buffer {
  const body = Buffer.from(JSON.stringify(message), 'utf8');
  return Buffer.concat([Buffer.from(`Content-Length: ${body.length}\r\nContent-Type: application/vscode-jsonrpc; charset=utf-8\r\n\r\n`, 'ascii'), body]);
}

async function readAll(bytes: Buffer, expected: number, chunkSizes: () => number): Promise<{ messages: unknown[]; errors: Error[] }> {
  const input = new PassThrough();
  const reader = new SteppedMessageReader(input);
  const messages: unknown[] = [];
  const errors: Error[] = [];
  reader.onError((e) => errors.push(e));
  const done = new Promise<void>((resolve) => {
    reader.listen((m) => { messages.push(m); if (messages.length === expected) resolve(); });
  });
  for (let at = 0; at < bytes.length;) {
    const n = Math.max(1, chunkSizes());
    input.write(bytes.subarray(at, at + n));
    at += n;
    if (rnd(3) === 0) await new Promise((r) => setImmediate(r));
  }
  await done;
  return { messages, errors };
}

test('the reader delivers every message in order, however the bytes are chunked', async () => {
  const big = { jsonrpc: '2.0', method: 'textDocument/didOpen', params: { textDocument: { text: 'é<a/> "x"\\'.repeat(STEPPED_BODY_BYTES / 8) } } };
  const sent = [{ jsonrpc: '2.0', id: 1, method: 'initialize', params: { é: '😀' } }, big, { jsonrpc: '2.0', id: 2, method: 'ping' }, big, { jsonrpc: '2.0', method: 'exit' }];
  const bytes = Buffer.concat(sent.map(frame));
  for (const sizes of [() => 65_536, () => 1 + rnd(300_000), () => bytes.length]) {
    const { messages, errors } = await readAll(bytes, sent.length, sizes);
    assert.deepEqual(errors, []);
    assert.deepEqual(messages, sent);
  }
  const small = sent.filter((m) => m !== big);
  const { messages } = await readAll(Buffer.concat(small.map(frame)), small.length, () => 1 + rnd(7));
  assert.deepEqual(messages, small);
});

test('a message that is not JSON is reported and the next one is still read', async () => {
  const good = { jsonrpc: '2.0', id: 7, method: 'ping' };
  const bytes = Buffer.concat([Buffer.from('Content-Length: 5\r\n\r\n{oops'), frame(good)]);
  const { messages, errors } = await readAll(bytes, 1, () => 3);
  assert.equal(errors.length, 1);
  assert.deepEqual(messages, [good]);
});

test('the end of the input closes the reader once', async () => {
  const input = new PassThrough();
  const reader = new SteppedMessageReader(input);
  let closed = 0;
  reader.onClose(() => closed++);
  reader.listen(() => undefined);
  input.end(frame({ jsonrpc: '2.0', method: 'exit' }));
  await new Promise((r) => setTimeout(r, 50));
  assert.equal(closed, 1);
});
