// The diagnostic-code contract (shared/docs/diagnostic-codes.md) as data: code, default severity,
// what it means, the spec reference, whether it fails the object (`fails`) and its fix (`fix`).
// Codes never change once shipped; new checks get new codes. One row per line, new fields at the
// end of a row: rows are appended in parallel and must merge.

export type Severity = 'error' | 'warning' | 'information' | 'hint';

/**
 * How a finding of the code is fixed. `replace`: its span is replaced by `data.replacement`; the
 * finding carries that data only when the span maps exactly to `data.original` in the file.
 */
export type FixKind = 'replace';

export interface Rule {
  readonly code: string;
  readonly severity: Severity;
  readonly description: string;
  readonly ref: string;
  /** A finding of this code makes the object `failed` (lens ✖, not presented as authentic). */
  readonly fails?: true;
  readonly fix?: FixKind;
  /** Why the default severity differs from the one spec-checklist.md gives (shown in the generated docs). */
  readonly severityNote?: string;
}

// `<const>` keeps each code a literal type (Code below); the closing line stays `];` so appended rows merge.
export const RULES = <const>[
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
  { code: 'e2e.crypto.notCms', severity: 'error', description: 'payload is not CMS: say what it is (OpenSSL Salted__, OpenPGP armor or packets, garbage)', ref: 'E2E-11', fails: true },
  { code: 'e2e.legacy.bareCms', severity: 'information', description: 'bare base64 CMS without MIME headers', ref: 'LEG-3' },
  { code: 'e2e.sig.invalid', severity: 'error', description: 'the signature does not verify', ref: 'E2E-26', fails: true },
  { code: 'cms.sig.digestMismatch', severity: 'error', description: 'content altered: computed digest differs from messageDigest', ref: 'CMS-3', fails: true },
  { code: 'cms.sig.contentTypeMismatch', severity: 'error', description: 'contentType attribute differs from eContentType', ref: 'CMS-3', fails: true },
  { code: 'smime.micalg.mismatch', severity: 'error', description: 'micalg disagrees with the SignerInfo digest', ref: 'SMIME-1' },
  { code: 'smime.multipart.parts', severity: 'error', description: 'multipart/signed without exactly two parts', ref: 'SMIME-1', fails: true },
  { code: 'e2e.sig.missingOnEncrypted', severity: 'warning', description: 'encrypted object with no signature inside (sender unauthenticated)', ref: 'E2E-25' },
  { code: 'e2e.order.encryptThenSign', severity: 'warning', description: 'the signature wraps enveloped data instead of the other way round', ref: 'E2E-23' },
  { code: 'e2e.cert.unavailable', severity: 'warning', description: 'the signer\'s certificate is neither embedded nor in the workspace', ref: 'E2E-12' },
  { code: 'e2e.cert.untrusted', severity: 'warning', description: 'the signer\'s chain does not reach a configured trust anchor (self-signed included)', ref: 'CMS-9', severityNote: 'the checklist (CMS-9) gives Information; the contract makes it a warning because an untrusted signer authenticates nobody, and users who test with self-signed certificates can lower it with xmppE2e.severity' },
  { code: 'e2e.cert.expired', severity: 'error', description: 'signer certificate not valid at the message\'s time (expired or not yet valid)', ref: 'CMS-9', fails: true },
  { code: 'e2e.cert.noXmppAddr', severity: 'warning', description: 'certificate carries no id-on-xmppAddr (1.3.6.1.5.5.7.8.5) JID', ref: 'E2E-18, AMB-11' },
  { code: 'e2e.cert.jidOnlyInSubject', severity: 'warning', description: 'a JID appears only in the subject DN (CN / emailAddress)', ref: 'E2E-16' },
  { code: 'e2e.legacy.otherNameType', severity: 'warning', description: 'JID in an otherName whose type-id is not id-on-xmppAddr', ref: 'LEG-2' },
  { code: 'e2e.jid.mismatch', severity: 'error', description: 'the stanza\'s (effective) bare from matches no JID of the signer certificate; list the certificate\'s identities', ref: 'E2E-19/20, AMB-12', fails: true },
  { code: 'jid.invalid', severity: 'error', description: 'a JID that RFC 7622 rejects', ref: 'ADDR-3' },
  { code: 'e2e.decrypt.noKey', severity: 'information', description: 'no workspace key matches any RecipientInfo (list the recipients)', ref: 'E2E-27' },
  { code: 'e2e.decrypt.failed', severity: 'error', description: 'a matching key was found but decryption failed', ref: 'E2E-27', fails: true },
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
  { code: 'e2e.ts.replay', severity: 'error', description: 'the same signed object (same signature value) seen again', ref: 'E2E-31', fails: true },
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
  { code: 'cpim.header.case', severity: 'warning', description: 'a near-miss header name (from:, datetime:) — offer the fix', ref: 'CPIM-11', fix: 'replace' },
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
  { code: 'smime.protocol.unquoted', severity: 'warning', description: 'multipart/signed protocol parameter not quoted (the "/" is a MIME tspecial); parsed leniently', ref: 'SMIME-2', fix: 'replace' },
  { code: 'smime.smimeType.mismatch', severity: 'error', description: 'smime-type disagrees with the CMS content type', ref: 'SMIME-5' },
  { code: 'smime.signedData.eContentPresent', severity: 'warning', description: 'eContent present in the detached signature of multipart/signed', ref: 'SMIME-8' },
  { code: 'cms.signerInfo.structure', severity: 'warning', description: 'SignerInfo breaks an RFC 5652 / RFC 3370 structure rule (missing contentType/messageDigest, version vs identifier, digest not listed, parameters)', ref: 'CMS-1, CMS-4..8, CMS-10' },
  { code: 'smime.signedData.noContent', severity: 'error', description: 'signed-data without eContent', ref: 'SMIME-8' },
  { code: 'trace.format.noStanzas', severity: 'information', description: 'a log in a known dialect holds no stanza: say which setting makes that software log them (e.g. ejabberd loglevel debug, Prosody mod_stanza_debug)', ref: '' },
  { code: 'cms.sig.algorithmKeyMismatch', severity: 'error', description: 'the SignerInfo signature algorithm does not fit the signer certificate\'s key (e.g. PKCS#1 v1.5 with an RSA-PSS-only key, ECDSA with an RSA key): the signature fails', ref: 'CMS-2', fails: true },
  { code: 'cms.sig.unsupported', severity: 'error', description: 'the signature or digest algorithm is one this tool cannot compute (e.g. ML-DSA on Node 20): the signature is not verified', ref: 'CMS-2', fails: true },
  // Checks of spec-checklist.md added for full conformance (issue 19), coded in the same form.
  { code: 'e2e.cert.badUriJid', severity: 'error', description: 'an im:/pres: URI in the signer certificate\'s subjectAltName whose address is not a valid JID (it binds nothing)', ref: 'E2E-17, ADDR-3' },
  { code: 'e2e.cert.uriFullJid', severity: 'information', description: 'an im:/pres: URI in the certificate names a full JID (allowed; the bare JID is recommended)', ref: 'E2E-17, AMB-12' },
  { code: 'e2e.cert.missingImPresUri', severity: 'information', description: 'the signer certificate lacks the im: or the pres: subjectAltName URI', ref: 'E2E-15, AMB-11' },
  { code: 'cert.xmppAddr.notUtf8String', severity: 'warning', description: 'an id-on-xmppAddr value that is not a UTF8String (e.g. IA5String)', ref: 'ADDR-1, ADDR-2' },
  { code: 'e2e.ts.nonMonotonicSend', severity: 'warning', description: 'on the sending side, a timestamp not greater than the previous one the same sender sent the same recipient', ref: 'E2E-29' },
  { code: 'e2e.gw.modified', severity: 'error', description: 'the same signed object (same signature value) seen twice in the capture with different bytes: modified in transit', ref: 'E2E-44, CPIM-13, E2E-42, E2E-43' },
  { code: 'delay.stamp.notUtc', severity: 'error', description: 'a urn:xmpp:delay stamp with a UTC offset instead of Z (+00:00 is a warning)', ref: 'DLY-1' },
  { code: 'delay.stamp.syntax', severity: 'error', description: 'a delay stamp that is not an XEP-0082 DateTime (nor CCYYMMDDThh:mm:ss for jabber:x:delay); it is not used as the message\'s now', ref: 'DLY-5, DLY-4' },
  { code: 'delay.multiple', severity: 'information', description: 'more than one urn:xmpp:delay <delay/> in a stanza', ref: 'DLY-1' },
  { code: 'delay.inconsistent', severity: 'information', description: 'urn:xmpp:delay and jabber:x:delay give different instants', ref: 'DLY-7' },
  { code: 'e2e.err.serviceUnavailable', severity: 'information', description: 'a <service-unavailable/> reply to an <e2e/> stanza: the recipient lacks RFC 3923 support', ref: 'E2E-35' },
  { code: 'e2e.err.errorType', severity: 'hint', description: 'an e2e error reply whose <error type> is not modify (bad-request, not-acceptable) or cancel (service-unavailable)', ref: 'E2E-40, CORE-3, CORE-4' },
  { code: 'e2e.err.noPayload', severity: 'hint', description: 'an error reply to an <e2e/> stanza that does not include the original payload', ref: 'E2E-41' },
  { code: 'xmpp.error.loop', severity: 'error', description: 'an error stanza sent in reply to an error stanza', ref: 'CORE-2' },
  { code: 'e2e.wrapper.attributes', severity: 'hint', description: 'attributes on <e2e> (RFC 3923 defines none)', ref: 'E2E-46' },
  { code: 'e2e.wrapper.nested', severity: 'error', description: '<e2e/> nested deeper than a direct child of the stanza', ref: 'E2E-1' },
  { code: 'e2e.plaintext.body', severity: 'information', description: 'a cleartext <body/> next to <e2e/>: possible plaintext leak or fallback text', ref: 'AMB-21' },
  { code: 'e2e.iq.notXmppXml', severity: 'information', description: 'an <iq/> whose protected object is not application/xmpp+xml', ref: 'E2E-8, AMB-15' },
  { code: 'e2e.xmppxml.charset', severity: 'error', description: 'application/xmpp+xml with a non-UTF-8 charset parameter or XML encoding declaration', ref: 'E2E-9, E2E-47' },
  { code: 'e2e.mime.nonBinaryCte', severity: 'information', description: 'the inner Message/CPIM or application/pidf+xml entity uses base64 or quoted-printable instead of binary', ref: 'E2E-22, AMB-4' },
  { code: 'smime.signature.noDisposition', severity: 'hint', description: 'an application/pkcs7-signature part without Content-Disposition', ref: 'E2E-25' },
  { code: 'smime.micalg.unknown', severity: 'information', description: 'a micalg token neither RFC 3851 nor RFC 5751 defines', ref: 'SMIME-3' },
  { code: 'smime.smimeType.missing', severity: 'hint', description: 'application/pkcs7-mime without the smime-type parameter', ref: 'SMIME-5' },
  { code: 'cpim.utf8.invalid', severity: 'error', description: 'invalid UTF-8 in a CPIM message (decoded as U+FFFD)', ref: 'CPIM-7' },
  { code: 'cpim.header.ctl', severity: 'error', description: 'a control character (0-31, 127, tab included) in a CPIM header; it must be escaped', ref: 'CPIM-9' },
  { code: 'cpim.escape.malformed', severity: 'warning', description: 'a backslash-u escape without exactly 4 hex digits, or a lone trailing backslash, in a CPIM header', ref: 'CPIM-14' },
  { code: 'cpim.escape.unneeded', severity: 'warning', description: 'a CPIM escape of a character that must be written as itself (e.g. backslash-u0041), or a non-CPIM escape', ref: 'CPIM-14' },
  { code: 'cpim.header.name', severity: 'error', description: 'a CPIM header name with a character outside NAMECHAR', ref: 'CPIM-15' },
  { code: 'cpim.ns.uri', severity: 'error', description: 'an NS header whose URI is relative or has a fragment, or that is not [prefix] <URI>', ref: 'CPIM-17' },
  { code: 'cpim.header.unknown', severity: 'information', description: 'a header in the CPIM core namespace that RFC 3862 does not define (ignored by receivers)', ref: 'CPIM-12' },
  { code: 'cpim.from.scheme', severity: 'information', description: 'From/To/cc with a URI scheme other than im:', ref: 'CPIM-19, CPIM-20, CPIM-21' },
  { code: 'cpim.header.missing', severity: 'warning', description: 'an inner Message/CPIM without From or To (the e2e profile expects From, To and DateTime)', ref: 'CPIM-24, AMB-7' },
  { code: 'pidf.encoding.notUtf8', severity: 'warning', description: 'a PIDF document declared in an encoding other than UTF-8', ref: 'PIDF-2' },
  { code: 'pidf.order', severity: 'error', description: 'a <presence> or <tuple> child out of the schema\'s order', ref: 'PIDF-5, PIDF-7' },
  { code: 'pidf.tuple.status', severity: 'error', description: 'a <tuple> without its mandatory <status>', ref: 'PIDF-7' },
  { code: 'pidf.status.empty', severity: 'error', description: 'a <status> with no child element', ref: 'PIDF-8' },
  { code: 'pidf.contact.priority', severity: 'warning', description: 'a <contact> priority that is not a decimal in [0, 1] with at most 3 decimals', ref: 'PIDF-11' },
  { code: 'pidf.timestamp.missing', severity: 'warning', description: 'a <tuple> without <timestamp> (inside <e2e/> only when another tuple has one; otherwise e2e.ts.missing)', ref: 'PIDF-13' },
  { code: 'pidf.mustUnderstand', severity: 'warning', description: 'mustUnderstand on an element that is not an optional extension nested in <status>', ref: 'PIDF-14' },
  { code: 'pidf.ns.notAbsolute', severity: 'error', description: 'a namespace URI in a PIDF document that is relative or has a fragment', ref: 'PIDF-15' },
  { code: 'pidf.timestamp.repeated', severity: 'warning', description: 'a PIDF document (in a trace) with the same timestamp as the previous document of the same presentity', ref: 'PIDF-13' },
  { code: 'pidf.timestamp.outdated', severity: 'information', description: 'a PIDF document (in a trace) older than the previous document of the same presentity: watchers drop it', ref: 'PIDF-16' },
  { code: 'e2e.jid.resourceDiffers', severity: 'information', description: 'the certificate names the sender as a full JID with another resource: bound by the bare JID only', ref: 'E2E-20, AMB-12' },
  { code: 'e2e.err.namespace', severity: 'information', description: 'an e2e error condition in the unregistered urn:ietf:params:xml:xmpp-e2e spelling of RFC 3923\'s examples', ref: 'E2E-40, AMB-1' },
  { code: 'pidf.mustUnderstand.unknown', severity: 'information', description: 'a mustUnderstand extension in <status> this tool does not understand: receivers that do not ignore the tuple', ref: 'PIDF-14, PIDF-18' },
  { code: 'cpim.lang.syntax', severity: 'warning', description: 'a ;lang= header parameter that is not an RFC 3066 language tag', ref: 'CPIM-16' },
  { code: 'delay.skew', severity: 'information', description: 'a delayed stanza captured more than 300 s after (or before) its delay stamp; the window is judged at the stamp', ref: 'DLY-6, AMB-8' },
  // Network captures (pcap, pcapng, HAR): what the capture itself hides or lacks.
  { code: 'capture.file.truncated', severity: 'warning', description: 'the capture file ends inside a record or block (the capture was cut): what came before is read', ref: '' },
  { code: 'capture.file.unreadable', severity: 'error', description: 'not a pcap, pcapng or HAR file, a block with an impossible length, or frames of a link type that is not decoded', ref: '' },
  { code: 'capture.tcp.gap', severity: 'warning', description: 'bytes of a TCP stream were not captured (lost, or cut by the snap length): a stanza there is missing or incomplete', ref: '' },
  { code: 'capture.tcp.midStream', severity: 'information', description: 'the capture starts in the middle of a connection: the bytes before the first stanza are skipped', ref: '' },
  { code: 'capture.tls.encrypted', severity: 'warning', description: 'after STARTTLS <proceed/> (or direct TLS) the stream is encrypted: its stanzas cannot be read; how to capture plaintext (RFC 6120 §5.4)', ref: '' },
  { code: 'capture.ws.undecodable', severity: 'warning', description: 'a WebSocket message that cannot be decoded (permessage-deflate data that does not inflate, RFC 7692)', ref: '' },
  { code: 'capture.xmpp.none', severity: 'information', description: 'no XMPP stream found in the capture (XMPP is recognised by content on any port)', ref: '' },
  // Robustness (issue #17): the analysis itself, and input that is not text.
  { code: 'internal.analysisFailed', severity: 'error', description: 'the analysis threw: the file is NOT known to be clean; the message gives the reason', ref: '' },
  { code: 'findings.capped', severity: 'information', description: 'more findings than the cap (1,000 per object, 10,000 per file): says how many were dropped and their codes', ref: '' },
  { code: 'input.encoding.invalid', severity: 'error', description: 'NUL characters or invalid UTF-8 in the input, at their exact range (XMPP is UTF-8 only, XML forbids U+0000)', ref: '' },
  { code: 'omemo.device.missingKey', severity: 'warning', description: 'an OMEMO (XEP-0384) header has no <key/> for a device that the recipient\'s or the sender\'s device list published in the trace names', ref: '' },
  { code: 'omemo.header.malformed', severity: 'error', description: 'an OMEMO <encrypted/> header without sid, without any <key/> (or rid), or without <header/> / legacy <iv/>', ref: '' },
  { code: 'omemo.keyTransport', severity: 'information', description: 'an OMEMO key transport element (no <payload/>): builds sessions, carries no message', ref: '' },
  { code: 'ox.sig.invalid', severity: 'error', description: 'an OX (XEP-0373) OpenPGP signature that does not verify', ref: '', fails: true },
  { code: 'ox.decrypt.failed', severity: 'error', description: 'an OX object that a workspace key should open does not decrypt (altered ciphertext, failed MDC/AEAD); no plaintext shown', ref: '', fails: true },
  { code: 'ox.decrypt.noKey', severity: 'information', description: 'no workspace OpenPGP secret key for any recipient of an OX object (list the key ids)', ref: '' },
  { code: 'ox.to.mismatch', severity: 'error', description: 'no <to jid/> of the OX <signcrypt/>/<sign/>/<crypt/> names the stanza\'s recipient (bare)', ref: '', fails: true },
  { code: 'ox.ts.old', severity: 'warning', description: 'the OX <time stamp/> is more than 300 s before "now"', ref: '' },
  { code: 'ox.ts.future', severity: 'warning', description: 'the OX <time stamp/> is more than 300 s after "now"', ref: '' },
  { code: 'ox.ts.decreasing', severity: 'warning', description: 'the OX <time stamp/> is not later than the previous one from the same sender to the same recipient', ref: '' },
  { code: 'ox.uid.mismatch', severity: 'error', description: 'the OX signer key has no xmpp: user ID for the stanza\'s (effective) from bare JID', ref: '', fails: true },
  { code: 'ox.sig.missing', severity: 'information', description: 'an OX <crypt/>: encrypted but not signed, the sender is not authenticated', ref: '' },
  { code: 'xep27.deprecated', severity: 'information', description: 'a legacy XEP-0027 jabber:x:signed / jabber:x:encrypted object: deprecated for OX (XEP-0373/0374); no recipient, no timestamp, only a text is protected', ref: '' },
  { code: 'xep27.sig.invalid', severity: 'error', description: 'a XEP-0027 jabber:x:signed signature (or one inside jabber:x:encrypted) that does not verify over the presence <status/> / message <body/> text, or is not an OpenPGP signature', ref: '', fails: true },
  { code: 'xep27.sig.noKey', severity: 'warning', description: 'no workspace or announced OpenPGP public key has the XEP-0027 signer\'s key id: the signature is not checked (say the key id)', ref: '' },
  { code: 'xep27.sig.unsupported', severity: 'warning', description: 'a XEP-0027 signature the OpenPGP library does not check (a version 3 packet from PGP 2.x / early GnuPG): not verified', ref: '' },
  { code: 'xep27.uid.mismatch', severity: 'error', description: 'the XEP-0027 signer key names xmpp: JIDs in its user IDs and none is the sender\'s bare JID (keys with e-mail user IDs only, and MUC reflections, are not judged)', ref: '', fails: true },
  { code: 'xep27.decrypt.noKey', severity: 'information', description: 'no workspace OpenPGP secret key for any recipient of a XEP-0027 jabber:x:encrypted message (list the key ids)', ref: '' },
  { code: 'xep27.decrypt.failed', severity: 'error', description: 'a XEP-0027 jabber:x:encrypted message that a workspace key should open does not decrypt; no plaintext shown', ref: '', fails: true },
  { code: 'ox.key.nodeMismatch', severity: 'warning', description: 'an OX PEP data node (urn:xmpp:openpgp:0:public-keys:FINGERPRINT) whose <data/> is not the public key of the fingerprint in its name (or no key): it is not used as a key source', ref: '' },
  { code: 'ox.key.notAnnounced', severity: 'information', description: 'an OX public key published in a data node that its owner\'s public-keys metadata list in the same trace does not announce (peers will not fetch it)', ref: '' },
  { code: 'ox.sig.noKey', severity: 'warning', description: 'no workspace or announced OpenPGP public key has the OX signer\'s key id: the signature is not checked, the object is not verified (say the key id)', ref: '' },
];

/** Every row has the Rule shape (a type check only). */
export const ROWS: readonly Rule[] = RULES;

/** Every diagnostic code: derived from the table, so a code without a row does not type-check. */
export type Code = (typeof RULES)[number]['code'];

const BY_CODE = new Map<string, Rule>(ROWS.map((r) => [r.code, r]));

export function ruleFor(code: string): Rule | undefined {
  return BY_CODE.get(code);
}

export function isCode(code: string): code is Code {
  return BY_CODE.has(code);
}

/** The one list of codes that fail an object (the `fails` column). */
export function failsObject(code: string): boolean {
  return BY_CODE.get(code)?.fails === true;
}

/** Findings that explain a recipient's error reply (so it is not "unexpected"): failures and timestamp-window problems. */
export function explainsErrorReply(code: string): boolean {
  return failsObject(code) || (code.startsWith('e2e.ts.') && code !== 'e2e.ts.unavailable');
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
