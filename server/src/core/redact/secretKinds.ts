// What redaction removes, one kind per line of the report, and what a removed value reads as.
import type { Span } from '../types';

export type RedactionKind =
  | 'sasl'
  | 'sasl2'
  | 'fast-token'
  | 'password'
  | 'iq-auth-digest'
  | 'dialback-key'
  | 'component-handshake'
  | 'url-password'
  | 'bearer-token'
  | 'private-key'
  | 'body'
  | 'jid';

export const KIND_LABEL: Record<RedactionKind, string> = {
  sasl: 'SASL payloads (RFC 6120 <auth/>, <challenge/>, <response/>, <success/>)',
  sasl2: 'SASL2 payloads (XEP-0388 initial-response, challenge, response, additional-data)',
  'fast-token': 'FAST / resumption tokens (XEP-0484, XEP-0397)',
  password: 'passwords (XEP-0077, XEP-0078, MUC, data-form text-private fields)',
  'iq-auth-digest': 'jabber:iq:auth digests and tokens (XEP-0078)',
  'dialback-key': 'server dialback keys (XEP-0220)',
  'component-handshake': 'component handshakes (XEP-0114)',
  'url-password': 'passwords in URLs and connection strings',
  'bearer-token': 'bearer / basic credentials and API tokens in log text',
  'private-key': 'PEM private keys',
  body: 'message bodies and subjects',
  jid: 'JIDs (replaced by consistent pseudonyms, domains kept)',
};

/** The text that stands for a removed value: safe inside XML, attribute values and every log framing. */
export const PLACEHOLDER = 'REDACTED';
export const BODY_PLACEHOLDER = 'REDACTED-BODY';

/** One value found: the file ranges that hold it and what replaces the first of them. */
export interface Hit {
  kind: RedactionKind;
  spans: Span[];
  replacement: string;
  /** The secret values this hit revealed (decoded): searched for again everywhere else in the log. */
  values?: string[];
}
