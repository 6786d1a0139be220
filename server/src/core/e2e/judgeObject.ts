// Judges one unwrapped `<e2e/>` object in the context of its stanza: signer verdicts (signature,
// trust, identity, validity), the order of layers, the inner object's type and identities, its
// timestamp against "now", and the algorithms used. Returns findings and the structured report.
import { certificateJids } from '../x509/certInfo';
import { evaluateTrust, validityAt } from '../x509/chain';
import { DEFAULT_PROFILE, judgeAlgorithm, type AlgorithmProfile } from '../cms/profiles';
import { failsObject } from '../rules';
import { bareJid, parseJid } from '../jid/jid';
import { addressBareJid, jidFromUri } from '../jid/jidUri';
import { parseRfc3339, type ParsedTime } from '../time/rfc3339';
import type {
  CertInfo,
  E2eRef,
  Finding,
  KeyStore,
  ObjectReport,
  RelatedInfo,
  SignerReport,
  Span,
  Stanza,
  XmlElement,
} from '../types';
import type { SignerOutcome, Unwrapped } from './unwrapObject';
import { certificateNameFindings } from './certificateRules';
import { pushAll } from '../findingLimits';

export interface Now {
  epochMs: number;
  source: 'delay' | 'capture' | 'setting' | 'clock';
}

export interface ObjectContext {
  stanza: Stanza;
  ref: E2eRef;
  index: number;
  stanzaIndex: number;
  /** The stanza's `from`, or the JID the stream bound when it has none (ADDR-7). */
  effectiveFrom?: string;
  /** Where identity findings point. */
  fromSpan: Span;
  keys?: KeyStore;
  now: Now;
  /** The wall clock when the analysis runs. */
  clockMs: number;
  skewMs: number;
  /** Which algorithm profile judges nonMti / deprecated / legacy (default: modern). */
  profile?: AlgorithmProfile;
}

/** The inner timestamp, for the trace-wide decreasing/replay rules. */
export interface JudgedTimestamp {
  epochMs: number;
  span: Span;
  withinWindow: boolean;
}

export interface Judged {
  findings: Finding[];
  report: ObjectReport;
  timestamp?: JudgedTimestamp;
  /** Hex signature values (replay detection). */
  signatureValues: string[];
}

const DAY_MS = 86_400_000;

