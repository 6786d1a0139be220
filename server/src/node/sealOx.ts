// Seals <message/> stanzas as OX (XEP-0373/0374) with workspace OpenPGP keys: the inner element
// planned by the core (core/ox/oxSealXml.ts), signed with the sender's secret key whose user ID is
// `xmpp:FROM` and encrypted to the recipient's key (`xmpp:TO`) and to the sender's own, so the
// sender's other devices and the archive can read it (XEP-0373 §3.1). Binary OpenPGP, base64 in
// <openpgp/>. Never throws: a one-line reason per stanza; key material never enters a reason.
import type * as openpgp from 'openpgp';
import { openpgpLib } from './openpgpLib';
import { randomInt } from 'node:crypto';
import { planOxSeal, type OxSealKind } from '../core/ox/oxSealXml';
import { announcedKeys } from '../core/ox/findOx';
import type { Stanza } from '../core/types';
import { withAnnouncedKeys, type OpenPgpKeys } from './openOx';

export interface OxSealOptions {
  sign: boolean;
  encrypt: boolean;
  keys: OpenPgpKeys;
  /** <time stamp/> of the first stanza (the next ones 1 ms later each); default the clock. */
  nowMs?: number;
  /** The sender's JID when stanzas carry no `from` (sender-side captures). */
  sender?: string;
  /** The trace around the stanzas: the public keys it announces in PEP can be recipients' keys. */
  trace?: readonly Stanza[];
}

export type OxSealResult = { ok: true; xml: string } | { ok: false; reason: string };

const RPAD_CHARS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** Random length (1..200, as clients do), random content: the plaintext length says little. */
function randomPadding(): string {
  let s = '';
  for (let n = randomInt(1, 201); n > 0; n--) s += RPAD_CHARS[randomInt(RPAD_CHARS.length)];
  return s;
}

/** The bare JIDs a key's user IDs name as `xmpp:` URIs (lower case). */
export function xmppJidsOf(key: openpgp.Key): string[] {
  return key.getUserIDs().flatMap((u) => [...u.matchAll(/xmpp:([^\s>]+)/g)].map((m) => m[1].replace(/\/.*$/, '').toLowerCase()));
}

function forJid<K extends openpgp.Key>(keys: K[], jid: string): K[] {
  return keys.filter((k) => xmppJidsOf(k).includes(jid.toLowerCase()));
}

/** The keys that can still do the job (not expired, not revoked, with the subkey), or why none can. */
async function usable<K extends openpgp.Key>(keys: K[], use: 'sign' | 'encrypt'): Promise<K[] | string> {
  const ok: K[] = [];
  let why = '';
  for (const k of keys) {
    try {
      if (use === 'sign') await k.getSigningKey();
      else await k.getEncryptionKey();
      ok.push(k);
    } catch (e) {
      why = (e as Error).message.split('\n')[0];
    }
  }
  return ok.length ? ok : why;
}

let lastClockMs = 0;

function clockNow(count: number): number {
  const t = Math.max(Date.now(), lastClockMs + 1);
  lastClockMs = t + count;
  return t;
}

export async function sealOxMultiple(stanzas: string[], options: OxSealOptions): Promise<OxSealResult[]> {
  const base = options.nowMs ?? clockNow(stanzas.length);
  if (options.trace) options = { ...options, keys: await withAnnouncedKeys(options.keys, announcedKeys(options.trace)) };
  const out: OxSealResult[] = [];
  for (let i = 0; i < stanzas.length; i++) {
    try {
      out.push(await sealOne(stanzas[i], options, base + i));
    } catch (e) {
      out.push({ ok: false, reason: `sealing failed: ${(e as Error).message.split('\n')[0]}` });
    }
  }
  return out;
}

async function sealOne(xml: string, options: OxSealOptions, nowMs: number): Promise<OxSealResult> {
  const kind: OxSealKind = options.sign && options.encrypt ? 'signcrypt' : options.sign ? 'sign' : 'crypt';
  const plan = planOxSeal(xml, kind, nowMs, randomPadding(), options.sender);
  if (typeof plan === 'string') return { ok: false, reason: plan };
  const signer = options.sign ? await signerFor(options.keys, plan.from) : undefined;
  if (typeof signer === 'string') return { ok: false, reason: signer };
  const message = await openpgpLib().createMessage({ binary: new TextEncoder().encode(plan.inner) });
  let bytes: Uint8Array;
  if (options.encrypt) {
    const encryptionKeys = await encryptionKeysFor(options.keys, plan.to, plan.from);
    if (typeof encryptionKeys === 'string') return { ok: false, reason: encryptionKeys };
    bytes = await openpgpLib().encrypt({ message, encryptionKeys, signingKeys: signer, format: 'binary' });
  } else {
    bytes = await openpgpLib().sign({ message, signingKeys: signer!, format: 'binary' });
  }
  return { ok: true, xml: plan.outer(Buffer.from(bytes).toString('base64')) };
}

/** The sender's signing key (user ID xmpp:FROM), or why there is none (a locked file is named). */
async function signerFor(keys: OpenPgpKeys, from: string): Promise<openpgp.PrivateKey | string> {
  const own = forJid(keys.privateKeys, from);
  const s = await usable(own, 'sign');
  if (typeof s !== 'string') return s[0];
  if (own.length) return `the sender ${from}'s OpenPGP key cannot sign: ${s}`;
  const locked = keys.problems.length ? ` (${keys.problems.map((p) => `${p.path}: ${p.reason}`).join('; ')})` : '';
  return `no OpenPGP secret key with the user ID xmpp:${from} for the sender${locked}`;
}

/** XEP-0374 §3.2: every usable key of the recipient; and the sender's own (XEP-0373 §3.1: "encrypted to self"). */
async function encryptionKeysFor(keys: OpenPgpKeys, to: string, from: string): Promise<openpgp.PublicKey[] | string> {
  const recipients = await usable(forJid(keys.publicKeys, to), 'encrypt');
  if (typeof recipients === 'string') return `no usable OpenPGP public key with the user ID xmpp:${to} for the recipient${recipients ? `: ${recipients}` : ''}`;
  const self = await usable(forJid(keys.publicKeys, from), 'encrypt');
  const out = [...recipients];
  for (const k of typeof self === 'string' ? [] : self) if (!out.some((e) => e.getFingerprint() === k.getFingerprint())) out.push(k);
  return out;
}
