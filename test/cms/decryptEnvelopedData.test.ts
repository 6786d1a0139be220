import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { createPrivateKey } from 'node:crypto';
import { opensslWorkspace, type Identity, type OpensslWorkspace } from '../helpers/openssl';
import { parseContentInfo } from '../../server/src/core/cms/parseCms';
import { decryptEnvelopedData } from '../../server/src/core/cms/decryptEnvelopedData';
import { verifySignedData } from '../../server/src/core/cms/verifySignedData';
import { classifyAlgorithm } from '../../server/src/core/cms/algorithms';
import type { EnvelopedData } from '../../server/src/core/cms/cmsTypes';
import { parseCertificate } from '../../server/src/core/x509/certInfo';
import type { KeyEntry } from '../../server/src/core/types';
import { corpusDir, needsCorpus } from '../helpers/corpus';

const corpus = path.resolve(corpusDir, 'cms');

let ws: OpensslWorkspace;
let juliet: Identity;
let romeo: Identity;
let julietKey: KeyEntry;
let romeoKey: KeyEntry;

const TEXT = 'Content-Type: Message/CPIM\r\n\r\nFrom: <im:romeo@example.net>\r\n\r\nWherefore art thou? '.repeat(3);

before(() => {
  ws = opensslWorkspace();
  juliet = ws.identity('juliet', { xmppAddrs: ['juliet@example.com'] });
  romeo = ws.identity('romeo', { xmppAddrs: ['romeo@example.net'] });
  julietKey = { path: juliet.keyPath, cert: parseCertificate(juliet.certDer), privateKey: juliet.privateKey() };
  romeoKey = { path: romeo.keyPath, cert: parseCertificate(romeo.certDer), privateKey: romeo.privateKey() };
});

after(() => ws?.cleanup());

function enveloped(der: Uint8Array): EnvelopedData {
  const r = parseContentInfo(der);
  assert.ok(r.ok, r.ok ? '' : r.reason);
  if (!r.ok || r.info.kind !== 'envelopedData') throw new Error(`not enveloped data`);
  return r.info.envelopedData;
}

test('AES-128/192/256-CBC and DES-EDE3-CBC with RSA PKCS#1 v1.5 key transport', () => {
  const names = { aes128: 'aes-128-cbc', aes192: 'aes-192-cbc', aes256: 'aes-256-cbc', des3: 'des-ede3-cbc' } as const;
  for (const cipher of ['aes128', 'aes192', 'aes256', 'des3'] as const) {
    const ed = enveloped(ws.encrypt([juliet, romeo], TEXT, { cipher }));
    assert.equal(ed.contentEncryptionAlgorithm.name, names[cipher]);
    assert.equal(ed.recipientInfos.length, 2);
    const r = decryptEnvelopedData(ed, [romeoKey]);
    assert.equal(r.error, undefined, `${cipher}: ${r.error}`);
    assert.equal(Buffer.from(r.plaintext!).toString(), TEXT);
    const sorted = r.recipients.map((x) => [x.id.replace(/, serial=.*/, ''), x.keyEncryptionAlgorithm, x.opened, !!x.matched]).sort();
    assert.deepEqual(sorted, [
      ['issuer=CN=juliet', 'rsaEncryption', false, false],
      ['issuer=CN=romeo', 'rsaEncryption', true, true],
    ]);
    assert.match(r.recipients.find((x) => x.opened)!.id, /^issuer=CN=romeo, serial=[0-9a-f]+$/);
  }
});

test('BER (-stream) EnvelopedData with segmented encryptedContent decrypts', () => {
  const der = ws.encrypt([romeo], TEXT, { stream: true, cipher: 'aes256' });
  const r = parseContentInfo(der);
  assert.ok(r.ok && r.encoding === 'BER');
  const out = decryptEnvelopedData(enveloped(der), [romeoKey]);
  assert.equal(Buffer.from(out.plaintext!).toString(), TEXT);
});

test('legacy profile end to end: MD5 signature inside a 3DES envelope (sign, then encrypt)', () => {
  const signed = ws.sign(juliet, TEXT, { nodetach: true, binary: true, md: 'md5' });
  const ed = enveloped(ws.encrypt([romeo], signed, { cipher: 'des3' }));
  const opened = decryptEnvelopedData(ed, [romeoKey]);
  assert.ok(opened.plaintext, opened.error);
  const inner = parseContentInfo(opened.plaintext);
  assert.ok(inner.ok && inner.info.kind === 'signedData');
  if (!inner.ok || inner.info.kind !== 'signedData') return;
  const [v] = verifySignedData(inner.info.signedData);
  assert.equal(v!.signature, 'valid', v!.reason);
  assert.equal(Buffer.from(inner.info.signedData.eContent!).toString(), TEXT);
  assert.deepEqual(classifyAlgorithm(v!.signerInfo.digestAlgorithm.name), { mti: false, legacy: true, deprecated: 'error' });
  assert.equal(classifyAlgorithm(ed.contentEncryptionAlgorithm.name).legacy, true);
});

