import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { opensslWorkspace, type Identity, type OpensslWorkspace } from '../helpers/openssl';
import { parseContentInfo } from '../../server/src/core/cms/parseCms';
import { verifySignedData, lfToCrlf } from '../../server/src/core/cms/verifySignedData';
import type { SignedData } from '../../server/src/core/cms/cmsTypes';
import { parseCertificate } from '../../server/src/core/x509/certInfo';
import { signerInfoProblems } from '../../server/src/core/cms/structureChecks';

let ws: OpensslWorkspace;
let ca: Identity;
let juliet: Identity;
let romeo: Identity;
let ecdsa: Identity;

const CRLF_TEXT = 'Content-Type: Message/CPIM\r\n\r\nFrom: <im:juliet@example.com>\r\nDateTime: 2026-01-01T00:00:00Z\r\n\r\nhello\r\n';

before(() => {
  ws = opensslWorkspace();
  ca = ws.identity('ca', { ca: true, cn: 'Test CA' });
  juliet = ws.identity('juliet', { issuer: ca, xmppAddrs: ['juliet@example.com'], uris: ['im:juliet@example.com', 'pres:juliet@example.com'] });
  romeo = ws.identity('romeo', { issuer: ca, xmppAddrs: ['romeo@example.net'] });
  ecdsa = ws.identity('nurse', { issuer: ca, keyType: 'ec', xmppAddrs: ['nurse@example.com'] });
});

after(() => ws?.cleanup());

function signedData(der: Uint8Array): { sd: SignedData; encoding: string } {
  const r = parseContentInfo(der);
  assert.ok(r.ok, r.ok ? '' : `parse failed: ${r.reason} at ${r.offset}`);
  assert.equal(r.info.kind, 'signedData');
  if (r.info.kind !== 'signedData') throw new Error('unreachable');
  return { sd: r.info.signedData, encoding: r.encoding };
}

test('embedded content, every digest: valid with the embedded certificate', () => {
  for (const md of ['sha1', 'sha256', 'sha512', 'md5']) {
    const { sd } = signedData(ws.sign(juliet, CRLF_TEXT, { nodetach: true, binary: true, md }));
    assert.equal(Buffer.from(sd.eContent!).toString(), CRLF_TEXT);
    assert.equal(sd.certificates.length, 1);
    const [r] = verifySignedData(sd);
    assert.equal(r!.signerInfo.digestAlgorithm.name, md);
    assert.equal(r!.signature, 'valid', `${md}: ${r!.reason}`);
    assert.equal(r!.certificateSource, 'embedded');
    assert.equal(r!.canonicalization, 'asIs');
    assert.equal(r!.digestOk, true);
    assert.equal(r!.contentTypeOk, true);
    assert.equal(r!.digestMismatch, false);
    assert.ok(r!.signingTimeMs !== undefined && Math.abs(r!.signingTimeMs - Date.now()) < 3600_000);
    assert.equal(r!.signatureHex, Buffer.from(r!.signerInfo.signature).toString('hex'));
    assert.deepEqual(r!.cert!.xmppAddrs, ['juliet@example.com']);
  }
});

test('detached signature: verified against the supplied content; unverifiable without it', () => {
  const { sd } = signedData(ws.sign(juliet, CRLF_TEXT, { binary: true }));
  assert.equal(sd.eContent, undefined);
  assert.equal(verifySignedData(sd, { content: Buffer.from(CRLF_TEXT) })[0]!.signature, 'valid');
  const none = verifySignedData(sd)[0]!;
  assert.equal(none.signature, 'unverifiable');
  assert.match(none.reason!, /no signed content/);
});

test('-keyid: signer identified by subjectKeyIdentifier', () => {
  const { sd } = signedData(ws.sign(juliet, CRLF_TEXT, { nodetach: true, binary: true, keyid: true }));
  const si = sd.signerInfos[0]!;
  assert.equal(si.sid.kind, 'ski');
  assert.equal(si.version, 3);
  const r = verifySignedData(sd)[0]!;
  assert.equal(r.signature, 'valid', r.reason);
  assert.equal(r.cert?.subjectKeyId, si.sid.kind === 'ski' ? si.sid.ski : '');
});

