// How the signer certificate names its XMPP address (RFC 3923 §6.3, RFC 6120 §13.7.1.4): im:/pres:
// URIs that must hold a valid JID and should both be present, and XmppAddr values that must be
// UTF8String. Findings go on the signer (the signature part or CMS blob), where the certificate is.
import type { CertInfo, Finding, Span } from '../types';

export function certificateNameFindings(cert: CertInfo, span: Span): Finding[] {
  const out: Finding[] = [];
  for (const bad of cert.badUriJids ?? []) {
    out.push({
      code: 'e2e.cert.badUriJid',
      message: `The certificate's subjectAltName URI ${bad.uri} does not hold a valid JID (${bad.reason}); it binds no address.`,
      span,
      data: { uri: bad.uri },
    });
  }
  for (const uri of cert.fullJidUris ?? []) {
    out.push({ code: 'e2e.cert.uriFullJid', message: `The certificate's URI ${uri} names a full JID; RFC 3923 recommends the bare JID.`, span });
  }
  for (const x of cert.xmppAddrNotUtf8 ?? []) {
    out.push({
      code: 'cert.xmppAddr.notUtf8String',
      message: `The id-on-xmppAddr value ${x.value} is a ${x.type}; XmppAddr ::= UTF8String.`,
      span,
    });
  }
  const hasJid = cert.xmppAddrs.length > 0 || cert.uriJids.length > 0 || (cert.badUriJids?.length ?? 0) > 0;
  if (hasJid) {
    const schemes = new Set((cert.uriJidSchemes ?? []).map((s) => s.toLowerCase()));
    const missing = ['im', 'pres'].filter((s) => !schemes.has(s));
    if (missing.length) {
      out.push({
        code: 'e2e.cert.missingImPresUri',
        message: `The certificate carries no ${missing.map((s) => `${s}:`).join(' and no ')} URI in subjectAltName (RFC 3923 §6.3 asks for both).`,
        span,
      });
    }
  }
  return out;
}
