// Just enough DER reading for the writers: walk a certificate to its issuer, serial and public
// key. Returns undefined on malformed input instead of throwing.

export interface Tlv {
  tag: number;
  /** Offset of the tag byte. */
  start: number;
  /** Offset of the first content byte. */
  contentStart: number;
  /** Offset just after the content. */
  end: number;
}

export function readTlv(buf: Uint8Array, offset: number, limit = buf.length): Tlv | undefined {
  if (offset + 2 > limit) return undefined;
  const tag = buf[offset];
  if ((tag & 0x1f) === 0x1f) return undefined; // multi-byte tags never occur in what we read
  let len = buf[offset + 1];
  let p = offset + 2;
  if (len & 0x80) {
    const n = len & 0x7f;
    if (n === 0 || n > 4 || p + n > limit) return undefined;
    len = 0;
    for (let i = 0; i < n; i++) len = len * 256 + buf[p + i];
    p += n;
  }
  if (p + len > limit) return undefined;
  return { tag, start: offset, contentStart: p, end: p + len };
}

export function childrenOf(buf: Uint8Array, parent: Tlv): Tlv[] | undefined {
  const out: Tlv[] = [];
  let p = parent.contentStart;
  while (p < parent.end) {
    const t = readTlv(buf, p, parent.end);
    if (!t) return undefined;
    out.push(t);
    p = t.end;
  }
  return out;
}

export interface CertParts {
  /** Full encoding of the issuer Name. */
  issuer: Uint8Array;
  /** Full encoding of the serialNumber INTEGER. */
  serial: Uint8Array;
  /** Full encoding of SubjectPublicKeyInfo. */
  spki: Uint8Array;
  /** Full encoding of the subject Name. */
  subject: Uint8Array;
}

/** Splits a certificate's TBSCertificate into the parts a CMS writer copies verbatim. */
export function certParts(der: Uint8Array): CertParts | undefined {
  const cert = readTlv(der, 0);
  if (!cert || cert.tag !== 0x30) return undefined;
  const top = childrenOf(der, cert);
  if (!top || top.length < 1 || top[0].tag !== 0x30) return undefined;
  const tbs = childrenOf(der, top[0]);
  if (!tbs) return undefined;
  let i = tbs[0]?.tag === 0xa0 ? 1 : 0;
  const serial = tbs[i++];
  i++; // signature AlgorithmIdentifier
  const issuer = tbs[i++];
  i++; // validity
  const subject = tbs[i++];
  const spki = tbs[i];
  if (!serial || serial.tag !== 0x02 || !issuer || issuer.tag !== 0x30 || !subject || !spki || spki.tag !== 0x30) {
    return undefined;
  }
  const slice = (t: Tlv): Uint8Array => der.subarray(t.start, t.end);
  return { issuer: slice(issuer), serial: slice(serial), spki: slice(spki), subject: slice(subject) };
}

/** The subjectPublicKey BIT STRING's bytes (without the unused-bits byte), for key identifiers. */
export function spkiKeyBits(spki: Uint8Array): Uint8Array | undefined {
  const outer = readTlv(spki, 0);
  if (!outer) return undefined;
  const kids = childrenOf(spki, outer);
  const bits = kids?.[1];
  if (!bits || bits.tag !== 0x03 || bits.end - bits.contentStart < 1) return undefined;
  return spki.subarray(bits.contentStart + 1, bits.end);
}
