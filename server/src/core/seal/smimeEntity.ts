// S/MIME framing of CMS output (RFC 5751 §3.4, RFC 1847): multipart/signed with a detached
// signature, and application/pkcs7-mime enveloped-data. All text is CRLF-canonical.
import { randomBytes } from 'node:crypto';
import type { DigestName } from './cmsWrite';

export const CRLF = '\r\n';

/** LF, CR and CRLF line ends all become CRLF (SMIME-6 canonical form). */
export function toCrlf(text: string): string {
  return text.replace(/\r\n|\r|\n/g, CRLF);
}

export function base64Lines(der: Uint8Array): string {
  const b64 = Buffer.from(der).toString('base64');
  return (b64.match(/.{1,64}/g) ?? []).join(CRLF);
}

/** A MIME entity: header lines, a blank line, the body. */
export function mimeEntity(headers: string[], body: string): string {
  return headers.join(CRLF) + CRLF + CRLF + body;
}

export function micalgFor(digest: DigestName): string {
  return { sha1: 'sha-1', sha256: 'sha-256', sha384: 'sha-384', sha512: 'sha-512' }[digest];
}

export function newBoundary(): string {
  return `----=_xmpp-e2e_${randomBytes(12).toString('hex')}`;
}

/**
 * multipart/signed around `signedPart` (the exact bytes that were signed, headers included).
 * The CRLF before each delimiter belongs to the delimiter (RFC 2046 §5.1.1), so the signed part
 * ends where its own text ends.
 */
export function multipartSigned(signedPart: string, signature: Uint8Array, digest: DigestName, boundary: string): string {
  // One line: unfolded headers are the least any MIME reader must handle.
  const header = `Content-Type: multipart/signed; protocol="application/pkcs7-signature"; micalg=${micalgFor(digest)}; boundary="${boundary}"`;
  return (
    header +
    CRLF +
    CRLF +
    `--${boundary}` +
    CRLF +
    signedPart +
    CRLF +
    `--${boundary}` +
    CRLF +
    mimeEntity(
      [
        'Content-Type: application/pkcs7-signature; name="smime.p7s"',
        'Content-Transfer-Encoding: base64',
        'Content-Disposition: attachment; filename="smime.p7s"',
      ],
      base64Lines(signature),
    ) +
    CRLF +
    `--${boundary}--` +
    CRLF
  );
}

/** application/pkcs7-mime; smime-type enveloped-data, or authEnveloped-data (RFC 8551 §3.2.2) for AuthEnvelopedData. */
export function envelopedEntity(der: Uint8Array, authenticated = false): string {
  return mimeEntity(
    [
      `Content-Type: application/pkcs7-mime; smime-type=${authenticated ? 'authEnveloped-data' : 'enveloped-data'}; name="smime.p7m"`,
      'Content-Transfer-Encoding: base64',
      'Content-Disposition: attachment; filename="smime.p7m"',
    ],
    base64Lines(der) + CRLF,
  );
}
