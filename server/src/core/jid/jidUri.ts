// JIDs <-> the URIs that carry them: `im:` / `pres:` (RFC 3922 §3.2-3.3, ADDR-8) and `xmpp:`
// (RFC 5122). The one place the core maps in either direction.
import { bareJid, stripResource } from './jid';
import { rememberedBy } from '../stringMemo';

const JID_URI = /^(im|pres|xmpp):(.*)$/i;

/**
 * The JID an `im:`, `pres:` or `xmpp:` URI names, as written (not bared or lower-cased): `< >`
 * and surrounding space stripped, query and fragment dropped, percent-decoded (raw text kept when
 * the escapes are malformed). `xmpp://auth/target` names the target; `xmpp://auth` alone the
 * authority. '' when the URI names no address; undefined for other schemes (sip:, mailto:...).
 */
export const jidFromUri = rememberedBy(jidFromUriUncached);

function jidFromUriUncached(uri: string): string | undefined {
  const m = JID_URI.exec(uri.trim().replace(/^<(.*)>$/, '$1'));
  if (!m) return undefined;
  // Query and fragment cut at the first '?' or '#' (a search, not a `[?#].*$` regex that backtracks on runs of '?').
  let rest = m[2]!;
  const cut = rest.search(/[?#]/);
  if (cut >= 0) rest = rest.slice(0, cut);
  if (m[1]!.toLowerCase() === 'xmpp' && rest.startsWith('//')) {
    const slash = rest.indexOf('/', 2);
    rest = slash >= 0 ? rest.slice(slash + 1) : rest.slice(2);
  }
  try {
    return decodeURIComponent(rest);
  } catch {
    return rest;
  }
}

// RFC 2822 atext minus what RFC 3922 reserves; everything else in the localpart is %-encoded.
const SAFE_LOCAL = /^[A-Za-z0-9!$*.?_~+=-]$/;

/** `im:` or `pres:` URI of a JID's bare form (case kept), localpart percent-encoded byte-wise. */
export function jidToUri(scheme: 'im' | 'pres', jid: string): string {
  const bare = stripResource(jid);
  const at = bare.indexOf('@');
  if (at < 0) return `${scheme}:${bare}`;
  let local = '';
  for (const ch of bare.slice(0, at)) {
    if (SAFE_LOCAL.test(ch)) {
      local += ch;
      continue;
    }
    for (const b of new TextEncoder().encode(ch)) local += '%' + b.toString(16).toUpperCase().padStart(2, '0');
  }
  return `${scheme}:${local}@${bare.slice(at + 1)}`;
}

/**
 * The bare JID an address names, whether it is written as a JID (`juliet@example.com./balcony`)
 * or as a URI (`im:juliet@example.com`, `<pres:...>`): normalised as `bareJid` does (lower case,
 * NFC, trailing dot dropped). The one comparison of identities: the checks and the hovers use it.
 */
export const addressBareJid = rememberedBy((address: string): string => bareJid(jidFromUri(address) ?? address.trim()));

/** Whether two addresses (JIDs or im:/pres:/xmpp: URIs) name the same bare JID. */
export function sameEntity(a: string, b: string): boolean {
  return addressBareJid(a) === addressBareJid(b);
}
