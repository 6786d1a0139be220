// The examples of XEP-0027 itself (../shared/corpus, the XEP's source): a signed presence from 2002
// (a version 3 DSA signature, which the OpenPGP library does not check) and an encrypted message for
// a key nobody here holds. Each is reported for what it is, never as an invalid signature.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeDocument } from '../../server/src/core/analyze';
import { oxResolverFor, readOpenPgpKeys } from '../../server/src/node/openOx';

const SOURCE = join(__dirname, '..', '..', '..', 'shared', 'corpus', 'traces', 'xep-0027_openpgp_source.xml');

test('the XEP-0027 examples: deprecated; the v3 signature is not checked (unsupported); the message is for key 5FB8E66199E77265', { skip: existsSync(SOURCE) ? false : 'no ../shared/corpus' }, async () => {
  const src = readFileSync(SOURCE, 'utf8');
  const examples = [...src.matchAll(/<example caption='[^']*'>([\s\S]*?)<\/example>/g)].map((m) => m[1].replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&'));
  assert.equal(examples.length, 2);
  const text = examples.join('\n');
  const a = analyzeDocument(text, { kind: 'trace', now: 0, clock: () => 0, ox: await oxResolverFor(text, await readOpenPgpKeys([])) });
  assert.deepEqual(a.objects.map((o) => [o.kind, o.xep27?.type, o.status]), [['xep27', 'signed', 'failed'], ['xep27', 'encrypted', 'encrypted']]);
  assert.deepEqual(a.findings.map((f) => f.code), ['xep27.deprecated', 'xep27.sig.unsupported', 'xep27.deprecated', 'xep27.decrypt.noKey']);
  assert.match(a.findings[1].message, /version 3/);
  assert.deepEqual(a.objects[1].xep27?.recipients, ['5FB8E66199E77265']);
});
