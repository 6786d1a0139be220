// Checks a sealed `<e2e/>` payload independently of the project's code, with `openssl cms`:
// decrypt with the recipient's key, then verify the signature against the key store's CA (or
// the signer's own certificate when there is no CA).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

function openssl(args) {
  const r = spawnSync('openssl', args, { encoding: 'utf8', timeout: 30_000 });
  return { ok: r.status === 0, out: `${r.stdout}${r.stderr}` };
}

/** Writes the payload in a form `openssl cms` reads: S/MIME (MIME headers) or DER (bare base64). */
function writeObject(dir, name, payload) {
  const text = payload.replace(/^\s+/, '');
  if (/^content-type:/im.test(text.split(/\r?\n\r?\n/)[0] ?? '')) {
    const path = join(dir, `${name}.smime`);
    writeFileSync(path, text.replace(/\r?\n/g, '\r\n'));
    return { path, form: 'SMIME' };
  }
  const path = join(dir, `${name}.der`);
  writeFileSync(path, Buffer.from(text.replace(/\s+/g, ''), 'base64'));
  return { path, form: 'DER' };
}

/**
 * @param {string} payload the `<e2e/>` character data
 * @param {{ recipientKey: string, recipientCert: string, signerCert: string, ca?: string }} keys
 * @returns {{ decrypted: boolean, verified: boolean, content: string, log: string }}
 */
export function decryptAndVerify(payload, keys) {
  const dir = mkdtempSync(join(tmpdir(), 'xmpp-e2e-openssl-'));
  try {
    const obj = writeObject(dir, 'sealed', payload);
    const dec = join(dir, 'decrypted.mime');
    const d = openssl(['cms', '-decrypt', '-inform', obj.form, '-in', obj.path, '-recip', keys.recipientCert,
      '-inkey', keys.recipientKey, '-out', dec]);
    if (!d.ok) return { decrypted: false, verified: false, content: '', log: d.out };
    const inner = readFileSync(dec, 'latin1');
    // The decrypted entity is itself an S/MIME object (signed), with or without MIME headers.
    const signed = /^content-type:/im.test(inner.split(/\r?\n\r?\n/)[0] ?? '')
      ? { path: dec, form: 'SMIME' }
      : { path: dec, form: 'DER' };
    const content = join(dir, 'content.txt');
    const v = openssl(['cms', '-verify', '-inform', signed.form, '-in', signed.path, '-CAfile', keys.ca ?? keys.signerCert,
      '-certfile', keys.signerCert, '-purpose', 'any', '-out', content]);
    return {
      decrypted: true,
      verified: v.ok,
      content: v.ok ? readFileSync(content, 'utf8') : '',
      log: `${d.out}\n${v.out}`,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
