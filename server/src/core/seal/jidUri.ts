// JID helpers for sealing: bare JIDs and their `im:` / `pres:` URIs (RFC 3922 §3.2, ADDR-8).

/** Drops the resource: everything from the first `/` (RFC 7622 §3.2 splits there first). */
export function bareJid(jid: string): string {
  const slash = jid.indexOf('/');
  return slash < 0 ? jid : jid.slice(0, slash);
}

// RFC 2822 atext minus what RFC 3922 reserves; everything else in the localpart is %-encoded.
const SAFE_LOCAL = /^[A-Za-z0-9!$*.?_~+=-]$/;

/** `im:` or `pres:` URI of a JID's bare form, localpart percent-encoded byte-wise. */
export function jidToUri(scheme: 'im' | 'pres', jid: string): string {
  const bare = bareJid(jid);
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
