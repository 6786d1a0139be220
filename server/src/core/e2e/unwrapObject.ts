// The unwrap pipeline of one `<e2e/>` payload: MIME entity (multipart/signed, application/pkcs7-mime,
// application/pkcs7-signature) or bare base64 CMS -> decrypt with a workspace key -> verify -> the inner
// Message/CPIM, application/pidf+xml or application/xmpp+xml. Layers nest in either order.
// Everything here depends only on the bytes and the key store, not on time or on the stanza, so the
// result is what the per-stanza rules (identity, timestamps) judge.
import { checkCpim, type CpimMessage } from '../cpim/checkCpim';
import { decodeBase64Body, parseMimeEntity, splitMultipart, type MimeEntity } from '../mime/mimeEntity';
import { checkPidf, type PidfDocument } from '../pidf/checkPidf';
import { parseXml } from '../xml/parseXml';
import { constantMap } from '../offsetMap';
import type { CertInfo, Finding, KeyStore, OffsetMap, RecipientReport, Span, XmlElement } from '../types';
import { classifyPayload, trimPayload } from './payloadKind';
import { cachedDecrypt, cachedParse, cachedVerify, type CryptoCache } from './cryptoCache';
import type { SignerResult } from '../cms/verifySignedData';
import type { ContentInfo } from '../cms/parseCms';
import { identifierText, recipientSummaries, type SignedData } from '../cms/cmsTypes';
import { signerInfoProblems } from '../cms/structureChecks';
import { micalgMatches } from './algorithms';
import { certificateJids } from '../x509/certInfo';
import { innerEntityFindings, micalgTokenFindings, signaturePartFindings, smimeTypeFindings } from './entityRules';
import { pushAll } from '../findingLimits';

export interface SignerOutcome {
  result: SignerResult;
  /** Where findings about this signer go (the signature part or the CMS blob). */
  span: Span;
  /** The layer the signature sits in (index into layers). */
  layer: number;
  /** True when this signature covers enveloped data (encrypt-then-sign). */
  coversEnvelope: boolean;
  /** Certificates embedded in the SignedData (chain building). */
  embedded: CertInfo[];
}

export interface InnerObject {
  contentType: string;
  /** The inner entity text (MIME headers included for CPIM). */
  text: string;
  map: OffsetMap;
  /** False when the text came out of ciphertext or base64: ranges fall back to the whole object. */
  exact: boolean;
  cpim?: CpimMessage;
  pidf?: PidfDocument;
  /** The `<xmpp/>` root of application/xmpp+xml. */
  xmppRoot?: XmlElement;
}

export interface Unwrapped {
  layers: string[];
  /** Findings that depend only on the payload and keys. */
  findings: Finding[];
  signers: SignerOutcome[];
  recipients: RecipientReport[];
  contentEncryptionAlgorithm?: string;
  notCms?: string;
  inner?: InnerObject;
  /** An enveloped layer no workspace key opened (the inside is unknown). */
  unopened: boolean;
  decryptFailed: boolean;
  /** Nothing could be decoded. */
  unreadable: boolean;
  /** Human-readable structure lines for the decoded view. */
  tree: string[];
  /** Every CMS object read, outer first (for the ASN.1 view and openssl reproduction). */
  der: DerBlob[];
}

/** One CMS object as the pipeline read it, and where its base64 is in the file when it is there as is. */
export interface DerBlob {
  label: string;
  bytes: Uint8Array;
  /** The base64 text it was decoded from and that text's map; absent for decrypted or encapsulated content. */
  base64?: { text: string; map: OffsetMap };
}

export interface UnwrapContext {
  keys?: KeyStore;
  verify: boolean;
  cache?: CryptoCache;
}

const MAX_DEPTH = 6;