export function judgeObject(ctx: ObjectContext, un: Unwrapped): Judged {
  const findings: Finding[] = [...un.findings];
  const objectSpan = ctx.ref.contentSpan.end > ctx.ref.contentSpan.start ? ctx.ref.contentSpan : ctx.ref.element.span;
  const report: ObjectReport = {
    kind: 'rfc3923',
    index: ctx.index,
    stanzaIndex: ctx.stanzaIndex,
    span: ctx.ref.element.span,
    contentSpan: ctx.ref.contentSpan,
    layers: un.layers,
    signers: [],
    recipients: un.recipients,
    contentEncryptionAlgorithm: un.contentEncryptionAlgorithm,
    notCms: un.notCms,
    status: 'failed',
    codes: [],
  };

  // The inner timestamp is "the message's time" for certificate validity; fall back to "now".
  const ts = innerTimestamp(un);
  const messageTime = ts?.parsed.ok ? ts.parsed.epochMs : ctx.now.epochMs;
  const now = resolveTimeOfDay(ctx.now, ts?.parsed);

  for (const s of un.signers) report.signers.push(judgeSigner(s, ctx, messageTime, findings));

  // Layer order: signed, then encrypted (E2E-23); an opened envelope must hold a signature (E2E-25).
  if (un.signers.some((s) => s.coversEnvelope)) {
    findings.push({
      code: 'e2e.order.encryptThenSign',
      message: 'The signature wraps enveloped data (encrypt-then-sign); RFC 3923 says sign first, then encrypt, so the signer is authenticated inside the envelope.',
      span: objectSpan,
    });
  }
  const envelope = un.layers.indexOf('enveloped-data');
  if (envelope >= 0 && !un.unopened && !un.decryptFailed && un.signers.length === 0) {
    findings.push({
      code: 'e2e.sig.missingOnEncrypted',
      message: 'Encrypted object with no signature inside: the sender is not authenticated and no JID binding is possible.',
      span: objectSpan,
    });
  }
  algorithmFindings(un, objectSpan, ctx.profile ?? DEFAULT_PROFILE, findings);

  // The inner object: its type per stanza kind, its identities, its timestamp.
  let judgedTs: JudgedTimestamp | undefined;
  if (un.inner) {
    const inner = un.inner;
    report.inner = { contentType: inner.contentType };
    const t = inner.contentType.toLowerCase();
    const isXmppXml = t === 'application/xmpp+xml';
    if (ctx.stanza.kind === 'message' && t !== 'message/cpim' && !isXmppXml) {
      findings.push({
        code: 'e2e.message.notCpim',
        message: `A message's protected object must be Message/CPIM (or application/xmpp+xml), not ${inner.contentType}.`,
        span: objectSpan,
      });
    }
    if (ctx.stanza.kind === 'presence' && t !== 'application/pidf+xml' && !isXmppXml) {
      findings.push({
        code: 'e2e.presence.notPidf',
        message: `A presence's protected object must be application/pidf+xml (or application/xmpp+xml), not ${inner.contentType}.`,
        span: objectSpan,
      });
    }
    if (ctx.stanza.kind === 'iq' && !isXmppXml) {
      findings.push({
        code: 'e2e.iq.notXmppXml',
        message: `An <iq/> can be protected only as application/xmpp+xml (RFC 3923 §5), not ${inner.contentType}.`,
        span: objectSpan,
      });
    }
    innerIdentityFindings(ctx, un, findings);
    if (isXmppXml) {
      findings.push({ code: 'e2e.ts.unavailable', message: 'application/xmpp+xml carries no defined timestamp: the replay window cannot be checked.', span: objectSpan });
    } else if (t === 'message/cpim' || t === 'application/pidf+xml') {
      if (!ts) {
        findings.push({
          code: 'e2e.ts.missing',
          message: t === 'message/cpim'
            ? 'No CPIM DateTime header: the 300 s replay window cannot be checked.'
            : 'No PIDF <timestamp>: the 300 s replay window cannot be checked.',
          span: objectSpan,
        });
      } else {
        report.inner.timestamp = ts.value;
        report.inner.timestampSource = t === 'message/cpim' ? 'cpim' : 'pidf';
        judgedTs = timestampFindings(ts, now, ctx.skewMs, findings);
        // E2E-28 holds for each PIDF <timestamp>, not only the newest one the window judges.
        for (const other of inner.pidf?.timestamps ?? []) if (other.span !== ts.span) utcFindings(other, findings);
        if (judgedTs) report.skewSeconds = Math.round((judgedTs.epochMs - now.epochMs) / 100) / 10;
        signingTimeSkew(un, ts, ctx.skewMs, findings);
      }
    }
  }
  report.now = { iso: new Date(now.epochMs).toISOString(), source: now.source };
  report.status = statusOf(un, report, findings);
  return {
    findings,
    report,
    // A timestamp under a signature that does not verify says nothing about the sender's clock.
    timestamp: un.signers.some((s) => s.result.signature === 'invalid') ? undefined : judgedTs,
    // Only a signature that verifies makes "the same signed object": altered content under a copied
    // signature is reported as altered, not as a replay.
    signatureValues: un.signers.filter((s) => s.result.signature === 'valid').map((s) => s.result.signatureHex),
  };
}

