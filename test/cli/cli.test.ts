// The CLI as a user and CI run it: the bundled dist/cli.js, exit codes, the three formats, and the
// seal/unseal round trip with OpenSSL as the peer in both directions.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cpim, makePeer, smimeEncrypt, smimeSign, stanza, stream, type Peer } from '../e2e/opensslStanzas';

const repo = join(__dirname, '..', '..');
const cliPath = join(repo, 'dist', 'cli.js');
let dir: string;
let p: Peer;

function cli(args: string[], input?: string) {
  const r = spawnSync(process.execPath, [cliPath, ...args], { cwd: dir, input, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function openssl(args: string[]) {
  return spawnSync('openssl', args, { cwd: dir, encoding: 'utf8' });
}

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'xmpp-e2e-cli-'));
  p = makePeer();
  const r = cli(['keygen', '--out', 'ids', '--jid', 'juliet@example.com', '--jid', 'romeo@example.net']);
  assert.equal(r.code, 0, r.stderr);
});
after(() => {
  rmSync(dir, { recursive: true, force: true });
  p.ws.cleanup();
});

describe('inspect', () => {
  test('JSON: stanza and object counts, 0-based ranges, exit 1 on errors', () => {
    const T = Date.now();
    const good = stanza('message', { from: 'juliet@example.com/a', to: 'romeo@example.net', id: 'g' }, smimeSign(p, p.juliet, cpim('juliet@example.com', 'romeo@example.net', new Date(T).toISOString())));
    const bad = good.replace("id='g'", "id='b'").replace('Wherefore', 'Therefore');
    writeFileSync(join(dir, 'trace.xml'), stream(good, "<iq type='get' id='x'><ping xmlns='urn:xmpp:ping'/></iq>", bad));
    const r = cli(['inspect', '--format', 'json', '--trust', p.ca.certPath, 'trace.xml']);
    assert.equal(r.code, 1, r.stderr);
    const out = JSON.parse(r.stdout);
    assert.equal(out.files.length, 1);
    const f = out.files[0];
    assert.equal(f.path, 'trace.xml');
    assert.equal(f.stanzas, 3);
    assert.equal(f.objects.length, 2);
    assert.equal(f.objects[0].signers[0].signature, 'valid');
    assert.equal(f.objects[1].signers[0].signature, 'invalid');
    const inv = f.diagnostics.find((d: { code: string }) => d.code === 'e2e.sig.invalid');
    assert.ok(inv);
    assert.equal(inv.severity, 'error');
    assert.ok(inv.range.start.line >= 3, 'line of the second object (0-based)');
    assert.equal(typeof inv.range.start.character, 'number');
  });

  test('text: file:line:col - severity code: message, then a summary; exit 0 when clean', () => {
    writeFileSync(join(dir, 'plain.xml'), stream("<message to='romeo@example.net' id='1'><body>hi</body></message>"));
    const r = cli(['inspect', 'plain.xml']);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout.trim().split('\n').pop()!, /^1 file, 1 stanza, 0 e2e objects: 0 errors/);
    writeFileSync(join(dir, 'broken.xml'), stream("<message to='romeo@example.net' id='1'><body>hi</bdy></message>"));
    const b = cli(['inspect', 'broken.xml']);
    assert.equal(b.code, 1);
    assert.match(b.stdout, /^broken\.xml:\d+:\d+ - error xml\.malformed: /m);
  });

  test('SARIF 2.1.0 with rules and 1-based regions', () => {
    writeFileSync(join(dir, 'broken.xml'), stream("<message to='romeo@example.net' id='1'><body>hi</bdy></message>"));
    const r = cli(['inspect', '--format', 'sarif', 'broken.xml']);
    const sarif = JSON.parse(r.stdout);
    assert.equal(sarif.version, '2.1.0');
    const run = sarif.runs[0];
    assert.equal(run.tool.driver.name, 'xmpp-e2e');
    assert.ok(run.tool.driver.rules.some((x: { id: string }) => x.id === 'xml.malformed'));
    const res = run.results.find((x: { ruleId: string }) => x.ruleId === 'xml.malformed');
    assert.equal(res.level, 'error');
    assert.ok(res.locations[0].physicalLocation.region.startLine >= 1);
  });

  test('bad usage and unreadable input exit 2 with one line on stderr', () => {
    const u = cli(['inspect', '--format', 'yaml', 'x.xml']);
    assert.equal(u.code, 2);
    assert.equal(u.stderr.trim().split('\n').length, 1);
    const m = cli(['inspect', 'does-not-exist.xml']);
    assert.equal(m.code, 2);
    assert.match(m.stderr, /cannot read does-not-exist\.xml/);
  });
});

