// Judges one legacy XEP-0027 object from what the edge found: a `jabber:x:signed` signature over
// the status/body text (verified, altered, or no key for its issuer) or a `jabber:x:encrypted`
// message (decrypted with a workspace key, not for any, or failing). Every such object is also
// reported as deprecated: XEP-0027 names no recipient, has no timestamp (replay is possible) and
// signs or encrypts a bare text, never the stanza. Findings point at the `<x/>` element's name.
import { failsObject } from '../rules';
import { bareJid } from '../jid/jid';
import type { Finding, ObjectReport, Span, Xep27Report } from '../types';
import { children } from '../omemo/xmlBits';
import type { OxOpened } from '../ox/oxOpened';
import type { Xep27Ref } from './findXep27';

export interface Xep27Context {
  ref: Xep27Ref;
  opened: OxOpened | undefined;
  index: number;
  stanzaIndex: number;
  /** The sender (stanza from, or the stream's bound JID) and where an identity finding points. */
  from?: string;
  fromSpan: Span;
}

const OVER: Record<NonNullable<Xep27Report['over']>, string> = {
  status: 'the presence <status/> text',
  body: 'the message <body/> text',
  none: 'the empty text (the stanza has no <status/> or <body/>)',
};

export function judgeXep27(ctx: Xep27Context): { report: ObjectReport; findings: Finding[] } {
  const { ref, opened: o } = ctx;
  const at = ref.element.nameSpan;
  const findings: Finding[] = [
    {
      code: 'xep27.deprecated',
      message: `Legacy XEP-0027 (${ref.element.ns}): deprecated in favour of OX (XEP-0373/0374). It names no recipient and carries no timestamp, so the object can be replayed or redirected, and it ${ref.type === 'signed' ? 'signs only a text, not the stanza' : 'encrypts only the body, unsigned'}.`,
      span: at,
    },
  ];
  const x: Xep27Report = { type: ref.type, over: ref.type === 'signed' ? ref.over : undefined, recipients: o?.recipients ?? [] };
  const layers = [`XEP-0027 (${ref.element.ns})`];
  if (ref.type === 'signed') layers.push(`OpenPGP detached signature over ${OVER[ref.over]}`);
  else layers.push(`OpenPGP message encrypted for ${o?.recipients.join(', ') || (o ? 'no recipient' : 'unknown recipients')}`);
  if (!o) layers.push('(not opened: no OpenPGP keys were read)');
  else if (o.decrypt === 'noKey') {
    findings.push({ code: 'xep27.decrypt.noKey', message: `No workspace OpenPGP secret key for the recipients (${o.recipients.join(', ')}): the body stays encrypted.`, span: at });
  } else if (o.unsupported) {
    findings.push({ code: 'xep27.sig.unsupported', message: `The XEP-0027 signature is not checked: ${o.error ?? 'a kind of OpenPGP data the library does not read'}.`, span: at });
  } else if (o.decrypt === 'failed') {
    findings.push(
      ref.type === 'signed'
        ? { code: 'xep27.sig.invalid', message: `The XEP-0027 signature cannot be checked${o.error ? `: ${o.error}` : ''}.`, span: at }
        : { code: 'xep27.decrypt.failed', message: `The XEP-0027 message does not decrypt${o.error ? `: ${o.error}` : ''}. No plaintext is shown.`, span: at },
    );
  }
  const weak = o?.signatures.find((s) => s.result === 'valid' && (s.hash === 'SHA-1' || s.hash === 'MD5' || s.hash === 'RIPEMD-160'));
  if (weak) findings[0].message += ` The signature uses ${weak.hash}, no longer safe against forgery by collision.`;
  for (const s of o?.signatures ?? []) {
    if (s.result === 'invalid') {
      findings.push({ code: 'xep27.sig.invalid', message: `The OpenPGP signature of key ${s.keyId} does not verify over ${ref.type === 'signed' ? OVER[ref.over] : 'the decrypted body'}${s.reason ? `: ${s.reason}` : ''}.`, span: at });
    } else if (s.result === 'noKey') {
      findings.push({ code: 'xep27.sig.noKey', message: `No workspace (or announced) OpenPGP public key with the signer's key id ${s.keyId}: the signature is not checked.`, span: at });
    }
  }
  identityFinding(ctx, findings);
  x.signatures = o?.signatures;
  if (ref.type === 'encrypted' && o?.decrypt === 'ok') x.plaintext = o.plaintext;
  const report: ObjectReport = {
    kind: 'xep27',
    index: ctx.index,
    stanzaIndex: ctx.stanzaIndex,
    span: ref.element.span,
    contentSpan: ref.element.span,
    layers,
    signers: [],
    recipients: [],
    status: statusOf(ref, o, findings),
    codes: [...new Set(findings.map((f) => f.code))],
    xep27: x,
    inner: x.plaintext !== undefined ? { contentType: 'text/plain (XEP-0027 body)', text: x.plaintext } : undefined,
  };
  return { report, findings };
}

function statusOf(ref: Xep27Ref, o: OxOpened | undefined, findings: Finding[]): ObjectReport['status'] {
  const valid = o?.signatures.some((s) => s.result === 'valid') ?? false;
  if (findings.some((f) => failsObject(f.code))) return 'failed';
  if (ref.type === 'signed') return valid ? 'verified' : 'failed'; // a signature nobody checked authenticates nobody
  if (!o || o.decrypt === 'noKey') return 'encrypted';
  if (o.plaintext === undefined) return 'unreadable';
  if ((o.signatures.length ?? 0) > 0) return valid ? 'verified' : 'failed';
  return 'decrypted';
}

const MUC_USER_NS = 'http://jabber.org/protocol/muc#user';

/**
 * XEP-0027's only binding of a key to its owner is the key's user IDs (§4). When the valid signer's
 * key names `xmpp:` JIDs and none is the sender, say so. Keys with only e-mail user IDs make no
 * claim about a JID; a room reflects presences and messages under its own JID (MUC): both skipped.
 */
function identityFinding(ctx: Xep27Context, findings: Finding[]): void {
  const s = ctx.opened?.signatures.find((v) => v.result === 'valid');
  if (!s || !ctx.from) return;
  const stanza = ctx.ref.stanza;
  if (stanza.attrs.some((a) => a.name === 'type' && a.value === 'groupchat') || children(stanza, 'x', MUC_USER_NS).length > 0) return;
  const jids = s.userIds.flatMap((u) => [...u.matchAll(/xmpp:([^\s>]+)/g)].map((m) => m[1]));
  const sender = bareJid(ctx.from);
  if (jids.length === 0 || jids.some((j) => bareJid(j).toLowerCase() === sender.toLowerCase())) return;
  findings.push({
    code: 'xep27.uid.mismatch',
    message: `The signer key ${s.fingerprint ?? s.keyId} names ${jids.map((j) => `xmpp:${j}`).join(', ')}, not the sender ${sender}: its user IDs are XEP-0027's only binding of a key to a JID.`,
    span: ctx.fromSpan,
  });
}
