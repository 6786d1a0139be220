// How an object's verdicts read in a code lens (one line) and a hover (markdown). The same title
// is the lens in every editor and `lens` in `xmpp-e2e inspect --format json`.
import { omemoHover, omemoLens } from './omemoPresentation';
import { oxHover, oxLens } from './oxPresentation';
import { xep27Hover, xep27Lens } from './xep27Presentation';
import { parseJid } from '../jid/jid';
import type { Code, Finding, ObjectReport, SignerReport, Stanza } from '../types';

/**
 * Short phrases for what best explains a `failed` status, most telling first. Which codes fail an
 * object is the rules table's `fails` column; this only words them (and the causes that leave no
 * valid signature without failing by themselves).
 */
export const FAILURE_PHRASES: readonly [code: Code, phrase: string][] = [
  ['cms.sig.digestMismatch', 'content altered'],
  ['e2e.sig.invalid', 'signature invalid'],
  ['cms.sig.contentTypeMismatch', 'content type altered'],
  ['e2e.decrypt.failed', 'decryption failed'],
  ['e2e.jid.mismatch', 'signer is not the sender'],
  ['e2e.cert.expired', 'certificate not valid at the message time'],
  ['e2e.ts.replay', 'replayed'],
  ['smime.micalg.mismatch', 'micalg disagrees with the signature'],
  ['smime.multipart.parts', 'broken multipart/signed'],
  ['e2e.crypto.notCms', 'not CMS'],
  ['e2e.sig.missingOnEncrypted', 'not signed'],
  ['e2e.order.encryptThenSign', 'signature outside the encryption'],
];

export function formatSkew(seconds: number): string {
  const s = Math.round(seconds);
  const sign = s > 0 ? '+' : s < 0 ? '−' : '±';
  const a = Math.abs(s);
  if (a < 120) return `${sign}${a} s`;
  if (a < 7200) return `${sign}${Math.round(a / 60)} min`;
  if (a < 172800) return `${sign}${Math.round(a / 3600)} h`;
  return `${sign}${Math.round(a / 86400)} d`;
}

const TRUST_WORD: Record<SignerReport['trust'], string> = {
  trusted: 'trusted',
  untrusted: 'untrusted',
  selfSigned: 'self-signed',
  unknown: 'trust unknown',
};

function signerName(s: SignerReport): string {
  return s.jids[0] ?? s.subject ?? 'unknown signer';
}

export function findingsInObject(findings: readonly Finding[], obj: ObjectReport): Finding[] {
  return findings.filter((f) => f.span.start >= obj.span.start && f.span.end <= obj.span.end);
}

/** The decoded view's "== Findings" section of one object ([] when it has none). */
export function findingSection(findings: readonly Finding[], obj: ObjectReport): string[] {
  const problems = findingsInObject(findings, obj);
  return problems.length ? ['== Findings', ...problems.map((f) => `${f.code}: ${f.message}`), ''] : [];
}

function failurePhrase(obj: ObjectReport, findings: readonly Finding[]): string {
  const codes = new Set<string>([...obj.codes, ...findingsInObject(findings, obj).map((f) => f.code)]);
  for (const [code, phrase] of FAILURE_PHRASES) if (codes.has(code)) return phrase;
  const bad = obj.signers.find((s) => s.signature !== 'valid');
  if (bad?.reason) return bad.reason;
  return 'verification failed';
}

function signedPart(obj: ObjectReport): string | undefined {
  const s = obj.signers[0];
  if (!s) return undefined;
  const parts = [`signed by ${signerName(s)}`, TRUST_WORD[s.trust]];
  if (obj.skewSeconds !== undefined) parts.push(formatSkew(obj.skewSeconds));
  return parts.join(' · ');
}

/** In Restricted Mode no key is loaded: say so instead of "no key in workspace". */
const RESTRICTED_KEYS = 'Restricted Mode: keys not loaded';
const RESTRICTED_NOTE =
  '**Restricted Mode:** this workspace is not trusted, so XMPP E2E loads no keys and no trust anchors here: nothing is decrypted ' +
  'and no signer can be trusted. Trust the workspace (**Manage Workspace Trust**) to use the keys in `xmppE2e.keys.paths`.';

