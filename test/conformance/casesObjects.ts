// Cases on the protected object: wrapper, payload kinds, layers, signatures, certificates,
// decryption, algorithms, inner objects and timestamps (RFC 3923 §3-§6, S/MIME, CMS).
import { pidf, stanza, stream } from '../e2e/opensslStanzas';
import type { ConformanceCase, Ctx } from './harness';
import { attrs, base64Lines, cpimAt, pythonSigned, E2E_NS, encrypted, JULIET, messageTrace, pkcs7Mime, ROMEO, signed, xmlEscape } from './builders';

const SIG_LINE = 'Content-Type: application/pkcs7-signature; name="smime.p7s"';
const ENV_LINE = 'Content-Type: application/pkcs7-mime; smime-type=enveloped-data; name="smime.p7m"';
const SD_LINE = 'Content-Type: application/pkcs7-mime; smime-type=signed-data; name="smime.p7m"';

/** The character data of the first <e2e/>: what the object-level findings cover. */
const wholeObject = (payload: string) => ({ slice: `\n${payload}`, after: '<![CDATA[' });

/** A juliet-signed, romeo-addressed message in a raw stream; `edit` changes the S/MIME text. */
function signedMessage(c: Ctx, edit: (smime: string) => string = (s) => s, content?: string) {
  const payload = edit(signed(c, content ?? cpimAt(c)));
  return { text: messageTrace(payload), payload };
}

/** openssl cms -sign output as DER (for pkcs7-mime bodies and DER surgery). */
function signedDer(c: Ctx, content: string, o: { nodetach?: boolean; md?: string } = {}): Buffer {
  return c.p.ws.sign(c.p.juliet, content, { nodetach: o.nodetach, md: o.md ?? 'sha1' });
}

function replaceOnce(b: Buffer, from: Buffer, to: Buffer, last = false): Buffer {
  const i = last ? b.lastIndexOf(from) : b.indexOf(from);
  if (i < 0) throw new Error('pattern not in the DER');
  const out = Buffer.from(b);
  to.copy(out, i);
  return out;
}

/** A juliet-signed message whose CPIM DateTime is `dt(c)`; the finding covers the DateTime value. */
function dated(dt: (c: Ctx) => string): ConformanceCase['build'] {
  return (c) => {
    const value = dt(c);
    return { text: signedMessage(c, undefined, cpimAt(c, value)).text, at: { slice: value } };
  };
}

const ID_DATA = Buffer.from('06092a864886f70d010701', 'hex');

