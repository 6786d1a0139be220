// `xmpp-e2e redact` and `xmpp-e2e decode` as a user runs them (the bundled dist/cli.js): the
// redacted file and its report, the decoded view, the ASN.1 tree and certificate path, and the
// printed openssl commands, run, agreeing with our verdicts on clean, tampered, expired and
// encrypted objects that OpenSSL made at test time.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cpim, makePeer, smimeEncrypt, smimeSign, stanza, stream, type Peer } from '../e2e/opensslStanzas';

const cliPath = join(__dirname, '..', '..', 'dist', 'cli.js');
let dir: string;
let p: Peer;
const T = Date.now() + 60_000;
const JULIET = 'juliet@example.com';
const ROMEO = 'romeo@example.net';

function cli(args: string[]) {
  const r = spawnSync(process.execPath, [cliPath, ...args], { cwd: dir, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'xmpp-e2e-decode-'));
  p = makePeer();
  const msg = (i: number, body = 'Wherefore art thou?') => cpim(JULIET, ROMEO, new Date(T + i * 1000).toISOString(), body);
  const attrs = (id: string) => ({ from: `${JULIET}/balcony`, to: `${ROMEO}/orchard`, type: 'chat', id });
  writeFileSync(
    join(dir, 'objects.xml'),
    stream(
      stanza('message', attrs('clean'), smimeSign(p, p.juliet, msg(0), { md: 'sha256' })),
      stanza('message', attrs('tampered'), smimeSign(p, p.juliet, msg(1, 'at nine'), { md: 'sha256' }).replace('at nine', 'at ten')),
      stanza('message', attrs('expired'), smimeSign(p, p.expired, msg(2), { md: 'sha256' })),
      stanza('message', attrs('encrypted'), smimeEncrypt(p, [p.romeo], smimeSign(p, p.juliet, msg(3), { md: 'sha256', opaque: true }))),
      stanza('message', attrs('opaque'), smimeSign(p, p.juliet, msg(4), { md: 'sha256', opaque: true })),
    ),
  );
});
after(() => {
  rmSync(dir, { recursive: true, force: true });
  p.ws.cleanup();
});

const keyArgs = () => ['--keys', p.romeo.keyPath, '--keys', p.romeo.certPath, '--now', new Date(T + 2000).toISOString()];

interface Printed {
  command: string;
  expected: 'success' | 'failure';
}

function printedCommands(stdout: string): Printed[] {
  const out: Printed[] = [];
  const lines = stdout.split('\n');
  lines.forEach((l, i) => {
    if (l === 'command:') out.push({ command: lines[i + 1].trim(), expected: /^expected: success/.test(lines[i + 2]) ? 'success' : 'failure' });
  });
  return out;
}

function statuses(trust: string[]): string[] {
  const r = cli(['inspect', '--format', 'json', ...keyArgs(), ...trust, 'objects.xml']);
  return JSON.parse(r.stdout).files[0].objects.map((o: { status: string; signers: { signature: string }[] }) => `${o.status}:${o.signers.map((s) => s.signature).join(',')}`);
}

describe('decode --openssl: the printed commands, run, agree with the verdicts', () => {
  for (const trusted of [true, false]) {
    test(trusted ? 'with trust anchors (-CAfile, -attime)' : 'without trust anchors (-noverify)', () => {
      const trust = trusted ? ['--trust', p.ca.certPath] : [];
      const out = join(dir, trusted ? 'repro-trusted' : 'repro-plain');
      const r = cli(['decode', '--openssl', '--out-dir', out, ...keyArgs(), ...trust, 'objects.xml']);
      assert.equal(r.code, 0, r.stderr);
      const printed = printedCommands(r.stdout);
      assert.equal(printed.length, 5);
      // Our verdicts: signature valid / invalid, the expired signer only fails with anchors and -attime.
      assert.deepEqual(statuses(trust).map((s) => s.split(':')[1]), ['valid', 'invalid', 'valid', 'valid', 'valid']);
      const expected = trusted ? ['success', 'failure', 'failure', 'success', 'success'] : ['success', 'failure', 'success', 'success', 'success'];
      assert.deepEqual(printed.map((x) => x.expected), expected);
      printed.forEach((x, i) => {
        assert.match(x.command, /^openssl cms -(verify|decrypt) /);
        if (trusted) assert.match(x.command, /-CAfile \S+anchors\.pem -purpose any -attime \d+/);
        else assert.match(x.command, /-noverify/);
        const run = spawnSync('sh', ['-c', x.command], { cwd: dir, encoding: 'utf8' });
        assert.equal(run.status === 0 ? 'success' : 'failure', x.expected, `object ${i + 1}: ${x.command}\n${run.stderr}`);
      });
      assert.match(printed[3].command, / -decrypt .* -recip \S+recipient\.pem -inkey \S+romeo\.key \| openssl cms -verify /);
      assert.ok(existsSync(join(out, 'object-1.eml')) && existsSync(join(out, 'object-4.p7m')));
      assert.ok(!readdirText(out).includes('PRIVATE KEY'), 'no private key is ever copied');
    });
  }
});

