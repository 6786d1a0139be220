// Test helper: a minimal XMPP client over node:net for a real server started by the test:
// in-band registration (XEP-0077) with a password, then a real SASL SCRAM-SHA-1 login (RFC 5802,
// the proof computed here from the server's salt and iteration count), resource binding and one
// message. Returns the secret values the exchange put on the wire.
import { createHash, createHmac, pbkdf2Sync, randomBytes } from 'node:crypto';
import { connect, type Socket } from 'node:net';

const SASL = "xmlns='urn:ietf:params:xml:ns:xmpp-sasl'";

class Wire {
  private buf = '';
  private waiters: (() => void)[] = [];
  constructor(readonly sock: Socket) {
    sock.setEncoding('utf8');
    sock.on('data', (d: string) => {
      this.buf += d;
      for (const w of this.waiters.splice(0)) w();
    });
  }
  send(s: string): void {
    this.sock.write(s);
  }
  /** Resolves with the first match of `re` in what arrived since the last match. */
  async expect(re: RegExp, ms = 10_000): Promise<RegExpExecArray> {
    const deadline = Date.now() + ms;
    for (;;) {
      const m = re.exec(this.buf);
      if (m) {
        this.buf = this.buf.slice(m.index + m[0].length);
        return m;
      }
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${re} (have: ${this.buf.slice(0, 300)})`);
      await new Promise<void>((resolve) => {
        this.waiters.push(resolve);
        setTimeout(resolve, 200);
      });
    }
  }
}

const open = (domain: string) => `<?xml version='1.0'?><stream:stream to='${domain}' xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' version='1.0'>`;

export interface Session {
  secrets: string[];
}

export async function registerAndLogin(port: number, local: string, domain: string, password: string): Promise<Session> {
  const sock = connect(port, '127.0.0.1');
  await new Promise<void>((resolve, reject) => sock.once('connect', resolve).once('error', reject));
  const w = new Wire(sock);
  try {
    w.send(open(domain));
    await w.expect(/<\/stream:features>/);
    w.send(`<iq type='set' id='reg1'><query xmlns='jabber:iq:register'><username>${local}</username><password>${password}</password></query></iq>`);
    await w.expect(/<iq[^>]*id=['"]reg1['"][^>]*type=['"]result['"]|<iq[^>]*type=['"]result['"][^>]*id=['"]reg1['"]/);

    const cnonce = randomBytes(18).toString('base64');
    const clientFirstBare = `n=${local},r=${cnonce}`;
    w.send(`<auth ${SASL} mechanism='SCRAM-SHA-1'>${Buffer.from(`n,,${clientFirstBare}`).toString('base64')}</auth>`);
    const challenge = Buffer.from((await w.expect(/<challenge[^>]*>([^<]+)<\/challenge>/))[1], 'base64').toString('utf8');
    const fields = Object.fromEntries(challenge.split(',').map((kv) => [kv[0], kv.slice(2)]));
    const salted = pbkdf2Sync(password, Buffer.from(fields.s, 'base64'), Number(fields.i), 20, 'sha1');
    const clientFinalNoProof = `c=biws,r=${fields.r}`;
    const authMessage = `${clientFirstBare},${challenge},${clientFinalNoProof}`;
    const clientKey = createHmac('sha1', salted).update('Client Key').digest();
    const signature = createHmac('sha1', createHash('sha1').update(clientKey).digest()).update(authMessage).digest();
    const proof = Buffer.from(clientKey.map((b, i) => b ^ signature[i])).toString('base64');
    const response = Buffer.from(`${clientFinalNoProof},p=${proof}`).toString('base64');
    w.send(`<response ${SASL}>${response}</response>`);
    const success = (await w.expect(/<success[^>]*>([^<]*)<\/success>|<failure[^>]*>[\s\S]*?<\/failure>/));
    if (!success[0].startsWith('<success')) throw new Error(`SCRAM login refused: ${success[0]}`);

    w.send(open(domain));
    await w.expect(/<\/stream:features>/);
    w.send(`<iq type='set' id='bind1'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'><resource>laptop</resource></bind></iq>`);
    await w.expect(/<jid>[^<]+<\/jid>/);
    w.send(`<message to='${local}@${domain}' type='chat' id='m1'><body>note to self</body></message>`);
    w.send(`<iq type='get' id='ping1'><ping xmlns='urn:xmpp:ping'/></iq>`);
    await w.expect(/id=['"]ping1['"]/);
    w.send('</stream:stream>');
    return { secrets: [password, Buffer.from(password).toString('base64'), proof, response, success[1], fields.s] };
  } finally {
    sock.end();
  }
}
