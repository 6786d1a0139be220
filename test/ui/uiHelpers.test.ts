// Unit tests of the UI suite's own helpers (fast, no browser): the tamper step must break the
// digest and not the CMS structure, and the openssl checker must accept a good sealed object and
// reject a tampered one. Keys and certificates are made with openssl in a temp dir.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decryptAndVerify } from './opensslCheck.mjs';
import { e2ePayloads, tamper } from './workspace.mjs';

const BODY = 'Deny thy father and refuse thy name.';

function ossl(args: string[]): string {
  return execFileSync('openssl', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

function makeIdentity(dir: string, name: string): { key: string; cert: string } {
  const key = join(dir, `${name}.key`);
  const cert = join(dir, `${name}.crt`);
  ossl(['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '2', '-subj', `/CN=${name}`]);
  return { key, cert };
}

function cpim(dir: string): string {
  const p = join(dir, 'cpim.txt');
  writeFileSync(p, `Content-type: Message/CPIM\r\n\r\nFrom: <xmpp:juliet@example.com>\r\nTo: <xmpp:romeo@example.net>\r\nDateTime: 2026-01-01T00:00:00Z\r\n\r\nContent-type: text/plain\r\n\r\n${BODY}\r\n`);
  return p;
}

function stanza(payload: string): string {
  return `<message from='juliet@example.com' to='romeo@example.net'><e2e xmlns='urn:ietf:params:xml:ns:xmpp-e2e'><![CDATA[${payload}]]></e2e></message>\n`;
}

function withDir(fn: (dir: string) => void): void {
  const dir = mkdtempSync(join(tmpdir(), 'xmpp-e2e-uihelpers-'));
  try {
    fn(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test('e2ePayloads finds each CDATA payload at its offset', () => {
  const text = stanza('AAA') + stanza('BBBB');
  const p = e2ePayloads(text);
  assert.deepEqual(p.map((x) => x.content), ['AAA', 'BBBB']);
  for (const x of p) assert.equal(text.slice(x.start, x.start + x.content.length), x.content);
});

test('tamper flips one character of clear-signed content and openssl then rejects the digest', () => {
  withDir((dir) => {
    const juliet = makeIdentity(dir, 'juliet');
    const signed = ossl(['cms', '-sign', '-in', cpim(dir), '-signer', juliet.cert, '-inkey', juliet.key, '-outform', 'SMIME']);
    const text = stanza(signed);
    const bad = tamper(text, 0, BODY);
    assert.equal(bad.length, text.length);
    assert.notEqual(bad, text);
    const obj = join(dir, 'bad.smime');
    writeFileSync(obj, e2ePayloads(bad)[0].content);
    assert.throws(() => ossl(['cms', '-verify', '-in', obj, '-CAfile', juliet.cert, '-purpose', 'any', '-out', join(dir, 'o')]), /digest|verif/i);
    const good = join(dir, 'good.smime');
    writeFileSync(good, e2ePayloads(text)[0].content);
    ossl(['cms', '-verify', '-in', good, '-CAfile', juliet.cert, '-purpose', 'any', '-out', join(dir, 'o')]);
    assert.ok(readFileSync(join(dir, 'o'), 'utf8').includes(BODY));
  });
});

test('tamper alters opaque (base64) signed data so that openssl reports a digest failure', () => {
  withDir((dir) => {
    const juliet = makeIdentity(dir, 'juliet');
    const signed = ossl(['cms', '-sign', '-nodetach', '-in', cpim(dir), '-signer', juliet.cert, '-inkey', juliet.key, '-outform', 'SMIME']);
    const bad = tamper(stanza(signed), 0, BODY);
    const obj = join(dir, 'bad.smime');
    writeFileSync(obj, e2ePayloads(bad)[0].content);
    let err = '';
    try {
      ossl(['cms', '-verify', '-in', obj, '-CAfile', juliet.cert, '-purpose', 'any', '-out', join(dir, 'o')]);
    } catch (e) {
      err = String((e as { stderr?: string }).stderr ?? e);
    }
    assert.match(err, /digest failure|content verify error/i, 'the digest check, not the parser, fails');
  });
});

test('decryptAndVerify accepts a signed-then-encrypted object and rejects the wrong recipient', () => {
  withDir((dir) => {
    const juliet = makeIdentity(dir, 'juliet');
    const romeo = makeIdentity(dir, 'romeo');
    const mallory = makeIdentity(dir, 'mallory');
    const signed = join(dir, 'signed.smime');
    ossl(['cms', '-sign', '-nodetach', '-in', cpim(dir), '-signer', juliet.cert, '-inkey', juliet.key, '-outform', 'SMIME', '-out', signed]);
    const sealed = ossl(['cms', '-encrypt', '-aes128', '-in', signed, '-outform', 'SMIME', romeo.cert]);
    const ok = decryptAndVerify(sealed, { recipientKey: romeo.key, recipientCert: romeo.cert, signerCert: juliet.cert });
    assert.ok(ok.decrypted && ok.verified, ok.log);
    assert.ok(ok.content.includes(BODY));
    const wrong = decryptAndVerify(sealed, { recipientKey: mallory.key, recipientCert: mallory.cert, signerCert: juliet.cert });
    assert.equal(wrong.decrypted, false);
    assert.equal(wrong.verified, false);
  });
});
