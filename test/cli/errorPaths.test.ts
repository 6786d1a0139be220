// The CLI as a careless user meets it: every mistake is one line with the reason and exit 2, key
// files are 0600 in 0700 folders whatever the umask and never replaced without --force, a closed
// pipe ends the output quietly, and a file that cannot be read does not stop the others.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const repo = join(__dirname, '..', '..');
const cliPath = join(repo, 'dist', 'cli.js');
let dir: string;

/** Runs the bundled CLI under `umask` (through sh, so the umask is the process's own). */
function cli(args: string[], umask = '022') {
  const quoted = args.map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
  const r = spawnSync('sh', ['-c', `umask ${umask}; exec '${process.execPath}' '${cliPath}' ${quoted}`], { cwd: dir, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function mode(path: string): number {
  return statSync(join(dir, path)).mode & 0o777;
}

function assertOneLine(stderr: string, pattern: RegExp): void {
  const lines = stderr.trimEnd().split('\n');
  assert.equal(lines.length, 1, `one line expected: ${JSON.stringify(stderr)}`);
  assert.match(lines[0], pattern);
  assert.doesNotMatch(lines[0], /internal error|\bat .*\.js:\d+/);
}

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'xmpp-e2e-cli-errors-'));
  writeFileSync(join(dir, 'a.xml'), "<message from='a@example.com/r' to='b@example.com' id='m'><body>hi</body></message>\n");
});
after(() => rmSync(dir, { recursive: true, force: true }));

test('keygen with umask 000: private keys 0600, created folders 0700, certificates 0644', () => {
  const r = cli(['keygen', '--out', 'ids/nested', '--jid', 'juliet@example.com'], '000');
  assert.equal(r.code, 0, r.stderr);
  assert.equal(mode('ids'), 0o700);
  assert.equal(mode('ids/nested'), 0o700);
  assert.equal(mode('ids/nested/trust'), 0o700);
  assert.equal(mode('ids/nested/juliet@example.com.key'), 0o600);
  assert.equal(mode('ids/nested/ca.key'), 0o600);
  assert.equal(mode('ids/nested/juliet@example.com.crt'), 0o644);
});

test('keygen over existing files: refused in one line without --force; with --force the new key is 0600 even over a 0644 one', () => {
  const key = 'ids/nested/juliet@example.com.key';
  const before = readFileSync(join(dir, key), 'utf8');
  const refused = cli(['keygen', '--out', 'ids/nested', '--jid', 'juliet@example.com']);
  assert.equal(refused.code, 2);
  assertOneLine(refused.stderr, /already exist.*--force/);
  assert.equal(readFileSync(join(dir, key), 'utf8'), before, 'nothing replaced');
  chmodSync(join(dir, key), 0o644);
  const forced = cli(['keygen', '--out', 'ids/nested', '--jid', 'juliet@example.com', '--force'], '000');
  assert.equal(forced.code, 0, forced.stderr);
  assert.notEqual(readFileSync(join(dir, key), 'utf8'), before, 'a new key');
  assert.equal(mode(key), 0o600);
});

test('user mistakes are one-line reasons with exit 2, never "internal error"', () => {
  const cases: [string[], RegExp][] = [
    [['keygen', '--out', 'x', '--jid', 'not a jid@@'], /keygen: not a JID/],
    [['keygen', '--out', 'a.xml', '--jid', 'a@example.com'], /a\.xml is a file, not a folder/],
    [['inspect', '--keys', 'ids/nested', '--passphrase-file', 'missing.txt', 'a.xml'], /cannot read --passphrase-file missing\.txt: no such file/],
    [['inspect', '--keys', '/nonexistent/keys', 'a.xml'], /--keys \/nonexistent\/keys: no such file or folder/],
    [['inspect', '--trust', 'nope', 'a.xml'], /--trust nope: no such file or folder/],
    [['seal', '--keys', 'ids/nested', '--out', 'no/such/dir/out.xml', 'a.xml'], /.+/],
    [['inspect', '--format', 'yaml', 'a.xml'], /--format must be/],
  ];
  for (const [args, pattern] of cases) {
    const r = cli(args);
    assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
    assertOneLine(r.stderr, pattern);
  }
});

test('inspect: an unreadable file is reported and the others are still inspected (exit 2)', () => {
  const r = cli(['inspect', 'missing.xml', 'a.xml']);
  assert.equal(r.code, 2);
  assertOneLine(r.stderr, /cannot read missing\.xml: no such file or folder/);
  assert.match(r.stdout, /1 file, 1 stanza/);
});

test('inspect: NUL bytes and invalid UTF-8 get an error at their exact column', () => {
  writeFileSync(join(dir, 'bin.xml'), Buffer.concat([Buffer.from('<message><body>ab'), Buffer.from([0, 0]), Buffer.from('c'), Buffer.from([0xff, 0xc3]), Buffer.from('d</body></message>\n')]));
  const r = cli(['inspect', '--format', 'json', 'bin.xml']);
  assert.equal(r.code, 1, r.stderr);
  const out = JSON.parse(r.stdout);
  const found = out.files[0].diagnostics.filter((f: { code: string }) => f.code === 'input.encoding.invalid');
  assert.equal(found.length, 2);
  const text = readFileSync(join(dir, 'bin.xml'), 'utf8');
  assert.deepEqual(found.map((f: { range: { start: { character: number }; end: { character: number } } }) => [f.range.start.character, f.range.end.character]), [
    [text.indexOf('\u0000'), text.indexOf('\u0000') + 2],
    [text.indexOf('\ufffd'), text.indexOf('\ufffd') + 2],
  ]);
});

test('inspect | head -1: the closed pipe ends the CLI quietly', async () => {
  const lines = ["<stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams'>"];
  for (let i = 0; i < 20000; i++) lines.push(`<message id='m${i}'><body>fish & chips</body></message>`);
  writeFileSync(join(dir, 'many.xml'), lines.join('\n'));
  const child = spawn(process.execPath, [cliPath, 'inspect', 'many.xml'], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  // Read one chunk, then close our end of the pipe as `head -1` does.
  child.stdout.once('data', () => child.stdout.destroy());
  const code = await new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
  assert.equal(stderr, '', 'no EPIPE stack trace');
  assert.equal(code, 1, 'the exit code inspect would have had (errors found)');
});
