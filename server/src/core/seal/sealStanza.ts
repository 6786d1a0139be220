// Seals one stanza per RFC 3923: builds the inner object (Message/CPIM, application/pidf+xml or
// application/xmpp+xml), signs it (multipart/signed, detached CMS SignedData) with the key whose
// certificate binds the bare `from`, then encrypts the signed entity (CMS EnvelopedData) for the
// certificate(s) binding the bare `to`, and puts the result as CDATA in `<e2e/>`. Never throws:
// anything it cannot do is a one-line reason.
import type { CertInfo, KeyEntry, KeyStore, XmlElement, XmlNode } from '../types';
import { parseXml } from '../xml/parseXml';
import { sealDefaults, type AlgorithmProfile } from '../cms/profiles';
import { effectiveDigest, encryptData, isAeadCipher, signData, SIGNING_KEY_TYPES, type CipherName, type DigestName } from './cmsWrite';
import { buildCpim, buildPidf, buildXmppXml } from './innerObjects';
import { stripResource } from '../jid/jid';
import { envelopedEntity, multipartSigned, newBoundary } from './smimeEntity';

export interface SealOptions {
  sign: boolean;
  encrypt: boolean;
  /** Default per profile: sha256 (SHA-1, RFC 3923's mandatory digest, is deprecated; rfc3923 profile or --digest sha1 writes it). */
  digest?: DigestName;
  /** Default per profile: aes128 (AES-128-CBC, RFC 3923's mandatory cipher); aes128-gcm / aes256-gcm (smime4's default) make AuthEnvelopedData. */
  cipher?: CipherName;
  keys: KeyStore;
  /** Fixed time for DateTime / timestamp / signingTime; default the clock. */
  nowMs?: number;
  /** The sender's JID when stanzas carry no `from` (sender-side captures). */
  sender?: string;
  /** Picks the digest and cipher defaults (cms/profiles.ts sealDefaults): output is clean under it. */
  profile?: AlgorithmProfile;
}

export type SealResult = { ok: true; xml: string } | { ok: false; reason: string };

export const E2E_NS = 'urn:ietf:params:xml:ns:xmpp-e2e';

const encoder = new TextEncoder();

function elementChildren(el: XmlElement): XmlElement[] {
  return el.children.filter((c): c is XmlElement => c.type === 'element');
}

function textOf(el: XmlElement): string {
  return el.children.map((c: XmlNode) => (c.type === 'element' ? textOf(c) : c.value)).join('');
}

function attr(el: XmlElement, name: string): string | undefined {
  return el.attrs.find((a) => a.name === name)?.value;
}

/** The child in the default language (no xml:lang) if there is one, else the first. */
function pickChild(el: XmlElement, local: string): XmlElement | undefined {
  const all = elementChildren(el).filter((c) => c.local === local);
  return all.find((c) => attr(c, 'xml:lang') === undefined) ?? all[0];
}

function validAt(cert: CertInfo, now: number): boolean {
  return cert.notBefore <= now && now <= cert.notAfter;
}

function keyTypeOf(e: KeyEntry): string {
  return e.privateKey?.asymmetricKeyType ?? '';
}

function pickSigner(keys: KeyStore, jid: string, now: number): KeyEntry | string {
  const bound = keys.forJid(jid);
  const usable = bound.filter((e) => e.privateKey && SIGNING_KEY_TYPES.includes(keyTypeOf(e)));
  if (usable.length === 0) {
    if (bound.length > 0) {
      const keyed = bound.find((e) => e.privateKey);
      if (keyed) return `the sender ${jid}'s key (${keyed.path}) is ${keyTypeOf(keyed)}; seal signs with RSA, RSA-PSS, EC or Ed25519 keys`;
      return `no private key for the sender ${jid}: its certificate (${bound[0].path}) has no matching key in the key store`;
    }
    return `no key binds the sender ${jid}: no certificate in the key store names it as id-on-xmppAddr or im:/pres: URI`;
  }
  // Prefer a certificate valid now, then RSA (RFC 3923's mandatory algorithm).
  const rank = (e: KeyEntry): number => (validAt(e.cert, now) ? 0 : 2) + (keyTypeOf(e) === 'rsa' ? 0 : 1);
  return [...usable].sort((a, b) => rank(a) - rank(b))[0];
}

