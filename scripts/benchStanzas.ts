// Plain stanzas the benchmarks' generated traces rotate through (scripts/bench.ts, scripts/large-trace.ts).
export const chatMessage = (i: number, id = `id${i}`): string =>
  `<message from='romeo@example.net/orchard' to='juliet@example.com/balcony' type='chat' id='${id}' xml:lang='en'><body>Hello number ${i} &amp; welcome, it is &lt;${i % 60}&gt; o'clock</body><active xmlns='http://jabber.org/protocol/chatstates'/><request xmlns='urn:xmpp:receipts'/></message>`;
export const awayPresence = (i: number): string =>
  `<presence from='romeo@example.net/orchard' to='juliet@example.com'><show>away</show><status>Gone fishing ${i}</status><priority>5</priority><c xmlns='http://jabber.org/protocol/caps' hash='sha-1' node='http://psi-im.org' ver='q07IKJEyjvHSyhy//CH0CxmKi8w='/></presence>`;
export const discoInfoGet = (id: string): string => `<iq type='get' id='${id}' to='example.com' from='juliet@example.com/balcony'><query xmlns='http://jabber.org/protocol/disco#info'/></iq>`;
export const mamResult = (i: number, id = `id${i}`): string =>
  `<message from='juliet@example.com' to='juliet@example.com/balcony' id='${id}'><result xmlns='urn:xmpp:mam:2' queryid='q1' id='arch${i}'><forwarded xmlns='urn:xmpp:forward:0'><delay xmlns='urn:xmpp:delay' stamp='2010-07-10T23:08:25Z'/><message to='juliet@example.com/balcony' from='romeo@example.net/orchard' type='chat'><body>Call me but love, and I'll be new baptized; henceforth I never will be Romeo.</body></message></forwarded></result></message>`;
