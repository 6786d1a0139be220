// The text report as a compiler prints one: colour rules (TTY, NO_COLOR, FORCE_COLOR), the source
// line with a caret under the range, the dialect per file, the empty-log note, CLI words, and one
// story per failed object (the cause first, its consequence under it) with per-code severities.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { colorEnabled } from '../../cli/src/color';

const repo = join(__dirname, '..', '..');
const cliPath = join(repo, 'dist', 'cli.js');
const KEYS = ['--keys', 'samples/.xmpp-e2e', '--trust', 'samples/.xmpp-e2e/trust'];
const TAMPERED = 'samples/traces/02-tampered-and-mismatched.xml';
const ESC = '\u001b[';

function cli(args: string[], env: Record<string, string | undefined> = {}) {
  const e: Record<string, string | undefined> = { ...process.env, NO_COLOR: undefined, FORCE_COLOR: undefined, ...env };
  for (const k of Object.keys(e)) if (e[k] === undefined) delete e[k];
  const r = spawnSync(process.execPath, [cliPath, ...args], { cwd: repo, encoding: 'utf8', env: e as NodeJS.ProcessEnv });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** The report's blocks: a headline `path:line:col - severity code: message` and the lines under it. */
function blocks(out: string): { head: string; body: string[] }[] {
  const res: { head: string; body: string[] }[] = [];
  for (const line of out.split('\n')) {
    if (/^\S+:\d+:\d+ - /.test(line)) res.push({ head: line, body: [] });
    else if (res.length && line.trim()) res[res.length - 1].body.push(line);
  }
  return res;
}

test('colour: FORCE_COLOR wins, then NO_COLOR, then a terminal that is not dumb', () => {
  assert.equal(colorEnabled(true, {}), true);
  assert.equal(colorEnabled(false, {}), false);
  assert.equal(colorEnabled(undefined, {}), false);
  assert.equal(colorEnabled(true, { TERM: 'dumb' }), false);
  assert.equal(colorEnabled(true, { NO_COLOR: '1' }), false);
  assert.equal(colorEnabled(true, { NO_COLOR: '' }), true, 'an empty NO_COLOR does not count (no-color.org)');
  assert.equal(colorEnabled(false, { FORCE_COLOR: '1' }), true);
  assert.equal(colorEnabled(false, { FORCE_COLOR: '3', NO_COLOR: '1' }), true);
  assert.equal(colorEnabled(true, { FORCE_COLOR: '0' }), false);
});

test('the CLI colours only when asked or on a terminal: pipe plain, FORCE_COLOR coloured, NO_COLOR plain', () => {
  const plain = cli(['inspect', ...KEYS, TAMPERED]);
  assert.equal(plain.code, 1);
  assert.ok(!plain.stdout.includes(ESC), 'no escape codes into a pipe');
  const forced = cli(['inspect', ...KEYS, TAMPERED], { FORCE_COLOR: '1' });
  assert.match(forced.stdout, /\u001b\[1;31merror\u001b\[22;39m/, 'errors in bold red');
  assert.equal(forced.stdout.replace(/\u001b\[[\d;]*m/g, ''), plain.stdout, 'colour changes nothing but the colour');
  assert.ok(!cli(['inspect', ...KEYS, TAMPERED], { NO_COLOR: '1' }).stdout.includes(ESC));
  assert.ok(!cli(['inspect', ...KEYS, TAMPERED], { FORCE_COLOR: '0' }).stdout.includes(ESC));
});

test('on a real terminal (script(1) gives the CLI a pty) the report is coloured, unless NO_COLOR', (t) => {
  if (spawnSync('script', ['--version']).status !== 0) return t.skip('script(1) from util-linux is not installed');
  const run = (env: string) =>
    spawnSync('script', ['-q', '-e', '-c', `${env} ${JSON.stringify(process.execPath)} ${JSON.stringify(cliPath)} inspect ${TAMPERED}`, '/dev/null'], {
      cwd: repo,
      encoding: 'utf8',
      env: { ...process.env, TERM: 'xterm-256color', NO_COLOR: '', FORCE_COLOR: '' },
    });
  const tty = run('');
  assert.equal(tty.status, 1, tty.stderr);
  assert.ok(tty.stdout.includes(ESC), 'coloured on a terminal');
  assert.ok(!run('NO_COLOR=1').stdout.includes(ESC), 'NO_COLOR=1 on a terminal: plain');
});

test('each finding shows its source line with a caret under its range', () => {
  const r = cli(['inspect', ...KEYS, TAMPERED]);
  const text = readFileSync(join(repo, TAMPERED), 'utf8').split('\n');
  const mismatch = blocks(r.stdout).find((b) => b.head.includes('e2e.jid.mismatch'));
  assert.ok(mismatch, r.stdout);
  const [, line, col] = /:(\d+):(\d+) - /.exec(mismatch.head)!.map(Number);
  const source = text[line - 1];
  assert.equal(source.slice(col - 1, col - 1 + 'mallory@'.length), 'mallory@', "the range starts at the from attribute's value");
  // `NNN | <source>` then `    | <spaces>^^^`: the caret sits under the from attribute.
  const src = mismatch.body.find((l) => l.startsWith(`${line} | `))!;
  const caret = mismatch.body[mismatch.body.indexOf(src) + 1];
  const shown = src.slice(`${line} | `.length);
  const at = caret.indexOf('^') - `${line} | `.length;
  assert.ok(at >= 0, caret);
  assert.ok(shown.slice(at).startsWith('mallory@'), `caret under the value:\n${src}\n${caret}`);
  assert.equal(caret.slice(caret.indexOf('^')).replace(/\s.*$/, '').length, 'mallory@example.org/attic'.length, `caret spans the value: ${caret}`);
});

test('the dialect of every file is printed; an empty log explains itself', () => {
  const dir = mkdtempSync(join(tmpdir(), 'xmpp-e2e-text-'));
  try {
    writeFileSync(join(dir, 'connect.log'), '10:00:01 connecting to example.net\n10:00:02 connected\n');
    const r = cli(['inspect', ...KEYS, 'samples/traces/01-clean-session.xml', 'samples/cpim/message.cpim', join(dir, 'connect.log')]);
    assert.match(r.stdout, /^samples\/traces\/01-clean-session\.xml: Psi XML console dump, 4 stanzas, 4 e2e objects \(4 verified\)$/m);
    assert.match(r.stdout, /^samples\/cpim\/message\.cpim: Message\/CPIM document$/m);
    assert.match(r.stdout, /connect\.log: no capture dialect recognised, read as XML, 0 stanzas/);
    assert.match(r.stdout, /^info: no stanza to check: .*no <message\/>, <presence\/> or <iq\/> element was found/m);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('CLI words: a missing key is a missing --keys, never a "workspace key"', () => {
  const r = cli(['inspect', 'samples/traces/01-clean-session.xml']);
  assert.match(r.stdout, /e2e\.decrypt\.noKey: No key given with --keys matches/);
  assert.doesNotMatch(r.stdout, /workspace|\(setting\)|Restricted Mode/i);
  const json = JSON.parse(cli(['inspect', '--format', 'json', 'samples/traces/01-clean-session.xml']).stdout);
  const messages = json.files[0].diagnostics.map((d: { message: string }) => d.message).join('\n');
  assert.doesNotMatch(messages, /workspace/i);
  const u = cli(['unseal', '--keys', 'samples/.xmpp-e2e/juliet@example.com.crt', 'samples/traces/01-clean-session.xml']);
  assert.equal(u.code, 1);
  assert.match(u.stderr, /refused: no key given with --keys opens this object/);
  const ok = cli(['unseal', '--keys', 'samples/.xmpp-e2e', 'samples/traces/01-clean-session.xml']);
  assert.match(ok.stdout, /key in --keys for romeo@example\.net, opened/);
  assert.doesNotMatch(u.stderr + ok.stdout, /workspace/i);
});

test('one story per tampered object: cms.sig.digestMismatch first, e2e.sig.invalid as its consequence', () => {
  const r = cli(['inspect', ...KEYS, TAMPERED]);
  const b = blocks(r.stdout);
  assert.ok(!b.some((x) => / e2e\.sig\.invalid: /.test(x.head)), 'e2e.sig.invalid is not a headline of its own');
  const digest = b.find((x) => x.head.includes('error cms.sig.digestMismatch:'));
  assert.ok(digest, r.stdout);
  assert.ok(digest.body.some((l) => /= consequence \(\d+:\d+\): error e2e\.sig\.invalid: /.test(l)), digest.body.join('\n'));
  // The forged sender: the JID mismatch is the cause, the CPIM From difference its consequence.
  const jid = b.find((x) => x.head.includes('e2e.jid.mismatch'))!;
  assert.ok(jid.body.some((l) => /consequence .*e2e\.inner\.identityMismatch/.test(l)));
  assert.match(r.stdout, /: 4 errors, /, 'the summary still counts every finding');
});

test('per-code severities: a consequence keeps its own; with its cause off it stands alone', () => {
  const lowered = cli(['inspect', ...KEYS, '--severity', 'e2e.sig.invalid=warning', TAMPERED]);
  assert.match(lowered.stdout, /= consequence \(\d+:\d+\): warning e2e\.sig\.invalid: /);
  const alone = cli(['inspect', ...KEYS, '--severity', 'cms.sig.digestMismatch=off', TAMPERED]);
  assert.ok(!alone.stdout.includes('cms.sig.digestMismatch'));
  assert.ok(blocks(alone.stdout).some((x) => /- error e2e\.sig\.invalid: /.test(x.head)), alone.stdout);
  const off = cli(['inspect', ...KEYS, '--severity', 'e2e.sig.invalid=off', '--format', 'json', TAMPERED]);
  const codes = JSON.parse(off.stdout).files[0].diagnostics.map((d: { code: string }) => d.code);
  assert.ok(codes.includes('cms.sig.digestMismatch') && !codes.includes('e2e.sig.invalid'), codes.join(', '));
  const bad = cli(['inspect', '--severity', 'e2e.sig.invalid=loud', TAMPERED]);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /--severity takes CODE=LEVEL/);
});