export function unwrapPayload(content: string, map: OffsetMap, contentSpan: Span, ctx: UnwrapContext): Unwrapped {
  const out: Unwrapped = {
    layers: [],
    findings: [],
    signers: [],
    recipients: [],
    unopened: false,
    decryptFailed: false,
    unreadable: false,
    tree: [],
    der: [],
  };
  const { start, end } = trimPayload(content);
  const text = content.slice(start, end);
  const textMap = subMap(map, start);
  const whole = start < end ? map.toFileSpan(start, end) : contentSpan;
  const kind = classifyPayload(text);
  switch (kind.kind) {
    case 'empty':
      out.unreadable = true;
      out.notCms = 'empty';
      out.findings.push({ code: 'e2e.crypto.notCms', message: 'The <e2e/> element is empty: no S/MIME object.', span: contentSpan });
      break;
    case 'binary':
      out.unreadable = true;
      out.findings.push({
        code: 'e2e.wrapper.binary',
        message: 'Raw binary in <e2e/>: XML 1.0 cannot carry these characters; the object must be base64 inside MIME.',
        span: textMap.toFileSpan(kind.offset, kind.offset + 1),
      });
      break;
    case 'notCms':
      out.unreadable = true;
      out.notCms = kind.what;
      out.findings.push({ code: 'e2e.crypto.notCms', message: `The payload is not CMS: ${kind.what}.`, span: whole, data: { what: kind.what } });
      break;
    case 'base64': {
      out.findings.push({
        code: 'e2e.legacy.bareCms',
        message: 'Bare base64 CMS without MIME headers (the pre-RFC draft form); RFC 3923 wraps it in application/pkcs7-mime.',
        span: whole,
      });
      out.layers.push('bare base64 CMS');
      // Findings about a bare blob point at its first line, not at every line of base64.
      const firstLine = text.search(/\r?\n/);
      out.der.push({ label: 'bare base64 CMS', bytes: kind.bytes, base64: { text, map: textMap } });
      handleCms(kind.bytes, firstLine > 0 ? textMap.toFileSpan(0, firstLine) : whole, out, ctx, 0, undefined);
      break;
    }
    case 'mime': {
      const entity = parseMimeEntity(text, textMap);
      handleEntity(entity, true, out, ctx, 0);
      if (out.layers.length === 0 && out.inner) {
        out.notCms = `an unprotected ${out.inner.contentType} entity`;
        out.findings.push({
          code: 'e2e.crypto.notCms',
          message: `The payload is not CMS: an unprotected ${out.inner.contentType} entity with no S/MIME signature or encryption.`,
          span: entity.contentType?.header.line ?? whole,
        });
      }
      break;
    }
  }
  if (out.layers.length === 0 && !out.unreadable) out.unreadable = true;
  return out;
}

function subMap(map: OffsetMap, offset: number): OffsetMap {
  return {
    toFile: (o) => map.toFile(o + offset),
    toFileSpan: (s, e) => map.toFileSpan(s + offset, e + offset),
  };
}

function mediaType(entity: MimeEntity): string {
  const ct = entity.contentType;
  return ct ? `${ct.type}/${ct.subtype}`.toLowerCase() : 'text/plain';
}

function handleEntity(entity: MimeEntity, exact: boolean, out: Unwrapped, ctx: UnwrapContext, depth: number): void {
  const span = entity.map.toFileSpan(0, entity.raw.length);
  if (depth > MAX_DEPTH) {
    out.findings.push({ code: 'e2e.crypto.notCms', message: 'Too many nested S/MIME layers.', span });
    return;
  }
  const type = mediaType(entity);
  const indent = '  '.repeat(out.tree.length > 0 ? depth : 0);
  switch (type) {
    case 'multipart/signed':
      out.layers.push('multipart/signed');
      out.tree.push(`${indent}multipart/signed${paramSummary(entity)}`);
      handleMultipartSigned(entity, exact, out, ctx, depth);
      return;
    case 'application/pkcs7-mime':
    case 'application/x-pkcs7-mime': {
      const smimeType = entity.contentType?.params['smime-type']?.value.toLowerCase();
      out.layers.push(`application/pkcs7-mime${smimeType ? `; smime-type=${smimeType}` : ''}`);
      out.tree.push(`${indent}application/pkcs7-mime${smimeType ? ` (smime-type=${smimeType})` : ''}`);
      pushAll(out.findings, smimeTypeFindings(entity));
      const decoded = decodeBase64Body(entity);
      const bodySpan = entity.bodySpan;
      if (!decoded.ok) {
        out.unreadable = out.signers.length === 0;
        out.findings.push({ code: 'e2e.crypto.notCms', message: `The application/pkcs7-mime body is not valid base64: ${decoded.reason ?? 'undecodable'}.`, span: bodySpan });
        return;
      }
      out.der.push({ label: `application/pkcs7-mime${smimeType ? `; smime-type=${smimeType}` : ''}`, bytes: decoded.bytes, base64: exact ? bodyBase64(entity) : undefined });
      // Findings about the CMS object (and what is decrypted from it) point at its Content-Type line.
      handleCms(decoded.bytes, entity.contentType?.header.line ?? bodySpan, out, ctx, depth, smimeType);
      return;
    }
    case 'application/pkcs7-signature':
    case 'application/x-pkcs7-signature': {
      out.layers.push('application/pkcs7-signature');
      out.tree.push(`${indent}application/pkcs7-signature (a detached signature without the content it signs)`);
      out.findings.push({
        code: 'smime.multipart.parts',
        message: 'A detached application/pkcs7-signature outside multipart/signed: there is no signed content to verify.',
        span,
      });
      return;
    }
    default:
      pushAll(out.findings, innerEntityFindings(entity, type));
      setInner(entity.raw, entity.map, exact, type, out, depth);
  }
}

