// Shared plain types of the pure core. Nothing here knows about LSP or VS Code: every position is
// an offset (UTF-16 code units, as JavaScript string indices) into the text of the file that was
// analysed; line/column appear only at the edges (LSP adapter, CLI output).

import type { Code, Severity } from './rules';
export type { Code, Severity } from './rules';

/** A half-open range of offsets [start, end) into the analysed file's text. */
export interface Span {
  start: number;
  end: number;
}

export interface RelatedInfo {
  span: Span;
  message: string;
  /** Another file (e.g. a certificate in the key store); absent means the analysed file. */
  path?: string;
}

/** One problem found by a check. `code` is a contract code from rules.ts. */
export interface Finding {
  code: Code;
  message: string;
  span: Span;
  /** Only when a check needs a severity other than the rule's default (e.g. `+00:00` is a warning). */
  severity?: Severity;
  related?: RelatedInfo[];
  /** What a code action needs to fix it (never parsed from the message). */
  data?: Record<string, unknown>;
}

/**
 * Maps offsets in a derived text (a framed stanza, the decoded content of an `<e2e/>`, an
 * unescaped Erlang binary) back to offsets in the file.
 */
export interface OffsetMap {
  toFile(localOffset: number): number;
  toFileSpan(localStart: number, localEnd: number): Span;
}

// ---------------------------------------------------------------- XML tree

export interface XmlAttr {
  /** Qualified name as written, e.g. `xml:lang`, `xmlns:stream`. */
  name: string;
  /** Value with entity references decoded. */
  value: string;
  nameSpan: Span;
  /** File span of the raw value between the quotes. */
  valueSpan: Span;
}

export interface XmlText {
  type: 'text' | 'cdata';
  /** Decoded value (entities resolved for text; raw for CDATA). */
  value: string;
  /** File span of the raw characters (for CDATA: inside `<![CDATA[` and `]]>`). */
  span: Span;
  /** Maps offsets in `value` back to the file. */
  map: OffsetMap;
}

export interface XmlElement {
  type: 'element';
  /** Qualified name as written, e.g. `stream:features`. */
  name: string;
  /** Local part of the name. */
  local: string;
  /** Resolved namespace URI (undefined when none is in scope). */
  ns: string | undefined;
  attrs: XmlAttr[];
  children: XmlNode[];
  /** From `<` to after the end tag (or `/>`); to the end of what exists when unclosed. */
  span: Span;
  /** Span of the element's name in its start tag. */
  nameSpan: Span;
  /** Offset just after the start tag's `>`. */
  startTagEnd: number;
  /** False when the end tag is missing (cut stanza, open stream). */
  closed: boolean;
}

export type XmlNode = XmlElement | XmlText;

// ---------------------------------------------------------------- trace model

export type Direction = 'in' | 'out' | 'unknown';

export type StanzaKind = 'message' | 'presence' | 'iq';

/** When the capture says the stanza was seen. */
export interface CaptureTime {
  /** The text as written in the log. */
  text: string;
  span: Span;
  /** Epoch milliseconds, when it could be resolved to an instant. */
  epochMs?: number;
  /** False when the dialect gives only a time of day (Smack): the date was assumed. */
  dateKnown: boolean;
}

export interface DelayInfo {
  element: XmlElement;
  /** True for legacy `jabber:x:delay` (XEP-0091). */
  legacy: boolean;
  stamp?: XmlAttr;
  /** Epoch ms of the stamp when it parses. */
  epochMs?: number;
  from?: XmlAttr;
}

/** One `<e2e/>` element and its character data. */
export interface E2eRef {
  element: XmlElement;
  /** Namespace in scope for the element (may be wrong: reported by the rules). */
  ns: string | undefined;
  /** True when the payload is (only) CDATA sections; false for escaped text. */
  isCdata: boolean;
  /** The concatenated character data, decoded. */
  content: string;
  /** File span covering the character data. */
  contentSpan: Span;
  /** Maps offsets in `content` back to the file. */
  map: OffsetMap;
}

export interface Stanza {
  kind: StanzaKind;
  element: XmlElement;
  direction: Direction;
  time?: CaptureTime;
  from?: XmlAttr;
  to?: XmlAttr;
  type?: XmlAttr;
  id?: XmlAttr;
  delay?: DelayInfo;
  /** Every `<e2e/>` (any namespace) below this stanza, in document order. */
  e2e: E2eRef[];
  /** The log entry (frame) this stanza came from. */
  entryIndex: number;
  /**
   * The stream (connection) it travelled on, as the log names it: ejabberd's `<0.486.0>`, a Prosody
   * session id `c2s55d...`, a scansion client, an RFC transcript's `C`/`S`. Absent when the dialect names none.
   */
  stream?: string;
}

/** Whose log it is: a client sees its own stream; a server sees every leg of a routed stanza. */
export type Vantage = 'client' | 'server' | 'script' | 'unknown';

