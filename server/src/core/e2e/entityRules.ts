// MIME-level rules on the entities of the unwrap pipeline that do not change what is decoded:
// the inner object's transfer encoding (RFC 3923 §6.4, E2E-22), application/xmpp+xml's charset
// (E2E-9), the signature part's Content-Disposition (E2E-25), micalg tokens (SMIME-3) and a
// missing smime-type (SMIME-5).
import type { MimeEntity } from '../mime/mimeEntity';
import type { Finding } from '../types';

/** Inner Message/CPIM or application/pidf+xml whose transfer encoding is not binary (E2E-22). */
export function innerEntityFindings(entity: MimeEntity, type: string): Finding[] {
  const out: Finding[] = [];
  const cte = entity.header('content-transfer-encoding');
  const enc = cte?.value.toLowerCase();
  if (cte && (enc === 'base64' || enc === 'quoted-printable') && (type === 'message/cpim' || type === 'application/pidf+xml')) {
    out.push({
      code: 'e2e.mime.nonBinaryCte',
      message: `The inner ${type} entity uses Content-Transfer-Encoding ${cte.value}; RFC 3923 §6.4 makes the transfer encoding "binary" (XMPP is 8-bit clean).`,
      span: cte.valueSpan,
    });
  }
  if (type === 'application/xmpp+xml') {
    const charset = entity.contentType?.params['charset'];
    if (charset && !/^"?utf-8"?$/i.test(charset.value)) {
      out.push({ code: 'e2e.xmppxml.charset', message: `application/xmpp+xml must be UTF-8, not charset=${charset.value} (RFC 3923 §10).`, span: charset.span });
    }
    const decl = /^\s*<\?xml[^>]*?\bencoding\s*=\s*(["'])([^"']*)\1/.exec(entity.body);
    if (decl && decl[2]!.toLowerCase() !== 'utf-8') {
      const s = entity.bodyOffset + decl.index + decl[0].length - decl[2]!.length - 1;
      out.push({ code: 'e2e.xmppxml.charset', message: `application/xmpp+xml must be UTF-8, not encoding="${decl[2]}".`, span: entity.map.toFileSpan(s, s + decl[2]!.length) });
    }
  }
  return out;
}

/** An application/pkcs7-signature part without Content-Disposition (E2E-25: it SHOULD have one). */
export function signaturePartFindings(sigPart: MimeEntity): Finding[] {
  if (sigPart.header('content-disposition') || !sigPart.contentType) return [];
  return [{
    code: 'smime.signature.noDisposition',
    message: 'The signature part has no Content-Disposition header (RFC 3923 §6.7 asks for one, e.g. attachment; filename=smime.p7s).',
    span: sigPart.contentType.header.line,
  }];
}

const KNOWN_MICALG = new Set(['md5', 'sha1', 'sha-1', 'sha224', 'sha-224', 'sha256', 'sha-256', 'sha384', 'sha-384', 'sha512', 'sha-512', 'rsa-md5', 'rsa-sha1']);

/** A micalg token neither RFC 3851 nor RFC 5751 defines (SMIME-3: receivers recover gracefully). */
export function micalgTokenFindings(entity: MimeEntity): Finding[] {
  const micalg = entity.contentType?.params['micalg'];
  if (!micalg) return [];
  const unknown = micalg.value.split(',').map((t) => t.trim()).filter((t) => t && !KNOWN_MICALG.has(t.toLowerCase()));
  return unknown.length
    ? [{ code: 'smime.micalg.unknown', message: `micalg token ${unknown.join(', ')} is not defined by RFC 3851 or RFC 5751 ("unknown"); the SignerInfo digest is used.`, span: micalg.span }]
    : [];
}

/** application/pkcs7-mime without smime-type (SMIME-5: the Content-Type SHOULD carry it). */
export function smimeTypeFindings(entity: MimeEntity): Finding[] {
  const ct = entity.contentType;
  if (!ct || ct.params['smime-type']) return [];
  return [{ code: 'smime.smimeType.missing', message: 'application/pkcs7-mime without the smime-type parameter (enveloped-data or signed-data).', span: ct.header.valueSpan }];
}
