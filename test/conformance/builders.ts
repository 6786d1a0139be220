// Inputs for the conformance cases, as the producers write them: stanzas around `openssl cms`
// (or Python cryptography) output in a raw client stream, client logs in their own dialect, .cpim
// and .pidf files.
import { execFileSync } from 'node:child_process';
import { cpim, smimeEncrypt, smimeSign, stanza, stream } from '../e2e/opensslStanzas';
import type { Identity } from '../helpers/openssl';
import type { Ctx } from './harness';

export const JULIET = 'juliet@example.com';
export const ROMEO = 'romeo@example.net';
export const E2E_NS = 'urn:ietf:params:xml:ns:xmpp-e2e';
export const attrs = { from: `${JULIET}/balcony`, to: `${ROMEO}/orchard`, type: 'chat', id: 'm1' };

/** A clean Message/CPIM from juliet to romeo dated `dt` (default: the trace's now). */
export function cpimAt(c: Ctx, dt?: string, body?: string): string {
  return cpim(JULIET, ROMEO, dt ?? c.iso(c.T), body);
}

/** openssl cms -sign (multipart/signed, SHA-1) of `content` by `signer` (default juliet). */
export function signed(c: Ctx, content: string, signer?: Identity, opts: { md?: string; opaque?: boolean } = {}): string {
  return smimeSign(c.p, signer ?? c.p.juliet, content, opts);
}

export function encrypted(c: Ctx, content: string, recipients?: Identity[], cipher?: string): string {
  return smimeEncrypt(c.p, recipients ?? [c.p.romeo], content, cipher);
}

/** One message stanza in a raw client stream. */
export function messageTrace(payload: string, a: Record<string, string> = attrs, extra = ''): string {
  return stream(stanza('message', a, payload, extra));
}

export { stanza, stream };

/** An openssl cms object as DER, base64 in lines of 64 (application/pkcs7-mime bodies). */
export function base64Lines(der: Buffer): string {
  return (der.toString('base64').match(/.{1,64}/g) ?? []).join('\r\n') + '\r\n';
}

export function pkcs7Mime(der: Buffer, smimeType: string): string {
  return `Content-Type: application/pkcs7-mime; smime-type=${smimeType}; name="smime.p7m"\r\nContent-Transfer-Encoding: base64\r\nContent-Disposition: attachment; filename="smime.p7m"\r\n\r\n${base64Lines(der)}`;
}

/** XML-escapes a payload the way servers re-serialise CDATA as character data. */
export function xmlEscape(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** xmpppy's log line for a stanza the client sent (sender-side vantage) at `ms`. */
export function xmpppySent(ms: number, xml: string): string {
  const d = new Date(ms);
  const s = d.toUTCString().replace(',', '').split(' '); // [Sun, 01, Nov, 2026, 10:00:00, GMT]
  return `${s[0]} ${s[2]} ${s[1]!.padStart(2, ' ')} ${s[4]} ${s[3]} - SENT: - ${xml}\n`;
}

export function xmpppyRecv(ms: number, xml: string): string {
  return xmpppySent(ms, xml).replace(' - SENT: - ', ' - RECV: - ');
}

const erlang = (s: string) => s.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\r/g, '\\r').replace(/\n/g, '\\n');

/** An ejabberd debug-log entry (`Received XML on stream` / `Send XML on stream`): both legs of the server. */
export function ejabberdEntry(ms: number, dir: 'Received' | 'Send', pid: string, xml: string): string {
  const d = new Date(ms).toISOString();
  const where = dir === 'Received' ? 'xmpp_socket:parse/2:120' : 'xmpp_stream_in:send_text/2:1209';
  return `${d.slice(0, 10)} ${d.slice(11, 19)}.000000+00:00 [debug] ${pid}@${where} (tcp|${pid}) ${dir} XML on stream = <<"${erlang(xml)}">>\n`;
}

/** A bind result as the client's log shows it: the JID of the sending stream. */
export const BIND_RESULT = "<iq type='result' id='bind_1'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'><jid>juliet@example.com/balcony</jid></bind></iq>";

/** Python `cryptography`'s S/MIME signer (PKCS7SignatureBuilder, detached): a second real producer. */
const PY_SIGN = `
import sys
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.serialization import pkcs7
cert = x509.load_pem_x509_certificate(open(sys.argv[1], 'rb').read())
key = serialization.load_pem_private_key(open(sys.argv[2], 'rb').read(), None)
data = open(sys.argv[3], 'rb').read()
builder = pkcs7.PKCS7SignatureBuilder().set_data(data).add_signer(cert, key, getattr(hashes, sys.argv[4])())
sys.stdout.buffer.write(builder.sign(serialization.Encoding.SMIME, [pkcs7.PKCS7Options.DetachedSignature]))
`;

let pyCounter = 0;

export function pythonSigned(c: Ctx, content: string, signer?: Identity, hash: 'SHA1' | 'SHA256' = 'SHA256'): string {
  const id = signer ?? c.p.juliet;
  const input = c.p.ws.write(`py${pyCounter++}.in`, content);
  const out = execFileSync('python3', ['-c', PY_SIGN, id.certPath, id.keyPath, input, hash], { stdio: ['ignore', 'pipe', 'pipe'] });
  return out.toString('utf8').replace(/^MIME-Version: 1\.0\r?\n/, '');
}