export type Dialect =
  | 'raw-xml'
  | 'xmpppy'
  | 'libstrophe'
  | 'smack'
  | 'gajim'
  | 'psi'
  | 'dino'
  | 'xmppjs'
  | 'node-xmpp'
  | 'ejabberd'
  | 'prosody'
  | 'tigase'
  | 'openfire'
  | 'slixmpp'
  | 'scansion'
  | 'tigase-cot'
  | 'rfc-transcript'
  // Network captures (server/src/core/capture): the reassembled streams, not a log.
  | 'pcap'
  | 'pcapng'
  | 'har'
  | 'unknown';

export interface Trace {
  dialect: Dialect;
  /** From the dialect: a client's log, a server's log (each routed stanza twice), a test script. */
  vantage: Vantage;
  /** Top-level (stream-level) message/presence/iq stanzas, including those in BOSH `<body>`. */
  stanzas: Stanza[];
  /** Other top-level elements (stream header, features, SASL, BOSH body...) for the outline. */
  others: XmlElement[];
  /** xml.malformed, trace.stanza.truncated, trace.format.* */
  findings: Finding[];
  /**
   * A log's stream headers, in order: from each on, the entries of its channel or direction are
   * read in the namespaces it declared. Kept so that an edited region can be read alone in the
   * namespaces in scope where it starts (incremental/logSplice.ts).
   */
  scopeMarks?: ScopeMark[];
  /**
   * The log's summary entries (Prosody's `Received[c2s]: <message ...>`) are its stanzas: it holds
   * no whole entry to prefer (lineFramer's summariesDuplicate).
   */
  keptSummaries?: true;
}

export interface ScopeMark {
  at: number;
  /** The frame's channel, or its direction. */
  key: string;
  scope: Record<string, string>;
}

// ---------------------------------------------------------------- certificates and keys

export interface CertInfo {
  der: Uint8Array;
  /** Distinguished names in RFC 4514 order and form, e.g. `CN=juliet,O=Example`. */
  subject: string;
  issuer: string;
  /** Serial number, lower-case hex without leading zero bytes. */
  serialHex: string;
  notBefore: number;
  notAfter: number;
  /** id-on-xmppAddr (1.3.6.1.5.5.7.8.5) otherName values, decoded from the DER. */
  xmppAddrs: string[];
  /** xmppAddr values whose ASN.1 type is not UTF8String (ADDR-1); they are in xmppAddrs too. */
  xmppAddrNotUtf8?: { value: string; type: string }[];
  /** JIDs found in otherNames of another type-id (pre-RFC drafts, LEG-2). */
  legacyOtherNames: { typeId: string; value: string }[];
  /** JIDs from `im:`, `pres:` and `xmpp:` URIs in subjectAltName. */
  uriJids: string[];
  /** `im:`/`pres:` URIs whose address is not a valid JID (E2E-17); not in uriJids. */
  badUriJids?: { uri: string; reason: string }[];
  /** `im:`/`pres:` URIs naming a full JID (allowed, bare is recommended: E2E-17). */
  fullJidUris?: string[];
  /** Schemes (`im`, `pres`) of the subjectAltName URIs, in order (E2E-15). */
  uriJidSchemes?: string[];
  /** JID-looking values found only in the subject DN (CN, emailAddress). */
  subjectJids: string[];
  dnsNames: string[];
  emails: string[];
  /** subjectKeyIdentifier, lower-case hex. */
  subjectKeyId?: string;
  isCA: boolean;
  /** Issuer DN equals subject DN. */
  selfIssued: boolean;
  /** e.g. `rsaEncryption`, `id-ecPublicKey`, `RSASSA-PSS`. */
  publicKeyAlgorithm: string;
  publicKeyBits?: number;
  /** e.g. `sha256WithRSAEncryption`. */
  signatureAlgorithm: string;
  /** PEM text of the certificate (public, safe to show). */
  pem: string;
}

/** A certificate in the workspace key store, with its private key when one was found. */
export interface KeyEntry {
  /** Where it was loaded from (file path; for PKCS#12 the container). */
  path: string;
  cert: CertInfo;
  /** The file the private key came from (for a command line such as `openssl cms -inkey`), when it was paired. */
  keyPath?: string;
  /** Node's KeyObject. Never logged, never serialised, never sent to the client. */
  privateKey?: import('node:crypto').KeyObject;
}

export interface KeyStoreProblem {
  path: string;
  /** Precise, secret-free reason: "wrong passphrase", "private key without certificate"... */
  reason: string;
}

export interface KeyStore {
  entries: KeyEntry[];
  /** Trust anchors (and intermediates) loaded from the trust paths. */
  anchors: CertInfo[];
  problems: KeyStoreProblem[];
  /** Entries whose certificate binds the bare JID (id-on-xmppAddr first, then im:/pres: URIs). */
  forJid(bareJid: string): KeyEntry[];
}