test('-stream produces BER (indefinite lengths) that parses and verifies', () => {
  const der = ws.sign(juliet, CRLF_TEXT, { nodetach: true, binary: true, stream: true });
  assert.equal(der[1], 0x80, 'openssl -stream output starts with an indefinite length');
  const { sd, encoding } = signedData(der);
  assert.equal(encoding, 'BER');
  assert.equal(Buffer.from(sd.eContent!).toString(), CRLF_TEXT);
  assert.equal(verifySignedData(sd)[0]!.signature, 'valid');
});

test('RSA-PSS and ECDSA signatures verify', () => {
  const pss = signedData(ws.sign(juliet, CRLF_TEXT, { nodetach: true, binary: true, pss: true, md: 'sha256' })).sd;
  const si = pss.signerInfos[0]!;
  assert.equal(si.signatureAlgorithm.name, 'RSASSA-PSS');
  assert.equal(si.signatureAlgorithm.pss?.hash, 'sha256');
  assert.equal(si.signatureAlgorithm.pss?.mgf1Hash, 'sha256');
  assert.equal(verifySignedData(pss)[0]!.signature, 'valid', verifySignedData(pss)[0]!.reason);
  const ec = signedData(ws.sign(ecdsa, CRLF_TEXT, { nodetach: true, binary: true })).sd;
  assert.match(ec.signerInfos[0]!.signatureAlgorithm.name, /^ecdsa-with-SHA256$/);
  assert.equal(verifySignedData(ec)[0]!.signature, 'valid');
});

test('tampered content gives digestMismatch; tampered signature gives invalid', () => {
  const der = ws.sign(juliet, CRLF_TEXT, { nodetach: true, binary: true });
  const { sd } = signedData(der);
  const altered = Buffer.from(CRLF_TEXT.replace('hello', 'HELLO'));
  const r = verifySignedData(sd, { content: altered })[0]!;
  assert.equal(r.signature, 'invalid');
  assert.equal(r.digestMismatch, true);
  assert.equal(r.digestOk, false);
  assert.match(r.reason!, /content altered/);

  // Flip a byte inside the embedded content itself.
  const bytes = Buffer.from(der);
  const at = bytes.indexOf(Buffer.from('hello'));
  bytes[at] = 'j'.charCodeAt(0);
  const r2 = verifySignedData(signedData(bytes).sd)[0]!;
  assert.equal(r2.digestMismatch, true);
  assert.equal(r2.signature, 'invalid');

  // Flip the last byte of the signature value.
  const sigBytes = Buffer.from(der);
  const sig = Buffer.from(sd.signerInfos[0]!.signature);
  const sigAt = sigBytes.indexOf(sig);
  sigBytes[sigAt + sig.length - 1] ^= 0x01;
  const r3 = verifySignedData(signedData(sigBytes).sd)[0]!;
  assert.equal(r3.signature, 'invalid');
  assert.equal(r3.digestMismatch, false);
  assert.match(r3.reason!, /bad signature value/);
});

test('content whose CRLF became LF in XML verifies after LF -> CRLF, and says so', () => {
  const lfText = CRLF_TEXT.replace(/\r\n/g, '\n');
  // Without -binary, openssl signs the MIME-canonical (CRLF) form of the LF input.
  const { sd } = signedData(ws.sign(juliet, lfText, {}));
  const r = verifySignedData(sd, { content: Buffer.from(lfText) })[0]!;
  assert.equal(r.signature, 'valid', r.reason);
  assert.equal(r.canonicalization, 'crlf');
  const asIs = verifySignedData(sd, { content: Buffer.from(CRLF_TEXT) })[0]!;
  assert.equal(asIs.canonicalization, 'asIs');
  assert.equal(Buffer.from(lfToCrlf(Buffer.from('a\r\nb\nc'))!).toString(), 'a\r\nb\r\nc');
  assert.equal(lfToCrlf(Buffer.from('a\r\nb')), undefined);
});

test('no embedded certificate: unverifiable unless the workspace has it', () => {
  const { sd } = signedData(ws.sign(juliet, CRLF_TEXT, { nodetach: true, binary: true, nocerts: true }));
  assert.equal(sd.certificates.length, 0);
  const r = verifySignedData(sd, { workspaceCerts: [parseCertificate(romeo.certDer)] })[0]!;
  assert.equal(r.signature, 'unverifiable');
  assert.equal(r.cert, undefined);
  assert.match(r.reason!, /no certificate for the signer/);
  const w = verifySignedData(sd, { workspaceCerts: [parseCertificate(romeo.certDer), parseCertificate(juliet.certDer)] })[0]!;
  assert.equal(w.signature, 'valid');
  assert.equal(w.certificateSource, 'workspace');
});