test('RSA-OAEP key transport and SKI recipient identifiers', () => {
  const ed = enveloped(ws.encrypt([juliet], TEXT, { oaep: true, keyid: true }));
  const ri = ed.recipientInfos[0]!;
  assert.equal(ri.kind, 'ktri');
  if (ri.kind !== 'ktri') return;
  assert.equal(ri.keyEncryptionAlgorithm.name, 'RSAES-OAEP');
  assert.equal(ri.keyEncryptionAlgorithm.oaep?.hash, 'sha1');
  assert.equal(ri.rid.kind, 'ski');
  const r = decryptEnvelopedData(ed, [romeoKey, julietKey]);
  assert.equal(Buffer.from(r.plaintext!).toString(), TEXT, r.error);
  assert.equal(r.recipients[0]!.id, `ski=${julietKey.cert.subjectKeyId}`);
});

test('encrypted for someone else: no key matches, nothing is opened', () => {
  const ed = enveloped(ws.encrypt([romeo], TEXT));
  const r = decryptEnvelopedData(ed, [julietKey]);
  assert.equal(r.plaintext, undefined);
  assert.equal(r.recipients[0]!.matched, undefined);
  assert.match(r.error!, /no workspace key matches/);
  // A certificate without its private key does not count as a key.
  const r2 = decryptEnvelopedData(ed, [{ path: 'romeo.crt', cert: romeoKey.cert }]);
  assert.equal(r2.recipients[0]!.matched, undefined);
});

test('wrong private key for the matching certificate: an error, never plaintext', () => {
  const ed = enveloped(ws.encrypt([romeo], TEXT));
  const r = decryptEnvelopedData(ed, [{ path: 'mixed', cert: romeoKey.cert, privateKey: juliet.privateKey() }]);
  assert.equal(r.plaintext, undefined);
  assert.ok(r.recipients[0]!.matched);
  assert.equal(r.recipients[0]!.opened, false);
  assert.match(r.error!, /padding|wrong key/);
});

test('flipped ciphertext byte: last block fails the padding check; an earlier block alters the text (CBC has no MAC)', () => {
  const ed = enveloped(ws.encrypt([romeo], TEXT));
  const ct = ed.encryptedContent!;
  const last = new Uint8Array(ct);
  last[last.length - 1]! ^= 0x01;
  const r = decryptEnvelopedData({ ...ed, encryptedContent: last }, [romeoKey]);
  assert.equal(r.plaintext, undefined);
  assert.match(r.error!, /bad padding/);
  const early = new Uint8Array(ct);
  early[5]! ^= 0x01;
  const r2 = decryptEnvelopedData({ ...ed, encryptedContent: early }, [romeoKey]);
  assert.ok(r2.plaintext, 'CBC decrypts a block-1 flip without noticing');
  assert.notEqual(Buffer.from(r2.plaintext).toString('latin1'), TEXT);
});

test('RFC 4134 5.1 (3DES, RSA to Bob) decrypts with BobPrivRSAEncrypt; 5.2 (RC2) is reported unsupported', needsCorpus(path.join(corpus, 'rfc4134')), (t) => {
  const dir = path.join(corpus, 'rfc4134');
  const bob: KeyEntry = {
    path: 'bob',
    cert: parseCertificate(readFileSync(path.join(dir, 'BobRSASignByCarl.cer'))),
    privateKey: createPrivateKey({ key: readFileSync(path.join(dir, 'BobPrivRSAEncrypt.pri')), format: 'der', type: 'pkcs8' }),
  };
  const expected = readFileSync(path.join(dir, 'ExContent.bin'));
  const r = decryptEnvelopedData(enveloped(readFileSync(path.join(dir, '5.1.bin'))), [bob]);
  assert.equal(r.error, undefined);
  assert.deepEqual(Buffer.from(r.plaintext!), expected);
  const r2 = decryptEnvelopedData(enveloped(readFileSync(path.join(dir, '5.2.bin'))), [bob]);
  assert.equal(r2.plaintext, undefined);
  assert.match(r2.error!, /unsupported content encryption algorithm rc2-cbc/);
  assert.equal(r2.recipients[1]!.keyEncryptionAlgorithm, 'id-alg-CMSRC2wrap');
  assert.match(r2.recipients[1]!.id, /^kekid=/);
  // pyca's OAEP vector: parameters decoded even though its key is not in the corpus.
  const oaep = readFileSync(path.join(corpus, 'pyca_enveloped-rsa-oaep.pem'), 'utf8');
  const der = Buffer.from(oaep.replace(/-----[^-]+-----/g, '').replace(/\s+/g, ''), 'base64');
  const ed = enveloped(der);
  const ri = ed.recipientInfos[0]!;
  assert.equal(ri.kind === 'ktri' && ri.keyEncryptionAlgorithm.name, 'RSAES-OAEP');
  assert.equal(ed.contentEncryptionAlgorithm.name, 'aes-128-cbc');
});