function bodyBase64(entity: MimeEntity): DerBlob['base64'] {
  return { text: entity.body, map: subMap(entity.map, entity.bodyOffset) };
}

function paramSummary(entity: MimeEntity): string {
  const p = entity.contentType?.params ?? {};
  const parts = ['protocol', 'micalg'].filter((k) => p[k]).map((k) => `${k}=${p[k].value}`);
  return parts.length ? ` (${parts.join(', ')})` : '';
}

function handleMultipartSigned(entity: MimeEntity, exact: boolean, out: Unwrapped, ctx: UnwrapContext, depth: number): void {
  const params = entity.contentType?.params ?? {};
  const protocol = params['protocol'];
  const headerSpan = entity.contentType?.header.line ?? entity.map.toFileSpan(0, 0);
  if (!protocol) {
    out.findings.push({ code: 'smime.multipart.parts', message: 'multipart/signed without the required protocol parameter.', span: headerSpan });
  } else if (!protocol.quoted && protocol.value.includes('/')) {
    out.findings.push({
      code: 'smime.protocol.unquoted',
      message: 'protocol=application/pkcs7-signature must be quoted ("/" is a MIME tspecial); parsed leniently, as the RFC 3923 examples need.',
      span: protocol.span,
      data: { replacement: `"${protocol.value}"`, original: protocol.value },
    });
  }
  const split = splitMultipart(entity);
  pushAll(out.findings, split.findings);
  if (split.parts.length !== 2) {
    out.findings.push({
      code: 'smime.multipart.parts',
      message: `multipart/signed must have exactly two parts (content, signature); found ${split.parts.length}.`,
      span: headerSpan,
    });
    if (split.parts.length < 2) return;
  }
  const [signedPart, sigPart] = split.parts;
  const sigType = mediaType(sigPart);
  const sigSpan = sigPart.map.toFileSpan(0, sigPart.raw.length);
  if (sigType !== 'application/pkcs7-signature' && sigType !== 'application/x-pkcs7-signature') {
    out.findings.push({ code: 'smime.multipart.parts', message: `The second part must be application/pkcs7-signature, not ${sigType}.`, span: sigSpan });
    return;
  }
  pushAll(pushAll(out.findings, signaturePartFindings(sigPart)), micalgTokenFindings(entity));
  // The structure view lists part 1 before part 2, though the signature is read first.
  const partTree: string[] = [`${'  '.repeat(depth + 1)}part 2 (the signature): ${sigType}`];
  const decoded = decodeBase64Body(sigPart);
  if (!decoded.ok) {
    out.findings.push({ code: 'e2e.crypto.notCms', message: `The signature part is not valid base64: ${decoded.reason ?? 'undecodable'}.`, span: sigPart.bodySpan });
  } else {
    out.der.push({ label: 'application/pkcs7-signature (multipart/signed part 2)', bytes: decoded.bytes, base64: exact ? bodyBase64(sigPart) : undefined });
    const parsed = cachedParse(decoded.bytes, ctx.cache);
    if (!parsed.ok) {
      out.findings.push({ code: 'e2e.crypto.notCms', message: `The signature part is not a CMS object: ${parsed.reason}.`, span: sigPart.bodySpan });
    } else if (parsed.info.kind !== 'signedData') {
      out.findings.push({ code: 'e2e.crypto.notCms', message: `The signature part holds ${describeContent(parsed.info)}, not SignedData.`, span: sigPart.bodySpan });
    } else {
      const sd = parsed.info.signedData;
      pushAll(partTree, signedDataLines(sd, '  '.repeat(depth + 2)));
      if (sd.eContent) {
        out.findings.push({
          code: 'smime.signedData.eContentPresent',
          message: 'The detached signature of multipart/signed carries eContent; it is ignored and the first part is verified.',
          span: sigPart.bodySpan,
        });
      }
      const content = Buffer.from(signedPart.raw, 'utf8');
      const results = ctx.verify ? cachedVerify(sd, decoded.bytes, content, ctx.keys, ctx.cache) : [];
      const layer = out.layers.length - 1;
      const coversEnvelope = isEnvelope(signedPart);
      const signerSpan = sigPart.contentType?.header.line ?? sigPart.bodySpan;
      for (const r of results) out.signers.push({ result: r, span: signerSpan, layer, coversEnvelope, embedded: sd.certificates });
      pushAll(out.findings, structureFindings(sd, signerSpan));
      const micalg = entity.contentType?.params['micalg'];
      for (const si of sd.signerInfos) {
        if (micalg && !micalgMatches(micalg.value, si.digestAlgorithm.name)) {
          out.findings.push({
            code: 'smime.micalg.mismatch',
            message: `micalg=${micalg.value} disagrees with the SignerInfo digest ${si.digestAlgorithm.name}.`,
            span: micalg.span,
          });
        }
      }
      if (!micalg) out.findings.push({ code: 'smime.multipart.parts', message: 'multipart/signed without the required micalg parameter.', span: headerSpan });
    }
  }
  out.tree.push(`${'  '.repeat(depth + 1)}part 1 (the signed content):`);
  handleEntity(signedPart, exact, out, ctx, depth + 1);
  pushAll(out.tree, partTree);
}