function encryptedPart(obj: ObjectReport, restricted = false): string {
  const who = obj.recipients.flatMap((r) => r.jids);
  const n = obj.recipients.length;
  const target = who.length > 0 ? [...new Set(who)].join(', ') : `${n} recipient${n === 1 ? '' : 's'}`;
  const opened = obj.recipients.some((r) => r.opened);
  const hasKey = obj.recipients.some((r) => r.keyInWorkspace);
  const key = opened ? 'key in workspace' : restricted ? RESTRICTED_KEYS : hasKey ? 'key in workspace, not opened' : 'no key in workspace';
  return `🔒 encrypted for ${target} (${key})`;
}

/** The one-line verdict above an `<e2e/>`. */
export function lensTitle(obj: ObjectReport, findings: readonly Finding[], restricted = false): string {
  if (obj.omemo) return omemoLens(obj, obj.omemo);
  if (obj.ox) return oxLens(obj);
  if (obj.xep27) return xep27Lens(obj, obj.xep27);
  switch (obj.status) {
    case 'verified': {
      const signed = `✔ ${signedPart(obj) ?? 'verified'}`;
      return obj.recipients.length ? `${encryptedPart(obj, restricted)} · ${signed}` : signed;
    }
    case 'failed': {
      const failed = `✖ ${failurePhrase(obj, findings)}`;
      return obj.recipients.length ? `${encryptedPart(obj, restricted)} · ${failed}` : failed;
    }
    case 'encrypted': {
      const inner = obj.recipients.some((r) => r.opened) ? signedPart(obj) : undefined;
      return `${encryptedPart(obj, restricted)}${inner ? ` · ✔ ${inner}` : ''}`;
    }
    case 'unreadable':
      return `⚠ unreadable${obj.notCms ? `: ${obj.notCms}` : ''}`;
    case 'decrypted':
      return `🔓 decrypted, not signed${obj.recipients.length ? ` · ${encryptedPart(obj)}` : ''}`;
  }
}

