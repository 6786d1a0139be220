// The RFC 3923 section 8 gateway: unwrap an object into the MIME entity it carries (export) and
// wrap a MIME entity into the <e2e/> of a new stanza.
import type { ObjectRecord } from '../analyze';

export const E2E_NS = 'urn:ietf:params:xml:ns:xmpp-e2e';

export function cdata(text: string): string {
  return `<![CDATA[${text.replace(/]]>/g, ']]]]><![CDATA[>')}]]>`;
}

/** RFC 3923 section 8 gateway unwrap: the MIME entity carried by the `<e2e/>`, with CRLF line ends. */
export function exportObject(rec: ObjectRecord): { mime: string; suggestedName: string } {
  const obj = rec.report;
  const ref = rec.ref;
  const body = ref.content.replace(/^\s*\n/, '').replace(/\s+$/, '');
  const mime = body.replace(/\r?\n/g, '\r\n') + '\r\n';
  const isP7m = /^content-type:\s*application\/(x-)?pkcs7-mime/im.test(body.split(/\r?\n\r?\n/)[0] ?? '');
  return { mime, suggestedName: `xmpp-e2e-object-${obj.index + 1}.${isP7m ? 'p7m' : 'eml'}` };
}

function attr(v: string): string {
  return v.replace(/&/g, '&amp;').replace(/'/g, '&apos;').replace(/</g, '&lt;');
}

/** Gateway wrap: a MIME entity becomes the CDATA of an `<e2e/>` in a new stanza; refused when it is not a MIME entity. */
export function wrapObject(mime: string, from: string | undefined, to: string | undefined, kind: 'message' | 'presence' = 'message'):
  { ok: true; xml: string } | { ok: false; reason: string } {
  if (!mime.trim()) return { ok: false, reason: 'No MIME entity to wrap.' };
  if (!/^[\w-]+:/m.test(mime.split(/\r?\n\r?\n/)[0] ?? '')) return { ok: false, reason: 'The text does not start with MIME headers (Content-Type: ...).' };
  const attrs = [to ? ` to='${attr(to)}'` : '', from ? ` from='${attr(from)}'` : '', kind === 'message' ? ` type='chat'` : ''].join('');
  const body = mime.replace(/\r\n/g, '\n').replace(/\s+$/, '');
  return { ok: true, xml: `<${kind}${attrs}>\n  <e2e xmlns='${E2E_NS}'>${cdata(`\n${body}\n`)}</e2e>\n</${kind}>` };
}