function readdirText(d: string): string {
  return spawnSync('sh', ['-c', `cat ${d}/*`], { encoding: 'utf8' }).stdout;
}

describe('decode', () => {
  test('plain: the decoded view of each object; --index picks one', () => {
    const r = cli(['decode', ...keyArgs(), '--index', '2', 'objects.xml']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^XMPP E2E object 2 of 5/);
    assert.match(r.stdout, /== Verdict/);
    assert.equal(cli(['decode', '--index', '9', 'objects.xml']).code, 2);
  });

  test('--asn1: the tree with OID names, BER noted, and file positions', () => {
    const r = cli(['decode', '--asn1', ...keyArgs(), '--index', '4', 'objects.xml']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /-- CMS object 1: application\/pkcs7-mime; smime-type=enveloped-data, \d+ bytes \(offsets in the DER; @ line:column in the file\)/);
    assert.match(r.stdout, /OBJECT IDENTIFIER: 1\.2\.840\.113549\.1\.7\.3 envelopedData {2}@ \d+:\d+-\d+:\d+/);
    // The SignedData that came out of the envelope: no place in the file.
    assert.match(r.stdout, /-- CMS object 2: .*signed-data.*not in the file as is/);
    assert.match(r.stdout, /UTF8String: "juliet@example.com"/);
  });

  test('--certs: the signer path with its checks', () => {
    const r = cli(['decode', '--certs', ...keyArgs(), '--trust', p.ca.certPath, '--index', '3', 'objects.xml']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /\[1\] signer: CN=Juliet \(expired\) \(object\)/);
    assert.match(r.stdout, /✖ validity: expired at the message time/);
    assert.match(r.stdout, /\[2\] anchor: CN=Pipeline Test CA \(trust anchor\)/);
    // With --asn1 too, the anchor (not inside the object) gets its own tree.
    const both = cli(['decode', '--certs', '--asn1', ...keyArgs(), '--trust', p.ca.certPath, '--index', '3', 'objects.xml']);
    assert.match(both.stdout, /-- certificate CN=Pipeline Test CA \(trust anchor\), \d+ bytes\n {4}0:d=0 hl=4 l= *\d+ cons: SEQUENCE/);
  });
});

describe('redact', () => {
  test('writes OUT with the report; never the original', () => {
    const pw = 'tr0ub4dor&3';
    const text = `<iq type='set' id='a'><query xmlns='jabber:iq:auth'><username>juliet</username><password>${pw.replace('&', '&amp;')}</password></query></iq>\n<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>${Buffer.from(`\0juliet\0${pw}`).toString('base64')}</auth>\n`;
    writeFileSync(join(dir, 'secrets.xml'), text);
    const r = cli(['redact', 'secrets.xml', '-o', 'shared.xml']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(readFileSync(join(dir, 'secrets.xml'), 'utf8'), text, 'original untouched');
    const out = readFileSync(join(dir, 'shared.xml'), 'utf8');
    assert.ok(!out.includes('tr0ub4dor') && !out.includes(Buffer.from(`\0juliet\0${pw}`).toString('base64')));
    assert.match(r.stdout, /1 × SASL payloads .*: line 2\b/);
    assert.match(r.stdout, /1 × passwords .*: line 1\b/);
    const same = cli(['redact', 'secrets.xml', '-o', 'secrets.xml']);
    assert.equal(same.code, 2);
    assert.match(same.stderr, /never changes the original/);
    assert.equal(readFileSync(join(dir, 'secrets.xml'), 'utf8'), text);
    assert.equal(cli(['redact', 'secrets.xml']).code, 2, '-o is required');
  });
});
