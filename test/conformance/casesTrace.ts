// Cases on the capture and on the stanzas around the objects: framing, delayed delivery, recipient
// error replies (RFC 3923 §7), the sender's timestamp order (§6.9) and gateways (§8).
import { pidf, stanza, stream } from '../e2e/opensslStanzas';
import type { ConformanceCase } from './harness';
import { attrs, BIND_RESULT, cpimAt, E2E_NS, ejabberdEntry, JULIET, messageTrace, ROMEO, signed, xmpppyRecv, xmpppySent } from './builders';

const STANZAS = 'urn:ietf:params:xml:ns:xmpp-stanzas';
const reply = (id: string, condition: string, app = '', type = 'modify', payload = '') =>
  `<message from='${ROMEO}/orchard' to='${JULIET}/balcony' id='${id}' type='error'>${payload}<error type='${type}'><${condition} xmlns='${STANZAS}'/>${app}</error></message>`;

export const TRACE_CASES: ConformanceCase[] = [
  {
    name: 'XML: an end tag that does not match in a raw stream',
    rules: ['CORE-5'],
    code: 'xml.malformed',
    build: () => ({ text: stream(`<message from='${attrs.from}' to='${attrs.to}' type='chat' id='x1'><body>hi</bdy></message>`, `<message from='${attrs.from}' to='${attrs.to}' type='chat' id='x2'><body>ok</body></message>`), at: { slice: '</bdy>' } }),
  },
  {
    name: 'Trace: the capture ends inside a stanza',
    rules: [],
    code: 'trace.stanza.truncated',
    build: (c) => {
      const start = `<message from='${attrs.from}' to='${attrs.to}' type='chat' id='t1'>`;
      return { text: stream(`${start}<e2e xmlns='${E2E_NS}'><![CDATA[\n${signed(c, cpimAt(c)).slice(0, 200)}`), at: { slice: start } };
    },
  },
  {
    name: 'Trace: Prosody debug logs keep only opening tags',
    rules: [],
    code: 'trace.format.lossy',
    build: () => ({
      text: "Nov 01 10:00:00 c2s55d0a5d0\tinfo\tClient connected\nNov 01 10:00:01 c2s55d0a5d0\tdebug\tReceived[c2s]: <message to='romeo@example.net' type='chat' id='pr1'>\nNov 01 10:00:02 c2s55d0a5d0\tdebug\tSending[c2s]: <iq type='result' id='pr2' to='juliet@example.com/res'>\n",
      at: { slice: "<message to='romeo@example.net' type='chat' id='pr1'>" },
    }),
  },
  {
    name: 'Trace: a log in no known dialect is read as plain XML',
    rules: [],
    code: 'trace.format.unknown',
    build: () => ({ text: `[session 7] peer=romeo@example.net\n>> <message to='${ROMEO}' type='chat' id='u1'><body>hi</body></message>\n`, at: { slice: '' } }),
  },
  {
    name: 'DLY-1: <delay/> without stamp on an offline message',
    rules: ['DLY-1'],
    code: 'delay.stamp.missing',
    build: (c) => ({ text: messageTrace(signed(c, cpimAt(c)), attrs, "<delay xmlns='urn:xmpp:delay' from='example.net'>Offline Storage</delay>"), at: { slice: 'delay', after: '</e2e><' } }),
  },
  {
    name: 'DLY-1: a delay stamp with a +02:00 offset',
    rules: ['DLY-1', 'DLY-5'],
    code: 'delay.stamp.notUtc',
    build: (c) => {
      const stamp = new Date(c.T + 2 * 3600_000).toISOString().slice(0, 19) + '+02:00';
      return { text: messageTrace(signed(c, cpimAt(c)), attrs, `<delay xmlns='urn:xmpp:delay' from='example.net' stamp='${stamp}'/>`), at: { slice: stamp } };
    },
  },
  {
    name: 'DLY-1: two urn:xmpp:delay notes on one stanza',
    rules: ['DLY-1', 'DLY-2'],
    code: 'delay.multiple',
    build: (c) => {
      const s = c.iso(c.T - 1000);
      return { text: messageTrace(signed(c, cpimAt(c)), attrs, `<delay xmlns='urn:xmpp:delay' from='example.net' stamp='${s}'/><delay xmlns='urn:xmpp:delay' from='room@muc.example.net' stamp='${s}'/>`), at: { slice: 'delay', after: `stamp='${s}'/><` } };
    },
  },
  {
    name: 'DLY-5: a delay stamp that is not an XEP-0082 DateTime is reported, not silently ignored',
    rules: ['DLY-5', 'DLY-6'],
    code: 'delay.stamp.syntax',
    build: (c) => {
      const stamp = c.iso(c.T - 1000).slice(0, 19).replace('T', ' ');
      return { text: messageTrace(signed(c, cpimAt(c)), attrs, `<delay xmlns='urn:xmpp:delay' from='example.net' stamp='${stamp}'/>`), at: { slice: stamp } };
    },
  },
  {
    name: 'DLY-4: legacy jabber:x:delay',
    rules: ['DLY-4'],
    code: 'delay.legacy',
    build: (c) => {
      const legacy = c.iso(c.T - 1000).slice(0, 19).replace(/-/g, '');
      return { text: messageTrace(signed(c, cpimAt(c)), attrs, `<x xmlns='jabber:x:delay' from='example.net' stamp='${legacy}'/>`), at: { slice: 'x', after: '</e2e><' } };
    },
  },
  {
    name: 'DLY-7: urn:xmpp:delay and jabber:x:delay disagree',
    rules: ['DLY-7'],
    code: 'delay.inconsistent',
    build: (c) => {
      const modern = c.iso(c.T - 1000);
      const legacy = c.iso(c.T - 7200_000).slice(0, 19).replace(/-/g, '');
      return { text: messageTrace(signed(c, cpimAt(c)), attrs, `<delay xmlns='urn:xmpp:delay' from='example.net' stamp='${modern}'/><x xmlns='jabber:x:delay' stamp='${legacy}'/>`), at: { slice: legacy } };
    },
  },
  {
    name: 'E2E-37..39: the recipient reports <decryption-failed/>',
    rules: ['E2E-39', 'E2E-40', 'AMB-1'],
    code: 'e2e.err.reported',
    build: (c) => ({ text: stream(stanza('message', attrs, signed(c, cpimAt(c))), reply('m1', 'bad-request', "<decryption-failed xmlns='urn:ietf:params:xml:xmpp-e2e'/>")), at: { slice: 'decryption-failed' } }),
  },
  {
    name: 'E2E-40: the error element in RFC 3923\'s example namespace spelling',
    rules: ['E2E-40', 'AMB-1'],
    code: 'e2e.err.namespace',
    build: (c) => ({ text: stream(stanza('message', attrs, signed(c, cpimAt(c))), reply('m1', 'bad-request', "<decryption-failed xmlns='urn:ietf:params:xml:xmpp-e2e'/>")), at: { slice: 'decryption-failed' } }),
  },
  {
    name: 'DLY-6: an offline message captured six hours after its delay stamp',
    rules: ['DLY-6', 'AMB-8'],
    code: 'delay.skew',
    build: (c) => {
      const sent = c.T - 6 * 3600_000;
      const stamp = c.iso(sent + 1000);
      const msg = stanza('message', attrs, signed(c, cpimAt(c, c.iso(sent))), `<delay xmlns='urn:xmpp:delay' from='example.net' stamp='${stamp}'>Offline Storage</delay>`);
      return { text: xmpppyRecv(c.T, msg), at: { slice: stamp } };
    },
  },
  {
    name: 'E2E-40: <decryption-failed/> paired with <not-acceptable/>',
    rules: ['E2E-40', 'E2E-38'],
    code: 'e2e.err.conditionMismatch',
    build: (c) => ({ text: stream(stanza('message', attrs, signed(c, cpimAt(c))), reply('m1', 'not-acceptable', `<decryption-failed xmlns='${E2E_NS}'/>`)), at: { slice: 'not-acceptable' } }),
  },
  {
    name: 'E2E-36: <bad-timestamp/> for an object that checks out here',
    rules: ['E2E-36', 'E2E-37', 'AMB-16'],
    code: 'e2e.err.unexpected',
    build: (c) => ({ text: stream(stanza('message', attrs, signed(c, cpimAt(c))), reply('m1', 'not-acceptable', `<bad-timestamp xmlns='${E2E_NS}'/>`)), at: { slice: 'bad-timestamp' } }),
  },
  {
    name: 'E2E-35: <service-unavailable/> in reply to an e2e stanza',
    rules: ['E2E-35'],
    code: 'e2e.err.serviceUnavailable',
    build: (c) => ({ text: stream(stanza('message', attrs, signed(c, cpimAt(c))), reply('m1', 'service-unavailable', '', 'cancel')), at: { slice: 'service-unavailable' } }),
  },
  {
    name: 'E2E-40: <bad-request/> with error type cancel',
    rules: ['E2E-40', 'CORE-4', 'CORE-3'],
    code: 'e2e.err.errorType',
    build: (c) => ({ text: stream(stanza('message', attrs, signed(c, cpimAt(c))), reply('m1', 'bad-request', `<decryption-failed xmlns='${E2E_NS}'/>`, 'cancel')), at: { slice: 'cancel' } }),
  },
  {
    name: 'E2E-41: an error reply without the original <e2e/>',
    rules: ['E2E-41'],
    code: 'e2e.err.noPayload',
    build: (c) => ({ text: stream(stanza('message', attrs, signed(c, cpimAt(c))), reply('m1', 'not-acceptable', `<bad-timestamp xmlns='${E2E_NS}'/>`)), at: { slice: 'message', after: '</message>\n<' } }),
  },
  {
    name: 'E2E-41: <error/> in a stanza of type chat (RFC 3923 Examples 16-18)',
    rules: ['E2E-41', 'AMB-3', 'CORE-2'],
    code: 'xmpp.error.typeNotError',
    build: (c) => ({ text: stream(stanza('message', attrs, signed(c, cpimAt(c))), reply('m1', 'bad-request', `<decryption-failed xmlns='${E2E_NS}'/>`).replace("type='error'", "type='chat'")), at: { slice: 'chat', after: `id='m1' type='` } }),
  },
  {
    name: 'CORE-2: an error answering an error',
    rules: ['CORE-2'],
    code: 'xmpp.error.loop',
    build: (c) => {
      const back = `<message from='${JULIET}/balcony' to='${ROMEO}/orchard' id='m1' type='error'><error type='cancel'><service-unavailable xmlns='${STANZAS}'/></error></message>`;
      return { text: stream(stanza('message', attrs, signed(c, cpimAt(c))), reply('m1', 'bad-request', `<decryption-failed xmlns='${E2E_NS}'/>`), back), at: { slice: 'message', after: '</error></message>\n<' } };
    },
  },
  {
    name: 'E2E-29: a sender-side log where the second message repeats the first DateTime',
    rules: ['E2E-29'],
    code: 'e2e.ts.nonMonotonicSend',
    build: (c) => {
      const dt = new Date(Math.floor(c.T / 1000) * 1000).toISOString();
      const out = (id: string, body: string) => stanza('message', { to: `${ROMEO}`, type: 'chat', id }, signed(c, cpimAt(c, dt, body)));
      const text = xmpppyRecv(c.T, BIND_RESULT) + xmpppySent(c.T, out('s1', 'one')) + xmpppySent(c.T + 1000, out('s2', 'two'));
      return { text, at: { slice: dt, after: "id='s2'" } };
    },
  },
  {
    name: 'ADDR-7: on the sending side the bound JID is the effective from, and it does not match the signer',
    rules: ['ADDR-7', 'E2E-20'],
    code: 'e2e.jid.mismatch',
    build: (c) => {
      const out = stanza('message', { to: ROMEO, type: 'chat', id: 's1' }, signed(c, cpimAt(c), c.p.mallory));
      return { text: xmpppyRecv(c.T, BIND_RESULT) + xmpppySent(c.T, out), at: { slice: 'message', after: 'SENT: - <' } };
    },
  },
  {
    name: 'LEG-7: draft-miller-3923bis objenc <e2e> is named and not decoded as S/MIME',
    rules: ['LEG-7'],
    code: 'e2e.wrapper.namespace',
    build: () => {
      const objenc = "<e2e xmlns='urn:ietf:params:xml:ns:xmpp-objenc:0'><key cipher-algo='RSAES-OAEP'>AAEC</key><data cipher-algo='AES-256-CBC' mac-algo='HMACSHA256'>AAEC</data></e2e>";
      return { text: stream(`<message from='${attrs.from}' to='${attrs.to}' type='chat' id='o1'>${objenc}</message>`), at: { slice: 'e2e', after: "id='o1'><" } };
    },
  },
  {
    name: 'AMB-2: <signature-unverified/> (the schema spelling) is read like <unverified-signature/>',
    rules: ['AMB-2', 'E2E-38'],
    code: 'e2e.err.reported',
    build: (c) => ({ text: stream(stanza('message', attrs, signed(c, cpimAt(c)).replace('Wherefore', 'Therefore')), reply('m1', 'not-acceptable', `<signature-unverified xmlns='${E2E_NS}'/>`)), at: { slice: 'signature-unverified' } }),
  },
  {
    name: 'PIDF-13: two presence documents of one presentity with the same timestamp',
    rules: ['PIDF-13'],
    code: 'pidf.timestamp.repeated',
    build: (c) => {
      const ts = c.iso(c.T);
      const pres = (id: string, doc: string) => stanza('presence', { from: attrs.from, to: ROMEO, id }, signed(c, doc));
      return { text: stream(pres('p1', pidf(JULIET, ts)), pres('p2', pidf(JULIET, ts).replace('>open<', '>closed<'))), at: { slice: ts, after: "id='p2'" } };
    },
  },
  {
    name: 'PIDF-16: a presence document older than the previous one',
    rules: ['PIDF-16'],
    code: 'pidf.timestamp.outdated',
    build: (c) => {
      const older = c.iso(c.T - 60_000);
      const pres = (id: string, ts: string) => stanza('presence', { from: attrs.from, to: ROMEO, id }, signed(c, pidf(JULIET, ts)));
      return { text: stream(pres('p1', c.iso(c.T)), pres('p2', older)), at: { slice: older } };
    },
  },
  {
    name: 'E2E-44: a server log of both legs where the outgoing copy was modified',
    rules: ['E2E-44', 'CPIM-13', 'E2E-42', 'E2E-43', 'AMB-5'],
    code: 'e2e.gw.modified',
    build: (c) => {
      const obj = signed(c, cpimAt(c));
      const leg1 = stanza('message', attrs, obj);
      const leg2 = stanza('message', attrs, obj.replace('Wherefore art thou?', 'Where art thou?'));
      const text = ejabberdEntry(c.T, 'Received', '<0.601.0>', leg1) + ejabberdEntry(c.T + 5, 'Send', '<0.655.0>', leg2);
      return { text, at: { slice: 'Where art thou?' } };
    },
  },
  {
    name: 'a Prosody log without stanza records says which setting logs them',
    rules: [],
    code: 'trace.format.noStanzas',
    build: () => {
      const text = 'Dec 01 09:27:10 c2s55dbe3545aa0\tinfo\tClient connected\nDec 01 09:27:11 c2s55dbe3545aa0\tinfo\tAuthenticated as juliet@example.com\n';
      // A file-level finding, like the other trace.format.* ones: at the start of the file.
      return { text, at: { slice: '' } };
    },
  },
  {
    name: 'input: NUL bytes pasted into a body (a client that logged raw memory)',
    rules: [],
    code: 'input.encoding.invalid',
    build: () => ({ text: messageTrace('x').replace('x', '').replace('</message>', '<body>ab\u0000\u0000c</body></message>'), at: { slice: '\u0000\u0000' } }),
  },
  {
    name: 'input: a log whose body holds 15,000 bare ampersands: the first 10,001 faults, then one count',
    rules: [],
    code: 'findings.capped',
    build: () => {
      const text = stream(`<message from='${attrs.from}' to='${attrs.to}' id='amp'><body>${'& '.repeat(15_000)}</body></message>`);
      // The finding that counts the dropped faults stands at the 10,001st fault, where the cap took effect.
      return { text, at: { slice: '&', after: "id='amp'><body>", nth: 10_000 } };
    },
  },
  {
    name: 'internal: the analysis threw (here an injected clock): the file is not shown as clean',
    rules: [],
    code: 'internal.analysisFailed',
    build: (c) => ({
      text: messageTrace(signed(c, cpimAt(c))),
      options: {
        clock: () => {
          throw new TypeError('clock exploded');
        },
        now: undefined,
      },
      at: { slice: '' },
    }),
  },
];