function judgeSigner(s: SignerOutcome, ctx: ObjectContext, messageTime: number, findings: Finding[]): SignerReport {
  const r = s.result;
  const si = r.signerInfo;
  const out: SignerReport = {
    signature: r.signature,
    canonicalization: r.canonicalization,
    reason: r.reason,
    trust: 'unknown',
    identity: 'noJid',
    validity: 'ok',
    jids: [],
    digestAlgorithm: si.digestAlgorithm.name,
    signatureAlgorithm: si.signatureAlgorithm.name,
    signingTime: r.signingTimeMs !== undefined ? new Date(r.signingTimeMs).toISOString() : undefined,
    certificateSource: r.certificateSource,
    signatureValue: r.signatureHex,
  };
  if (r.digestMismatch) {
    findings.push({ code: 'cms.sig.digestMismatch', message: 'Content altered: the digest computed here differs from the signed messageDigest attribute.', span: s.span });
  }
  if (r.contentTypeMismatch) {
    findings.push({ code: 'cms.sig.contentTypeMismatch', message: 'The signed contentType attribute differs from the eContentType.', span: s.span });
  }
  if (r.signature === 'invalid') {
    findings.push({
      code: 'e2e.sig.invalid',
      message: `The signature does not verify${r.reason ? `: ${r.reason}` : ''}. Do not present this stanza as authentic.`,
      span: s.span,
    });
  }
  if (r.signature === 'unverifiable' && r.failure) {
    findings.push({
      code: r.failure === 'algorithmKeyMismatch' ? 'cms.sig.algorithmKeyMismatch' : 'cms.sig.unsupported',
      message: `The signature cannot be verified: ${r.reason ?? r.failure}. Do not present this stanza as authentic.`,
      span: s.span,
    });
  }
  const cert = r.cert;
  if (!cert) {
    findings.push({
      code: 'e2e.cert.unavailable',
      message: `The signer's certificate (${describeSid(si.sid)}) is neither embedded nor in the workspace key store: the signature cannot be verified.`,
      span: s.span,
    });
    return out;
  }
  out.subject = cert.subject;
  out.issuer = cert.issuer;
  out.serial = cert.serialHex;
  out.notBefore = new Date(cert.notBefore).toISOString();
  out.notAfter = new Date(cert.notAfter).toISOString();
  const jids = certificateJids(cert);
  out.jids = jids;

  const anchors = ctx.keys?.anchors ?? [];
  const intermediates = [...s.embedded, ...(ctx.keys?.entries.map((e) => e.cert) ?? [])];
  const trust = evaluateTrust(cert, intermediates, anchors);
  out.trust = cert.selfIssued && trust.trust === 'unknown' && !isAnchor(cert, anchors) ? 'selfSigned' : trust.trust;
  if (out.trust === 'untrusted' || out.trust === 'selfSigned') {
    findings.push({
      code: 'e2e.cert.untrusted',
      message: out.trust === 'selfSigned'
        ? `The signer certificate (${cert.subject}) is self-signed and not a configured trust anchor.`
        : `The signer's chain does not reach a configured trust anchor${trust.reason ? ` (${trust.reason})` : ''}.`,
      span: s.span,
    });
  }
  out.validity = validityAt(cert, messageTime);
  // A message dated before a certificate that is valid today is most often a back-dated test object
  // or an offline message signed with a since-renewed key: not-yet-valid is claimed only when the
  // certificate is not valid today either.
  if (out.validity === 'notYetValid' && validityAt(cert, ctx.clockMs) === 'ok') out.validity = 'ok';
  if (out.validity !== 'ok') {
    findings.push({
      code: 'e2e.cert.expired',
      message: out.validity === 'expired'
        ? `The signer certificate expired on ${out.notAfter}, before the message's time ${new Date(messageTime).toISOString()}.`
        : `The signer certificate is not valid before ${out.notBefore}, after the message's time ${new Date(messageTime).toISOString()}.`,
      span: s.span,
    });
  }
  if (cert.xmppAddrs.length === 0) {
    findings.push({
      code: 'e2e.cert.noXmppAddr',
      message: cert.uriJids.length > 0
        ? 'The certificate names its JID only in im:/pres: URIs, not in an id-on-xmppAddr (1.3.6.1.5.5.7.8.5) otherName.'
        : 'The certificate carries no id-on-xmppAddr (1.3.6.1.5.5.7.8.5) JID.',
      span: s.span,
    });
  }
  if (jids.length === 0 && cert.subjectJids.length > 0) {
    findings.push({
      code: 'e2e.cert.jidOnlyInSubject',
      message: `A JID (${cert.subjectJids.join(', ')}) appears only in the subject DN; receivers ignore the subject DN, so it binds nothing.`,
      span: s.span,
    });
  }
  pushAll(findings, certificateNameFindings(cert, s.span));
  for (const legacy of cert.legacyOtherNames) {
    findings.push({
      code: 'e2e.legacy.otherNameType',
      message: `JID ${legacy.value} in an otherName of type-id ${legacy.typeId}, not id-on-xmppAddr (the pre-RFC drafts' "xmpp" type).`,
      span: s.span,
    });
  }
  // Identity: the bare effective from against the certificate's JIDs, the resource ignored.
  if (ctx.effectiveFrom) {
    const from = bareJid(ctx.effectiveFrom);
    if (jids.length === 0) {
      out.identity = 'noJid';
      findings.push(mismatch(from, cert, jids, ctx));
    } else if (jids.some((j) => bareJid(j) === from)) {
      out.identity = 'bound';
      const resourceNote = fullJidBinding(cert, ctx.effectiveFrom);
      if (resourceNote) findings.push({ code: 'e2e.jid.resourceDiffers', message: resourceNote, span: ctx.fromSpan });
    } else {
      out.identity = 'mismatch';
      findings.push(mismatch(from, cert, jids, ctx));
    }
  } else {
    out.identity = jids.length ? 'bound' : 'noJid';
  }
  return out;
}

