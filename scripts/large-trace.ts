// The issue-10 trace: a raw-XML client stream of ~50,000 stanzas of rotating shapes (chat, presence,
// roster and disco iqs, MAM results, BOSH bodies), 2,500 of them sealed by our own `sealStanza`
// (2,000 signed, 500 signed+encrypted) with generated test identities. Used by the benchmarks.
import { generateIdentities } from '../server/src/core/keys/keygen';
import { buildKeyStore } from '../server/src/core/keys/keyStore';
import { sealStanza } from '../server/src/core/seal/sealStanza';
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { KeyStore } from '../server/src/core/types';
import { awayPresence, chatMessage, discoInfoGet, mamResult } from './benchStanzas';

export const T0 = Date.parse('2026-11-01T10:00:00Z');

export interface LargeTrace {
  text: string;
  keys: KeyStore;
  /** The key files (for a workspace the language server loads). */
  files: { name: string; contents: string }[];
  stanzas: number;
  objects: number;
}

export function testKeys(): { keys: KeyStore; files: { name: string; contents: string }[] } {
  const files = generateIdentities({ jids: ['juliet@example.com', 'romeo@example.net'], ca: true, nowMs: T0 - 86_400_000, days: 30 });
  const enc = new TextEncoder();
  const keys = buildKeyStore(
    files.filter((f) => !f.name.startsWith('trust/')).map((f) => ({ path: f.name, bytes: enc.encode(f.contents) })),
    files.filter((f) => f.name.startsWith('trust/')).map((f) => ({ path: f.name, bytes: enc.encode(f.contents) })),
    () => undefined,
  );
  return { keys, files };
}

/** Writes the key files under `dir` (private keys 0600), as a workspace's `.xmpp-e2e` or a --keys folder. */
export function writeKeyFiles(dir: string, files: { name: string; contents: string }[]): void {
  for (const f of files) {
    const p = join(dir, f.name);
    mkdirSync(dirname(p), { recursive: true });
    writeFileSync(p, f.contents);
    if (f.name.endsWith('.key')) chmodSync(p, 0o600);
  }
}

function plain(i: number): string {
  const id = `id${i}`;
  switch (i % 6) {
    case 0:
    case 1:
      return chatMessage(i, id);
    case 2:
      return awayPresence(i);
    case 3:
      return discoInfoGet(id);
    case 4:
      return `<iq type='result' id='id${i - 1}' from='example.com' to='juliet@example.com/balcony'><query xmlns='http://jabber.org/protocol/disco#info'><identity category='server' type='im'/><feature var='urn:xmpp:mam:2'/></query></iq>`;
    default:
      return mamResult(i, id);
  }
}

/** `stanzas` stanzas, every (stanzas/objects)-th one sealed; the last fifth of the sealed ones also encrypted. */
export function makeLargeTrace(stanzas = 50_000, objects = 2_500, k = testKeys()): LargeTrace {
  const parts = ["<?xml version='1.0'?>\n<stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' to='example.com' version='1.0'>\n"];
  const every = Math.max(1, Math.floor(stanzas / Math.max(1, objects)));
  let sealed = 0;
  for (let i = 0; i < stanzas; i++) {
    if (i % every === every - 1 && sealed < objects) {
      const encrypt = sealed >= objects * 0.8;
      const xml = `<message from='juliet@example.com/balcony' to='romeo@example.net' type='chat' id='s${i}'><body>Sealed message ${i}: ${'lorem ipsum '.repeat(6)}</body></message>`;
      const r = sealStanza(xml, { sign: true, encrypt, keys: k.keys, nowMs: T0 + sealed * 10 });
      if (!r.ok) throw new Error(r.reason);
      parts.push(r.xml, '\n');
      sealed++;
    } else parts.push(plain(i), '\n');
  }
  parts.push('</stream:stream>\n');
  return { text: parts.join(''), keys: k.keys, files: k.files, stanzas, objects: sealed };
}

// The same stream written as client debug logs write it (slixmpp's Python logging, Profanity's
// libstrophe log): each top-level element an entry on its own line after the dialect's marker,
// sent and received in turn; a sealed object's lines continue its entry.

/** `i`: the entry's number; `sealed`: the objects in the entries so far (this one's included). */
export type Prefix = (out: boolean, i: number, sealed: number) => string;

/** `continuation`: what the logger puts before an entry's further lines (Prosody: a TAB). */
export function asLog(text: string, prefix: Prefix, continuation = ''): string {
  let inCdata = false;
  let i = 0;
  let sealed = 0;
  return text
    .split('\n')
    .map((line) => {
      const top = !inCdata && line.startsWith('<');
      if (top && line.includes('<e2e ')) sealed++;
      for (let p = line.indexOf(inCdata ? ']]>' : '<![CDATA['); p >= 0; p = line.indexOf(inCdata ? ']]>' : '<![CDATA[', p + 3)) inCdata = !inCdata;
      return top ? prefix(i++ % 2 === 0, i, sealed) + line : continuation + line;
    })
    .join('\n');
}

/** An entry's capture time: that of the last object sealed (object k at T0 + 10k ms), so that no object is old or ahead. */
const clock = (sealed: number) => {
  const ms = Math.max(0, sealed - 1) * 10;
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  return `10:${p(Math.floor(ms / 60_000) % 60)}:${p(Math.floor(ms / 1000) % 60)}`;
};
const millis = (sealed: number) => String((Math.max(0, sealed - 1) * 10) % 1000).padStart(3, '0');

