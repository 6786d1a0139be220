import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { generateIdentities } from '../../server/src/core/keys/keygen';
import { certificatesFromPem } from '../../server/src/core/x509/certInfo';
import { opensslOk, openssl, tempDir, writeIdentities } from './testBed';

test('keygen with a CA: the files, marked secret where they hold keys', () => {
  const files = generateIdentities({ jids: ['juliet@example.com', 'romeo@example.net/orchard'] });
  const names = files.map((f) => f.name).sort();
  assert.deepEqual(names, [
    'ca.crt',
    'ca.key',
    'juliet@example.com.crt',
    'juliet@example.com.key',
    'romeo@example.net.crt',
    'romeo@example.net.key',
    'trust/ca.crt',
  ]);
  for (const f of files) {
    assert.equal(f.secret, f.name.endsWith('.key'), f.name);
    if (f.secret) assert.match(f.contents, /^-----BEGIN PRIVATE KEY-----\n/);
    else assert.match(f.contents, /^-----BEGIN CERTIFICATE-----\n/);
  }
});

test('keygen certificates pass openssl verify and show the xmppAddr and im:/pres: URIs', () => {
  const bed = tempDir('keygen');
  try {
    writeIdentities(bed.dir, ['juliet@example.com', "o'neil@example.org"]);
    for (const jid of ['juliet@example.com', "o'neil@example.org"]) {
      const crt = bed.path(`${jid}.crt`);
      const v = opensslOk(['verify', '-purpose', 'smimesign', '-CAfile', bed.path('trust/ca.crt'), crt]).toString();
      assert.match(v, /: OK/);
      const text = opensslOk(['x509', '-in', crt, '-noout', '-text']).toString();
      assert.ok(text.includes(`othername: XmppAddr::${jid}`), text);
      assert.match(text, /Digital Signature, Key Encipherment/);
      assert.match(text, /E-mail Protection/);
      assert.match(text, /Subject Key Identifier/);
      assert.match(text, /Authority Key Identifier/);
      assert.match(text, /O = XMPP E2E Inspector TEST identities/);
      const info = certificatesFromPem(readFileSync(crt, 'utf8'))[0];
      assert.deepEqual(info.xmppAddrs, [jid]);
      // An apostrophe is not allowed in a localpart (RFC 7622 §3.3.1): that URI is reported, not bound (E2E-17).
      if (jid.includes("'")) assert.deepEqual(info.badUriJids?.map((b) => b.uri), ['im:o%27neil@example.org', 'pres:o%27neil@example.org']);
      else assert.ok(info.uriJids.includes(jid));
      assert.equal(info.isCA, false);
    }
    // The apostrophe is percent-encoded in the URIs (RFC 3922 §3.2).
    const san = opensslOk(['x509', '-in', bed.path("o'neil@example.org.crt"), '-noout', '-ext', 'subjectAltName']).toString();
    assert.match(san, /URI:im:o%27neil@example\.org, URI:pres:o%27neil@example\.org/);
    const ca = certificatesFromPem(readFileSync(bed.path('ca.crt'), 'utf8'))[0];
    assert.equal(ca.isCA, true);
    // The key matches the certificate.
    const mod = (args: string[]) => opensslOk(args).toString().trim();
    assert.equal(
      mod(['rsa', '-in', bed.path('juliet@example.com.key'), '-noout', '-modulus']),
      mod(['x509', '-in', bed.path('juliet@example.com.crt'), '-noout', '-modulus']),
    );
  } finally {
    bed.cleanup();
  }
});

test('keygen without a CA: self-signed identities that are their own anchors', () => {
  const bed = tempDir('keygen-ss');
  try {
    const names = writeIdentities(bed.dir, ['juliet@example.com'], { ca: false });
    assert.deepEqual(names.sort(), ['juliet@example.com.crt', 'juliet@example.com.key', 'trust/juliet@example.com.crt']);
    const r = openssl(['verify', '-CAfile', bed.path('trust/juliet@example.com.crt'), bed.path('juliet@example.com.crt')]);
    assert.equal(r.status, 0, r.stderr);
    // Not signed by anybody else: a different anchor does not verify it.
    const other = tempDir('keygen-other');
    try {
      writeIdentities(other.dir, ['romeo@example.net']);
      assert.notEqual(openssl(['verify', '-CAfile', other.path('ca.crt'), bed.path('juliet@example.com.crt')]).status, 0);
    } finally {
      other.cleanup();
    }
  } finally {
    bed.cleanup();
  }
});

test('keygen validity follows nowMs and days', () => {
  const now = Date.UTC(2030, 0, 15, 12, 0, 0);
  const files = generateIdentities({ jids: ['juliet@example.com'], nowMs: now, days: 10 });
  const info = certificatesFromPem(files.find((f) => f.name === 'juliet@example.com.crt')!.contents)[0];
  assert.ok(info.notBefore <= now && info.notBefore >= now - 2 * 3600_000);
  assert.equal(info.notAfter, now + 10 * 86400_000);
});

test('keygen refuses a value that is not a JID', () => {
  assert.throws(() => generateIdentities({ jids: ['not a jid'] }), /not a JID/);
  assert.throws(() => generateIdentities({ jids: [''] }), /not a JID/);
});