/**
 * A certificate that names full JIDs binds the sender only by their bare part when none equals the
 * stanza's full from (AMB-12): bound, and said so. Undefined when a full JID matches or none is named.
 */
function fullJidBinding(cert: CertInfo, effectiveFrom: string): string | undefined {
  const from = parseJid(effectiveFrom);
  if (!from.ok || from.jid.resource === undefined) return undefined;
  const full = [...cert.xmppAddrs, ...cert.uriJids].map(parseJid).filter((r) => r.ok && r.jid.resource !== undefined && r.jid.bare === from.jid.bare);
  if (full.length === 0 || full.some((r) => r.ok && r.jid.full === from.jid.full)) return undefined;
  const names = full.map((r) => (r.ok ? r.jid.full : '')).join(', ');
  return `The certificate names ${names}; the sender ${effectiveFrom} matches only once the resource is ignored.`;
}

function isAnchor(cert: CertInfo, anchors: CertInfo[]): boolean {
  return anchors.some((a) => Buffer.from(a.der).equals(Buffer.from(cert.der)));
}

function describeSid(sid: unknown): string {
  const s = sid as { issuer?: string; serialHex?: string; ski?: string };
  if (s.ski) return `subjectKeyIdentifier ${s.ski}`;
  return `issuer ${s.issuer ?? '?'}, serial ${s.serialHex ?? '?'}`;
}

function mismatch(from: string, cert: CertInfo, jids: string[], ctx: ObjectContext): Finding {
  const related: RelatedInfo[] = jids.map((j) => ({ span: ctx.ref.contentSpan, message: `certificate identity: ${j}` }));
  for (const j of cert.subjectJids) related.push({ span: ctx.ref.contentSpan, message: `subject DN only (not used for binding): ${j}` });
  if (related.length === 0) related.push({ span: ctx.ref.contentSpan, message: `certificate ${cert.subject} names no JID` });
  return {
    code: 'e2e.jid.mismatch',
    message: `The sender ${from} matches no JID of the signer certificate (${jids.length ? jids.join(', ') : 'none'}; subject ${cert.subject}).`,
    span: ctx.fromSpan,
    related,
    data: { from, certificateJids: jids },
  };
}

function innerIdentityFindings(ctx: ObjectContext, un: Unwrapped, findings: Finding[]): void {
  const inner = un.inner;
  if (!inner) return;
  const from = ctx.effectiveFrom ? bareJid(ctx.effectiveFrom) : undefined;
  const to = ctx.stanza.to ? bareJid(ctx.stanza.to.value) : undefined;
  if (inner.cpim) {
    const f = inner.cpim.from;
    if (f && from && uriJid(f.uri) !== from) {
      findings.push({
        code: 'e2e.inner.identityMismatch',
        message: `CPIM From ${f.uri} differs from the stanza's sender ${from}: a possible redirect or replay.`,
        span: f.span,
      });
    }
    const tos = inner.cpim.to;
    if (to && tos.length > 0 && !tos.some((t) => uriJid(t.uri) === to)) {
      findings.push({
        code: 'e2e.inner.identityMismatch',
        message: `CPIM To ${tos.map((t) => t.uri).join(', ')} differs from the stanza's recipient ${to}: a possible redirect or replay.`,
        span: tos[0].span,
      });
    }
  }
  if (inner.pidf?.entity && from && uriJid(inner.pidf.entity.value) !== from) {
    findings.push({
      code: 'e2e.inner.identityMismatch',
      message: `PIDF entity ${inner.pidf.entity.value} differs from the stanza's sender ${from}.`,
      span: inner.pidf.entity.span,
    });
  }
  if (inner.xmppRoot) {
    const child = inner.xmppRoot.children.find((c): c is XmlElement => c.type === 'element');
    if (child) {
      const innerFrom = attr(child, 'from');
      const innerTo = attr(child, 'to');
      if (innerFrom && from && bareJid(innerFrom.value) !== from) {
        findings.push({ code: 'e2e.xmppxml.addrMismatch', message: `The inner stanza's from ${innerFrom.value} differs from the outer sender ${from}.`, span: innerFrom.valueSpan });
      }
      if (innerTo && ctx.stanza.to && bareJid(innerTo.value) !== bareJid(ctx.stanza.to.value)) {
        findings.push({ code: 'e2e.xmppxml.addrMismatch', message: `The inner stanza's to ${innerTo.value} differs from the outer to ${ctx.stanza.to.value}.`, span: innerTo.valueSpan });
      }
    }
  }
}