/** RFC 5652 structure rules that do not change the verdict (CMS-1, 4-8, 10): one finding per signer. */
function structureFindings(sd: SignedData, span: Span): Finding[] {
  return sd.signerInfos.flatMap((si) => {
    const problems = signerInfoProblems(sd, si);
    return problems.length
      ? [{ code: 'cms.signerInfo.structure', message: `SignerInfo ${identifierText(si.sid)}: ${problems.join('; ')}.`, span, data: { problems } }]
      : [];
  });
}

/** The CMS structure of a SignedData for the decoded view: signers, algorithms, signed attributes, certificates. */
function signedDataLines(sd: SignedData, indent: string): string[] {
  const lines = [`${indent}CMS SignedData: eContentType ${sd.eContentType.name}, ${sd.certificates.length} certificate(s), ${sd.signerInfos.length} signer(s)`];
  for (const si of sd.signerInfos) {
    lines.push(`${indent}  SignerInfo ${identifierText(si.sid)}: digest ${si.digestAlgorithm.name}, signature ${si.signatureAlgorithm.name}`);
    const attrs = si.signedAttrs?.attributes ?? [];
    lines.push(`${indent}    signed attributes: ${attrs.length ? attrs.map((a) => a.name).join(', ') : '(none: the signature covers the content directly)'}`);
  }
  for (const c of sd.certificates) lines.push(`${indent}  certificate ${c.subject} (issuer ${c.issuer})`);
  return lines;
}

function isEnvelope(entity: MimeEntity): boolean {
  const t = mediaType(entity);
  return (t === 'application/pkcs7-mime' || t === 'application/x-pkcs7-mime') &&
    ['enveloped-data', 'authenveloped-data'].includes(entity.contentType?.params['smime-type']?.value.toLowerCase() ?? '');
}

function describeContent(info: ContentInfo): string {
  return info.kind === 'other' ? `${info.name} (${info.contentTypeOid})` : info.kind;
}