/** Certificates seal can encrypt to: RSA (key transport), EC and X25519 (key agreement). */
function canReceive(cert: CertInfo): boolean {
  return ['rsaEncryption', 'id-ecPublicKey', 'X25519', 'X448'].includes(cert.publicKeyAlgorithm);
}

function pickRecipients(keys: KeyStore, jid: string, now: number): CertInfo[] | string {
  const bound = keys.forJid(jid).map((e) => e.cert);
  if (bound.length === 0) {
    return `no certificate binds the recipient ${jid}: none in the key store names it as id-on-xmppAddr or im:/pres: URI`;
  }
  const rsa = bound.filter(canReceive);
  if (rsa.length === 0) {
    return `the certificate for the recipient ${jid} has a ${bound[0].publicKeyAlgorithm} key, which cannot receive: seal encrypts to RSA (key transport), EC, X25519 or X448 (key agreement) keys`;
  }
  // Every currently valid certificate (renewals overlap); otherwise the newest one.
  const valid = rsa.filter((c) => validAt(c, now));
  return valid.length > 0 ? valid : [[...rsa].sort((a, b) => b.notAfter - a.notAfter)[0]];
}

/** `]]>` cannot appear inside one CDATA section: split it across two. */
function cdata(text: string): string {
  return '<![CDATA[' + text.split(']]>').join(']]]]><![CDATA[>') + ']]>';
}

function startTag(stanzaXml: string, el: XmlElement): string {
  const tag = stanzaXml.slice(el.span.start, el.startTagEnd);
  return tag.endsWith('/>') ? tag.slice(0, -2).replace(/\s+$/, '') + '>' : tag;
}

interface Inner {
  entity: string;
  /** Local names of children that moved inside the protected object. */
  moved: Set<string> | 'all';
}

function innerFor(stanzaXml: string, el: XmlElement, from: string, to: string, now: number): Inner {
  const type = attr(el, 'type');
  if (el.local === 'message') {
    const body = pickChild(el, 'body');
    const subject = pickChild(el, 'subject');
    return {
      entity: buildCpim({
        from,
        to,
        dateTimeMs: now,
        body: body ? textOf(body) : '',
        ...(subject ? { subject: textOf(subject) } : {}),
      }),
      moved: new Set(['body', 'subject']),
    };
  }
  if (el.local === 'presence' && (type === undefined || type === 'unavailable')) {
    const show = pickChild(el, 'show');
    const status = pickChild(el, 'status');
    const lang = status ? attr(status, 'xml:lang') : undefined;
    return {
      entity: buildPidf({
        from,
        available: type !== 'unavailable',
        ...(show ? { show: textOf(show).trim() } : {}),
        ...(status ? { note: textOf(status) } : {}),
        ...(lang ? { noteLang: lang } : {}),
        timestampMs: now,
      }),
      // <priority/> stays outside: the server routes by it.
      moved: new Set(['show', 'status']),
    };
  }
  // iq, subscription presence, anything else: the whole stanza as application/xmpp+xml (§5).
  return { entity: buildXmppXml(stanzaXml.slice(el.span.start, el.span.end)), moved: 'all' };
}

let lastClockMs = 0;

/** The clock, bumped so that successive seals never share a timestamp (RFC 3923 §6.9). */
function clockNow(): number {
  const t = Math.max(Date.now(), lastClockMs + 1);
  lastClockMs = t;
  return t;
}