function attr(el: XmlElement, name: string) {
  return el.attrs.find((a) => a.name === name);
}

/** `im:juliet@example.com`, `pres:...`, `xmpp:...`, `<im:...>` -> the bare JID, percent-decoded (ADDR-8). */
const uriJid = addressBareJid;

interface InnerTs {
  value: string;
  span: Span;
  parsed: ParsedTime;
}

function innerTimestamp(un: Unwrapped): InnerTs | undefined {
  const inner = un.inner;
  if (!inner) return undefined;
  if (inner.cpim?.dateTime) {
    const d = inner.cpim.dateTime;
    return { value: d.value, span: d.span, parsed: d.parsed };
  }
  if (inner.pidf) {
    // The newest tuple timestamp governs the window (AMB-7).
    let best: InnerTs | undefined;
    for (const t of inner.pidf.timestamps) {
      const cand = { value: t.value, span: t.span, parsed: t.parsed };
      if (!best || (cand.parsed.ok && (!best.parsed.ok || cand.parsed.epochMs > best.parsed.epochMs))) best = cand;
    }
    return best;
  }
  return undefined;
}

/** Time-of-day-only captures (Smack): take the date that puts "now" nearest the inner timestamp. */
function resolveTimeOfDay(now: Now & { dateKnown?: boolean }, ts: ParsedTime | undefined): Now {
  if (now.dateKnown !== false || !ts?.ok) return now;
  const tod = ((now.epochMs % DAY_MS) + DAY_MS) % DAY_MS;
  const day = Math.floor(ts.epochMs / DAY_MS) * DAY_MS;
  let best = day + tod;
  for (const d of [day - DAY_MS, day + DAY_MS]) {
    if (Math.abs(d + tod - ts.epochMs) < Math.abs(best - ts.epochMs)) best = d + tod;
  }
  return { epochMs: best, source: now.source };
}

/** RFC 3339 syntax and UTC "with no offset" (E2E-28, AMB-9); false when the timestamp does not parse. */
function utcFindings(ts: InnerTs, findings: Finding[]): boolean {
  const p = ts.parsed;
  if (!p.ok) {
    findings.push({ code: 'e2e.ts.syntax', message: `Timestamp "${ts.value}" is not an RFC 3339 date-time: ${p.reason}.`, span: ts.span });
    return false;
  }
  if (p.lowerCase) {
    // RFC 3339 §5.6 allows lower case; RFC 3923's profile writes upper case (AMB-9: a warning).
    findings.push({ code: 'e2e.ts.syntax', severity: 'warning', message: `Timestamp "${ts.value}" uses a lower-case 't' or 'z'; write 'T' and 'Z'.`, span: ts.span });
  }
  if (!p.zulu) {
    if (p.offsetMinutes !== 0) {
      findings.push({ code: 'e2e.ts.notUtc', message: `Timestamp "${ts.value}" has a UTC offset; RFC 3923 requires UTC with no offset ("Z").`, span: ts.span });
    } else {
      findings.push({ code: 'e2e.ts.notUtc', severity: 'warning', message: `Timestamp "${ts.value}" uses a zero offset instead of "Z".`, span: ts.span });
    }
  }
  return true;
}