/** smime-type values (RFC 8551 §3.2.2; matched case-insensitively) and the CMS content each names. */
const DECLARED_TYPES: Readonly<Record<string, string>> = {
  'enveloped-data': 'envelopedData',
  'authenveloped-data': 'authEnvelopedData',
  'signed-data': 'signedData',
};

function handleCms(bytes: Uint8Array, span: Span, out: Unwrapped, ctx: UnwrapContext, depth: number, smimeType: string | undefined): void {
  const parsed = cachedParse(bytes, ctx.cache);
  const indent = '  '.repeat(depth + 1);
  if (!parsed.ok) {
    if (out.signers.length === 0 && out.recipients.length === 0) out.unreadable = true;
    out.notCms = `not a CMS ContentInfo (${parsed.reason})`;
    out.findings.push({ code: 'e2e.crypto.notCms', message: `The payload is not CMS: ${parsed.reason}.`, span });
    return;
  }
  const info = parsed.info;
  if (info.kind === 'other') {
    out.notCms = `CMS ${info.name}`;
    out.findings.push({ code: 'e2e.crypto.notCms', message: `The CMS object is ${info.name} (${info.contentTypeOid}), neither SignedData nor EnvelopedData.`, span });
    out.unreadable = out.signers.length === 0;
    return;
  }
  const declared = DECLARED_TYPES[smimeType ?? ''];
  const actual = info.kind === 'envelopedData' && info.envelopedData.authenticated ? 'authEnvelopedData' : info.kind;
  if (declared && declared !== actual) {
    out.findings.push({ code: 'smime.smimeType.mismatch', message: `smime-type=${smimeType} but the CMS content is ${actual}.`, span });
  }
  if (info.kind === 'envelopedData') {
    const ed = info.envelopedData;
    out.layers.push('enveloped-data');
    out.contentEncryptionAlgorithm = ed.contentEncryptionAlgorithm.name;
    const cmsType = ed.authenticated ? 'AuthEnvelopedData' : 'EnvelopedData';
    out.tree.push(`${indent}CMS ${cmsType}, ${ed.contentEncryptionAlgorithm.name}, ${ed.recipientInfos.length} recipient(s)`);
    if (!ctx.verify) {
      // Structure only: no private key is used.
      out.unopened = true;
      for (const r of ed.recipientInfos.flatMap(recipientSummaries)) {
        out.recipients.push({ ...r, jids: [], keyInWorkspace: false, opened: false });
      }
      return;
    }
    const entries = (ctx.keys?.entries ?? []).filter((e) => e.privateKey);
    const dec = cachedDecrypt(ed, bytes, entries, ctx.keys, ctx.cache);
    for (const r of dec.recipients) {
      out.recipients.push({
        id: r.id,
        keyEncryptionAlgorithm: r.keyEncryptionAlgorithm,
        jids: r.matched ? certificateJids(r.matched.cert) : [],
        keyInWorkspace: !!r.matched,
        opened: r.opened,
      });
      out.tree.push(`${indent}  recipient ${r.id} (${r.keyEncryptionAlgorithm})${r.matched ? ' - key in workspace' : ''}`);
    }
    if (!dec.plaintext) {
      const matched = dec.recipients.some((r) => r.keyFound);
      if (matched) {
        out.decryptFailed = true;
        out.findings.push({ code: 'e2e.decrypt.failed', message: `A workspace key matches a recipient but decryption failed: ${dec.error ?? 'unknown error'}.`, span });
      } else {
        out.unopened = true;
        const ids = dec.recipients.map((r) => r.id).join('; ');
        out.findings.push({
          code: 'e2e.decrypt.noKey',
          message: `No workspace key matches any recipient (${ids || 'none listed'}).`,
          span,
          data: { recipients: dec.recipients.map((r) => r.id) },
        });
      }
      return;
    }
    const plain = Buffer.from(dec.plaintext).toString('utf8');
    const entity = parseMimeEntity(plain, constantMap(span));
    handleEntity(entity, false, out, ctx, depth + 1);
    return;
  }
  // SignedData with encapsulated content (application/pkcs7-mime; smime-type=signed-data).
  const sd = info.signedData;
  out.layers.push('signed-data');
  pushAll(out.tree, signedDataLines(sd, indent).map((l, i) => (i === 0 ? l.replace('CMS SignedData', 'CMS SignedData (encapsulated)') : l)));
  if (!sd.eContent) {
    out.findings.push({ code: 'smime.signedData.noContent', message: 'signed-data without eContent: nothing was signed here (certs-only or a detached signature out of place).', span });
    return;
  }
  const layer = out.layers.length - 1;
  const results = ctx.verify ? cachedVerify(sd, bytes, undefined, ctx.keys, ctx.cache) : [];
  const innerText = Buffer.from(sd.eContent).toString('utf8');
  const entity = parseMimeEntity(innerText, constantMap(span));
  const coversEnvelope = isEnvelope(entity) || looksLikeCms(sd.eContent);
  for (const r of results) out.signers.push({ result: r, span, layer, coversEnvelope, embedded: sd.certificates });
  pushAll(out.findings, structureFindings(sd, span));
  if (looksLikeCms(sd.eContent) && !entity.contentType) {
    // Encapsulated CMS directly inside (no MIME headers): enveloped-then-signed.
    out.der.push({ label: 'CMS encapsulated in signed-data', bytes: sd.eContent });
    handleCms(sd.eContent, span, out, ctx, depth + 1, undefined);
    return;
  }
  handleEntity(entity, false, out, ctx, depth + 1);
}