export const OBJECT_CASES: ConformanceCase[] = [
  {
    name: 'E2E-1: <e2e> in the ns-less namespace of RFC 3923 prose',
    rules: ['E2E-1', 'AMB-1'],
    code: 'e2e.wrapper.namespace',
    build: (c) => {
      const text = messageTrace(signed(c, cpimAt(c))).replace(`xmlns='${E2E_NS}'`, "xmlns='urn:ietf:params:xml:xmpp-e2e'");
      return { text, at: { slice: 'e2e', after: '<message' } };
    },
  },
  {
    name: 'E2E-1: <e2e/> nested inside an extension element, not a direct stanza child',
    rules: ['E2E-1'],
    code: 'e2e.wrapper.nested',
    build: (c) => {
      const obj = signed(c, cpimAt(c));
      const text = stream(`<message from='${attrs.from}' to='${attrs.to}' type='chat' id='n1'><x xmlns='urn:example:wrap'><e2e xmlns='${E2E_NS}'><![CDATA[\n${obj}]]></e2e></x></message>`);
      return { text, at: { slice: 'e2e', after: "<x xmlns='urn:example:wrap'><" } };
    },
  },
  {
    name: 'E2E-2: a server re-serialised the CDATA as escaped character data',
    rules: ['E2E-2', 'AMB-6'],
    code: 'e2e.wrapper.notCdata',
    build: (c) => {
      const esc = xmlEscape(signed(c, cpimAt(c)));
      const text = stream(`<message from='${attrs.from}' to='${attrs.to}' type='chat' id='m1'><e2e xmlns='${E2E_NS}'>${esc}</e2e></message>`);
      return { text, at: { slice: esc } };
    },
  },
  {
    name: 'E2E-2: raw DER pasted into <e2e/>',
    rules: ['E2E-2', 'AMB-4'],
    code: 'e2e.wrapper.binary',
    build: (c) => {
      // The DER as the latin-1 characters a careless client writes; the first one XML 1.0 forbids is reported.
      const der = signedDer(c, cpimAt(c), { nodetach: true }).toString('latin1');
      const text = stream(`<message from='${attrs.from}' to='${attrs.to}' type='chat' id='b1'><e2e xmlns='${E2E_NS}'><![CDATA[${der}]]></e2e></message>`);
      const bad = /[\x00-\x08\x0b\x0c\x0e-\x1f]/.exec(der)!;
      return { text, at: { slice: bad[0], after: '<![CDATA[' + der.slice(0, bad.index) } };
    },
  },
  {
    name: 'E2E-3: two <e2e/> in one stanza',
    rules: ['E2E-3'],
    code: 'e2e.wrapper.multiple',
    build: (c) => {
      const obj = signed(c, cpimAt(c));
      const text = stream(`<message from='${attrs.from}' to='${attrs.to}' type='chat' id='d1'><e2e xmlns='${E2E_NS}'><![CDATA[\n${obj}]]></e2e><e2e xmlns='${E2E_NS}'><![CDATA[\n${obj}]]></e2e></message>`);
      return { text, at: { slice: 'e2e', after: '</e2e><' } };
    },
  },
  {
    name: 'E2E-46: attributes on <e2e>',
    rules: ['E2E-46'],
    code: 'e2e.wrapper.attributes',
    build: (c) => {
      const text = messageTrace(signed(c, cpimAt(c))).replace(`xmlns='${E2E_NS}'>`, `xmlns='${E2E_NS}' version='1'>`);
      return { text, at: { slice: "version='1'" } };
    },
  },
  {
    name: 'E2E-4: signed presence without to on the sender side',
    rules: ['E2E-4', 'AMB-23', 'CORE-1', 'LEG-4'],
    code: 'e2e.presence.undirected',
    build: (c) => ({ text: stream(stanza('presence', { from: attrs.from }, signed(c, pidf(JULIET, c.iso(c.T))))), at: { slice: 'presence', after: '\n<' } }),
  },
  {
    name: 'E2E-5: <e2e/> in a groupchat message',
    rules: ['E2E-5'],
    code: 'e2e.scope.groupchat',
    build: (c) => ({ text: messageTrace(signed(c, cpimAt(c)), { ...attrs, to: 'room@muc.example.net', type: 'groupchat' }), at: { slice: 'groupchat' } }),
  },
  {
    name: 'AMB-21: cleartext <body/> next to <e2e/>',
    rules: ['AMB-21'],
    code: 'e2e.plaintext.body',
    build: (c) => ({ text: messageTrace(signed(c, cpimAt(c)), attrs, '<body>This message is signed.</body>'), at: { slice: 'body', after: '</e2e><' } }),
  },
  {
    name: 'E2E-6: a message protecting text/plain instead of Message/CPIM',
    rules: ['E2E-6'],
    code: 'e2e.message.notCpim',
    build: (c) => {
      const payload = signed(c, 'Content-Type: text/plain; charset=utf-8\r\n\r\nWherefore art thou?\r\n');
      return { text: messageTrace(payload), at: wholeObject(payload) };
    },
  },
  {
    name: 'E2E-7: a presence protecting Message/CPIM instead of PIDF',
    rules: ['E2E-7'],
    code: 'e2e.presence.notPidf',
    build: (c) => {
      const payload = signed(c, cpimAt(c));
      return { text: stream(stanza('presence', { from: attrs.from, to: ROMEO }, payload)), at: wholeObject(payload) };
    },
  },
  {
    name: 'E2E-8: an <iq/> protecting Message/CPIM',
    rules: ['E2E-8', 'AMB-15'],
    code: 'e2e.iq.notXmppXml',
    build: (c) => {
      const payload = signed(c, cpimAt(c));
      const text = stream(`<iq from='${attrs.from}' to='${attrs.to}' type='set' id='q1'><e2e xmlns='${E2E_NS}'><![CDATA[\n${payload}]]></e2e></iq>`);
      return { text, at: wholeObject(payload) };
    },
  },
  {
    name: 'E2E-9: application/xmpp+xml whose <xmpp/> holds two stanzas',
    rules: ['E2E-9'],
    code: 'e2e.xmppxml.children',
    build: (c) => {
      const inner = `Content-Type: application/xmpp+xml\r\n\r\n<?xml version='1.0' encoding='UTF-8'?>\r\n<xmpp xmlns='jabber:client'><message from='${attrs.from}' to='${ROMEO}'><body>one</body></message><message from='${attrs.from}' to='${ROMEO}'><body>two</body></message></xmpp>\r\n`;
      return { text: messageTrace(signed(c, inner)), at: { slice: 'xmpp', after: "?>\r\n<" } };
    },
  },
  {
    name: 'E2E-9: application/xmpp+xml declared in ISO-8859-1',
    rules: ['E2E-9', 'E2E-47'],
    code: 'e2e.xmppxml.charset',
    build: (c) => {
      const inner = `Content-Type: application/xmpp+xml; charset=ISO-8859-1\r\n\r\n<xmpp xmlns='jabber:client'><message from='${attrs.from}' to='${ROMEO}'><body>ciao</body></message></xmpp>\r\n`;
      return { text: messageTrace(signed(c, inner)), at: { slice: 'ISO-8859-1' } };
    },
  },
  {
    name: 'E2E-10: the inner stanza names another sender',
    rules: ['E2E-10'],
    code: 'e2e.xmppxml.addrMismatch',
    build: (c) => {
      const inner = `Content-Type: application/xmpp+xml\r\n\r\n<xmpp xmlns='jabber:client'><message from='mallory@example.org/attic' to='${ROMEO}'><body>hi</body></message></xmpp>\r\n`;
      return { text: messageTrace(signed(c, inner)), at: { slice: 'mallory@example.org/attic' } };
    },
  },
  {
    name: 'E2E-21: CPIM From differs from the stanza sender',
    rules: ['E2E-21'],
    code: 'e2e.inner.identityMismatch',
    build: (c) => {
      const { text } = signedMessage(c, undefined, cpimAt(c).replace(`From: <im:${JULIET}>`, 'From: <im:nurse@example.com>'));
      return { text, at: { slice: '<im:nurse@example.com>' } };
    },
  },
  {
    name: 'E2E-11: the RFC 3923 example blob (OpenSSL enc "Salted__") is not CMS',
    rules: ['E2E-11', 'AMB-17'],
    code: 'e2e.crypto.notCms',
    build: (c) => {
      const blob = c.p.ws.run(['enc', '-aes-128-cbc', '-pbkdf2', '-pass', 'pass:secret', '-a'], cpimAt(c)).toString('latin1');
      return { text: messageTrace(blob), at: { slice: blob.trimEnd() } };
    },
  },
  {
    name: 'LEG-3: a bare base64 CMS blob without MIME headers',
    rules: ['LEG-3', 'AMB-4'],
    code: 'e2e.legacy.bareCms',
    build: (c) => {
      const b64 = base64Lines(signedDer(c, cpimAt(c), { nodetach: true }));
      return { text: messageTrace(b64), at: { slice: b64.trimEnd() } };
    },
  },
  {
    name: 'E2E-26: content changed after signing: the signature does not verify',
    rules: ['E2E-26', 'CMS-2'],
    code: 'e2e.sig.invalid',
    build: (c) => ({ text: signedMessage(c, (s) => s.replace('Wherefore', 'Therefore')).text, at: { slice: SIG_LINE } }),
  },
  {
    name: 'CMS-3: content changed after signing: the digest differs from messageDigest',
    rules: ['CMS-3'],
    code: 'cms.sig.digestMismatch',
    build: (c) => ({ text: signedMessage(c, (s) => s.replace('Wherefore', 'Therefore')).text, at: { slice: SIG_LINE } }),
  },
  {
    name: 'CMS-3: eContentType altered so it differs from the signed contentType attribute',
    rules: ['CMS-3', 'CMS-4', 'SMIME-4'],
    code: 'cms.sig.contentTypeMismatch',
    build: (c) => {
      // eContentType is outside the signature; id-data -> id-digestedData keeps the length.
      const der = replaceOnce(signedDer(c, cpimAt(c), { nodetach: true }), ID_DATA, Buffer.from('06092a864886f70d010705', 'hex'));
      return { text: messageTrace(pkcs7Mime(der, 'signed-data')), at: { slice: SD_LINE } };
    },
  },
  {
    name: 'SMIME-1: micalg says sha-256 but the SignerInfo digest is SHA-1',
    rules: ['SMIME-1'],
    code: 'smime.micalg.mismatch',
    build: (c) => ({ text: signedMessage(c, (s) => s.replace('micalg="sha1"', 'micalg="sha-256"')).text, at: { slice: '"sha-256"' } }),
  },
  {
    name: 'SMIME-1: multipart/signed with the signature part missing',
    rules: ['SMIME-1'],
    code: 'smime.multipart.parts',
    build: (c) => {
      const s = signed(c, cpimAt(c));
      const boundary = /boundary="([^"]+)"/.exec(s)![1]!;
      const parts = s.split(`--${boundary}`);
      const one = `${parts[0]}--${boundary}${parts[1]}--${boundary}--\r\n`;
      return { text: messageTrace(one), at: { slice: one.slice(0, one.indexOf('\n')) } };
    },
  },
  {
    name: 'SMIME-1 (Python cryptography): micalg edited to sha-1 over a SHA-256 SignerInfo',
    rules: ['SMIME-1', 'SMIME-3'],
    code: 'smime.micalg.mismatch',
    build: (c) => ({ text: messageTrace(pythonSigned(c, cpimAt(c)).replace('micalg="sha-256"', 'micalg="sha-1"')), at: { slice: '"sha-1"' } }),
  },
  {
    name: 'E2E-34 (Python cryptography): a SHA-256 signer is outside the mandatory set (rfc3923 profile)',
    rules: ['E2E-34'],
    code: 'e2e.alg.nonMti',
    build: (c) => ({ text: messageTrace(pythonSigned(c, cpimAt(c))), options: { profile: 'rfc3923' }, at: { slice: 'Content-Type: application/x-pkcs7-signature; name="smime.p7s"' } }),
  },
  {
    name: 'SMIME-3: micalg token that neither S/MIME version defines',
    rules: ['SMIME-3'],
    code: 'smime.micalg.unknown',
    build: (c) => ({ text: signedMessage(c, (s) => s.replace('micalg="sha1"', 'micalg="sha-3"')).text, at: { slice: '"sha-3"' } }),
  },
  {
    name: 'SMIME-2: protocol parameter unquoted, as in the RFC 3923 examples',
    rules: ['SMIME-2', 'AMB-17'],
    code: 'smime.protocol.unquoted',
    build: (c) => ({ text: signedMessage(c, (s) => s.replace('protocol="application/pkcs7-signature"', 'protocol=application/pkcs7-signature')).text, at: { slice: 'application/pkcs7-signature', after: 'protocol=' } }),
  },
  {
    name: 'SMIME-5: smime-type=enveloped-data on signed data',
    rules: ['SMIME-5'],
    code: 'smime.smimeType.mismatch',
    build: (c) => {
      const text = messageTrace(signed(c, cpimAt(c), undefined, { opaque: true }).replace('smime-type=signed-data', 'smime-type=enveloped-data'));
      return { text, at: { slice: ENV_LINE } };
    },
  },
  {
    name: 'SMIME-5: application/pkcs7-mime without smime-type',
    rules: ['SMIME-5'],
    code: 'smime.smimeType.missing',
    build: (c) => {
      const text = messageTrace(signed(c, cpimAt(c), undefined, { opaque: true }).replace('smime-type=signed-data; ', ''));
      return { text, at: { slice: 'application/pkcs7-mime; name="smime.p7m"' } };
    },
  },
  {
    name: 'SMIME-8: the detached signature of multipart/signed carries eContent',
    rules: ['SMIME-8'],
    code: 'smime.signedData.eContentPresent',
    build: (c) => {
      const content = cpimAt(c);
      const s = signed(c, content);
      // The same signature made with -nodetach, its base64 put where the detached one was.
      const attached = base64Lines(c.p.ws.sign(c.p.juliet, content, { nodetach: true, md: 'sha1' })).replace(/\r\n/g, '\n').trimEnd();
      const head = /Content-Type: application\/pkcs7-signature[^\n]*\n(?:[^\n]+\n)*\n/.exec(s)!;
      const bodyStart = head.index + head[0].length;
      const bodyEnd = s.indexOf('\n\n------', bodyStart);
      const edited = s.slice(0, bodyStart) + attached + s.slice(bodyEnd);
      // The part's body runs to the line break before the delimiter.
      return { text: messageTrace(edited), at: { slice: attached + '\n' } };
    },
  },
  {
    name: 'SMIME-8: signed-data without eContent (a detached signature sent as pkcs7-mime)',
    rules: ['SMIME-8'],
    code: 'smime.signedData.noContent',
    build: (c) => ({ text: messageTrace(pkcs7Mime(signedDer(c, cpimAt(c)), 'signed-data')), at: { slice: SD_LINE } }),
  },
  {
    name: 'CMS-1: no signed attributes over a content type other than id-data',
    rules: ['CMS-1', 'CMS-4', 'CMS-5', 'CMS-7', 'CMS-8', 'CMS-10'],
    code: 'cms.signerInfo.structure',
    build: (c) => {
      const der = c.p.ws.sign(c.p.juliet, cpimAt(c), { nodetach: true, md: 'sha1', noattr: true, econtentType: '1.2.840.113549.1.9.16.1.4' });
      return { text: messageTrace(pkcs7Mime(der, 'signed-data')), at: { slice: SD_LINE } };
    },
  },
  {
    name: 'E2E-25: a signature part without Content-Disposition',
    rules: ['E2E-25'],
    code: 'smime.signature.noDisposition',
    build: (c) => ({ text: signedMessage(c, (s) => s.replace(/Content-Disposition: attachment; filename="smime.p7s"\r?\n/, '')).text, at: { slice: SIG_LINE } }),
  },
  {
    name: 'E2E-25: encrypted CPIM with no signature inside',
    rules: ['E2E-25', 'AMB-22'],
    code: 'e2e.sig.missingOnEncrypted',
    build: (c) => {
      const payload = encrypted(c, cpimAt(c));
      return { text: messageTrace(payload), at: wholeObject(payload) };
    },
  },
  {
    name: 'E2E-23: encrypted first, then signed',
    rules: ['E2E-23'],
    code: 'e2e.order.encryptThenSign',
    build: (c) => {
      const payload = signed(c, encrypted(c, cpimAt(c)));
      return { text: messageTrace(payload), at: wholeObject(payload) };
    },
  },
  {
    name: 'E2E-22: the inner Message/CPIM sent base64-encoded',
    rules: ['E2E-22', 'AMB-4'],
    code: 'e2e.mime.nonBinaryCte',
    build: (c) => {
      const inner = cpimAt(c).replace('Content-Type: Message/CPIM\r\n', 'Content-Type: Message/CPIM\r\nContent-Transfer-Encoding: quoted-printable\r\n');
      return { text: signedMessage(c, undefined, inner).text, at: { slice: 'quoted-printable' } };
    },
  },
  {
    name: 'E2E-12: signed without certificates, and the signer is not in the workspace',
    rules: ['E2E-12'],
    code: 'e2e.cert.unavailable',
    build: (c) => {
      const der = c.p.ws.sign(c.p.juliet, cpimAt(c), { nodetach: true, md: 'sha1', nocerts: true });
      return { text: messageTrace(pkcs7Mime(der, 'signed-data')), at: { slice: SD_LINE } };
    },
  },
  {
    name: 'CMS-9: a self-signed signer certificate',
    rules: ['CMS-9'],
    code: 'e2e.cert.untrusted',
    build: (c) => ({ text: messageTrace(signed(c, cpimAt(c), c.p.selfSigned)), at: { slice: SIG_LINE } }),
  },
  {
    name: 'CMS-9: signer certificate expired before the message time',
    rules: ['CMS-9'],
    code: 'e2e.cert.expired',
    build: (c) => ({ text: messageTrace(signed(c, cpimAt(c), c.p.expired)), at: { slice: SIG_LINE } }),
  },
  {
    name: 'E2E-18: a certificate with im:/pres: URIs and no XmppAddr',
    rules: ['E2E-18', 'AMB-11'],
    code: 'e2e.cert.noXmppAddr',
    build: (c) => {
      const id = c.identity('urisOnly', (p) => p.ws.identity('urisonly', { issuer: p.ca, cn: 'Juliet', uris: [`im:${JULIET}`, `pres:${JULIET}`] }));
      return { text: messageTrace(signed(c, cpimAt(c), id)), at: { slice: SIG_LINE } };
    },
  },
  {
    name: 'E2E-16: the JID only in the subject CN',
    rules: ['E2E-16'],
    code: 'e2e.cert.jidOnlyInSubject',
    build: (c) => ({ text: messageTrace(signed(c, cpimAt(c), c.p.cnOnly)), at: { slice: SIG_LINE } }),
  },
  {
    name: 'E2E-15: a certificate with XmppAddr but no im:/pres: URI',
    rules: ['E2E-15'],
    code: 'e2e.cert.missingImPresUri',
    build: (c) => {
      const id = c.identity('xmppAddrOnly', (p) => p.ws.identity('xmppaddronly', { issuer: p.ca, cn: 'Juliet', xmppAddrs: [JULIET] }));
      return { text: messageTrace(signed(c, cpimAt(c), id)), at: { slice: SIG_LINE } };
    },
  },
  {
    name: 'E2E-17: an im: URI whose address is not a valid JID',
    rules: ['E2E-17', 'ADDR-3', 'ADDR-5'],
    code: 'e2e.cert.badUriJid',
    build: (c) => {
      const id = c.identity('badUri', (p) => p.ws.identity('baduri', { issuer: p.ca, cn: 'Juliet', xmppAddrs: [JULIET], uris: ['im:juliet%3Acapulet@example.com', `pres:${JULIET}`] }));
      return { text: messageTrace(signed(c, cpimAt(c), id)), at: { slice: SIG_LINE } };
    },
  },
  {
    name: 'E2E-17: an im: URI naming a full JID',
    rules: ['E2E-17', 'AMB-12'],
    code: 'e2e.cert.uriFullJid',
    build: (c) => {
      const id = c.identity('fullUri', (p) => p.ws.identity('fulluri', { issuer: p.ca, cn: 'Juliet', xmppAddrs: [JULIET], uris: [`im:${JULIET}/balcony`, `pres:${JULIET}`] }));
      return { text: messageTrace(signed(c, cpimAt(c), id)), at: { slice: SIG_LINE } };
    },
  },
  {
    name: 'ADDR-1: an XmppAddr encoded as IA5String',
    rules: ['ADDR-1', 'ADDR-2'],
    code: 'cert.xmppAddr.notUtf8String',
    build: (c) => {
      const id = c.identity('ia5', (p) => p.ws.identity('ia5', { issuer: p.ca, cn: 'Juliet', otherNames: [{ oid: '1.3.6.1.5.5.7.8.5', value: JULIET, type: 'IA5' }], uris: [`im:${JULIET}`, `pres:${JULIET}`] }));
      return { text: messageTrace(signed(c, cpimAt(c), id)), at: { slice: SIG_LINE } };
    },
  },
  {
    name: 'LEG-2: the JID in an otherName of another type-id (the drafts\' "xmpp")',
    rules: ['LEG-2', 'E2E-18'],
    code: 'e2e.legacy.otherNameType',
    build: (c) => {
      const id = c.identity('legacyOn', (p) => p.ws.identity('legacyon', { issuer: p.ca, cn: 'Juliet', xmppAddrs: [JULIET], otherNames: [{ oid: '1.3.6.1.4.1.99999.1', value: JULIET }], uris: [`im:${JULIET}`, `pres:${JULIET}`] }));
      return { text: messageTrace(signed(c, cpimAt(c), id)), at: { slice: SIG_LINE } };
    },
  },
  {
    name: 'E2E-19/20: signed by a certificate of another JID',
    rules: ['E2E-19', 'E2E-20', 'AMB-12', 'ADDR-4', 'ADDR-6', 'ADDR-8'],
    code: 'e2e.jid.mismatch',
    build: (c) => ({ text: messageTrace(signed(c, cpimAt(c), c.p.mallory)), at: { slice: attrs.from } }),
  },
  {
    name: 'AMB-12: the certificate names juliet@example.com/balcony, the stanza comes from /garden',
    rules: ['E2E-20', 'AMB-12'],
    code: 'e2e.jid.resourceDiffers',
    build: (c) => {
      const id = c.identity('fullXmppAddr', (p) => p.ws.identity('fullxmppaddr', { issuer: p.ca, cn: 'Juliet', xmppAddrs: [`${JULIET}/balcony`], uris: [`im:${JULIET}`, `pres:${JULIET}`] }));
      return { text: messageTrace(signed(c, cpimAt(c), id), { ...attrs, from: `${JULIET}/garden` }), at: { slice: `${JULIET}/garden` } };
    },
  },
  {
    name: 'ADDR-3: a CPIM To URI whose domain is not a valid JID domain',
    rules: ['ADDR-3', 'E2E-48'],
    code: 'jid.invalid',
    build: (c) => ({ text: signedMessage(c, undefined, cpimAt(c).replace(`To: <im:${ROMEO}>`, 'To: <im:romeo@exa_mple.net>')).text, at: { slice: 'im:romeo@exa_mple.net' } }),
  },
  {
    name: 'E2E-27: encrypted for someone whose key the workspace lacks',
    rules: ['E2E-27', 'AMB-22'],
    code: 'e2e.decrypt.noKey',
    build: (c) => ({ text: messageTrace(encrypted(c, signed(c, cpimAt(c)), [c.p.mallory])), at: { slice: ENV_LINE } }),
  },
  {
    name: 'E2E-27: the workspace key matches but the ciphertext was damaged',
    rules: ['E2E-27'],
    code: 'e2e.decrypt.failed',
    build: (c) => {
      const der = Buffer.from(c.p.ws.encrypt([c.p.romeo], signed(c, cpimAt(c))));
      // Flip the top bit of the last byte of the next-to-last block: the padding cannot be valid.
      der[der.length - 17] ^= 0x80;
      return { text: messageTrace(pkcs7Mime(der, 'enveloped-data')), at: { slice: ENV_LINE } };
    },
  },
  {
    name: 'E2E-34: a SHA-256 digest is outside the RFC 3923 mandatory set (rfc3923 profile)',
    rules: ['E2E-34', 'LEG-5'],
    code: 'e2e.alg.nonMti',
    build: (c) => ({ text: messageTrace(signed(c, cpimAt(c), undefined, { md: 'sha256' })), options: { profile: 'rfc3923' }, at: { slice: SIG_LINE } }),
  },
  {
    name: 'SMIME-10: SHA-1 is deprecated by current S/MIME (today\'s default profile)',
    rules: ['SMIME-10', 'AMB-24'],
    code: 'smime.alg.deprecated',
    build: (c) => ({ text: messageTrace(signed(c, cpimAt(c))), at: { slice: SIG_LINE } }),
  },
  {
    name: 'LEG-1: Triple-DES content encryption, the pre-RFC profile',
    rules: ['LEG-1'],
    code: 'e2e.legacy.profile',
    build: (c) => {
      const payload = encrypted(c, signed(c, cpimAt(c)), [c.p.romeo], '-des3');
      return { text: messageTrace(payload), at: wholeObject(payload) };
    },
  },
  {
    name: 'E2E-33: signed Message/CPIM without DateTime',
    rules: ['E2E-33', 'AMB-7', 'LEG-4'],
    code: 'e2e.ts.missing',
    build: (c) => {
      const { text, payload } = signedMessage(c, undefined, cpimAt(c).replace(/DateTime: [^\r]*\r\n/, ''));
      return { text, at: wholeObject(payload) };
    },
  },
  {
    name: 'E2E-33: application/xmpp+xml has no defined timestamp',
    rules: ['E2E-33'],
    code: 'e2e.ts.unavailable',
    build: (c) => {
      const inner = `Content-Type: application/xmpp+xml\r\n\r\n<xmpp xmlns='jabber:client'><message from='${attrs.from}' to='${ROMEO}'><body>hi</body></message></xmpp>\r\n`;
      const { text, payload } = signedMessage(c, undefined, inner);
      return { text, at: wholeObject(payload) };
    },
  },
  {
    name: 'E2E-28: DateTime with a space instead of T',
    rules: ['E2E-28'],
    code: 'e2e.ts.syntax',
    build: dated((c) => c.iso(c.T).replace('T', ' ')),
  },
  {
    name: 'AMB-9: DateTime with lower-case t and z is a warning',
    rules: ['AMB-9', 'E2E-28'],
    code: 'e2e.ts.syntax',
    severity: 'warning',
    build: dated((c) => c.iso(c.T).replace('T', 't').replace('Z', 'z')),
  },
  {
    name: 'E2E-28: DateTime in local time with a +02:00 offset',
    rules: ['E2E-28', 'AMB-9'],
    code: 'e2e.ts.notUtc',
    build: dated((c) => new Date(c.T + 2 * 3600_000).toISOString().replace('Z', '+02:00')),
  },
  {
    name: 'E2E-28: each PIDF <timestamp> is UTC, not only the newest (an older tuple at +02:00)',
    rules: ['E2E-28', 'E2E-48'],
    code: 'e2e.ts.notUtc',
    build: (c) => {
      const older = new Date(c.T - 60_000 + 2 * 3600_000).toISOString().replace('Z', '+02:00');
      const doc = pidf(JULIET, c.iso(c.T)).replace('</presence>', `<tuple id='t2'><status><basic>closed</basic></status><timestamp>${older}</timestamp></tuple>\r\n</presence>`);
      return { text: stream(stanza('presence', { from: attrs.from, to: ROMEO }, signed(c, doc))), at: { slice: older } };
    },
  },
  {
    name: 'AMB-9: DateTime with +00:00 instead of Z is a warning',
    rules: ['AMB-9', 'E2E-28'],
    code: 'e2e.ts.notUtc',
    severity: 'warning',
    build: dated((c) => c.iso(c.T).replace('Z', '+00:00')),
  },
  {
    name: 'E2E-30: a timestamp an hour before now: old timestamp',
    rules: ['E2E-30', 'E2E-32', 'AMB-8'],
    code: 'e2e.ts.old',
    build: dated((c) => c.iso(c.T - 3600_000)),
  },
  {
    name: 'E2E-30: a timestamp an hour after now: future timestamp',
    rules: ['E2E-30', 'E2E-32'],
    code: 'e2e.ts.future',
    build: dated((c) => c.iso(c.T + 3600_000)),
  },
  {
    name: 'E2E-31: a later message dated a minute before an earlier one',
    rules: ['E2E-31', 'E2E-32', 'AMB-10'],
    code: 'e2e.ts.decreasing',
    build: (c) => {
      const dt = c.iso(c.T - 60_000);
      const text = stream(stanza('message', attrs, signed(c, cpimAt(c))), stanza('message', { ...attrs, id: 'm2' }, signed(c, cpimAt(c, dt))));
      return { text, at: { slice: dt } };
    },
  },
  {
    name: 'E2E-31: the same signed object delivered twice',
    rules: ['E2E-31'],
    code: 'e2e.ts.replay',
    build: (c) => {
      const dt = c.iso(c.T);
      const obj = stanza('message', attrs, signed(c, cpimAt(c, dt)));
      return { text: stream(obj, obj), at: { slice: dt, nth: 1 } };
    },
  },
  {
    name: 'CMS-6: signingTime an hour after the CPIM DateTime',
    rules: ['CMS-6', 'SMIME-9'],
    code: 'cms.signingTime.skew',
    build: (c) => {
      // openssl stamps signingTime with the wall clock; the DateTime says an hour earlier, judged at its own time.
      const dt = c.iso(Date.now() - 3600_000);
      return { text: signedMessage(c, undefined, cpimAt(c, dt)).text, options: { now: Date.parse(dt) }, at: { slice: dt } };
    },
  },
  {
    name: 'E2E-48: the inner Message/CPIM is checked as CPIM (DateTime syntax)',
    rules: ['E2E-48', 'CPIM-22'],
    code: 'cpim.datetime.syntax',
    build: dated((c) => c.iso(c.T).replace('T', ' ')),
  },
  {
    name: 'CMS-2: an RSA-PSS key signed with the rsaEncryption algorithm (openssl cms -sign default in 3.0)',
    rules: ['CMS-2'],
    code: 'cms.sig.algorithmKeyMismatch',
    build: (c) => {
      const pss = c.identity('julietPss', (p) => p.ws.identity('juliet-pss', { issuer: p.ca, cn: 'Juliet PSS', keyType: 'rsa-pss', xmppAddrs: [JULIET], uris: [`im:${JULIET}`] }));
      return { text: messageTrace(signed(c, cpimAt(c), pss, { md: 'sha256' })), at: { slice: SIG_LINE } };
    },
  },
  {
    name: 'CMS-2: a signer algorithm this tool cannot compute (ML-DSA-44 in the SignerInfo)',
    rules: ['CMS-2'],
    code: 'cms.sig.unsupported',
    build: (c) => {
      // The SignerInfo's rsaEncryption (the last one in the DER; the certificate's comes first) becomes
      // id-ml-dsa-44 (2.16.840.1.101.3.4.3.17): OIDs of the same length, as an ML-DSA signer writes it.
      const der = signedDer(c, cpimAt(c), { nodetach: true, md: 'sha256' });
      const patched = replaceOnce(der, Buffer.from('06092a864886f70d010101', 'hex'), Buffer.from('0609608648016503040311', 'hex'), true);
      const payload = pkcs7Mime(patched, 'signed-data');
      return { text: messageTrace(payload), at: { slice: SD_LINE } };
    },
  },
];

