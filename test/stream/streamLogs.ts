// Small client logs for the streaming tests: libstrophe and slixmpp lines holding sealed objects
// (signed, signed+encrypted, one replayed, one tampered, one modified on the way), error replies that answer them, a stanza
// cut by the logger, multi-line stanzas, non-XML records, a NUL and a U+FFFD.
import { sealStanza } from '../../server/src/core/seal/sealStanza';
import { T0, testKeys } from '../../scripts/large-trace';

export const keys = testKeys();

function seal(xml: string, encrypt: boolean, at: number): string {
  const r = sealStanza(xml, { sign: true, encrypt, keys: keys.keys, nowMs: T0 + at });
  if (!r.ok) throw new Error(r.reason);
  return r.xml;
}

const signed = seal(`<message from='juliet@example.com/balcony' to='romeo@example.net' type='chat' id='s1'><body>hello</body></message>`, false, 1000);
const sealedBoth = seal(`<message from='juliet@example.com/balcony' to='romeo@example.net' type='chat' id='s2'><body>secret</body></message>`, true, 2000);
const flipOne = (xml: string) => xml.replace(/([A-Za-z0-9+/]{20})([A-Za-z0-9+/])/, (_m, a: string, b: string) => a + (b === 'A' ? 'B' : 'A'));
const tampered = flipOne(signed.replace("id='s1'", "id='s3'"));
// The first object again under the same delivery, one character changed: a gateway modified it (E2E-44).
const modifiedLeg = signed.replace('\nhello\r', '\nhallo\r');

const time = (k: number) => `2026-11-01 10:00:${String(k % 60).padStart(2, '0')}`;

/** The log's lines for `dialect`: entries (`SENT:`/`RECV:` or slixmpp's `SEND:`) and other records. */
export function makeLog(dialect: 'libstrophe' | 'slixmpp'): string {
  const out = dialect === 'libstrophe' ? 'SENT' : 'SEND';
  const line = (k: number, dir: 'out' | 'in', xml: string) =>
    dialect === 'libstrophe' ? `${time(k)} xmpp DEBUG ${dir === 'out' ? out : 'RECV'}: ${xml}` : `${time(k)} DEBUG    slixmpp.xmlstream:${dir === 'out' ? out : 'RECV'}: ${xml}`;
  const lines: string[] = [];
  lines.push(line(0, 'out', `<stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' to='example.com' version='1.0'>`));
  lines.push(line(1, 'in', `<iq type='result' id='bind1'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'><jid>juliet@example.com/balcony</jid></bind></iq>`));
  lines.push(`${time(2)} xmpp INFO conn: handler fired`);
  lines.push(line(3, 'out', signed));
  lines.push(line(4, 'out', sealedBoth));
  lines.push(line(5, 'out', signed));
  lines.push(line(6, 'out', tampered));
  lines.push(line(7, 'in', `<message from='romeo@example.net' to='juliet@example.com/balcony' type='error' id='s3'><error type='modify'><not-acceptable xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/><signature-unverified xmlns='urn:ietf:params:xml:ns:xmpp-e2e'/></error></message>`));
  lines.push(line(8, 'in', `<message from='romeo@example.net' to='juliet@example.com/balcony' type='error' id='s1'><error type='cancel'><bad-request xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/><decryption-failed xmlns='urn:ietf:params:xml:ns:xmpp-e2e'/></error></message>`));
  lines.push(line(9, 'in', `<presence from='carol@example.org/desk'>`), `  <show>away</show>`, `  <status>back at 10:00 \u0000 \ufffd</status>`, `</presence>`);
  lines.push(line(10, 'out', `<message to='bob@example.com' id='cut'><body>this stanza is cut`));
  lines.push(line(11, 'in', `<message from='bob@example.com' to='juliet@example.com/balcony' type='error'><error type='cancel'><service-unavailable xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></message>`));
  // An error answering an error (the look-back finds romeo's reply by id and addresses).
  lines.push(line(11, 'out', `<message from='juliet@example.com/balcony' to='romeo@example.net' type='error' id='s3'><error type='modify'><bad-request xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></message>`));
  lines.push(line(12, 'out', `<iq type='get' id='r1'><query xmlns='jabber:iq:roster'/></iq>`));
  lines.push(line(13, 'out', `<message to='bob@example.com' id='dup' a='1' a='2'><body>x &bogus; y</body></message>`));
  lines.push(line(14, 'in', modifiedLeg));
  return lines.join('\n') + '\n';
}
