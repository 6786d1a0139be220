import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { listKeyFiles, loadKeyStore } from '../../server/src/node/loadKeyStore';
import { tempDir, writeIdentities } from './testBed';

test('a keygen directory: identities from the folder, anchors only from trust/', async () => {
  const bed = tempDir('load');
  try {
    const ws = bed.path('.xmpp-e2e');
    mkdirSync(ws);
    writeIdentities(ws, ['juliet@example.com', 'romeo@example.net']);
    writeFileSync(join(ws, 'README.md'), 'not a key\n');
    const store = await loadKeyStore([ws], [join(ws, 'trust')], () => undefined);
    assert.deepEqual(store.problems, []);
    // ca.crt + two identities; trust/ca.crt is not loaded a second time as an entry.
    assert.equal(store.entries.length, 3);
    assert.ok(store.entries.every((e) => !e.path.includes(`${join('.xmpp-e2e', 'trust')}`)));
    assert.equal(store.anchors.length, 1);
    assert.ok(store.anchors[0].isCA);
    assert.ok(store.forJid('juliet@example.com')[0].privateKey);
    assert.ok(store.forJid('romeo@example.net')[0].privateKey);

    const listed = listKeyFiles([ws]).map((p) => p.slice(ws.length + 1)).sort();
    assert.deepEqual(listed, ['ca.crt', 'ca.key', 'juliet@example.com.crt', 'juliet@example.com.key', 'romeo@example.net.crt', 'romeo@example.net.key']);
    assert.deepEqual(listKeyFiles([join(ws, 'trust')]).map((p) => p.slice(ws.length + 1)), [join('trust', 'ca.crt')]);
  } finally {
    bed.cleanup();
  }
});

test('one level of subdirectories; explicit files of any extension; missing paths become problems', async () => {
  const bed = tempDir('load2');
  try {
    mkdirSync(bed.path('keys/juliet'), { recursive: true });
    mkdirSync(bed.path('keys/juliet/deeper'), { recursive: true });
    mkdirSync(bed.path('other'));
    writeIdentities(bed.path('keys/juliet'), ['juliet@example.com'], { ca: false });
    writeIdentities(bed.path('keys/juliet/deeper'), ['nurse@example.com'], { ca: false });
    writeIdentities(bed.path('other'), ['romeo@example.net'], { ca: false });
    const explicit = bed.path('other/romeo.certificate');
    writeFileSync(explicit, '');
    const missing = bed.path('nope');
    const store = await loadKeyStore([bed.path('keys'), bed.path('other/romeo@example.net.crt'), missing], [], () => undefined);
    assert.ok(store.forJid('juliet@example.com')[0]?.privateKey, 'one level down is scanned');
    assert.deepEqual(store.forJid('nurse@example.com'), [], 'two levels down is not');
    assert.equal(store.forJid('romeo@example.net').length, 1, 'an explicitly named file is read');
    assert.deepEqual(store.problems, [{ path: missing, reason: 'cannot read: no such file or directory' }]);

    const junk = await loadKeyStore([explicit], [], () => undefined);
    assert.deepEqual(junk.problems.map((p) => p.reason), ['not a certificate or key (empty file)']);
  } finally {
    bed.cleanup();
  }
});