test('wrong signer: a certificate with the right issuer/serial but another key gives invalid', () => {
  const { sd } = signedData(ws.sign(juliet, CRLF_TEXT, { nodetach: true, binary: true, nocerts: true }));
  const impostor = { ...parseCertificate(romeo.certDer) };
  const jc = parseCertificate(juliet.certDer);
  impostor.serialHex = jc.serialHex;
  const r = verifySignedData(sd, { workspaceCerts: [impostor] })[0]!;
  assert.equal(r.signature, 'invalid');
  assert.equal(r.digestMismatch, false);
});

test('without signed attributes the signature covers the content directly', () => {
  const { sd } = signedData(ws.sign(juliet, CRLF_TEXT, { nodetach: true, binary: true, noattr: true }));
  assert.equal(sd.signerInfos[0]!.signedAttrs, undefined);
  const r = verifySignedData(sd)[0]!;
  assert.equal(r.signature, 'valid', r.reason);
  assert.equal(r.digestOk, undefined);
  const bad = verifySignedData(sd, { content: Buffer.from('other') })[0]!;
  assert.equal(bad.signature, 'invalid');
});

test('encrypt-then-sign: the signed content is an EnvelopedData', () => {
  const env = ws.encrypt([romeo], CRLF_TEXT);
  const { sd } = signedData(ws.sign(juliet, env, { nodetach: true, binary: true }));
  assert.equal(verifySignedData(sd)[0]!.signature, 'valid');
  const inner = parseContentInfo(sd.eContent!);
  assert.ok(inner.ok);
  assert.equal(inner.ok && inner.info.kind, 'envelopedData');
});

test('structure checks: clean openssl output has none; the corpus empty digest set is flagged', () => {
  const { sd } = signedData(ws.sign(juliet, CRLF_TEXT, { nodetach: true, binary: true }));
  assert.deepEqual(signerInfoProblems(sd, sd.signerInfos[0]!), []);
  const keyid = signedData(ws.sign(juliet, CRLF_TEXT, { nodetach: true, binary: true, keyid: true })).sd;
  assert.deepEqual(signerInfoProblems(keyid, keyid.signerInfos[0]!), []);
  const noDigests = { ...sd, digestAlgorithms: [] };
  assert.deepEqual(signerInfoProblems(noDigests, sd.signerInfos[0]!), ['digest sha256 is not listed in SignedData.digestAlgorithms (CMS-8)']);
  const v3 = { ...sd.signerInfos[0]!, version: 3 };
  assert.match(signerInfoProblems(sd, v3).join(), /version 3 with issuerAndSerialNumber \(expected 1\)/);
  const noAttrs = signedData(ws.sign(juliet, CRLF_TEXT, { nodetach: true, binary: true, noattr: true })).sd;
  const other = { ...noAttrs, eContentType: { oid: '1.2.840.113549.1.7.3', name: 'envelopedData' } };
  assert.match(signerInfoProblems(other, other.signerInfos[0]!).join(), /signedAttrs are required/);
});

test('mutated and truncated objects never throw out of parse or verify', () => {
  const der = ws.sign(juliet, CRLF_TEXT, { nodetach: true, binary: true, stream: true });
  let seed = 12345;
  const rand = (n: number): number => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed % n;
  };
  let parsedOk = 0;
  let failures = 0;
  const check = (bytes: Uint8Array): void => {
    const r = parseContentInfo(bytes);
    if (!r.ok) {
      failures++;
      assert.equal(typeof r.reason, 'string');
      return;
    }
    parsedOk++;
    if (r.info.kind === 'signedData') {
      for (const s of verifySignedData(r.info.signedData)) assert.ok(['valid', 'invalid', 'unverifiable'].includes(s.signature));
    }
  };
  for (let i = 0; i < 400; i++) {
    const m = Buffer.from(der);
    m[rand(m.length)] = rand(256);
    check(m);
  }
  for (let len = 0; len < der.length; len += 7) check(der.subarray(0, len));
  assert.ok(parsedOk > 0 && failures > 0, `parsed ${parsedOk}, failed ${failures}`);
});