function timestampFindings(ts: InnerTs, now: Now, skewMs: number, findings: Finding[]): JudgedTimestamp | undefined {
  const p = ts.parsed;
  if (!utcFindings(ts, findings) || !p.ok) return undefined;
  const delta = p.epochMs - now.epochMs;
  const source = describeNow(now);
  let within = true;
  if (delta < -skewMs) {
    within = false;
    findings.push({
      code: 'e2e.ts.old',
      message: `old timestamp: ${ts.value} is ${formatSeconds(-delta)} before "now" (${new Date(now.epochMs).toISOString()}, ${source}); the window is ${skewMs / 1000} s.`,
      span: ts.span,
    });
  } else if (delta > skewMs) {
    within = false;
    findings.push({
      code: 'e2e.ts.future',
      message: `future timestamp: ${ts.value} is ${formatSeconds(delta)} after "now" (${new Date(now.epochMs).toISOString()}, ${source}); the window is ${skewMs / 1000} s.`,
      span: ts.span,
    });
  }
  return { epochMs: p.epochMs, span: ts.span, withinWindow: within };
}

function describeNow(now: Now): string {
  switch (now.source) {
    case 'delay':
      return 'the <delay/> stamp';
    case 'capture':
      return 'the capture time';
    case 'setting':
      return 'the configured "now"';
    default:
      return 'the clock';
  }
}

function formatSeconds(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 120) return `${s} s`;
  if (s < 7200) return `${Math.round(s / 60)} min`;
  if (s < 172800) return `${Math.round(s / 3600)} h`;
  return `${Math.round(s / 86400)} days`;
}

function signingTimeSkew(un: Unwrapped, ts: InnerTs, skewMs: number, findings: Finding[]): void {
  if (!ts.parsed.ok) return;
  for (const s of un.signers) {
    const st = s.result.signingTimeMs;
    if (st !== undefined && Math.abs(st - ts.parsed.epochMs) > skewMs) {
      findings.push({
        code: 'cms.signingTime.skew',
        message: `CMS signingTime ${new Date(st).toISOString()} differs from the inner timestamp ${ts.value} by ${formatSeconds(Math.abs(st - ts.parsed.epochMs))}.`,
        span: ts.span,
      });
    }
  }
}

function algorithmFindings(un: Unwrapped, span: Span, profile: AlgorithmProfile, findings: Finding[]): void {
  const seen = new Set<string>();
  const names: { name: string; role: string; span: Span }[] = [];
  for (const s of un.signers) {
    names.push({ name: s.result.signerInfo.digestAlgorithm.name, role: 'digest', span: s.span });
    names.push({ name: s.result.signerInfo.signatureAlgorithm.name, role: 'signature', span: s.span });
  }
  // A kari recipient names its scheme and key wrap as `scheme + wrap`: each is judged.
  for (const r of un.recipients) {
    for (const part of r.keyEncryptionAlgorithm.split(' + ')) names.push({ name: part, role: 'key management', span });
  }
  if (un.contentEncryptionAlgorithm) names.push({ name: un.contentEncryptionAlgorithm, role: 'content encryption', span });
  for (const { name, role, span: at } of names) {
    const key = `${role}:${name}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const c = judgeAlgorithm(name, profile);
    if (c.legacy) {
      findings.push({ code: 'e2e.legacy.profile', message: `pre-RFC draft-05/-06 algorithm profile: ${role} ${name}.`, span: at });
    }
    if (c.nonMti) {
      findings.push({ code: 'e2e.alg.nonMti', message: `${role} ${name} is outside ${c.nonMti} (profile ${profile}): receivers may not support it.`, span: at });
    }
    if (c.deprecated) {
      findings.push({
        code: 'smime.alg.deprecated',
        severity: c.deprecated.severity,
        message: `${role} ${name} is ${c.deprecated.why === 'broken' ? 'deprecated by current S/MIME (RFC 5751/8551) and broken' : c.deprecated.why} (profile ${profile}).`,
        span: at,
        data: { profile },
      });
    }
  }
}

function statusOf(un: Unwrapped, report: ObjectReport, findings: Finding[]): ObjectReport['status'] {
  if (un.unreadable) return 'unreadable';
  if (un.unopened) return 'encrypted';
  if (findings.some((f) => failsObject(f.code))) return 'failed';
  if (report.signers.length > 0 && report.signers.every((s) => s.signature === 'valid')) return 'verified';
  // Opened with a workspace key and never signed: readable, not authenticated (the warning says so).
  if (report.signers.length === 0 && !un.decryptFailed && un.recipients.some((r) => r.opened)) return 'decrypted';
  return 'failed';
}
