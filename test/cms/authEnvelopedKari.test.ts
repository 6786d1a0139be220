// AuthEnvelopedData (RFC 5083/5084) and key agreement (RFC 5753 / RFC 8418) in the core reader:
// OpenSSL's upstream AuthEnvelopedData vectors (KEK recipient, authenticated attributes as AAD),
// AES key wrap against RFC 3394's vector, CCM, and X25519 kari (OpenSSL 3.0's CMS has no X25519,
// so it is sealed by our writer and opened by our reader: a self round trip, said as such).
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { createCipheriv, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { parseContentInfo } from '../../server/src/core/cms/parseCms';
import { decryptEnvelopedData } from '../../server/src/core/cms/decryptEnvelopedData';
import { decryptContent } from '../../server/src/core/cms/decryptContent';
import { unwrapKey, wrapKey } from '../../server/src/core/cms/keyAgreement';
import type { EnvelopedData } from '../../server/src/core/cms/cmsTypes';
import { encryptData } from '../../server/src/core/seal/cmsWrite';
import { buildKeyStore } from '../../server/src/core/keys/keyStore';
import { readCorpus } from '../helpers/corpus';
import { opensslWorkspace } from '../helpers/openssl';

const KEK = { id: Buffer.from('c0fee0', 'hex'), key: Buffer.from('000102030405060708090a0b0c0d0e0f', 'hex') };

function pemDer(text: string): Buffer {
  return Buffer.from(/-----BEGIN [^-]+-----([\s\S]*?)-----END/.exec(text)![1]!.replace(/\s+/g, ''), 'base64');
}

function enveloped(der: Uint8Array): EnvelopedData {
  const p = parseContentInfo(der);
  assert.ok(p.ok && p.info.kind === 'envelopedData', p.ok ? p.info.kind : p.reason);
  return (p.info as { envelopedData: EnvelopedData }).envelopedData;
}

test('OpenSSL authenveloped_attrs.pem: AES-128-GCM with authenticated attributes opens with its KEK; the altered twin yields no plaintext', (t) => {
  const good = readCorpus(t, 'cms', 'openssl_authenveloped_attrs.pem');
  const bad = readCorpus(t, 'cms', 'openssl_bad_authenveloped_attrs.pem');
  if (!good || !bad) return;
  const ed = enveloped(pemDer(good));
  assert.equal(ed.contentEncryptionAlgorithm.name, 'aes-128-gcm');
  assert.deepEqual(ed.contentEncryptionAlgorithm.aead?.icvLength, 16);
  assert.ok(ed.authenticated?.authAttrsDer, 'authAttrs are the AAD');
  assert.equal(ed.recipientInfos[0]!.kind, 'kekri');
  const r = decryptEnvelopedData(ed, [], { keks: [KEK] });
  assert.equal(r.error, undefined);
  assert.equal(Buffer.from(r.plaintext!).toString(), 'Hello AuthEnvelopedData world\n');
  // No KEK: the recipient is listed, nothing opens.
  assert.match(decryptEnvelopedData(ed, []).error!, /no workspace key/);
  // One authenticated-attribute byte changed ('hello' -> 'iello'): the tag check fails first.
  const rb = decryptEnvelopedData(enveloped(pemDer(bad)), [], { keks: [KEK] });
  assert.equal(rb.plaintext, undefined);
  assert.match(rb.error!, /aes-128-gcm authentication failed.*no plaintext released/);
});

test('AES key wrap: RFC 3394 §4.1 vector, and a damaged wrapped key fails the integrity check', () => {
  const kek = Buffer.from('000102030405060708090a0b0c0d0e0f', 'hex');
  const key = Buffer.from('00112233445566778899aabbccddeeff', 'hex');
  const wrapped = wrapKey('2.16.840.1.101.3.4.1.5', kek, key);
  assert.equal(wrapped.toString('hex'), '1fa68b0a8112b447aef34bd8fb5a7b829d3e862371d2cfe5');
  assert.deepEqual(unwrapKey('2.16.840.1.101.3.4.1.5', kek, wrapped), key);
  wrapped[3] ^= 1;
  assert.throws(() => unwrapKey('2.16.840.1.101.3.4.1.5', kek, wrapped));
});

test('AES-CCM AuthEnvelopedData content: the tag is checked; GCM/CCM outside AuthEnvelopedData is refused', () => {
  const cek = randomBytes(16);
  const nonce = randomBytes(12);
  const aad = Buffer.from('3100', 'hex');
  const c = createCipheriv('aes-128-ccm', cek, nonce, { authTagLength: 12 });
  c.setAAD(aad, { plaintextLength: 5 });
  const ct = Buffer.concat([c.update('hello'), c.final()]);
  const tag = c.getAuthTag();
  const ed: EnvelopedData = {
    version: 0,
    recipientInfos: [],
    contentType: { oid: '1.2.840.113549.1.7.1', name: 'data' },
    contentEncryptionAlgorithm: { oid: '2.16.840.1.101.3.4.1.7', name: 'aes-128-ccm', aead: { nonce, icvLength: 12 } },
    encryptedContent: ct,
    originatorCertificates: [],
    authenticated: { mac: tag, authAttrsDer: aad },
  };
  const ok = decryptContent(ed, cek);
  assert.ok('plaintext' in ok && Buffer.from(ok.plaintext).toString() === 'hello');
  const badTag = Buffer.from(tag);
  badTag[0] ^= 1;
  assert.ok('error' in decryptContent({ ...ed, authenticated: { mac: badTag, authAttrsDer: aad } }, cek));
  assert.ok('error' in decryptContent({ ...ed, authenticated: { mac: tag } }, cek), 'the AAD is part of the check');
  assert.match((decryptContent({ ...ed, authenticated: undefined }, cek) as { error: string }).error, /belongs in AuthEnvelopedData/);
});

const ws = opensslWorkspace('xmpp-e2e-x25519-');
after(() => ws.cleanup());

test('a test CA for the X25519 / X448 certificates', () => {
  ws.run(['req', '-x509', '-newkey', 'ed25519', '-nodes', '-keyout', 'ca.key', '-out', 'ca.crt', '-subj', '/CN=X CA', '-days', '2']);
});

for (const alg of ['X25519', 'X448'] as const) {
  test(`${alg} recipient (RFC 8418, self round trip): seal writes a kari the reader opens; another ${alg} key does not`, () => {
    const make = (name: string) => {
      ws.run(['genpkey', '-algorithm', alg, '-out', `${name}.key`]);
      ws.run(['pkey', '-in', `${name}.key`, '-pubout', '-out', `${name}.pub`]);
      ws.run(['req', '-new', '-key', 'ca.key', '-subj', `/CN=${name}`, '-out', `${name}.csr`]);
      ws.run(['x509', '-req', '-in', `${name}.csr`, '-force_pubkey', `${name}.pub`, '-CA', 'ca.crt', '-CAkey', 'ca.key', '-days', '2', '-out', `${name}.crt`]);
      return buildKeyStore([{ path: `${name}.key`, bytes: ws.read(`${name}.key`) }, { path: `${name}.crt`, bytes: ws.read(`${name}.crt`) }], [], () => undefined);
    };
    const romeo = make(`romeo-${alg}`);
    const other = make(`other-${alg}`);
    assert.equal(romeo.entries[0]!.cert.publicKeyAlgorithm, alg);
    assert.ok(romeo.entries[0]!.privateKey, `the ${alg} key pairs with its certificate`);
    for (const cipher of ['aes128', 'aes256-gcm'] as const) {
      const der = encryptData(Buffer.from('secret'), [romeo.entries[0]!.cert], { cipher });
      const ed = enveloped(der);
      const ri = ed.recipientInfos[0]!;
      assert.ok(ri.kind === 'kari' && ri.originator.kind === 'key' && ri.originator.algorithm.name === alg);
      assert.equal(Buffer.from(decryptEnvelopedData(ed, romeo.entries).plaintext!).toString(), 'secret');
      // Romeo's certificate with the other key: the agreement runs and the unwrap check fails.
      const wrongKey = [{ ...romeo.entries[0]!, privateKey: other.entries[0]!.privateKey }];
      const r = decryptEnvelopedData(ed, wrongKey);
      assert.equal(r.plaintext, undefined);
      assert.match(r.error!, /unwrap failed: integrity check/);
    }
  });
}
