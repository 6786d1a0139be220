// A real @xmpp/client for the real-software suite: logs in over plain TCP, sends the given stanzas
// (parsed into ltx elements, as an xmpp.js application builds them) and waits for the expected
// number of incoming messages. Its log is @xmpp/debug's console output (stdout), captured by the
// caller. Usage: node xmppjsClient.mjs JSON-ARGS
import { client } from '@xmpp/client';
import debug from '@xmpp/debug';
import parse from '@xmpp/xml/lib/parse.js';
import { readFileSync, writeFileSync } from 'node:fs';

const a = JSON.parse(process.argv[2]);
const xmpp = client({
  service: `xmpp://127.0.0.1:${a.port}`,
  domain: a.domain,
  resource: a.resource,
  username: a.username,
  password: a.password,
});
debug(xmpp, true);

let got = 0;
let sent = false;
let done;
const finished = new Promise((r) => (done = r));
xmpp.on('error', () => {});
xmpp.on('stanza', (st) => {
  if (st.is('message') && st.attrs.type !== 'error') got++;
  if (sent && got >= (a.expect ?? 0)) done();
});
xmpp.on('online', async () => {
  await xmpp.send(parse('<presence/>'));
  for (const raw of a.send ? JSON.parse(readFileSync(a.send, 'utf8')) : []) {
    await xmpp.send(parse(raw));
    await new Promise((r) => setTimeout(r, 50));
  }
  if (a.ready) writeFileSync(a.ready, 'ready');
  sent = true;
  if (got >= (a.expect ?? 0)) done();
});
const timer = setTimeout(() => {
  console.error(`timeout: got ${got} of ${a.expect}`);
  process.exit(2);
}, (a.timeout ?? 60) * 1000);
await xmpp.start();
await finished;
await new Promise((r) => setTimeout(r, 300));
await xmpp.stop();
clearTimeout(timer);