describe('seal and unseal against OpenSSL', () => {
  test('what seal writes, openssl cms opens: decrypt with romeo, verify against the keygen CA', () => {
    writeFileSync(join(dir, 'plain.xml'), "<message from='juliet@example.com/balcony' to='romeo@example.net' type='chat' id='s1'><body>Sealed by the CLI</body></message>\n");
    const r = cli(['seal', '--sign', '--encrypt', '--keys', 'ids', 'plain.xml']);
    assert.equal(r.code, 0, r.stderr);
    assert.ok(!r.stdout.includes('Sealed by the CLI'), 'no plaintext left outside');
    const cdata = /<!\[CDATA\[([\s\S]*?)\]\]>/.exec(r.stdout)![1].replace(/^\r?\n/, '');
    writeFileSync(join(dir, 'enveloped.eml'), cdata);
    const dec = openssl(['cms', '-decrypt', '-in', 'enveloped.eml', '-recip', 'ids/romeo@example.net.crt', '-inkey', 'ids/romeo@example.net.key', '-out', 'signed.eml']);
    assert.equal(dec.status, 0, dec.stderr);
    const ver = openssl(['cms', '-verify', '-in', 'signed.eml', '-CAfile', 'ids/trust/ca.crt', '-out', 'inner.txt']);
    assert.equal(ver.status, 0, ver.stderr);
    const inner = readFileSync(join(dir, 'inner.txt'), 'utf8');
    assert.match(inner, /Message\/CPIM/i);
    assert.match(inner, /From: <im:juliet@example\.com>/);
    assert.match(inner, /Sealed by the CLI/);

    writeFileSync(join(dir, 'sealed.xml'), r.stdout);
    const u = cli(['unseal', '--keys', 'ids', '--trust', 'ids/trust', 'sealed.xml']);
    assert.equal(u.code, 0, u.stderr);
    assert.match(u.stdout, /signature=valid/);
    assert.match(u.stdout, /Sealed by the CLI/);
  });

  test('seal refuses with one line and exit 2 when no key binds the from', () => {
    writeFileSync(join(dir, 'other.xml'), "<message from='nobody@example.org' to='romeo@example.net'><body>x</body></message>");
    const r = cli(['seal', '--sign', '--keys', 'ids', 'other.xml']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /nobody@example\.org/);
    assert.equal(r.stdout, '');
  });

  test('what openssl cms seals, unseal opens; an altered ciphertext shows no plaintext', () => {
    const T = new Date().toISOString();
    const signed = smimeSign(p, p.juliet, cpim('juliet@example.com', 'romeo@example.net', T, 'From OpenSSL with love'));
    const sealed = stanza('message', { from: 'juliet@example.com/balcony', to: 'romeo@example.net' }, smimeEncrypt(p, [p.romeo], signed));
    writeFileSync(join(dir, 'ossl.xml'), sealed);
    const keyArgs = ['--keys', p.romeo.keyPath, '--keys', p.romeo.certPath, '--trust', p.ca.certPath];
    const u = cli(['unseal', ...keyArgs, 'ossl.xml']);
    assert.equal(u.code, 0, u.stderr);
    assert.match(u.stdout, /From OpenSSL with love/);
    assert.match(u.stdout, /trust=trusted identity=bound/);

    // Flip one base64 character in the last line of the enveloped body (the final cipher block).
    const lines = sealed.split('\n');
    const i = lines.findIndex((l, k) => k > 3 && /^[A-Za-z0-9+/]{20,}=*$/.test(l.trim()) && !/^[A-Za-z0-9+/]{20,}=*$/.test((lines[k + 1] ?? '').trim()));
    const l = lines[i];
    const pos = Math.floor(l.length / 2);
    lines[i] = l.slice(0, pos) + (l[pos] === 'A' ? 'B' : 'A') + l.slice(pos + 1);
    writeFileSync(join(dir, 'altered.xml'), lines.join('\n'));
    const bad = cli(['unseal', ...keyArgs, 'altered.xml']);
    assert.equal(bad.code, 1);
    assert.doesNotMatch(bad.stdout, /From OpenSSL with love/);
    assert.match(bad.stderr, /refused/);
  });

  test('a flipped byte in the signed part is refused, and shown only with --force, marked', () => {
    const T = new Date().toISOString();
    const signed = smimeSign(p, p.juliet, cpim('juliet@example.com', 'romeo@example.net', T, 'pay 10 euros'));
    writeFileSync(join(dir, 'tampered.xml'), stanza('message', { from: 'juliet@example.com', to: 'romeo@example.net' }, signed.replace('pay 10', 'pay 90')));
    const keyArgs = ['--keys', p.romeo.keyPath, '--keys', p.romeo.certPath];
    const r = cli(['unseal', ...keyArgs, 'tampered.xml']);
    assert.equal(r.code, 1);
    assert.doesNotMatch(r.stdout, /pay 90/);
    const f = cli(['unseal', '--force', ...keyArgs, 'tampered.xml']);
    assert.notEqual(f.code, 0);
    assert.match(f.stdout, /UNVERIFIED/);
    assert.match(f.stdout, /pay 90/);
  });
});

describe('keygen', () => {
  test('a test CA and per-JID keys whose certificates openssl verifies and shows with XmppAddr', () => {
    const v = openssl(['verify', '-CAfile', 'ids/trust/ca.crt', 'ids/juliet@example.com.crt']);
    assert.equal(v.status, 0, v.stderr);
    const t = openssl(['x509', '-in', 'ids/juliet@example.com.crt', '-noout', '-text']);
    assert.match(t.stdout, /othername: ?XmppAddr::juliet@example\.com/i);
    assert.match(t.stdout, /URI:im:juliet@example\.com/);
    assert.match(readFileSync(join(dir, 'ids', 'juliet@example.com.key'), 'utf8'), /^-----BEGIN PRIVATE KEY-----/);
  });
});
