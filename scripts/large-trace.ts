// The issue-10 trace: a raw-XML client stream of ~50,000 stanzas of rotating shapes (chat, presence,
// roster and disco iqs, MAM results, BOSH bodies), 2,500 of them sealed by our own `sealStanza`
// (2,000 signed, 500 signed+encrypted) with generated test identities. Used by the benchmarks.
import { generateIdentities } from '../server/src/core/keys/keygen';
import { buildKeyStore } from '../server/src/core/keys/keyStore';
import { sealStanza } from '../server/src/core/seal/sealStanza';
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { KeyStore } from '../server/src/core/types';

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
      return `<message from='romeo@example.net/orchard' to='juliet@example.com/balcony' type='chat' id='${id}' xml:lang='en'><body>Hello number ${i} &amp; welcome, it is &lt;${i % 60}&gt; o'clock</body><active xmlns='http://jabber.org/protocol/chatstates'/><request xmlns='urn:xmpp:receipts'/></message>`;
    case 2:
      return `<presence from='romeo@example.net/orchard' to='juliet@example.com'><show>away</show><status>Gone fishing ${i}</status><priority>5</priority><c xmlns='http://jabber.org/protocol/caps' hash='sha-1' node='http://psi-im.org' ver='q07IKJEyjvHSyhy//CH0CxmKi8w='/></presence>`;
    case 3:
      return `<iq type='get' id='${id}' to='example.com' from='juliet@example.com/balcony'><query xmlns='http://jabber.org/protocol/disco#info'/></iq>`;
    case 4:
      return `<iq type='result' id='id${i - 1}' from='example.com' to='juliet@example.com/balcony'><query xmlns='http://jabber.org/protocol/disco#info'><identity category='server' type='im'/><feature var='urn:xmpp:mam:2'/></query></iq>`;
    default:
      return `<message from='juliet@example.com' to='juliet@example.com/balcony' id='${id}'><result xmlns='urn:xmpp:mam:2' queryid='q1' id='arch${i}'><forwarded xmlns='urn:xmpp:forward:0'><delay xmlns='urn:xmpp:delay' stamp='2010-07-10T23:08:25Z'/><message to='juliet@example.com/balcony' from='romeo@example.net/orchard' type='chat'><body>Call me but love, and I'll be new baptized; henceforth I never will be Romeo.</body></message></forwarded></result></message>`;
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
