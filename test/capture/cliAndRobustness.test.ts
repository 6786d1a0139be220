// Captures on the command line (`file#frame:N` positions, frame numbers in JSON) and 300
// deterministic mutations of pcap, pcapng and HAR files that must never throw and must keep every
// finding inside the capture document.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { analyzeCapture } from '../../server/src/core/capture/analyzeCapture';
import { bytes, conversation, pcap, pcapng, records } from './buildPcap';

const repo = join(__dirname, '..', '..');
const C = "<?xml version='1.0'?><stream:stream to='example.com' xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' version='1.0'>";
const S = "<?xml version='1.0'?><stream:stream from='example.com' id='s' xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' version='1.0'>";
const BAD = "<message to='romeo@example.net' id='bad'><body>fish & chips</body></message>";
const E2E = "<message to='romeo@example.net' id='e'><e2e xmlns='urn:ietf:params:xml:ns:xmpp-e2e'><![CDATA[Salted__AAAAAAAA]]></e2e></message>";

function sample() {
  return conversation([
    { from: 'c', text: C },
    { from: 's', text: S },
    { from: 'c', text: `<presence/>${'<!-- -->'.repeat(200)}` },
    { from: 'c', text: BAD },
    { from: 'c', text: E2E },
  ], 400);
}

describe('xmpp-e2e inspect on captures', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'xmpp-e2e-capcli-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('text output says file#frame:N; JSON carries frame numbers, streams and stanza frames', () => {
    const segs = sample();
    const file = join(dir, 'trace.pcapng');
    writeFileSync(file, pcapng(records(segs), 1));
    const badFrame = segs.findIndex((s) => Buffer.from(s.data).includes('& chips')) + 1;
    const text = spawnSync(process.execPath, [join(repo, 'dist', 'cli.js'), 'inspect', file], { encoding: 'utf8' });
    assert.equal(text.status, 1, text.stderr);
    assert.match(text.stdout, new RegExp(`trace\\.pcapng#frame:${badFrame} - error xml\\.malformed: `));
    const json = spawnSync(process.execPath, [join(repo, 'dist', 'cli.js'), 'inspect', '--format', 'json', file], { encoding: 'utf8' });
    const out = JSON.parse(json.stdout).files[0];
    assert.equal(out.dialect, 'pcapng');
    const malformed = out.diagnostics.find((d: { code: string }) => d.code === 'xml.malformed');
    assert.equal(malformed.frame, badFrame);
    assert.equal(malformed.locator, `frame:${badFrame}`);
    assert.ok(out.diagnostics.some((d: { code: string; frame?: number }) => d.code === 'e2e.crypto.notCms' && typeof d.frame === 'number'));
    assert.deepEqual(out.capture.streams.map((s: { id: string; transport: string }) => [s.id, s.transport]), [['tcp.stream 0', 'tcp']]);
    const stanza = out.capture.stanzas.find((s: { index: number }) => s.index === 1); // <presence/> is 0
    assert.equal(stanza.direction, 'client-to-server');
    assert.equal(stanza.firstFrame, badFrame);
  });

  test('an unreadable capture file is exit 2 with the reason', () => {
    const r = spawnSync(process.execPath, [join(repo, 'dist', 'cli.js'), 'inspect', join(dir, 'missing.pcap')], { encoding: 'utf8' });
    assert.equal(r.status, 2);
    assert.match(r.stderr, /cannot read .*missing\.pcap: ENOENT/);
  });
});

/** A small deterministic PRNG (mulberry32) so failures reproduce. */
function rng(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = seed;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function mutate(src: Uint8Array, r: () => number): Uint8Array {
  const b = Uint8Array.from(src);
  const kind = Math.floor(r() * 4);
  if (kind === 0) return b.subarray(0, Math.floor(r() * b.length));
  const n = 1 + Math.floor(r() * 8);
  for (let i = 0; i < n; i++) {
    const at = Math.floor(r() * b.length);
    if (kind === 1) b[at] = Math.floor(r() * 256);
    else if (kind === 2) b[at] ^= 0x80;
    else b[at] = [0x00, 0xff, 0x7f, 0x3c, 0x3e][Math.floor(r() * 5)];
  }
  return b;
}

describe('robustness', () => {
  test('300 mutations of pcap, pcapng and HAR captures never throw; findings stay inside the document', () => {
    const segs = sample();
    const har = bytes(JSON.stringify({ log: { entries: [{ startedDateTime: '2026-12-01T10:00:00Z', request: { method: 'GET', url: 'ws://x' }, _webSocketMessages: [{ type: 'send', time: 1, opcode: 1, data: E2E }] }] } }));
    const sources = [pcap(records(segs), 1), pcapng(records(segs, 'sll2'), 276, { bigEndian: true }), har];
    const r = rng(18);
    for (let i = 0; i < 300; i++) {
      const src = sources[i % sources.length];
      const m = mutate(src, r);
      let a;
      try {
        a = analyzeCapture(m, { verify: false });
      } catch (e) {
        assert.fail(`mutation ${i} threw: ${(e as Error).stack}`);
      }
      const len = a.capture.text.length;
      for (const f of a.findings) assert.ok(f.span.start >= 0 && f.span.end <= len && f.span.start <= f.span.end, `mutation ${i}: ${f.code} at ${f.span.start}-${f.span.end} of ${len}`);
      for (const s of a.trace!.stanzas) assert.ok(s.element.span.end <= len);
    }
  });
});
