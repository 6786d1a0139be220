// Writes a large many-line client log (libstrophe style) for memory and time measurements:
// one-line stanzas, stanzas pretty-printed over several lines, and non-XML log records between.
// Usage: node scripts/make-many-line-log.mjs OUT [MB=200]
import { createWriteStream } from 'node:fs';

const [out, mbArg] = process.argv.slice(2);
if (!out) {
  console.error('usage: node scripts/make-many-line-log.mjs OUT [MB=200]');
  process.exit(2);
}
const target = Number(mbArg ?? 200) * 1024 * 1024;
const w = createWriteStream(out);
let bytes = 0;
let i = 0;
const time = (k) => {
  const s = k % 86400;
  const p = (n) => String(n).padStart(2, '0');
  return `2024-01-15 ${p(Math.floor(s / 3600))}:${p(Math.floor(s / 60) % 60)}:${p(s % 60)}`;
};
function chunk() {
  const parts = [];
  for (let j = 0; j < 1000; j++, i++) {
    const t = time(i);
    switch (i % 4) {
      case 0:
        parts.push(`${t} xmpp DEBUG SENT: <message to='bob@example.com/phone' from='alice@example.com/laptop' id='m${i}' type='chat'><body>Hello number ${i}, how are you &amp; yours?</body><active xmlns='http://jabber.org/protocol/chatstates'/></message>`);
        break;
      case 1:
        parts.push(`${t} xmpp DEBUG RECV: <presence from='carol@example.org/desk' to='alice@example.com/laptop' id='p${i}'>`, `  <show>away</show>`, `  <status>In a meeting until ${i % 24}:00</status>`, `  <c xmlns='http://jabber.org/protocol/caps' hash='sha-1' node='https://example.org' ver='QgayPKawpkPSDYmwT/WM94uAlu0='/>`, `</presence>`);
        break;
      case 2:
        parts.push(`${t} xmpp INFO conn: handler ${i} fired, queue length ${i % 17}`);
        break;
      default:
        parts.push(`${t} xmpp DEBUG RECV: <iq type='result' id='q${i}' from='example.com' to='alice@example.com/laptop'><query xmlns='jabber:iq:roster' ver='v${i}'><item jid='dave@example.net' subscription='both' name='Dave'/></query></iq>`);
    }
  }
  return parts.join('\n') + '\n';
}
function write() {
  while (bytes < target) {
    const c = chunk();
    bytes += Buffer.byteLength(c);
    if (!w.write(c)) return void w.once('drain', write);
  }
  w.end();
}
write();
