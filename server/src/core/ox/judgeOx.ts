// Judges one OX object (XEP-0373/0374) from what the edge opened: decryption, the signature and its
// key's `xmpp:` user ID against the sender, and the inner `<signcrypt/>`/`<sign/>`/`<crypt/>`:
// every `<to jid>` against the stanza's recipient, `<time stamp>` against "now" and the sender's
// previous one, `<rpad/>`. Findings point at the `<openpgp/>` element (the inner XML is not in the file).
import { bareJid } from '../jid/jid';
import { parseXml } from '../xml/parseXml';
import { parseRfc3339 } from '../time/rfc3339';
import { failsObject } from '../rules';
import type { Finding, ObjectReport, OxReport, Span, XmlElement } from '../types';
import { attr, children } from '../omemo/xmlBits';
import { OX_NS, type OxRef } from './findOx';
import type { OxOpened } from './oxOpened';

export interface OxContext {
  ref: OxRef;
  opened: OxOpened | undefined;
  index: number;
  stanzaIndex: number;
  /** The sender (stanza from, or the stream's bound JID) and where identity findings point. */
  from?: string;
  fromSpan: Span;
  toSpan: Span;
  nowMs: number;
  skewMs: number;
}

/** The last accepted OX timestamp per sender and recipient (ox.ts.decreasing). */
export class OxTimestamps {
  private readonly last = new Map<string, number>();
  observe(key: string, epochMs: number): boolean {
    const prev = this.last.get(key);
    if (prev === undefined || epochMs > prev) this.last.set(key, epochMs);
    return prev !== undefined && epochMs <= prev;
  }
}

export function judgeOx(ctx: OxContext, stamps: OxTimestamps): { report: ObjectReport; findings: Finding[] } {
  const findings: Finding[] = [];
  const at = ctx.ref.element.nameSpan;
  const o = ctx.opened;
  const ox: OxReport = { to: [], rpad: false };
  const layers = ['OX (urn:xmpp:openpgp:0)'];
  if (o?.encrypted) layers.push(`OpenPGP encrypted for ${o.recipients.join(', ') || 'no recipient'}`);
  if (!o) layers.push('(not opened: no OpenPGP keys were read)');
  else if (o.decrypt === 'noKey') {
    findings.push({ code: 'ox.decrypt.noKey', message: `No workspace OpenPGP secret key for the recipients (${o.recipients.join(', ')}): the object stays encrypted.`, span: at });
  } else if (o.decrypt === 'failed') {
    findings.push({ code: 'ox.decrypt.failed', message: `The OX object does not decrypt${o.error ? `: ${o.error}` : ''}. No plaintext is shown.`, span: at });
  }
  for (const s of o?.signatures ?? []) signatureFindings(s, ctx, at, findings);
  const root = o?.plaintext !== undefined ? innerRoot(o.plaintext) : undefined;
  if (root) {
    ox.element = root.local;
    const payload = children(root, 'payload')[0];
    // The payload's content as written (XML), between its tags.
    if (payload?.closed) ox.payload = o!.plaintext!.slice(payload.startTagEnd, payload.span.end - payload.name.length - 3).trim();
    ox.rpad = children(root, 'rpad').length > 0;
    innerFindings(root, ctx, ox, at, stamps, findings);
    if (root.local === 'crypt' && (o?.signatures.length ?? 0) === 0) {
      findings.push({ code: 'ox.sig.missing', message: 'A <crypt/> object: encrypted, not signed, so the sender is not authenticated.', span: at });
    }
  } else if (o?.plaintext !== undefined) {
    layers.push('(the plaintext is not a <signcrypt/>, <sign/> or <crypt/> element)');
  }
  if (root) layers.push(`<${root.local}/>`);
  ox.signatures = o?.signatures;
  const report: ObjectReport = {
    kind: 'ox',
    index: ctx.index,
    stanzaIndex: ctx.stanzaIndex,
    span: ctx.ref.element.span,
    contentSpan: ctx.ref.element.span,
    layers,
    signers: [],
    recipients: [],
    status: status(o, findings),
    codes: [...new Set(findings.map((f) => f.code))],
    ox,
    inner: o?.plaintext !== undefined ? { contentType: 'application/xml (OX)', text: o.plaintext } : undefined,
  };
  return { report, findings };
}