function md(text: string): string {
  return text.replace(/([\\`*_{}[\]<>|])/g, '\\$1');
}

function signerLines(s: SignerReport, i: number): string[] {
  const out = [`**Signer ${i + 1}: ${md(signerName(s))}**`, ''];
  const sig = s.signature === 'valid' ? `✔ valid${s.canonicalization === 'crlf' ? ' (after LF → CRLF)' : ''}` : `✖ ${s.signature}${s.reason ? ` — ${md(s.reason)}` : ''}`;
  out.push(`- signature: ${sig}`);
  out.push(`- trust: ${TRUST_WORD[s.trust]}`);
  out.push(`- identity: ${s.identity === 'bound' ? 'bound to the sender' : s.identity === 'mismatch' ? '✖ does not match the sender' : 'no JID in the certificate'}`);
  out.push(`- validity: ${s.validity === 'ok' ? 'valid at the message time' : s.validity === 'expired' ? '✖ expired' : '✖ not yet valid'}`);
  out.push(`- JIDs (XmppAddr): ${s.jids.length ? s.jids.map((j) => `\`${j}\``).join(', ') : '—'}`);
  if (s.subject) out.push(`- subject: ${md(s.subject)}`);
  if (s.issuer) out.push(`- issuer: ${md(s.issuer)}`);
  if (s.serial) out.push(`- serial: \`${s.serial}\``);
  if (s.notBefore || s.notAfter) out.push(`- valid: ${s.notBefore ?? '?'} → ${s.notAfter ?? '?'}`);
  out.push(`- algorithms: ${md(s.digestAlgorithm)} / ${md(s.signatureAlgorithm)}`);
  if (s.signingTime) out.push(`- signingTime: ${s.signingTime}`);
  if (s.certificateSource) out.push(`- certificate: ${s.certificateSource === 'embedded' ? 'embedded in the object' : 'from the workspace'}`);
  return out;
}

const NOW_SOURCE: Record<NonNullable<ObjectReport['now']>['source'], string> = {
  delay: 'the <delay/> stamp',
  capture: 'the capture time',
  setting: 'the xmppE2e.now setting',
  clock: 'the clock',
};

/** The hover on an `<e2e/>`: layers, signers, recipients, algorithms, timestamp against "now". */
export function objectHover(obj: ObjectReport, findings: readonly Finding[], restricted = false): string {
  if (obj.omemo) return omemoHover(obj, obj.omemo);
  if (obj.ox) return oxHover(obj, obj.ox);
  if (obj.xep27) return xep27Hover(obj, obj.xep27);
  const lines: string[] = [`### ${md(lensTitle(obj, findings, restricted))}`, ''];
  if (restricted) lines.push(RESTRICTED_NOTE, '');
  if (obj.layers.length) lines.push(`**Layers:** ${obj.layers.map((l) => `\`${l}\``).join(' ⊃ ')}`, '');
  if (obj.notCms) lines.push(`**Not CMS:** ${md(obj.notCms)}`, '');
  if (obj.recipients.length) {
    lines.push('**Recipients**', '');
    for (const r of obj.recipients) {
      const who = r.jids.length ? r.jids.join(', ') : r.id;
      const key = r.opened ? 'opened with a workspace key' : restricted ? 'not opened: Restricted Mode loads no keys' : r.keyInWorkspace ? 'key in workspace (not opened)' : 'no workspace key';
      lines.push(`- ${md(who)} — ${md(r.keyEncryptionAlgorithm)} — ${key}`);
    }
    lines.push('');
  }
  if (obj.contentEncryptionAlgorithm) lines.push(`**Content encryption:** ${md(obj.contentEncryptionAlgorithm)}`, '');
  obj.signers.forEach((s, i) => lines.push(...signerLines(s, i), ''));
  if (obj.inner) {
    lines.push(`**Inner content:** \`${obj.inner.contentType}\``);
    if (obj.inner.timestamp) lines.push(`- timestamp (${obj.inner.timestampSource === 'pidf' ? 'PIDF `<timestamp>`' : 'CPIM DateTime'}): ${obj.inner.timestamp}`);
    lines.push('');
  }
  if (obj.now) {
    const skew = obj.skewSeconds !== undefined ? `; the timestamp is ${formatSkew(obj.skewSeconds)} from it` : '';
    lines.push(`**"Now":** ${obj.now.iso} (from ${md(NOW_SOURCE[obj.now.source])})${skew}`, '');
  }
  const own = findingsInObject(findings, obj);
  if (own.length) {
    lines.push('**Problems**', '');
    for (const f of own.slice(0, 20)) lines.push(`- \`${f.code}\`: ${md(f.message)}`);
  }
  return lines.join('\n').trimEnd();
}

/** The hover on a stanza's from/to: the bare JID and what the signer certificates say about it. */
export function jidHover(jid: string, role: 'from' | 'to', stanza: Stanza, mine: readonly ObjectReport[]): string {
  const parsed = parseJid(jid);
  const lines = [`**${role === 'from' ? 'Sender' : 'Recipient'}** \`${jid}\``, ''];
  if (parsed.ok) {
    lines.push(`- bare JID: \`${parsed.jid.bare}\``);
    if (parsed.jid.resource !== undefined) lines.push(`- resource: \`${parsed.jid.resource}\``);
  } else {
    lines.push(`- ✖ not a valid JID: ${md(parsed.reason)}`);
  }
  for (const o of mine) {
    if (role === 'from') {
      for (const s of o.signers) {
        const verdict = s.identity === 'bound' ? '✔ bound by the signer certificate' : s.identity === 'mismatch' ? '✖ not in the signer certificate' : 'the signer certificate carries no JID';
        lines.push(`- signer ${md(signerName(s))}: ${verdict}; certificate JIDs: ${s.jids.length ? s.jids.map((j) => `\`${j}\``).join(', ') : '—'}`);
      }
      if (o.signers.length === 0) lines.push(`- the \`<e2e/>\` object is ${o.status}; no signer ${o.status === 'encrypted' ? 'visible without the recipient key' : 'found'}`);
    } else {
      for (const r of o.recipients) {
        lines.push(`- recipient ${md(r.jids.length ? r.jids.join(', ') : r.id)}: ${r.keyInWorkspace ? 'key in workspace' : 'no workspace key'}`);
      }
    }
  }
  if (stanza.kind === 'message' && mine.length) lines.push('', 'RFC 3923: the signer certificate must bind the sender\'s bare JID (id-on-xmppAddr).');
  return lines.join('\n');
}
