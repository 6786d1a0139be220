// The CLI with the modern algorithms: `keygen --key` for every key type, `seal --cipher` GCM and
// `--profile`, judged by `inspect` and opened by `openssl cms` (Ed25519 signatures excepted:
// OpenSSL 3.0's CMS cannot verify them; test/interop checks those with certtool).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const cliPath = join(__dirname, '..', '..', 'dist', 'cli.js');
let dir: string;
const NOW = new Date(Math.floor(Date.now() / 1000) * 1000).toISOString();
const LATER = new Date(Date.parse(NOW) + 2000).toISOString();

function cli(args: string[]) {
  const r = spawnSync(process.execPath, [cliPath, ...args], { cwd: dir, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'xmpp-e2e-cli-modern-'));
  writeFileSync(join(dir, 'm.xml'), "<message from='juliet@example.com/b' to='romeo@example.net' type='chat'><body>Hi</body></message>\n");
});
after(() => rmSync(dir, { recursive: true, force: true }));

const KEYS = ['rsa', 'rsa-pss', 'p256', 'p384', 'ed25519'] as const;

for (const key of KEYS) {
  test(`keygen --key ${key}: openssl accepts the chain; seal (to an RSA or P-256 recipient) is clean and OpenSSL opens it`, () => {
    const ids = `ids-${key}`;
    const kg = cli(['keygen', '--out', ids, '--jid', 'juliet@example.com', '--key', key]);
    assert.equal(kg.code, 0, kg.stderr);
    const v = spawnSync('openssl', ['verify', '-CAfile', join(dir, ids, 'trust/ca.crt'), join(dir, ids, 'juliet@example.com.crt')], { encoding: 'utf8' });
    assert.match(v.stdout, /: OK/, v.stderr);
    // Romeo receives with a key that can: RSA (key transport) or P-256 (key agreement).
    const romeoKey = key === 'p256' || key === 'p384' ? 'p256' : 'rsa';
    const rk = cli(['keygen', '--out', `${ids}-romeo`, '--jid', 'romeo@example.net', '--key', romeoKey, '--self-signed']);
    assert.equal(rk.code, 0, rk.stderr);
    for (const cipher of ['aes128', 'aes256-gcm']) {
      const out = `sealed-${key}-${cipher}.xml`;
      const s = cli(['seal', '--keys', ids, '--keys', `${ids}-romeo`, '--cipher', cipher, '--now', NOW, '--out', out, 'm.xml']);
      assert.equal(s.code, 0, s.stderr);
      const i = cli(['inspect', '--keys', `${ids}-romeo`, '--keys', ids, '--trust', `${ids}/trust`, '--now', LATER, '--format', 'json', out]);
      assert.equal(i.code, 0, i.stdout);
      const report = JSON.parse(i.stdout) as { files: { objects: { status: string }[]; diagnostics: { severity: string; code: string }[] }[] };
      assert.equal(report.files[0]!.objects[0]!.status, 'verified');
      const notInfo = report.files[0]!.diagnostics.filter((f) => f.severity === 'error' || f.severity === 'warning');
      assert.deepEqual(notInfo, [], 'clean under the default profile');
      const cdata = /<!\[CDATA\[([\s\S]*?)\]\]>/.exec(readFileSync(join(dir, out), 'utf8'))![1]!;
      writeFileSync(join(dir, 'obj.eml'), cdata);
      const d = spawnSync('openssl', ['cms', '-decrypt', '-in', 'obj.eml', '-inkey', `${ids}-romeo/romeo@example.net.key`, '-recip', `${ids}-romeo/romeo@example.net.crt`, '-out', 'inner.eml'], { cwd: dir, encoding: 'utf8' });
      assert.equal(d.status, 0, d.stderr);
      if (key === 'ed25519') continue;
      const vf = spawnSync('openssl', ['cms', '-verify', '-in', 'inner.eml', '-CAfile', `${ids}/trust/ca.crt`, '-out', '/dev/null'], { cwd: dir, encoding: 'utf8' });
      assert.equal(vf.status, 0, vf.stderr);
    }
  });
}

test('seal --profile rfc3923 writes SHA-1 (clean under rfc3923, warned under the default); bad values are usage errors', () => {
  assert.equal(cli(['keygen', '--out', 'p', '--jid', 'juliet@example.com', '--jid', 'romeo@example.net']).code, 0);
  const s = cli(['seal', '--keys', 'p', '--profile', 'rfc3923', '--now', NOW, '--out', 'rfc.xml', 'm.xml']);
  assert.equal(s.code, 0, s.stderr);
  assert.match(readFileSync(join(dir, 'rfc.xml'), 'utf8'), /smime-type=enveloped-data/);
  const under = (profile?: string) => cli(['inspect', '--keys', 'p', '--trust', 'p/trust', '--now', LATER, ...(profile ? ['--profile', profile] : []), 'rfc.xml']).stdout;
  assert.doesNotMatch(under('rfc3923'), /smime\.alg\.deprecated/);
  assert.match(under(), /warning smime\.alg\.deprecated: digest sha1/);
  const g = cli(['seal', '--keys', 'p', '--profile', 'smime4', '--now', NOW, '--out', 's4.xml', 'm.xml']);
  assert.equal(g.code, 0, g.stderr);
  assert.match(readFileSync(join(dir, 's4.xml'), 'utf8'), /smime-type=authEnveloped-data/);
  for (const bad of [['inspect', '--profile', 'rfc5751', 'm.xml'], ['seal', '--keys', 'p', '--cipher', 'aes-gcm', 'm.xml'], ['keygen', '--out', 'q', '--jid', 'a@b', '--key', 'dsa']]) {
    const r = cli(bad);
    assert.equal(r.code, 2, bad.join(' '));
    assert.match(r.stderr, /must be/);
  }
});
