// Test helper: a libstrophe-dialect client log (SENT/RECV lines with capture times) of a session
// between romeo (whose log it is) and juliet: presence, chat, pings, a disco error, a bounced
// message and three OpenSSL-made RFC 3923 objects (clean, altered, forged sender).
import { cpim, smimeEncrypt, smimeSign, stanza as e2eStanza, type Peer } from '../e2e/opensslStanzas';

export interface SessionTrace {
  text: string;
  /** Expected facts, counted from what was written (not from the inspector). */
  stanzas: number;
  messages: number;
  iqs: number;
  presences: number;
  fromJuliet: number;
  e2e: number;
  sent: number;
  T: number;
}

const R = 'romeo@example.net/orchard';
const J = 'juliet@example.com/balcony';

/** `plainRounds` extra chat/ping rounds make the trace as long as a test needs. */
export function sessionTrace(p: Peer | undefined, plainRounds = 0): SessionTrace {
  const T = Math.ceil((Date.now() + 60_000) / 1000) * 1000;
  const entries: { dir: 'SENT' | 'RECV'; xml: string; from?: string; kind: string }[] = [];
  const add = (dir: 'SENT' | 'RECV', kind: string, xml: string, from?: string) => entries.push({ dir, xml, from, kind });
  add('SENT', 'presence', '<presence/>');
  add('RECV', 'presence', `<presence from='${J}' to='${R}'><show>chat</show><status>On the balcony</status></presence>`, J);
  add('SENT', 'message', `<message to='juliet@example.com' type='chat' id='m1'><body>Hello | fair &lt;Juliet&gt; &amp; all</body></message>`);
  add('RECV', 'message', `<message from='${J}' to='${R}' type='chat' id='m2'><body>Wherefore art thou?</body></message>`, J);
  add('SENT', 'iq', `<iq type='get' id='ping1' to='example.net'><ping xmlns='urn:xmpp:ping'/></iq>`);
  add('RECV', 'iq', `<iq type='result' id='ping1' from='example.net' to='${R}'/>`);
  add('SENT', 'iq', `<iq type='get' id='disco1' to='${J}'><query xmlns='http://jabber.org/protocol/disco#info'/></iq>`);
  add('RECV', 'iq', `<iq type='error' id='disco1' from='${J}' to='${R}'><query xmlns='http://jabber.org/protocol/disco#info'/><error type='cancel'><service-unavailable xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></iq>`, J);
  add('SENT', 'message', `<message to='nurse@example.com' type='chat' id='m3'><body>Where is she?</body></message>`);
  add('RECV', 'message', `<message from='nurse@example.com' to='${R}' type='error' id='m3'><error type='cancel'><item-not-found xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></message>`);
  for (let k = 0; k < plainRounds; k++) {
    add('RECV', 'message', `<message from='${J}' to='${R}' type='chat' id='r${k}'><body>line ${k}</body></message>`, J);
    add('SENT', 'iq', `<iq type='get' id='p${k}' to='example.net'><ping xmlns='urn:xmpp:ping'/></iq>`);
    add('RECV', 'iq', `<iq type='result' id='p${k}' from='example.net' to='${R}'/>`);
  }
  let e2e = 0;
  if (p) {
    const at = (i: number) => new Date(T - 1000 + i * 1000).toISOString();
    const attrs = (id: string, from = J) => ({ from, to: R, type: 'chat', id });
    const i = entries.length;
    add('RECV', 'message', e2eStanza('message', attrs('e1'), smimeSign(p, p.juliet, cpim('juliet@example.com', 'romeo@example.net', at(i)))), J);
    add('RECV', 'message', e2eStanza('message', attrs('e2'), smimeSign(p, p.juliet, cpim('juliet@example.com', 'romeo@example.net', at(i + 1), 'at nine')).replace('at nine', 'at ten')), J);
    add('RECV', 'message', e2eStanza('message', attrs('e3', 'mallory@example.org/attic'), smimeEncrypt(p, [p.romeo], smimeSign(p, p.juliet, cpim('juliet@example.com', 'romeo@example.net', at(i + 2))))));
    e2e = 3;
  }
  const stamp = (i: number) => {
    const d = new Date(T + i * 1000).toISOString();
    return `${d.slice(0, 10)} ${d.slice(11, 19)}`;
  };
  const text = entries.map((e, i) => `${stamp(i)} - xmpp: DBG: ${e.dir}: ${e.xml.replace(/\r?\n/g, '\n')}\n`).join('');
  return {
    text,
    stanzas: entries.length,
    messages: entries.filter((e) => e.kind === 'message').length,
    iqs: entries.filter((e) => e.kind === 'iq').length,
    presences: entries.filter((e) => e.kind === 'presence').length,
    fromJuliet: entries.filter((e) => e.from === J).length,
    e2e,
    sent: entries.filter((e) => e.dir === 'SENT').length,
    T,
  };
}