function looksLikeCms(b: Uint8Array): boolean {
  return b.length > 2 && b[0] === 0x30;
}



function setInner(text: string, map: OffsetMap, exact: boolean, type: string, out: Unwrapped, depth: number): void {
  const inner: InnerObject = { contentType: type, text, map, exact };
  out.tree.push(`${'  '.repeat(depth + 1)}${type}`);
  if (type === 'message/cpim') {
    inner.contentType = 'Message/CPIM';
    const r = checkCpim(text, map, { standalone: false });
    inner.cpim = r.message;
    pushAll(out.findings, r.findings);
  } else if (type === 'application/pidf+xml') {
    const { body, bodyMap } = xmlBody(text, map, exact);
    const r = checkPidf(body, bodyMap, { standalone: false });
    inner.pidf = r.doc;
    pushAll(out.findings, r.findings);
  } else if (type === 'application/xmpp+xml') {
    const { body, bodyMap } = xmlBody(text, map, exact);
    const parsed = parseXml(body, { map: bodyMap });
    pushAll(out.findings, parsed.findings);
    const root = parsed.nodes.find((n): n is XmlElement => n.type === 'element');
    inner.xmppRoot = root;
    if (!root || root.local !== 'xmpp') {
      out.findings.push({ code: 'e2e.xmppxml.children', message: 'application/xmpp+xml must have an <xmpp/> root element.', span: root?.nameSpan ?? bodyMap.toFileSpan(0, body.length) });
    } else {
      const kids = root.children.filter((c): c is XmlElement => c.type === 'element');
      if (kids.length !== 1) {
        out.findings.push({
          code: 'e2e.xmppxml.children',
          message: `<xmpp/> must hold exactly one stanza child; it holds ${kids.length}.`,
          span: root.nameSpan,
        });
      }
    }
  }
  out.inner = inner;
}

/** The XML document inside a PIDF or xmpp+xml entity, with its map. */
function xmlBody(text: string, map: OffsetMap, exact: boolean): { body: string; bodyMap: OffsetMap } {
  const start = bodyOffset(text);
  return { body: text.slice(start), bodyMap: exact ? shifted(map, start) : map };
}

/** Offset of the body in a MIME entity (after the blank line), or 0 when there are no headers. */
function bodyOffset(text: string): number {
  const m = /\r?\n\r?\n/.exec(text);
  if (!m) return 0;
  const firstLine = text.slice(0, text.indexOf('\n') + 1);
  return /^[A-Za-z][A-Za-z0-9-]*\s*:/.test(firstLine) ? m.index + m[0].length : 0;
}

function shifted(map: OffsetMap, by: number): OffsetMap {
  return { toFile: (o) => map.toFile(o + by), toFileSpan: (s, e) => map.toFileSpan(s + by, e + by) };
}

