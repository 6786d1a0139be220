// The inner objects RFC 3923 protects, as complete MIME entities (headers, blank line, body),
// CRLF-canonical: Message/CPIM for messages (§3, RFC 3862), application/pidf+xml for presence
// (§4, RFC 3863) and application/xmpp+xml for anything else (§5).
import { createHash } from 'node:crypto';
import { jidToUri } from '../jid/jidUri';
import { CRLF, mimeEntity, toCrlf } from './smimeEntity';

/** RFC 3339 in UTC with `Z` and milliseconds, as RFC 3923 §6.9 asks. */
export function utcDateTime(ms: number): string {
  return new Date(ms).toISOString();
}

// CPIM-14: control characters and backslash in header values are escaped.
function cpimEscape(value: string): string {
  return value.replace(/[\\\u0000-\u001f\u007f]/g, (c) => {
    switch (c) {
      case '\\':
        return '\\\\';
      case '\b':
        return '\\b';
      case '\t':
        return '\\t';
      case '\n':
        return '\\n';
      case '\r':
        return '\\r';
      default:
        return '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0');
    }
  });
}

export function xmlEscape(text: string, quote = false): string {
  let out = text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  if (quote) out = out.replace(/'/g, '&apos;').replace(/"/g, '&quot;');
  return out;
}

export interface CpimInput {
  /** Sender JID (the resource is dropped). */
  from: string;
  to: string;
  dateTimeMs: number;
  body: string;
  subject?: string;
}

export function buildCpim(input: CpimInput): string {
  const headers = [
    `From: <${jidToUri('im', input.from)}>`,
    `To: <${jidToUri('im', input.to)}>`,
    `DateTime: ${utcDateTime(input.dateTimeMs)}`,
  ];
  if (input.subject !== undefined) headers.push(`Subject: ${cpimEscape(input.subject)}`);
  const content = mimeEntity(['Content-Type: text/plain; charset=utf-8'], toCrlf(input.body));
  return mimeEntity(['Content-Type: Message/CPIM'], headers.join(CRLF) + CRLF + CRLF + content);
}

export interface PidfInput {
  from: string;
  /** False for `type='unavailable'`. */
  available: boolean;
  /** XMPP `<show/>` value, carried as the (RFC 3922 style) im:im extension. */
  show?: string;
  note?: string;
  noteLang?: string;
  timestampMs: number;
}

export function buildPidf(input: PidfInput): string {
  const entity = jidToUri('pres', input.from);
  const stamp = utcDateTime(input.timestampMs);
  // A stable NCName tuple id per sender, as RFC 3922 suggests deriving it from the resource.
  const tupleId = 't' + createHash('sha1').update(input.from).digest('hex').slice(0, 10);
  const lines = [
    `<?xml version='1.0' encoding='UTF-8'?>`,
    `<presence xmlns='urn:ietf:params:xml:ns:pidf'` +
      (input.show ? ` xmlns:im='urn:ietf:params:xml:ns:pidf:im'` : '') +
      ` entity='${xmlEscape(entity, true)}'>`,
    `  <tuple id='${tupleId}'>`,
    `    <status>`,
    `      <basic>${input.available ? 'open' : 'closed'}</basic>`,
  ];
  if (input.show) lines.push(`      <im:im>${xmlEscape(input.show)}</im:im>`);
  lines.push(`    </status>`);
  if (input.note !== undefined) {
    const lang = input.noteLang ? ` xml:lang='${xmlEscape(input.noteLang, true)}'` : '';
    lines.push(`    <note${lang}>${xmlEscape(input.note)}</note>`);
  }
  lines.push(`    <timestamp>${stamp}</timestamp>`, `  </tuple>`, `</presence>`);
  return mimeEntity(['Content-Type: application/pidf+xml; charset=utf-8'], toCrlf(lines.join('\n')) + CRLF);
}

/** `<xmpp xmlns='jabber:client'>` with exactly one stanza child, the stanza as written. */
export function buildXmppXml(stanzaXml: string): string {
  const body = `<?xml version='1.0' encoding='UTF-8'?>\n<xmpp xmlns='jabber:client'>\n${stanzaXml.trim()}\n</xmpp>\n`;
  return mimeEntity(['Content-Type: application/xmpp+xml; charset=utf-8'], toCrlf(body));
}
