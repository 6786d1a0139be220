// Kept values own their memory: a short string is not a slice of its document, a small decoded
// object's bytes are not a view of Node's shared 8 KB Buffer pool (a kept signature or digest,
// a view of those bytes, would keep the whole slab alive).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ownBytes, ownCopy, SharedStrings } from '../../server/src/core/ownCopy';
import { decodeBase64Body, parseMimeEntity } from '../../server/src/core/mime/mimeEntity';
import { classifyPayload } from '../../server/src/core/e2e/payloadKind';
import { shiftMap } from '../../server/src/core/offsetMap';

const owns = (b: Uint8Array) => b.byteOffset === 0 && b.buffer.byteLength === b.length;

test('ownBytes: a pooled Buffer is copied into memory of its own, an owning one is returned as is', () => {
  const pooled = Buffer.from('aGVsbG8gd29ybGQ=', 'base64');
  assert.equal(owns(pooled), false, 'Node pools small Buffers (the premise of ownBytes)');
  const own = ownBytes(pooled);
  assert.ok(owns(own));
  assert.deepEqual(own, pooled);
  assert.equal(ownBytes(own), own);
  const view = Buffer.alloc(64).subarray(8, 24);
  assert.ok(owns(ownBytes(view)) && ownBytes(view).length === 16);
});

test('ownCopy: equal text, and a string of its own', () => {
  const doc = 'x'.repeat(100) + 'juliet@example.com/balcony' + 'y'.repeat(100);
  assert.equal(ownCopy(doc.slice(100, 126)), 'juliet@example.com/balcony');
  assert.equal(ownCopy('short'), 'short');
});

test('SharedStrings: equal text for each string read, within its bounds and past them', () => {
  const doc = 'x'.repeat(100) + 'juliet@example.com/balcony' + 'romeo@example.net/orchard' + 'y'.repeat(100);
  const shared = new SharedStrings(1, 30);
  const a = doc.slice(100, 126);
  const b = doc.slice(126, 151);
  assert.equal(shared.of(a), 'juliet@example.com/balcony');
  assert.equal(shared.of(doc.slice(100, 126)), 'juliet@example.com/balcony');
  assert.equal(shared.of(b), 'romeo@example.net/orchard', 'past the bound: a copy of its own, still equal');
  assert.equal(shared.of(doc.slice(0, 126)), doc.slice(0, 126), 'longer than maxChars: as given');
});

test('decoded objects own their bytes: a base64 MIME body and a bare base64 payload', () => {
  const der = Buffer.from([0x30, 0x80, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x02, 0, 0]).toString('base64');
  const mime = `Content-Type: application/pkcs7-mime; smime-type=signed-data\r\nContent-Transfer-Encoding: base64\r\n\r\n${der}\r\n`;
  const body = decodeBase64Body(parseMimeEntity(mime, shiftMap(0)));
  assert.ok(body.ok && body.bytes.length === 15 && owns(body.bytes));
  const bare = classifyPayload(der);
  assert.equal(bare.kind, 'base64');
  assert.ok(bare.kind === 'base64' && owns(bare.bytes));
});