// ---------------------------------------------------------------- verdicts (JSON `objects[]`, hovers, lenses)

export type SignatureVerdict = 'valid' | 'invalid' | 'unverifiable';
export type TrustVerdict = 'trusted' | 'untrusted' | 'selfSigned' | 'unknown';
export type IdentityVerdict = 'bound' | 'mismatch' | 'noJid';
export type ValidityVerdict = 'ok' | 'expired' | 'notYetValid';

export interface SignerReport {
  signature: SignatureVerdict;
  /** Which bytes verified: as they are in the file, or after LF -> CRLF. */
  canonicalization?: 'asIs' | 'crlf';
  /** Why it is invalid or unverifiable (digest mismatch, no certificate...). */
  reason?: string;
  trust: TrustVerdict;
  identity: IdentityVerdict;
  validity: ValidityVerdict;
  subject?: string;
  issuer?: string;
  serial?: string;
  notBefore?: string;
  notAfter?: string;
  jids: string[];
  digestAlgorithm: string;
  signatureAlgorithm: string;
  signingTime?: string;
  /** Where the certificate came from. */
  certificateSource?: 'embedded' | 'workspace';
  /** Hex of the signature value (replay detection, display). */
  signatureValue?: string;
  /** PEM of the signer's certificate when one was found (public; for "Show Certificate"). */
  certificatePem?: string;
}

export interface RecipientReport {
  /** `issuer=..., serial=...` or `ski=...` */
  id: string;
  keyEncryptionAlgorithm: string;
  /** JIDs of the workspace certificate that matches, when one does. */
  jids: string[];
  keyInWorkspace: boolean;
  opened: boolean;
}

export interface ObjectReport {
  /** Which family of end-to-end object: RFC 3923 `<e2e/>`, OX, XEP-0027 or OMEMO. */
  kind: 'rfc3923' | 'ox' | 'xep27' | 'omemo';
  /** 0-based index of the object in the file. */
  index: number;
  stanzaIndex: number;
  span: Span;
  contentSpan: Span;
  /** Outer to inner, e.g. ['application/pkcs7-mime; smime-type=enveloped-data', 'multipart/signed', ...]. */
  layers: string[];
  signers: SignerReport[];
  recipients: RecipientReport[];
  contentEncryptionAlgorithm?: string;
  /** What the payload is when it is not CMS (OpenSSL Salted__, OpenPGP, garbage). */
  notCms?: string;
  inner?: {
    contentType: string;
    /** The decrypted/verified inner text (only when the user's keys opened it). */
    text?: string;
    timestamp?: string;
    timestampSource?: 'cpim' | 'pidf';
  };
  /** The "now" the timestamp was judged against. */
  now?: { iso: string; source: 'delay' | 'capture' | 'setting' | 'clock' };
  /** Seconds the inner timestamp differs from "now" (positive: in the future). */
  skewSeconds?: number;
  /** One-word summary for lenses and the status bar. */
  status: 'verified' | 'failed' | 'encrypted' | 'unreadable' | 'decrypted';
  /** Codes of the findings about this object (some point outside it, e.g. at the stanza's from). */
  codes: string[];
  /** The explained OMEMO header (kind `omemo`): never decrypted. */
  omemo?: OmemoReport;
  /** What an OX object (kind `ox`) holds, when opened. */
  ox?: OxReport;
  /** What a legacy XEP-0027 object (kind `xep27`) is and gave. */
  xep27?: Xep27Report;
}

export interface Xep27Report {
  /** `jabber:x:signed` (a detached signature) or `jabber:x:encrypted` (an OpenPGP message). */
  type: 'signed' | 'encrypted';
  /** The element whose character data the signature covers (`none`: the empty text). */
  over?: 'status' | 'body' | 'none';
  /** Hex key ids the message is encrypted for. */
  recipients: string[];
  signatures?: OxReport['signatures'];
  /** The decrypted body (shown because the user's keys opened it). */
  plaintext?: string;
}

export interface OxReport {
  /** `signcrypt`, `sign` or `crypt`. */
  element?: string;
  to: string[];
  timestamp?: string;
  skewSeconds?: number;
  rpad: boolean;
  /** The inner `<payload/>` (XML text), shown because the user's keys opened it. */
  payload?: string;
  signatures?: { keyId: string; result: 'valid' | 'invalid' | 'noKey'; userIds: string[]; fingerprint?: string; reason?: string; hash?: string }[];
}

export interface OmemoReport {
  version: 'legacy' | 'omemo:2';
  /** The sender's device id. */
  sid?: string;
  /** One per recipient device; `keyExchange` is `prekey='true'` (legacy) or `kex='true'` (omemo:2). */
  keys: { rid: string; jid?: string; keyExchange: boolean }[];
  iv?: string;
  /** False for a key transport element (no `<payload/>`). */
  payload: boolean;
  /** Devices the trace's published device lists name that the header has no key for. */
  missingDevices: { jid: string; devices: string[] }[];
}
