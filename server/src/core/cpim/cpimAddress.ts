// `[ Formal-name ] "<" URI ">"` (RFC 3862 §4.1-4.3) and the JID inside im:/pres:/xmpp: URIs.
import { parseJid } from '../jid/jid';
import { jidFromUri } from '../jid/jidUri';
import { rememberedBy } from '../stringMemo';

export type ParsedAddress =
  | { ok: true; uri: string; name?: string; /** Offsets of the URI inside the value. */ uriStart: number; uriEnd: number }
  | { ok: false; reason: string };

const FORMAL_TOKENS = /^(?:[^\s"<>]+ )+$/;
const FORMAL_STRING = /^"(?:[^"\\]|\\.)*" ?$/;
const ABSOLUTE_URI = /^[A-Za-z][A-Za-z0-9+.-]*:/;

export function parseCpimAddress(value: string): ParsedAddress {
  const lt = value.lastIndexOf('<');
  if (lt < 0 || !value.endsWith('>')) return { ok: false, reason: 'the URI must be enclosed in < >' };
  const uri = value.slice(lt + 1, -1);
  const prefix = value.slice(0, lt);
  if (prefix !== '' && !FORMAL_TOKENS.test(prefix) && !FORMAL_STRING.test(prefix)) {
    return {
      ok: false,
      reason: prefix.includes('<') || prefix.includes('>')
        ? 'more than one < > pair'
        : 'the formal name must be words each followed by one space, or a "quoted string"',
    };
  }
  if (uri === '') return { ok: false, reason: 'empty URI between < >' };
  const ws = /\s/.exec(uri);
  if (ws) return { ok: false, reason: 'the URI contains whitespace' };
  if (!ABSOLUTE_URI.test(uri)) return { ok: false, reason: `'${uri}' is not an absolute URI (scheme: missing)` };
  const result: ParsedAddress = { ok: true, uri, uriStart: lt + 1, uriEnd: value.length - 1 };
  if (prefix !== '') {
    const name = prefix.trim();
    result.name = name.startsWith('"') ? name.slice(1, -1).replace(/\\(.)/g, '$1') : name;
  }
  return result;
}

/** Why the JID of an im:/pres:/xmpp: URI is invalid, or undefined when it is valid or not a JID URI. */
export const uriJidProblem = rememberedBy((uri: string): string | undefined => {
  const jid = jidFromUri(uri);
  if (jid === undefined) return undefined;
  const r = parseJid(jid);
  return r.ok ? undefined : `'${jid}' is not a valid JID: ${r.reason}`;
});
