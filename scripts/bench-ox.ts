// Part of `npm run bench`: decrypt + verify of N OX <signcrypt/> objects (XEP-0373, ed25519/cv25519
// keys as OX clients make them) by our edge (openOx with the `openpgp` library, in process) against
// GnuPG on the same objects in the same run: one `gpg --decrypt-files` process for all of them, and
// one `gpg --decrypt` per object (how gpgme-based clients call it). Every run is checked: N valid
// signatures each way. Prints the times and the ratios; skipped when gpg is not installed.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as openpgp from 'openpgp';
import { openOx, type OpenPgpKeys } from '../server/src/node/openOx';
import { sealOxMultiple } from '../server/src/node/sealOx';

const J = 'juliet@capulet.lit';
const R = 'romeo@montague.lit';

function ms(t0: bigint): number {
  return Number(process.hrtime.bigint() - t0) / 1e6;
}

async function best(fn: () => Promise<void> | void, runs: number): Promise<number> {
  let b = Infinity;
  for (let r = 0; r < runs; r++) {
    const t0 = process.hrtime.bigint();
    await fn();
    b = Math.min(b, ms(t0));
  }
  return b;
}

export async function benchOx(count: number, runs = 3) {
  const [jk, rk] = await Promise.all([J, R].map((j) => openpgp.generateKey({ type: 'ecc', curve: 'curve25519Legacy', userIDs: [{ name: `xmpp:${j}` }], format: 'object' })));
  const sender: OpenPgpKeys = { publicKeys: [jk.publicKey, rk.publicKey], privateKeys: [jk.privateKey], problems: [] };
  const reader: OpenPgpKeys = { publicKeys: [jk.publicKey], privateKeys: [rk.privateKey], problems: [] };
  const stanzas = Array.from({ length: count }, (_, i) => `<message from='${J}/balcony' to='${R}/orchard' type='chat' id='b${i}'><body>Message number ${i}: wherefore art thou, Romeo?</body></message>`);
  const sealed = await sealOxMultiple(stanzas, { sign: true, encrypt: true, keys: sender });
  const objects = sealed.map((s) => {
    if (!s.ok) throw new Error(`bench-ox: sealing failed: ${s.reason}`);
    return /<openpgp xmlns='urn:xmpp:openpgp:0'>([^<]+)</.exec(s.xml)![1];
  });

  const oursMs = await best(async () => {
    for (const b64 of objects) {
      const o = await openOx(b64, reader);
      if (o.decrypt !== 'ok' || o.signatures[0]?.result !== 'valid') throw new Error('bench-ox: openOx did not verify an object');
    }
  }, runs);

  if (spawnSync('gpg', ['--version']).status !== 0) return { count, oursMs };
  const dir = mkdtempSync(join(tmpdir(), 'bench-ox-'));
  const home = join(dir, 'gnupg');
  mkdirSync(home, { mode: 0o700 });
  const gpg = (args: string[], input?: string | Buffer) => spawnSync('gpg', ['--homedir', home, '--batch', '--yes', '--no-tty', '--trust-model', 'always', '--status-fd', '2', ...args], { input });
  try {
    for (const armored of [rk.privateKey.armor(), jk.publicKey.armor()]) if (gpg(['--import'], armored).status !== 0) throw new Error('bench-ox: gpg --import failed');
    const files = objects.map((b64, i) => {
      const f = join(dir, `m${i}.gpg`);
      writeFileSync(f, Buffer.from(b64, 'base64'));
      return f;
    });
    const goodSigs = (stderr: Buffer) => stderr.toString().split('\n').filter((l) => l.startsWith('[GNUPG:] VALIDSIG ')).length;
    gpg(['--decrypt'], Buffer.from(objects[0], 'base64')); // starts gpg-agent before timing
    const gpgFilesMs = await best(() => {
      const r = gpg(['--decrypt-files', ...files]);
      if (r.status !== 0 || goodSigs(r.stderr) !== count) throw new Error(`bench-ox: gpg --decrypt-files verified ${goodSigs(r.stderr)}/${count}`);
    }, runs);
    const gpgEachMs = await best(() => {
      for (const f of files) {
        const r = gpg(['--output', '-', '--decrypt', f]);
        if (r.status !== 0 || goodSigs(r.stderr) !== 1) throw new Error('bench-ox: gpg --decrypt did not verify an object');
      }
    }, 1);
    return { count, oursMs, gpgFilesMs, gpgEachMs };
  } finally {
    spawnSync('gpgconf', ['--homedir', home, '--kill', 'gpg-agent']);
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function printBenchOx(count: number): Promise<void> {
  try {
    const r = await benchOx(count);
    console.log(`\nOX decrypt+verify of ${r.count} <signcrypt/> objects (ed25519/cv25519):`);
    console.log(`openpgp (ours, in process): best ${r.oursMs.toFixed(0)} ms (${(r.oursMs / r.count).toFixed(2)} ms per object)`);
    if (r.gpgFilesMs === undefined || r.gpgEachMs === undefined) return void console.log('gpg: not installed, no baseline in this run');
    console.log(`gpg --decrypt-files (one process): best ${r.gpgFilesMs.toFixed(0)} ms; ours / gpg: ${(r.oursMs / r.gpgFilesMs).toFixed(2)}x`);
    console.log(`gpg --decrypt per object (gpgme-style): ${r.gpgEachMs.toFixed(0)} ms; ours / gpg: ${(r.oursMs / r.gpgEachMs).toFixed(2)}x`);
  } catch (e) {
    console.error(`OX bench failed: ${(e as Error).message}`);
    process.exitCode = 1;
  }
}
