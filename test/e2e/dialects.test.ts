// OpenSSL-made objects written into every capture dialect, as the inspector's users' logs hold
// them: the clean object verifies with no false alarm (its capture time is its "now"), the altered
// one and the forged sender are reported, and the stanza/object counts are exact.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeDocument } from '../../server/src/core/analyze';
import type { Dialect, KeyStore } from '../../server/src/core/types';
import { cpim, makePeer, romeoKeys, smimeEncrypt, smimeSign, stanza, type Peer } from './opensslStanzas';

let p: Peer;
let keys: KeyStore;
/** Capture time of the first stanza; the objects' DateTime is one second earlier. */
// A minute after now, on a whole second: the peer certificates are made at test time, so a fixed
// date becomes "before notBefore" once the wall clock passes it.
const T = Math.ceil((Date.now() + 60_000) / 1000) * 1000;
let stanzas: string[];

before(() => {
  p = makePeer();
  keys = romeoKeys(p);
  const dt = (i: number) => new Date(T - 1000 + i * 2000).toISOString();
  const attrs = (id: string, from = 'juliet@example.com/balcony') => ({ from, to: 'romeo@example.net/orchard', type: 'chat', id });
  const clean = stanza('message', attrs('c1'), smimeEncrypt(p, [p.romeo], smimeSign(p, p.juliet, cpim('juliet@example.com', 'romeo@example.net', dt(0)))));
  const altered = stanza('message', attrs('c2'), smimeSign(p, p.juliet, cpim('juliet@example.com', 'romeo@example.net', dt(1), 'at nine')).replace('at nine', 'at ten'));
  const forged = stanza('message', attrs('c3', 'mallory@example.org/attic'), smimeSign(p, p.juliet, cpim('juliet@example.com', 'romeo@example.net', dt(2))));
  stanzas = [clean, altered, forged];
});
after(() => p.ws.cleanup());

const at = (i: number) => new Date(T + i * 2000);
const hms = (d: Date) => d.toISOString().slice(11, 19);
const ymdHms = (d: Date, sep = ' ') => d.toISOString().slice(0, 10) + sep + d.toISOString().slice(11, 19);
const ctime = (d: Date) => {
  const s = d.toUTCString(); // "Sun, 01 Nov 2026 10:00:00 GMT"
  const [wd, day, mon, year, time] = s.replace(',', '').split(' ');
  return `${wd} ${mon} ${day.padStart(2, ' ')} ${time} ${year}`;
};
const erlang = (s: string) => s.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\r/g, '\\r').replace(/\n/g, '\\n');

/** Each dialect: how it writes one received stanza (i = its position), plus what comes before. */
const DIALECTS: { dialect: Dialect; header?: string; entry: (xml: string, i: number) => string }[] = [
  {
    dialect: 'raw-xml',
    header: "<?xml version='1.0'?>\n<stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' from='example.net' version='1.0'>\n",
    entry: (x) => x + '\n',
  },
  { dialect: 'xmpppy', entry: (x, i) => `${ctime(at(i))} - RECV: - ${x}\n` },
  { dialect: 'libstrophe', entry: (x, i) => `${ymdHms(at(i))} - xmpp: DBG: RECV: ${x}\n` },
  { dialect: 'smack', entry: (x, i) => `${hms(at(i))} RECV (0): ${x}\n` },
  { dialect: 'gajim', entry: (x, i) => `<!-- Incoming ${hms(at(i))} (romeo@example.net) -->\n${x}\n\n` },
  { dialect: 'psi', entry: (x, i) => `<!-- TS:${at(i).toISOString().slice(0, 19)}Z -->${x}\n` },
  { dialect: 'dino', entry: (x, i) => `XMPP IN [example.net 0x55d4c3a0f2b0 ${at(i).toISOString().slice(0, 19)}.000000+00:00]\n${x}\n\n` },
  { dialect: 'xmppjs', header: 'status online romeo@example.net/orchard\n', entry: (x) => `IN\n ${x}\n` },
  { dialect: 'node-xmpp', header: '  xmpp:client register a new domain: example.net +0ms\n', entry: (x, i) => `  xmpp:connection receive: ${x} +${i + 1}ms\n` },
  {
    dialect: 'ejabberd',
    entry: (x, i) => `${ymdHms(at(i))}.000000+00:00 [debug] <0.601.0>@xmpp_socket:parse/2:120 (tcp|<0.601.0>) Received XML on stream = <<"${erlang(x)}">>\n`,
  },
  {
    dialect: 'tigase',
    entry: (x, i) => `${ymdHms(at(i))}  ClientConnectionManager.processSocketData()  FINEST: Processing socket data: from=null, to=null, DATA=${x}, SIZE=${x.length}, XMLNS=null, PRIORITY=NORMAL, PERMISSION=NONE, TYPE=chat\n`,
  },
  {
    dialect: 'openfire',
    entry: (x, i) => {
      // One stanza split over two buffers, as Openfire's debugger logs them.
      const cut = Math.floor(x.length / 2);
      const pre = (n: number) => `${ymdHms(at(i), ' ').replace(/-/g, '.')}.${String(n).padStart(3, '0')} INFO  [socket_c2s-thread-2]: org.jivesoftware.openfire.plugin.rawprintfilter.RawPrintFilter - C2S - RECV (1520117): `;
      return `${pre(0)}${x.slice(0, cut)}\n${pre(1)}${x.slice(cut)}\n`;
    },
  },
];

/** Dialects whose lines carry no capture time (as written here): judged against the configured now. */
const untimed = new Set<Dialect>(['raw-xml', 'xmppjs', 'node-xmpp']);

describe('OpenSSL objects in every capture dialect', () => {
  for (const d of DIALECTS) {
    test(d.dialect, () => {
      const text = (d.header ?? '') + stanzas.map((s, i) => d.entry(s, i)).join('');
      // Far from the clock: only the capture time (or, for raw XML, the configured now) can explain the timestamps.
      const a = analyzeDocument(text, { keys, clock: () => T + 3600_000 * 24 * 30, now: untimed.has(d.dialect) ? T : undefined });
      assert.equal(a.dialect, d.dialect);
      assert.equal(a.stanzaCount, 3, 'stanzas');
      assert.equal(a.objects.length, 3, 'objects');
      const [clean, altered, forged] = a.objects;
      // The clean object: decrypted, verified, bound, judged against its capture time.
      assert.equal(clean.status, 'verified', JSON.stringify(a.findings.map((f) => f.code)));
      assert.equal(clean.now?.source, untimed.has(d.dialect) ? 'setting' : 'capture');
      for (const code of ['e2e.sig.invalid', 'e2e.jid.mismatch', 'e2e.ts.old', 'e2e.ts.future', 'e2e.ts.decreasing', 'xml.malformed', 'trace.stanza.truncated']) {
        assert.ok(!clean.codes.includes(code), `false alarm ${code} on the clean object`);
      }
      assert.ok(!a.findings.some((f) => f.code === 'xml.malformed' || f.code === 'trace.stanza.truncated'), 'no framing problem');
      assert.ok(altered.codes.includes('cms.sig.digestMismatch') && altered.codes.includes('e2e.sig.invalid'));
      assert.ok(forged.codes.includes('e2e.jid.mismatch'));
      assert.equal(forged.signers[0].signature, 'valid', 'the forged sender signature itself verifies');
    });
  }
});
