// Issue 10's CLI rows, as whole processes on the same generated files (`npm run bench`, part 5):
//   the CLI's `inspect` of the 21 MB trace (50,000 stanzas, 2,500 sealed objects) and of its 2,500
//   objects alone, each against the floor process: fast-xml-parser over the same file plus the bare
//   node:crypto primitives for the same objects (digest, RSA verify, RSA + AES decrypt), inputs
//   extracted beforehand, untimed; the CLI's peak RSS above its RSS on a one-stanza file; and what a
//   user would do instead, a shell loop of `openssl cms -verify` / `-decrypt` per object.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { floorInputs } from './bench-e2e';
import { makeLargeTrace, T0, testKeys, writeKeyFiles } from './large-trace';
import { parseTrace } from '../server/src/core/trace/parseTrace';

const ROOT = resolve(__dirname, '..');
const NOW = new Date(T0 + 5000).toISOString();
const RUNS = Number(process.env.BENCH_LARGE_RUNS ?? 3);

/**
 * Reports the process's peak RSS on exit (preloaded into the measured processes): its own VmHWM.
 * Linux keeps ru_maxrss (resourceUsage().maxRSS) across exec, so a child of a large bench process
 * reported the parent's size from before its exec (the one-stanza baseline read 114 MiB in
 * `npm run bench` against 49 in `npm run bench:large`); maxRSS only where /proc is missing.
 */
export const RSS_PRELOAD = `process.on('exit', () => {
  const fs = require('node:fs');
  let kb = process.resourceUsage().maxRSS;
  try { kb = Number(/VmHWM:\\s*(\\d+)/.exec(fs.readFileSync('/proc/self/status', 'utf8'))[1]); } catch {}
  fs.writeSync(2, '\\nMAXRSS_KB ' + kb + '\\n');
});
`;

const FLOOR = `const fs = require('node:fs');
const c = require('node:crypto');
const { XMLParser } = require(process.env.FXP);
const [trace, inputsFile] = process.argv.slice(2);
const text = fs.readFileSync(trace, 'utf8');
new XMLParser({ ignoreAttributes: false }).parse(text);
const { pub, key, objects } = JSON.parse(fs.readFileSync(inputsFile, 'utf8'));
const pubKey = c.createPublicKey(pub);
const privKey = c.createPrivateKey(key);
const b = (s) => Buffer.from(s, 'base64');
for (const o of objects) {
  if (o.encrypted) {
    const em = c.privateDecrypt({ key: privKey, padding: c.constants.RSA_NO_PADDING }, b(o.encrypted.encryptedKey));
    const cek = em.subarray(em.indexOf(0, 2) + 1);
    const d = c.createDecipheriv(cek.length === 32 ? 'aes-256-cbc' : 'aes-128-cbc', cek, b(o.encrypted.iv));
    Buffer.concat([d.update(b(o.encrypted.ciphertext)), d.final()]);
  }
  c.createHash(o.digest).update(b(o.content)).digest();
  if (!c.verify('sha256', b(o.signedAttrs), pubKey, b(o.signature))) throw new Error('floor: verify failed');
}
`;

interface Run {
  ms: number;
  rssKb: number;
  status: number | null;
  stderr: string;
}

function run(args: string[], env: NodeJS.ProcessEnv = {}): Run {
  const t = performance.now();
  const r = spawnSync(process.execPath, args, { env: { ...process.env, ...env }, maxBuffer: 1 << 30, stdio: ['ignore', 'ignore', 'pipe'] });
  const ms = performance.now() - t;
  const m = /MAXRSS_KB (\d+)/.exec(r.stderr.toString());
  return { ms, rssKb: m ? Number(m[1]) : NaN, status: r.status, stderr: r.stderr.toString().slice(-1500) };
}

function best(n: number, f: () => Run): Run {
  let b: Run | undefined;
  for (let i = 0; i < n; i++) {
    const r = f();
    if (!b || r.ms < b.ms) b = { ...r, rssKb: Math.max(r.rssKb, b?.rssKb ?? 0) };
  }
  return b!;
}