function sealAt(stanzaXml: string, options: SealOptions, now: number): SealResult {
  if (!options.sign && !options.encrypt) return { ok: false, reason: 'nothing to do: choose sign, encrypt or both' };
  const parsed = parseXml(stanzaXml);
  const el = parsed.nodes.find((n): n is XmlElement => n.type === 'element');
  if (!el) return { ok: false, reason: 'no stanza found in the input' };
  const fault = parsed.findings.find((f) => f.code === 'xml.malformed');
  if (fault) return { ok: false, reason: `the stanza is not well-formed XML: ${fault.message}` };
  if (!el.closed) return { ok: false, reason: `the <${el.name}/> stanza is not closed` };
  if (el.local !== 'message' && el.local !== 'presence' && el.local !== 'iq') {
    return { ok: false, reason: `<${el.name}/> is not a stanza (message, presence or iq)` };
  }
  if (elementChildren(el).some((c) => c.local === 'e2e')) return { ok: false, reason: 'the stanza is already sealed (it has an <e2e/> child)' };

  const fromAttr = attr(el, 'from') ?? options.sender;
  const toAttr = attr(el, 'to');
  if (el.local === 'presence' && !toAttr) {
    return { ok: false, reason: 'the presence is undirected (no to): RFC 3923 protects only directed presence' };
  }
  const from = fromAttr ? stripResource(fromAttr) : undefined;
  const to = toAttr ? stripResource(toAttr) : undefined;
  const needsIdentities = el.local === 'message' || (el.local === 'presence' && ['unavailable', undefined].includes(attr(el, 'type')));
  if (!from && (options.sign || needsIdentities)) {
    return { ok: false, reason: `the <${el.local}/> has no from: the sender's JID is needed to pick the signing key and fill the inner object` };
  }
  if (!to && (options.encrypt || el.local === 'message')) {
    return { ok: false, reason: `the <${el.local}/> has no to: the recipient's JID is needed to pick the recipient certificate` };
  }

  const defaults = sealDefaults(options.profile);
  const requested = options.digest ?? defaults.digest;
  const signer = options.sign ? pickSigner(options.keys, from!, now) : undefined;
  if (typeof signer === 'string') return { ok: false, reason: signer };
  const recipients = options.encrypt ? pickRecipients(options.keys, to!, now) : undefined;
  if (typeof recipients === 'string') return { ok: false, reason: recipients };

  const inner = innerFor(stanzaXml, el, from ?? '', to ?? '', now);
  let entity = inner.entity;
  try {
    if (signer) {
      const digest = effectiveDigest(signer.privateKey, requested);
      const sig = signData(encoder.encode(entity), signer, { digest, detached: true, signingTimeMs: now });
      entity = multipartSigned(entity, sig, digest, newBoundary());
    }
    if (recipients) {
      const cipher = options.cipher ?? defaults.cipher;
      entity = envelopedEntity(encryptData(encoder.encode(entity), recipients, { cipher }), isAeadCipher(cipher));
    }
  } catch (e) {
    return { ok: false, reason: `sealing failed: ${e instanceof Error ? e.message : String(e)}` };
  }

  const kept =
    inner.moved === 'all'
      ? []
      : elementChildren(el)
          .filter((c) => !(inner.moved as Set<string>).has(c.local))
          .map((c) => stanzaXml.slice(c.span.start, c.span.end));
  // The MIME entity starts right after `<![CDATA[`: a tool that copies the CDATA out (a gateway,
  // `openssl cms -in`) then reads headers, not an empty first line that ends them.
  const e2e = `<e2e xmlns='${E2E_NS}'>${cdata(entity)}</e2e>`;
  const xml = startTag(stanzaXml, el) + kept.join('') + e2e + `</${el.name}>`;
  return { ok: true, xml };
}

export function sealStanza(stanzaXml: string, options: SealOptions): SealResult {
  try {
    return sealAt(stanzaXml, options, options.nowMs ?? clockNow());
  } catch (e) {
    return { ok: false, reason: `sealing failed: ${e instanceof Error ? e.message : String(e)}` };
  }
}

/** Seals several stanzas; their DateTime / timestamp values strictly increase (RFC 3923 §6.9). */
export function sealMultiple(stanzas: string[], options: SealOptions): SealResult[] {
  const base = options.nowMs ?? clockNow();
  if (options.nowMs === undefined) lastClockMs = Math.max(lastClockMs, base + stanzas.length);
  return stanzas.map((s, i) => {
    try {
      return sealAt(s, options, base + i);
    } catch (e) {
      return { ok: false, reason: `sealing failed: ${e instanceof Error ? e.message : String(e)}` };
    }
  });
}
