// Runs the TextMate grammar tests (test/grammar/*.test.{xmpp,cpim,pidf,txt}, `^` assertions) through
// vscode-tmgrammar-test with every grammar the manifest contributes, and checks that a wrong
// assertion does fail (so a passing run means something).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..', '..');
const runner = join(root, 'node_modules', 'vscode-tmgrammar-test', 'dist', 'unit.js');
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  contributes: { grammars: { path: string; scopeName: string; language?: string }[]; languages: { id: string }[] };
};
const grammarArgs = manifest.contributes.grammars.flatMap((g) => ['-g', join(root, g.path)]);

function run(pattern: string) {
  return spawnSync(process.execPath, [runner, '--compact', ...grammarArgs, pattern], { cwd: root, encoding: 'utf8' });
}

test('every contributed grammar file exists and declares the scope the manifest names', () => {
  for (const g of manifest.contributes.grammars) {
    const file = join(root, g.path);
    assert.ok(existsSync(file), `${g.path} missing`);
    const json = JSON.parse(readFileSync(file, 'utf8')) as { scopeName: string };
    assert.equal(json.scopeName, g.scopeName);
  }
  const languages = manifest.contributes.languages.map((l) => l.id).sort();
  assert.deepEqual(languages, ['cpim', 'pidf', 'xmpp-e2e-decoded', 'xmpp-trace']);
  for (const id of languages) assert.ok(manifest.contributes.grammars.some((g) => g.language === id), `no grammar for ${id}`);
});

for (const file of ['trace.test.xmpp', 'cpim.test.cpim', 'pidf.test.pidf', 'decoded.test.txt']) {
  test(`grammar assertions pass: ${file}`, () => {
    const r = run(join('test', 'grammar', file));
    assert.equal(r.status, 0, `${r.stdout}\n${r.stderr}`);
    assert.match(r.stdout, /successfu/);
  });
}

test('a wrong scope assertion makes the grammar test fail', () => {
  const dir = mkdtempSync(join(tmpdir(), 'xmpp-grammar-'));
  try {
    const bad = join(dir, 'bad.test.xmpp');
    writeFileSync(bad, '<!-- SYNTAX TEST "source.xmpp-trace" "negative control"\nFri Dec 14 13:53:42 2012 - SENT: - <iq/>\n<!--                         ^^^^ keyword.control.direction.in.xmpp-trace\n');
    const r = run(bad);
    assert.notEqual(r.status, 0, 'the runner accepted a wrong assertion');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