export function benchLargeTrace(): void {
  // BENCH_LARGE_DIR keeps the generated traces, keys and floor inputs there (to profile the CLI on them).
  const keep = process.env.BENCH_LARGE_DIR;
  if (keep) mkdirSync(keep, { recursive: true });
  const dir = keep ? resolve(keep) : mkdtempSync(join(tmpdir(), 'xmpp-e2e-bench-large-'));
  try {
    const k = testKeys();
    writeKeyFiles(join(dir, 'keys'), k.files);
    const preload = join(dir, 'rss.cjs');
    writeFileSync(preload, RSS_PRELOAD);
    const floorJs = join(dir, 'floor.cjs');
    writeFileSync(floorJs, FLOOR);
    const fxp = require.resolve('fast-xml-parser', { paths: [ROOT] });
    const romeo = k.keys.entries.find((e) => e.privateKey && e.cert.xmppAddrs.includes('romeo@example.net'))!;
    const juliet = k.keys.entries.find((e) => e.cert.xmppAddrs.includes('juliet@example.com'))!;
    const cli = join(ROOT, 'dist', 'cli.js');
    const inspect = (file: string) => ['--require', preload, cli, 'inspect', '--keys', join(dir, 'keys'), '--trust', join(dir, 'keys', 'trust'), '--now', NOW, '--format', 'json', file];

    const tiny = join(dir, 'tiny.xml');
    writeFileSync(tiny, makeLargeTrace(1, 1, k).text);
    const baseline = best(RUNS, () => run(inspect(tiny)));

    const stanzas = Number(process.env.BENCH_STANZAS ?? 50_000);
    const objects = Number(process.env.BENCH_OBJECTS ?? 2_500);
    const whole = makeLargeTrace(stanzas, objects, k);
    const objectsOnly = makeLargeTrace(objects, objects, k);
    let opensslPerObject = NaN;
    for (const [label, lt] of [
      ['whole trace', whole],
      ['its objects alone', objectsOnly],
    ] as const) {
      const file = join(dir, `${label.replace(/\W+/g, '-')}.xml`);
      writeFileSync(file, lt.text);
      const inputs = join(dir, `${label.replace(/\W+/g, '-')}.inputs.json`);
      const objects = floorInputs(lt.text, k.keys).map((o) => ({
        digest: o.digest,
        content: o.content.toString('base64'),
        signedAttrs: o.signedAttrs.toString('base64'),
        signature: o.signature.toString('base64'),
        encrypted: o.encrypted && { encryptedKey: o.encrypted.encryptedKey.toString('base64'), iv: o.encrypted.iv.toString('base64'), ciphertext: o.encrypted.ciphertext.toString('base64') },
      }));
      writeFileSync(inputs, JSON.stringify({ pub: juliet.cert.pem, key: romeo.privateKey!.export({ format: 'pem', type: 'pkcs8' }), objects }));
      const ours = best(RUNS, () => run(inspect(file)));
      const floor = best(RUNS, () => run(['--require', preload, floorJs, file, inputs], { FXP: fxp }));
      if (ours.status !== 0 && ours.status !== 1) throw new Error(`bench: the CLI exited ${ours.status}: ${ours.stderr}`);
      if (floor.status !== 0) throw new Error(`bench: the floor process failed: ${floor.stderr}`);
      const mb = Buffer.byteLength(lt.text) / 1e6;
      console.log(`\nCLI inspect, ${label}: ${mb.toFixed(1)} MB, ${lt.stanzas} stanzas, ${lt.objects} objects (best of ${RUNS}, whole processes)`);
      console.log(`  xmpp-e2e inspect: ${ours.ms.toFixed(0)} ms; floor process (fast-xml-parser + bare node:crypto): ${floor.ms.toFixed(0)} ms; ratio ${(ours.ms / floor.ms).toFixed(2)}x   [target <= 1.3x]`);
      console.log(`  CLI peak RSS: ${(ours.rssKb / 1024).toFixed(0)} MiB, ${((ours.rssKb - baseline.rssKb) / 1024).toFixed(0)} MiB above a one-stanza file = ${(((ours.rssKb - baseline.rssKb) * 1024) / 1e6 / mb).toFixed(1)}x the file   [target <= 4x]`);
      if (label === 'whole trace') opensslPerObject = opensslLoop(dir, lt.text, join(dir, 'keys'));
      if (Number.isFinite(opensslPerObject)) {
        const loopMs = opensslPerObject * lt.objects;
        console.log(`  a shell loop of openssl cms per object: ${opensslPerObject.toFixed(1)} ms/object -> ${loopMs.toFixed(0)} ms for ${lt.objects}; xmpp-e2e inspect is ${(ours.ms / loopMs).toFixed(2)}x of it`);
      }
    }
  } finally {
    if (!keep) rmSync(dir, { recursive: true, force: true });
  }
}

/** ms per object of `openssl cms -verify` (signed) or `-decrypt | -verify` (encrypted), over a sample of the objects. */
function opensslLoop(dir: string, text: string, keys: string): number {
  if (spawnSync('openssl', ['version']).status !== 0) {
    console.log('  (openssl not found: no openssl cms row)');
    return NaN;
  }
  const files = readdirKeys(keys);
  const objects = parseTrace(text).stanzas.flatMap((s) => s.e2e.map((r) => r.content.trim()));
  const sample = [...objects.slice(0, 40), ...objects.slice(-10)];
  // The test certificates are judged at the trace's time, as the CLI's --now does.
  const at = String(Math.floor((T0 + 5000) / 1000));
  const t = performance.now();
  for (let i = 0; i < sample.length; i++) {
    const f = join(dir, `o${i}.eml`);
    writeFileSync(f, sample[i].replace(/\r?\n/g, '\r\n'));
    if (/enveloped-data/.test(sample[i].slice(0, 300))) {
      const dec = spawnSync('openssl', ['cms', '-decrypt', '-in', f, '-recip', files.romeoCrt, '-inkey', files.romeoKey]);
      if (dec.status !== 0) throw new Error(`bench: openssl cms -decrypt failed: ${dec.stderr}`);
      const v = spawnSync('openssl', ['cms', '-verify', '-CAfile', files.ca, '-purpose', 'any', '-attime', at, '-out', '/dev/null'], { input: dec.stdout });
      if (v.status !== 0) throw new Error(`bench: openssl cms -verify failed: ${v.stderr}`);
    } else {
      const v = spawnSync('openssl', ['cms', '-verify', '-in', f, '-CAfile', files.ca, '-purpose', 'any', '-attime', at, '-out', '/dev/null']);
      if (v.status !== 0) throw new Error(`bench: openssl cms -verify failed: ${v.stderr}`);
    }
  }
  return (performance.now() - t) / sample.length;
}

function readdirKeys(keys: string): { romeoCrt: string; romeoKey: string; ca: string } {
  return { romeoCrt: join(keys, 'romeo@example.net.crt'), romeoKey: join(keys, 'romeo@example.net.key'), ca: join(keys, 'trust', 'ca.crt') };
}

if (/bench-large\.(cjs|ts)$/.test(process.argv[1] ?? '')) benchLargeTrace();
