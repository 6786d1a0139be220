// On a terminal, seal --ox asks for a locked OpenPGP secret key's passphrase (not echoed) and seals
// with it. The terminal is a real pseudo-terminal (Python's pty module), the answer typed into it.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chat, cleanup, cli, gpgHome, J, oxMessages, R, repo, tempRoot, trace, type GpgHome } from './oxSealPeer';

const SECRET = 'typed on the terminal 3b1d';
let root: string;
const homes: GpgHome[] = [];

// Runs argv on a pty; when the output shows `Passphrase for`, types the answer and Enter.
const PTY = `
import os, pty, sys, select, time
argv, answer = sys.argv[2:], sys.argv[1]
pid, fd = pty.fork()
if pid == 0:
    os.execvp(argv[0], argv)
out, typed, deadline = b'', False, time.time() + 60
while time.time() < deadline:
    r, _, _ = select.select([fd], [], [], 0.2)
    if r:
        try:
            chunk = os.read(fd, 4096)
        except OSError:
            break
        if not chunk:
            break
        out += chunk
    if not typed and b'Passphrase for' in out:
        os.write(fd, answer.encode() + b'\\r')
        typed = True
_, status = os.waitpid(pid, 0)
sys.stdout.buffer.write(out)
sys.exit(os.waitstatus_to_exitcode(status))
`;

before(() => {
  root = tempRoot('ox-tty-');
  const pass = join(root, 'pass.txt');
  writeFileSync(pass, SECRET, { mode: 0o600 });
  assert.equal(cli(['keygen', '--openpgp', '--out', join(root, 'keys'), '--jid', J, '--passphrase-file', pass]).code, 0);
  assert.equal(cli(['keygen', '--openpgp', '--out', join(root, 'keys'), '--jid', R]).code, 0);
});
after(() => cleanup(root, homes));

test('seal --ox on a terminal: asks for the locked key\'s passphrase without echoing it, then seals', { skip: spawnSync('python3', ['-c', 'import pty']).status === 0 ? false : 'python3 with pty is not available' }, () => {
  const file = join(root, 'plain.xml');
  const out = join(root, 'sealed.xml');
  writeFileSync(file, trace(chat(`${J}/balcony`, R, 't1', 'typed passphrase')));
  const r = spawnSync('python3', ['-c', PTY, SECRET, process.execPath, join(repo, 'dist', 'cli.js'), 'seal', '--ox', '--keys', join(root, 'keys'), '--out', out, file], { encoding: 'utf8', timeout: 90_000 });
  assert.equal(r.status, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /Passphrase for \S*juliet@capulet\.lit\.openpgp\.sec\.asc: /);
  assert.ok(!r.stdout.includes(SECRET), 'the passphrase is not echoed');
  const romeo = gpgHome(root, 'romeo-gpg', [join(root, 'keys', `${R}.openpgp.sec.asc`), join(root, 'keys', `${J}.openpgp.pub.asc`)]);
  homes.push(romeo);
  const d = romeo.decrypt(oxMessages(readFileSync(out, 'utf8'))[0]);
  assert.equal(d.status, 0, d.lines.join('\n'));
  assert.ok(d.lines.some((l) => l.startsWith('VALIDSIG ')));
});
