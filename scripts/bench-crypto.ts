// Micro-benchmark of the CMS layer against bare node:crypto on the same objects:
//   parse + verifySignedData      vs  crypto.verify over the signed attributes
//   parse + decryptEnvelopedData  vs  privateDecrypt + createDecipheriv
// Objects are made once with the openssl CLI. Run: node --import tsx scripts/bench-crypto.ts [n]
// (or import benchCrypto from `npm run bench`).
import { constants, createDecipheriv, privateDecrypt, verify as cryptoVerify } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { opensslWorkspace } from '../test/helpers/openssl';
import { parseContentInfo } from '../server/src/core/cms/parseCms';
import { verifySignedData } from '../server/src/core/cms/verifySignedData';
import { decryptEnvelopedData } from '../server/src/core/cms/decryptEnvelopedData';
import { parseCertificate } from '../server/src/core/x509/certInfo';
import { publicKeyOf } from '../server/src/core/x509/nodeCertificate';

export interface CryptoBench {
  n: number;
  /** Microseconds per object. */
  parseVerifyUs: number;
  bareVerifyUs: number;
  parseDecryptUs: number;
  bareDecryptUs: number;
}

function time(n: number, f: (i: number) => void): number {
  for (let i = 0; i < Math.min(n, 2000); i++) f(i); // JIT warm-up
  const t0 = performance.now();
  for (let i = 0; i < n; i++) f(i);
  return ((performance.now() - t0) * 1000) / n;
}

export function benchCrypto(n = 500, objects = 8): CryptoBench {
  const ws = opensslWorkspace('xmpp-e2e-bench-');
  try {
    const id = ws.identity('bench', { xmppAddrs: ['bench@example.com'] });
    const cert = parseCertificate(id.certDer);
    const key = id.privateKey();
    const text = 'Content-Type: Message/CPIM\r\n\r\nFrom: <im:bench@example.com>\r\n\r\n' + 'x'.repeat(300);
    const signed = Array.from({ length: objects }, (_, i) => ws.sign(id, `${text}${i}\r\n`, { nodetach: true, binary: true, md: 'sha256' }));
    const enveloped = Array.from({ length: objects }, (_, i) => ws.encrypt([id], `${text}${i}\r\n`, { cipher: 'aes128' }));

    const parseVerifyUs = time(n, (i) => {
      const r = parseContentInfo(signed[i % objects]!);
      if (!r.ok || r.info.kind !== 'signedData') throw new Error('bench object did not parse');
      if (verifySignedData(r.info.signedData)[0]!.signature !== 'valid') throw new Error('bench object did not verify');
    });
    const pre = signed.map((b) => {
      const r = parseContentInfo(b);
      if (!r.ok || r.info.kind !== 'signedData') throw new Error('bench object did not parse');
      const si = r.info.signedData.signerInfos[0]!;
      return { data: Buffer.from(si.signedAttrs!.der), sig: Buffer.from(si.signature) };
    });
    const pub = publicKeyOf(cert)!;
    const bareVerifyUs = time(n, (i) => {
      const p = pre[i % objects]!;
      if (!cryptoVerify('sha256', p.data, { key: pub, padding: constants.RSA_PKCS1_PADDING }, p.sig)) throw new Error('bare verify failed');
    });

    const entry = { path: id.keyPath, cert, privateKey: key };
    const parseDecryptUs = time(n, (i) => {
      const r = parseContentInfo(enveloped[i % objects]!);
      if (!r.ok || r.info.kind !== 'envelopedData') throw new Error('bench object did not parse');
      if (!decryptEnvelopedData(r.info.envelopedData, [entry]).plaintext) throw new Error('bench object did not decrypt');
    });
    const preEnv = enveloped.map((b) => {
      const r = parseContentInfo(b);
      if (!r.ok || r.info.kind !== 'envelopedData') throw new Error('bench object did not parse');
      const ed = r.info.envelopedData;
      const ri = ed.recipientInfos[0]!;
      if (ri.kind !== 'ktri') throw new Error('unexpected recipient');
      return { ek: Buffer.from(ri.encryptedKey), iv: Buffer.from(ed.contentEncryptionAlgorithm.iv!), ct: Buffer.from(ed.encryptedContent!) };
    });
    const bareDecryptUs = time(n, (i) => {
      const p = preEnv[i % objects]!;
      const em = privateDecrypt({ key, padding: constants.RSA_NO_PADDING }, p.ek);
      const cek = em.subarray(em.length - 16);
      const d = createDecipheriv('aes-128-cbc', cek, p.iv);
      Buffer.concat([d.update(p.ct), d.final()]);
    });
    return { n, parseVerifyUs, bareVerifyUs, parseDecryptUs, bareDecryptUs };
  } finally {
    ws.cleanup();
  }
}

if (process.argv[1] && /bench-crypto\.ts$/.test(process.argv[1])) {
  const n = Number(process.argv[2] ?? 500);
  const r = benchCrypto(n);
  const f = (x: number): string => `${x.toFixed(1)} µs`;
  console.log(`objects: ${r.n} per measurement (RSA-2048, SHA-256, AES-128-CBC)`);
  console.log(`parse+verify  ${f(r.parseVerifyUs)}  bare crypto.verify ${f(r.bareVerifyUs)}  overhead x${(r.parseVerifyUs / r.bareVerifyUs).toFixed(2)}`);
  console.log(`parse+decrypt ${f(r.parseDecryptUs)}  bare privateDecrypt+decipher ${f(r.bareDecryptUs)}  overhead x${(r.parseDecryptUs / r.bareDecryptUs).toFixed(2)}`);
}
