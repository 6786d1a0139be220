// The streaming CLI's rows (issue 10 point 4, issue 17 point 5; `npm run bench`): peak RSS of
// `inspect --format json` on generated many-line client logs (scripts/make-many-line-log.mjs),
// above the RSS of the same CLI on an empty file measured in the same run, as a multiple of the
// file; the time and RSS of the streamed path against the in-memory one on a log both can read;
// and, with BENCH_STREAM_GB=1 (about three minutes), a 1 GB log against the 512 MB target.
// The logs are generated into a temporary folder and removed.
import { spawnSync } from 'node:child_process';
import { appendFileSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { RSS_PRELOAD } from './bench-large';

const ROOT = resolve(__dirname, '..');

const ERROR_REPLY = "2024-01-15 23:59:59 xmpp DEBUG RECV: <message from='bob@example.com/phone' to='alice@example.com/laptop' id='m0' type='error'><error type='cancel'><service-unavailable xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></message>\n";

interface Run {
  ms: number;
  mib: number;
}

function measure(args: string[]): Run {
  const t = performance.now();
  const r = spawnSync(process.execPath, args, { stdio: ['ignore', 'ignore', 'pipe'], maxBuffer: 1 << 26 });
  const ms = performance.now() - t;
  const m = /MAXRSS_KB (\d+)/.exec(r.stderr.toString());
  if ((r.status !== 0 && r.status !== 1) || !m) throw new Error(`bench-stream: ${args.join(' ')} exited ${r.status}: ${r.stderr.toString().slice(-800)}`);
  return { ms, mib: Number(m[1]) / 1024 };
}

function makeLog(file: string, mb: number): number {
  const r = spawnSync(process.execPath, [join(ROOT, 'scripts', 'make-many-line-log.mjs'), file, String(mb)], { stdio: 'inherit' });
  if (r.status !== 0) throw new Error('bench-stream: the log generator failed');
  return statSync(file).size;
}

export function benchStream(): void {
  const dir = mkdtempSync(join(tmpdir(), 'xmpp-e2e-bench-stream-'));
  try {
    const preload = join(dir, 'rss.cjs');
    writeFileSync(preload, RSS_PRELOAD);
    const cli = join(ROOT, 'dist', 'cli.js');
    const inspect = (file: string, ...extra: string[]) => ['--require', preload, cli, 'inspect', '--format', 'json', ...extra, file];
    const empty = join(dir, 'empty.log');
    writeFileSync(empty, '');
    const baseline = measure(inspect(empty));
    const bare = measure(['--require', preload, '-e', '']);
    console.log(`\nstreaming inspect (many-line client logs): baseline = the CLI on an empty file, ${baseline.mib.toFixed(0)} MiB (node -e '': ${bare.mib.toFixed(0)} MiB)`);
    const row = (label: string, r: Run, bytes: number, target: string) =>
      console.log(`  ${label}: ${(r.ms / 1000).toFixed(1)} s, peak RSS ${r.mib.toFixed(0)} MiB, ${(r.mib - baseline.mib).toFixed(0)} MiB above baseline = ${(((r.mib - baseline.mib) * 1048576) / bytes).toFixed(2)}x the file   [${target}]`);

    // Streamed against in memory on a log both read (below the 16 MiB threshold, --stream forces it).
    const mid = join(dir, 'mid.log');
    const midBytes = makeLog(mid, Number(process.env.BENCH_STREAM_MID_MB ?? 12));
    const whole = measure(inspect(mid));
    const streamed = measure(inspect(mid, '--stream'));
    console.log(`  ${(midBytes / 1048576).toFixed(0)} MiB log: in memory ${(whole.ms / 1000).toFixed(1)} s / ${whole.mib.toFixed(0)} MiB; streamed ${(streamed.ms / 1000).toFixed(1)} s / ${streamed.mib.toFixed(0)} MiB: time ratio ${(streamed.ms / whole.ms).toFixed(2)}x, RSS above baseline ${((streamed.mib - baseline.mib) / (whole.mib - baseline.mib)).toFixed(2)}x of in memory`);

    const big = join(dir, 'big.log');
    const bigBytes = makeLog(big, Number(process.env.BENCH_STREAM_MB ?? 200));
    row(`${(bigBytes / 1048576).toFixed(0)} MiB log (streamed)`, measure(inspect(big)), bigBytes, 'target <= 4x above baseline');
    // With an error reply anywhere, every stanza's few facts are kept for the replies' look-back.
    appendFileSync(big, ERROR_REPLY);
    row(`the same log with one error reply`, measure(inspect(big)), bigBytes, 'target <= 4x above baseline');
    rmSync(big);
    if (process.env.BENCH_STREAM_GB === '1') {
      const huge = join(dir, 'huge.log');
      const hugeBytes = makeLog(huge, 1024);
      const r = measure(inspect(huge));
      row(`${(hugeBytes / 1048576).toFixed(0)} MiB log (streamed)`, r, hugeBytes, `target: peak RSS <= 512 MB: ${r.mib * 1048576 <= 512e6 ? 'met' : 'NOT met'}`);
    } else console.log('  (the 1 GB row: BENCH_STREAM_GB=1 npm run bench)');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (/bench-stream\.(cjs|ts)$/.test(process.argv[1] ?? '')) benchStream();