export const slixmppPrefix: Prefix = (out, _i, sealed) => `2026-11-01 ${clock(sealed)},${millis(sealed)} DEBUG    ${out ? 'SEND' : 'RECV'}: `;
export const profanityPrefix: Prefix = (out, _i, sealed) => `01/11/2026 ${clock(sealed)}: conn: DBG: ${out ? 'SENT' : 'RECV'}: `;
export const prosodyPrefix: Prefix = (out, i, sealed) => `Nov 01 ${clock(sealed)} c2s55e8a0f7${i % 2 ? 'a' : 'b'}\tdebug\t${out ? 'SEND' : 'RECV'}: `;

// Nov 1, 2026 was a Sunday (xmpppy prints time.ctime()).
export const xmpppyPrefix: Prefix = (out, _i, sealed) => `Sun Nov 01 ${clock(sealed)} 2026 - ${out ? 'SENT' : 'RECV'}: - `;
export const smackPrefix: Prefix = (out, _i, sealed) => `${clock(sealed)} ${out ? 'SENT' : 'RECV'} (0): `;
export const openfirePrefix: Prefix = (out, _i, sealed) =>
  `2026.11.01 ${clock(sealed)}.${millis(sealed)} INFO  [socket_c2s-thread-2]: org.jivesoftware.openfire.plugin.rawprintfilter.RawPrintFilter - C2S - ${out ? 'SENT' : 'RECV'} (1520117): `;
export const nodeXmppPrefix: Prefix = (out) => `  xmpp:client ${out ? 'send' : 'receive'}: `;

/** Erlang's printing of a binary's text: quotes, backslashes and line ends escaped. */
const erlang = (s: string) => s.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\r/g, '\\r').replace(/\n/g, '\\n');

/**
 * The same stream as ejabberd logs it at `loglevel: debug`: each top-level element a record
 * (`Received/Send XML on stream = <<"...">>`, the element's lines escaped on one line), received
 * and sent in turn on two connections; with `splitEvery`, every n-th element arrives as two
 * network buffers (two records of the same connection).
 */
export function asEjabberdLog(text: string, splitEvery = 0): string {
  const elements = topLevelElements(text);
  let sealed = 0;
  const out: string[] = [];
  elements.forEach((el, i) => {
    if (!el.trim()) return;
    if (el.includes('<e2e ')) sealed++;
    const sent = i % 2 === 0;
    const record = (part: string) =>
      `2026-11-01 ${clock(sealed)}.${millis(sealed)} [debug] ${sent ? '<0.705.0>@ejabberd_c2s:send_text:1822 Send' : '<0.704.0>@ejabberd_receiver:process_data:284 Received'} XML on stream = <<"${erlang(part)}">>`;
    if (splitEvery > 0 && i % splitEvery === splitEvery - 1 && el.length > 40) out.push(record(el.slice(0, el.length >> 1)), record(el.slice(el.length >> 1)));
    else out.push(record(el));
  });
  return out.join('\n') + '\n';
}

/** The stream's top-level elements (and its header lines), each with its own lines. */
function topLevelElements(text: string): string[] {
  const elements: string[] = [];
  let inCdata = false;
  for (const line of text.split('\n')) {
    const top = !inCdata && line.startsWith('<');
    for (let p = line.indexOf(inCdata ? ']]>' : '<![CDATA['); p >= 0; p = line.indexOf(inCdata ? ']]>' : '<![CDATA[', p + 3)) inCdata = !inCdata;
    if (top || elements.length === 0) elements.push(line);
    else elements[elements.length - 1] += '\n' + line;
  }
  return elements.filter((e) => e.trim() !== '');
}

/** The same stream as @xmpp/debug prints it: `IN` / `OUT` on a line of its own, the element after it indented. */
export function asXmppJsLog(text: string): string {
  return topLevelElements(text)
    .map((el, i) => `${i % 2 === 0 ? 'OUT' : 'IN'}\n ${el}`)
    .join('\n') + '\n';
}

/** The same stream as Dino's `--print-xmpp` prints it: a header line (direction, stream, time) before each element. */
export function asDinoLog(text: string): string {
  let sealed = 0;
  return (
    topLevelElements(text)
      .map((el, i) => {
        if (el.includes('<e2e ')) sealed++;
        return `XMPP ${i % 2 === 0 ? 'OUT' : 'IN'} [example.com 0x55d4c3a0f2b0 2026-11-01T${clock(sealed)}.${millis(sealed)}+00:00]\n${el}\n`;
      })
      .join('\n') + '\n'
  );
}

/**
 * The same stream as Prosody's default debug log shows it (no mod_stanza_debug): each stanza
 * summarised by its opening tag (`Received[c2s]: <message ...>`, `Sending[c2s]: ...`), other
 * elements not logged, an informational record now and then.
 */
export function asProsodySummaries(text: string): string {
  let sealed = 0;
  const out: string[] = [];
  topLevelElements(text).forEach((el, i) => {
    if (el.includes('<e2e ')) sealed++;
    const tag = /^<(message|presence|iq)\b[^>]*>/.exec(el)?.[0];
    if (!tag) return;
    const session = `c2s55e8a0f7${i % 2 ? 'a' : 'b'}`;
    out.push(`Nov 01 ${clock(sealed)} ${session}\tdebug\t${i % 2 === 0 ? 'Sending[c2s]' : 'Received[c2s]'}: ${tag}`);
    if (i % 25 === 0) out.push(`Nov 01 ${clock(sealed)} ${session}\tinfo\tAuthenticated as juliet@example.com`);
  });
  return out.join('\n') + '\n';
}
