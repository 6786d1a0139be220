// The diagnostic-code contract (shared/docs/diagnostic-codes.md) as data: code, default severity,
// what it means and the spec reference. Codes never change once shipped; new checks get new codes.
import type { Severity } from './types';

export interface Rule { readonly code: string; readonly severity: Severity; readonly description: string; readonly ref: string }

export const RULES: readonly Rule[] = [
  { code: 'xml.malformed', severity: 'error', description: 'a stanza\'s XML is not well-formed (exact position of the fault)', ref: '' },
  { code: 'trace.stanza.truncated', severity: 'warning', description: 'the capture ends or cuts inside a stanza', ref: '' },
  { code: 'trace.format.lossy', severity: 'information', description: 'the capture dialect drops content (e.g. logs that keep only the opening tag, so <e2e/> cannot be seen)', ref: '' },
  { code: 'trace.format.unknown', severity: 'information', description: 'no dialect recognised; parsed as plain XML', ref: '' },
  { code: 'e2e.wrapper.namespace', severity: 'error', description: '<e2e> in any namespace but urn:ietf:params:xml:ns:xmpp-e2e (say which one was used)', ref: 'E2E-1, AMB-1' },
  { code: 'e2e.wrapper.notCdata', severity: 'information', description: 'payload is escaped text rather than a CDATA section', ref: 'E2E-2, AMB-6' },
  { code: 'e2e.wrapper.binary', severity: 'error', description: 'raw binary that XML cannot carry', ref: 'E2E-2' },
  { code: 'e2e.wrapper.multiple', severity: 'warning', description: 'more than one <e2e/> in a stanza', ref: 'E2E-3' },
  { code: 'e2e.presence.undirected', severity: 'error', description: '<presence> with <e2e/> and no to, on a sender-side capture', ref: 'E2E-4, AMB-23' },
  { code: 'e2e.scope.groupchat', severity: 'warning', description: '<e2e/> in a groupchat message', ref: 'E2E-5' },
  { code: 'e2e.message.notCpim', severity: 'error', description: 'a message\'s protected object is not Message/CPIM (nor application/xmpp+xml)', ref: 'E2E-6' },
  { code: 'e2e.presence.notPidf', severity: 'error', description: 'a presence\'s protected object is not application/pidf+xml (nor application/xmpp+xml)', ref: 'E2E-7' },
  { code: 'e2e.xmppxml.children', severity: 'error', description: 'application/xmpp+xml whose <xmpp/> root has zero or several children', ref: 'E2E-9' },
  { code: 'e2e.xmppxml.addrMismatch', severity: 'warning', description: 'inner stanza\'s from/to differ from the outer stanza\'s', ref: 'E2E-10' },
  { code: 'e2e.inner.identityMismatch', severity: 'warning', description: 'CPIM From/To or PIDF entity differ from the stanza\'s from/to (bare)', ref: 'E2E-21' },
  { code: 'e2e.crypto.notCms', severity: 'error', description: 'payload is not CMS: say what it is (OpenSSL Salted__, OpenPGP armor or packets, garbage)', ref: 'E2E-11' },
  { code: 'e2e.legacy.bareCms', severity: 'information', description: 'bare base64 CMS without MIME headers', ref: 'LEG-3' },
  { code: 'e2e.sig.invalid', severity: 'error', description: 'the signature does not verify', ref: 'E2E-26' },
  { code: 'cms.sig.digestMismatch', severity: 'error', description: 'content altered: computed digest differs from messageDigest', ref: 'CMS-3' },
  { code: 'cms.sig.contentTypeMismatch', severity: 'error', description: 'contentType attribute differs from eContentType', ref: 'CMS-3' },
  { code: 'smime.micalg.mismatch', severity: 'error', description: 'micalg disagrees with the SignerInfo digest', ref: 'SMIME-1' },
  { code: 'smime.multipart.parts', severity: 'error', description: 'multipart/signed without exactly two parts', ref: 'SMIME-1' },
  { code: 'e2e.sig.missingOnEncrypted', severity: 'warning', description: 'encrypted object with no signature inside (sender unauthenticated)', ref: 'E2E-25' },
  { code: 'e2e.order.encryptThenSign', severity: 'warning', description: 'the signature wraps enveloped data instead of the other way round', ref: 'E2E-23' },
  { code: 'e2e.cert.unavailable', severity: 'warning', description: 'the signer\'s certificate is neither embedded nor in the workspace', ref: 'E2E-12' },
  { code: 'e2e.cert.untrusted', severity: 'warning', description: 'the signer\'s chain does not reach a configured trust anchor (self-signed included)', ref: 'CMS-9' },
  { code: 'e2e.cert.expired', severity: 'error', description: 'signer certificate not valid at the message\'s time (expired or not yet valid) |', ref: '' },
  { code: 'e2e.cert.noXmppAddr', severity: 'warning', description: 'certificate carries no id-on-xmppAddr (1.3.6.1.5.5.7.8.5) JID', ref: 'E2E-18, AMB-11' },
  { code: 'e2e.cert.jidOnlyInSubject', severity: 'warning', description: 'a JID appears only in the subject DN (CN / emailAddress)', ref: 'E2E-16' },
  { code: 'e2e.legacy.otherNameType', severity: 'warning', description: 'JID in an otherName whose type-id is not id-on-xmppAddr', ref: 'LEG-2' },
  { code: 'e2e.jid.mismatch', severity: 'error', description: 'the stanza\'s (effective) bare from matches no JID of the signer certificate; list the certificate\'s identities', ref: 'E2E-19/20, AMB-12' },
  { code: 'jid.invalid', severity: 'error', description: 'a JID that RFC 7622 rejects', ref: 'ADDR-3' },
  { code: 'e2e.decrypt.noKey', severity: 'information', description: 'no workspace key matches any RecipientInfo (list the recipients)', ref: 'E2E-27' },
  { code: 'e2e.decrypt.failed', severity: 'error', description: 'a matching key was found but decryption failed', ref: 'E2E-27' },
  { code: 'e2e.alg.nonMti', severity: 'information', description: 'an algorithm outside RFC 3923\'s mandatory set (SHA-1, RSA, AES-128-CBC)', ref: 'E2E-34' },
  { code: 'e2e.legacy.profile', severity: 'warning', description: 'the pre-RFC draft profile: MD5 digest or signature, Triple-DES content encryption', ref: 'LEG-1' },
  { code: 'smime.alg.deprecated', severity: 'warning', description: 'deprecated by current S/MIME (e.g. SHA-1); MD5, RC2, DES are errors', ref: 'SMIME-10, AMB-24' },
  { code: 'e2e.ts.missing', severity: 'warning', description: 'no CPIM DateTime / PIDF <timestamp>: the replay window cannot be checked', ref: 'E2E-33' },
  { code: 'e2e.ts.unavailable', severity: 'information', description: 'application/xmpp+xml carries no defined timestamp', ref: 'E2E-33' },
  { code: 'e2e.ts.syntax', severity: 'error', description: 'not an RFC 3339 date-time', ref: 'E2E-28' },
  { code: 'e2e.ts.notUtc', severity: 'error', description: 'a non-zero UTC offset (+00:00 is a warning)', ref: 'E2E-28, AMB-9' },
  { code: 'e2e.ts.old', severity: 'warning', description: 'more than 300 s before "now" ("old timestamp")', ref: 'E2E-30' },
  { code: 'e2e.ts.future', severity: 'warning', description: 'more than 300 s after "now" ("future timestamp")', ref: 'E2E-30' },
  { code: 'e2e.ts.decreasing', severity: 'warning', description: 'not greater than a timestamp accepted from the same sender in the previous 10 minutes', ref: 'E2E-31, AMB-10' },
  { code: 'e2e.ts.replay', severity: 'error', description: 'the same signed object (same signature value) seen again', ref: 'E2E-31' },
  { code: 'cms.signingTime.skew', severity: 'information', description: 'CMS signingTime differs from the CPIM DateTime by more than 300 s', ref: 'CMS-6' },
  { code: 'delay.stamp.missing', severity: 'error', description: '<delay/> without a stamp', ref: 'DLY-1' },
  { code: 'delay.legacy', severity: 'information', description: 'legacy jabber:x:delay', ref: 'DLY-4' },
  { code: 'e2e.err.reported', severity: 'information', description: 'an error reply with <decryption-failed/>, <signature-unverified/> / <unverified-signature/>, <bad-timestamp/> (either namespace spelling): link it to the stanza it answers', ref: 'E2E-37..40' },
  { code: 'e2e.err.unexpected', severity: 'warning', description: 'the recipient reported an error for an object that checks out here', ref: 'E2E-36' },
  { code: 'e2e.err.conditionMismatch', severity: 'warning', description: 'application condition paired with the wrong defined condition', ref: 'E2E-40' },
  { code: 'xmpp.error.typeNotError', severity: 'error', description: '<error/> in a stanza whose type is not error', ref: 'E2E-41' },
  { code: 'cpim.structure.mimeType', severity: 'error', description: 'no Content-type: Message/CPIM', ref: 'CPIM-1' },
  { code: 'cpim.structure.separator', severity: 'error', description: 'missing blank line between header blocks', ref: 'CPIM-1' },
  { code: 'cpim.content.noContentType', severity: 'error', description: 'encapsulated entity without Content-Type', ref: 'CPIM-2' },
  { code: 'cpim.header.folded', severity: 'error', description: 'a folded (continued) header line', ref: 'CPIM-3' },
  { code: 'cpim.header.whitespace', severity: 'error', description: 'leading/trailing whitespace on a header line', ref: 'CPIM-6' },
  { code: 'cpim.header.space', severity: 'error', description: 'not exactly one space after the colon', ref: 'CPIM-10' },
  { code: 'cpim.header.case', severity: 'warning', description: 'a near-miss header name (from:, datetime:) — offer the fix', ref: 'CPIM-11' },
  { code: 'cpim.header.crlf', severity: 'warning', description: 'bare LF line ends in a standalone file', ref: 'CPIM-8' },
  { code: 'cpim.from.syntax', severity: 'error', description: 'From/To/cc not [Formal-name] <URI>', ref: 'CPIM-19..21' },
  { code: 'cpim.datetime.syntax', severity: 'error', description: 'DateTime not RFC 3339', ref: 'CPIM-22' },
  { code: 'cpim.ns.undeclared', severity: 'error', description: 'a header prefix used before its NS: declaration', ref: 'CPIM-17' },
  { code: 'pidf.xmlDecl.missing', severity: 'error', description: 'no XML declaration', ref: 'PIDF-1' },
  { code: 'pidf.root.namespace', severity: 'error', description: 'root not <presence xmlns="urn:ietf:params:xml:ns:pidf">', ref: 'PIDF-3' },
  { code: 'pidf.entity.missing', severity: 'error', description: 'no entity attribute (warning when it is not a pres: URI)', ref: 'PIDF-4' },
  { code: 'pidf.tuple.id', severity: 'error', description: 'a tuple without id, or a duplicate id', ref: 'PIDF-6' },
  { code: 'pidf.basic.value', severity: 'error', description: '<basic> other than open / closed', ref: 'PIDF-9' },
  { code: 'pidf.timestamp.syntax', severity: 'error', description: '<timestamp> not RFC 3339 (upper-case T and Z)', ref: 'PIDF-13' },
  // Checks of spec-checklist.md without a row in the contract table, coded in the same form.
  { code: 'smime.protocol.unquoted', severity: 'warning', description: 'multipart/signed protocol parameter not quoted (the "/" is a MIME tspecial); parsed leniently', ref: 'SMIME-2' },
  { code: 'smime.smimeType.mismatch', severity: 'error', description: 'smime-type disagrees with the CMS content type', ref: 'SMIME-5' },
  { code: 'smime.signedData.eContentPresent', severity: 'warning', description: 'eContent present in the detached signature of multipart/signed', ref: 'SMIME-8' },
  { code: 'cms.signerInfo.structure', severity: 'warning', description: 'SignerInfo breaks an RFC 5652 / RFC 3370 structure rule (missing contentType/messageDigest, version vs identifier, digest not listed, parameters)', ref: 'CMS-1, CMS-4..8, CMS-10' },
  { code: 'smime.signedData.noContent', severity: 'error', description: 'signed-data without eContent', ref: 'SMIME-8' },
  // Robustness (issue #17): the analysis itself, and input that is not text.
  { code: 'internal.analysisFailed', severity: 'error', description: 'the analysis threw: the file is NOT known to be clean; the message gives the reason', ref: '' },
  { code: 'findings.capped', severity: 'information', description: 'more findings than the cap (1,000 per object, 10,000 per file): says how many were dropped and their codes', ref: '' },
  { code: 'input.encoding.invalid', severity: 'error', description: 'NUL characters or invalid UTF-8 in the input, at their exact range (XMPP is UTF-8 only, XML forbids U+0000)', ref: '' },
];

const BY_CODE = new Map(RULES.map((r) => [r.code, r]));

export function ruleFor(code: string): Rule | undefined {
  return BY_CODE.get(code);
}

/** A user's per-code override: a severity, or 'off' to silence the code. */
export type SeverityOverride = Severity | 'off';

/** The effective severity of a code, or undefined when the user turned it off. */
export function effectiveSeverity(
  code: string,
  explicit: Severity | undefined,
  overrides: Readonly<Record<string, SeverityOverride>> = {},
): Severity | undefined {
  const o = overrides[code];
  if (o === 'off') return undefined;
  if (o) return o;
  return explicit ?? BY_CODE.get(code)?.severity ?? 'warning';
}
