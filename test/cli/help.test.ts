// `--help` / `-h` / `help` everywhere (exit 0, the full synopsis from the options tables), `--version`,
// the README's CLI block equal to the generated synopses, and `seal --index` / `--all-plain`.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const repo = join(__dirname, '..', '..');
const cliPath = join(repo, 'dist', 'cli.js');
const COMMANDS = ['inspect', 'seal', 'unseal', 'keygen'];
let dir: string;

function cli(args: string[]) {
  const r = spawnSync(process.execPath, [cliPath, ...args], { cwd: dir ?? repo, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** The lines of a help page's Usage block, without the indent. */
function usageBlock(help: string): string[] {
  const m = /^Usage:\n([\s\S]*?)\n\n/m.exec(help);
  assert.ok(m, `a Usage block in:\n${help}`);
  return m[1].split('\n').map((l) => l.slice(2));
}

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'xmpp-e2e-help-'));
});
after(() => rmSync(dir, { recursive: true, force: true }));

describe('help', () => {
  test('xmpp-e2e --help, -h and help: exit 0, every command with its synopsis', () => {
    for (const args of [['--help'], ['-h'], ['help']]) {
      const r = cli(args);
      assert.equal(r.code, 0, `${args.join(' ')}: ${r.stderr}`);
      assert.equal(r.stderr, '');
      for (const c of COMMANDS) assert.match(r.stdout, new RegExp(`^  xmpp-e2e ${c} `, 'm'), `${c} in ${args.join(' ')}`);
    }
    const none = cli([]);
    assert.equal(none.code, 2, 'no command is a usage error');
    assert.match(none.stdout, /^Usage:/m);
  });

  for (const c of COMMANDS) {
    test(`xmpp-e2e ${c} --help / -h / help ${c}: exit 0, the synopsis the main help shows, every option explained`, () => {
      const main = usageBlock(cli(['--help']).stdout).join('\n');
      for (const args of [[c, '--help'], [c, '-h'], ['help', c], [c, '--bogus-before', '--help']]) {
        const r = cli(args);
        assert.equal(r.code, 0, `${args.join(' ')}: ${r.stderr}`);
        const syn = usageBlock(r.stdout).join('\n');
        assert.ok(syn.startsWith(`xmpp-e2e ${c}`), syn);
        assert.ok(main.includes(syn), `the main help shows the same synopsis:\n${syn}`);
        // Every option the synopsis names has its own line in the Options list.
        const options = syn.match(/--[a-z][a-z-]*/g) ?? [];
        assert.ok(options.length > 0);
        const list = r.stdout.slice(r.stdout.indexOf('\nOptions:\n'));
        for (const o of options) assert.match(list, new RegExp(`^\\s+(-\\w, )?${o}\\b`, 'm'), `${o} explained in ${c} --help`);
        assert.match(list, /-h, --help/);
      }
    });
  }

  test('the synopsis names the options the issue found missing', () => {
    const main = usageBlock(cli(['--help']).stdout).join('\n');
    for (const o of ['--skew', '--no-verify', '--out', '--content-only', '--self-signed', '--days', '--index', '--all-plain', '--passphrase-file']) {
      assert.ok(main.includes(o), `${o} in the synopsis`);
    }
  });

  test("the README's CLI block is the generated synopsis", () => {
    const readme = readFileSync(join(repo, 'README.md'), 'utf8');
    const block = /## CLI\n\n```sh\n([\s\S]*?)```/.exec(readme);
    assert.ok(block, 'a ```sh block under ## CLI');
    assert.equal(block[1].trimEnd(), usageBlock(cli(['--help']).stdout).join('\n'), 'README.md ## CLI: paste `xmpp-e2e --help`\'s Usage block');
  });

  test('--version prints the package version; unknown options still fail with exit 2', () => {
    const version = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8')).version;
    for (const a of ['--version', '-V']) {
      const r = cli([a]);
      assert.equal(r.code, 0);
      assert.equal(r.stdout.trim(), `xmpp-e2e ${version}`);
    }
    const bad = cli(['inspect', '-x', 'f.xml']);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /unknown option -x/);
    const bad2 = cli(['seal', '--nope']);
    assert.equal(bad2.code, 2);
    assert.match(bad2.stderr, /unknown option --nope/);
  });
});

describe('seal chooses stanzas', () => {
  const msg = (id: string) => `<message from='juliet@example.com/balcony' to='romeo@example.net' type='chat' id='${id}'><body>body ${id}</body></message>\n`;
  let trace: string;

  before(() => {
    assert.equal(cli(['keygen', '--out', 'ids', '--jid', 'juliet@example.com', '--jid', 'romeo@example.net']).code, 0);
    // Stanza 2 is sealed already, 1 and 3 are plain.
    writeFileSync(join(dir, 'three.xml'), msg('a') + msg('b') + msg('c'));
    const r = cli(['seal', '--index', '2', '--keys', 'ids', 'three.xml']);
    assert.equal(r.code, 0, r.stderr);
    trace = r.stdout;
    writeFileSync(join(dir, 'mixed.xml'), trace);
  });

  const sealedIds = (xml: string) => [...xml.matchAll(/<message [^>]*id='(\w)'>(<e2e)?/g)].filter((m) => m[2]).map((m) => m[1]);

  test('--index 2 seals only the second stanza, byte-for-byte around it', () => {
    assert.deepEqual(sealedIds(trace), ['b']);
    assert.ok(trace.startsWith(msg('a')) && trace.endsWith(msg('c')), 'the other stanzas are untouched');
  });

  test('without a choice, an already sealed stanza is refused with the way out', () => {
    const r = cli(['seal', '--keys', 'ids', 'mixed.xml']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /stanza 2: .*already sealed/);
    assert.match(r.stderr, /--index N/);
    assert.match(r.stderr, /--all-plain/);
    assert.equal(r.stdout, '');
  });

  test('--all-plain seals 1 and 3 and keeps 2 as it was; --index 1,3 and 1-1 choose as documented', () => {
    const all = cli(['seal', '--all-plain', '--keys', 'ids', 'mixed.xml']);
    assert.equal(all.code, 0, all.stderr);
    assert.deepEqual(sealedIds(all.stdout), ['a', 'b', 'c']);
    const b = /<message [^>]*id='b'>[\s\S]*?<\/message>/.exec(trace)![0];
    assert.ok(all.stdout.includes(b), 'stanza 2 kept byte for byte');
    const list = cli(['seal', '--index', '1,3', '--keys', 'ids', 'mixed.xml']);
    assert.equal(list.code, 0, list.stderr);
    assert.deepEqual(sealedIds(list.stdout), ['a', 'b', 'c']);
    const range = cli(['seal', '--index', '1-1', '--keys', 'ids', 'mixed.xml']);
    assert.deepEqual(sealedIds(range.stdout), ['a', 'b']);
  });

  test('--index out of range, malformed, or with --all-plain: exit 2 with the reason', () => {
    for (const [args, re] of [
      [['--index', '4'], /the input has 3 stanzas/],
      [['--index', '0'], /counting from 1/],
      [['--index', 'two'], /stanza numbers/],
      [['--index', '1', '--all-plain'], /exclude each other/],
    ] as const) {
      const r = cli(['seal', ...args, '--keys', 'ids', 'mixed.xml']);
      assert.equal(r.code, 2, args.join(' '));
      assert.match(r.stderr, re);
    }
  });
});
