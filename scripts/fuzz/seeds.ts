// Seeds: the samples, the dialect fixtures and the shared corpus when it is there, plus objects
// sealed at run time with identities generated at run time (signed, encrypted, both; CPIM, PIDF and
// xmpp+xml inside), so mutations reach decryption and verification with keys that can open them.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join } from 'node:path';
import { generateIdentities } from '../../server/src/core/keys/keygen';
import { buildKeyStore } from '../../server/src/core/keys/keyStore';
import { sealMultiple } from '../../server/src/core/seal/sealStanza';
import type { KeyStore } from '../../server/src/core/types';
import { FUZZ_NOW, type FuzzInput, type Target } from './targets';
import { SHAPES } from './adversarialShapes';

const STREAM = "<?xml version='1.0'?>\n<stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' to='example.com' version='1.0'>\n";

export interface Seeds {
  inputs: FuzzInput[];
  keys: KeyStore;
}

function filesUnder(dir: string, out: string[] = [], depth = 0): string[] {
  if (!existsSync(dir) || depth > 4) return out;
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    const st = statSync(p);
    if (st.isDirectory()) filesUnder(p, out, depth + 1);
    else if (st.size > 0 && st.size < 512 * 1024) out.push(p);
  }
  return out;
}

function targetOf(path: string): Target | undefined {
  const ext = extname(path).toLowerCase();
  if (ext === '.cpim') return 'cpim';
  if (ext === '.pidf') return 'pidf';
  if (['.der', '.p7m', '.p7s', '.cms', '.ber'].includes(ext)) return 'der';
  if (['.xml', '.log', '.txt', '.xmpp', '.xmpplog', '.eml', '.msg'].includes(ext)) return 'trace';
  return undefined;
}

export function loadSeeds(repo: string): Seeds {
  const inputs: FuzzInput[] = [];
  const dirs = [join(repo, 'samples'), join(repo, 'test', 'fixtures'), join(repo, '..', 'shared', 'corpus')];
  for (const dir of dirs) {
    for (const path of filesUnder(dir)) {
      if (path.includes(`${join('samples', 'keys')}`)) continue;
      const target = targetOf(path);
      if (!target) continue;
      const bytes = readFileSync(path);
      if (target === 'der') inputs.push({ target, text: bytes.toString('base64') });
      else inputs.push({ target, text: bytes.toString('utf8') });
    }
  }
  const sealed = sealedSeeds();
  for (const s of sealed.inputs) inputs.push(s);
  // Erlang binaries as the ejabberd framer meets them.
  for (const s of inputs.filter((i) => i.text.includes('<<"')).slice(0, 8)) {
    const a = s.text.indexOf('<<"');
    const b = s.text.indexOf('">>', a);
    if (b > a) inputs.push({ target: 'erlang', text: s.text.slice(a, b + 3) });
  }
  inputs.push({ target: 'erlang', text: '<<"<message>\\x{c3}\\xa9 \\"q\\" \\\\ \\n</message>">>' });
  // The benchmark's adversarial shapes, small: mutations explore the shapes next to them.
  for (const shape of SHAPES) {
    const target: Target = shape.name.startsWith('CPIM') ? 'cpim' : shape.name.startsWith('Erlang') ? 'erlang' : 'trace';
    inputs.push({ target, text: shape.make(Math.max(8, Math.round(shape.base / 64))) });
  }
  return { inputs, keys: sealed.keys };
}

/** Stanzas sealed now with identities made now: the mutations start from objects the keys open. */
export function sealedSeeds(): Seeds {
  const files = generateIdentities({ jids: ['juliet@example.com', 'romeo@example.net'], ca: true, nowMs: FUZZ_NOW - 86_400_000, days: 30 });
  const enc = new TextEncoder();
  const keys = buildKeyStore(
    files.filter((f) => !f.name.startsWith('trust/')).map((f) => ({ path: f.name, bytes: enc.encode(f.contents) })),
    files.filter((f) => f.name.startsWith('trust/')).map((f) => ({ path: f.name, bytes: enc.encode(f.contents) })),
    () => undefined,
  );
  const stanzas = [
    "<message from='juliet@example.com/balcony' to='romeo@example.net' type='chat' id='m1'><body>Wherefore art thou, Romeo?</body></message>",
    "<presence from='juliet@example.com/balcony' to='romeo@example.net' id='p1'><show>away</show><status>On the balcony</status></presence>",
    "<iq from='juliet@example.com/balcony' to='romeo@example.net/orchard' type='get' id='i1'><query xmlns='jabber:iq:version'/></iq>",
  ];
  const inputs: FuzzInput[] = [];
  const modes = [
    { sign: true, encrypt: false },
    { sign: false, encrypt: true },
    { sign: true, encrypt: true },
  ];
  for (const m of modes) {
    for (const digest of ['sha1', 'sha256'] as const) {
      const r = sealMultiple(stanzas, { ...m, digest, keys, nowMs: FUZZ_NOW });
      const xml = r.map((x) => (x.ok ? x.xml : '')).join('\n');
      inputs.push({ target: 'trace', text: STREAM + xml + '\n' });
      // The same objects as a node-xmpp log and as Smack lines (CDATA over several lines).
      inputs.push({ target: 'trace', text: r.map((x) => (x.ok ? `  xmpp:connection receive: ${x.xml} +2ms` : '')).join('\n') + '\n' });
      inputs.push({ target: 'trace', text: r.map((x, i) => (x.ok ? `10:23:4${i} RECV (0): ${x.xml}` : '')).join('\n') + '\n' });
      for (const x of r) {
        if (!x.ok) continue;
        const b64 = /\r?\n\r?\n([A-Za-z0-9+/=\r\n]{100,})/.exec(x.xml)?.[1];
        if (b64) inputs.push({ target: 'der', text: Buffer.from(b64.replace(/\s/g, ''), 'base64').toString('base64') });
      }
    }
  }
  return { inputs, keys };
}