function status(o: OxOpened | undefined, findings: Finding[]): ObjectReport['status'] {
  if (!o) return 'encrypted';
  if (findings.some((f) => failsObject(f.code))) return 'failed';
  if (o.decrypt === 'noKey') return 'encrypted';
  if (o.plaintext === undefined) return 'unreadable';
  if (o.signatures.some((s) => s.result === 'valid')) return 'verified';
  // Signed by a key nobody here holds: not authenticated, and not "unsigned" either.
  if (o.signatures.length > 0) return 'failed';
  return 'decrypted';
}

function signatureFindings(s: OxOpened['signatures'][number], ctx: OxContext, at: Span, findings: Finding[]): void {
  if (s.result === 'invalid') {
    findings.push({ code: 'ox.sig.invalid', message: `The OpenPGP signature of key ${s.keyId} does not verify${s.reason ? `: ${s.reason}` : ''}.`, span: at });
    return;
  }
  if (s.result === 'noKey') {
    findings.push({ code: 'ox.sig.noKey', message: `No workspace (or announced) OpenPGP public key with the signer's key id ${s.keyId}: the signature is not checked.`, span: at });
    return;
  }
  if (s.result !== 'valid' || !ctx.from) return;
  const sender = bareJid(ctx.from);
  const jids = s.userIds.flatMap((u) => [...u.matchAll(/xmpp:([^\s>]+)/g)].map((m) => m[1]));
  if (!jids.some((j) => bareJid(j).toLowerCase() === sender.toLowerCase())) {
    findings.push({
      code: 'ox.uid.mismatch',
      message: `The signer key ${s.fingerprint ?? s.keyId} has no xmpp: user ID for the sender ${sender} (it has ${jids.length ? jids.map((j) => `xmpp:${j}`).join(', ') : 'none'}).`,
      span: ctx.fromSpan,
    });
  }
}

function innerRoot(plaintext: string): XmlElement | undefined {
  const { nodes } = parseXml(plaintext);
  const el = nodes.find((n): n is XmlElement => n.type === 'element');
  return el && el.ns === OX_NS && ['signcrypt', 'sign', 'crypt'].includes(el.local) ? el : undefined;
}

function innerFindings(root: XmlElement, ctx: OxContext, ox: OxReport, at: Span, stamps: OxTimestamps, findings: Finding[]): void {
  ox.to = children(root, 'to').map((t) => attr(t, 'jid')?.value ?? '');
  const recipient = ctx.ref.to ? bareJid(ctx.ref.to) : undefined;
  if (recipient && !ox.to.some((j) => j && bareJid(j).toLowerCase() === recipient.toLowerCase())) {
    findings.push({ code: 'ox.to.mismatch', message: `No <to jid/> names the stanza's recipient ${recipient} (the object is for ${ox.to.join(', ') || 'nobody'}): it may have been redirected.`, span: ctx.toSpan });
  }
  const stamp = children(root, 'time').map((t) => attr(t, 'stamp')?.value)[0];
  ox.timestamp = stamp;
  const t = stamp !== undefined ? parseRfc3339(stamp) : undefined;
  if (!t?.ok) return;
  const skew = (t.epochMs - ctx.nowMs) / 1000;
  ox.skewSeconds = Math.round(skew);
  if (-skew * 1000 > ctx.skewMs) findings.push({ code: 'ox.ts.old', message: `The OX <time stamp='${stamp}'/> is ${Math.round(-skew)} s before "now" (more than ${ctx.skewMs / 1000} s): an old object, possibly replayed.`, span: at });
  else if (skew * 1000 > ctx.skewMs) findings.push({ code: 'ox.ts.future', message: `The OX <time stamp='${stamp}'/> is ${Math.round(skew)} s after "now" (more than ${ctx.skewMs / 1000} s).`, span: at });
  const key = `${ctx.from ? bareJid(ctx.from) : ''}>${ctx.ref.to ? bareJid(ctx.ref.to) : ''}`;
  if (stamps.observe(key, t.epochMs)) findings.push({ code: 'ox.ts.decreasing', message: `The OX <time stamp='${stamp}'/> is not later than the previous one from the same sender to the same recipient.`, span: at });
}
