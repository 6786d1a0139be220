// Test helper: a real Prosody (plaintext c2s, mod_bosh, mod_websocket) on free 127.0.0.1 ports with
// its own config in a temp dir, and `tcpdump -i lo` recording it; both stopped by the PIDs started
// here. The clients are real too: slixmpp (python3) over TCP, @xmpp/client over WebSocket, and a
// small BOSH client (XEP-0124/0206 over plain HTTP POSTs).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';

export function missingTools(): string | undefined {
  const missing = ['prosody', 'prosodyctl', 'tcpdump', 'tshark'].filter((c) => spawnSync('sh', ['-c', `command -v ${c}`]).status !== 0);
  if (missing.length) return `not installed: ${missing.join(', ')} (.ci/run installs them with apt-get)`;
  if (spawnSync('/usr/bin/python3', ['-c', 'import slixmpp']).status !== 0) return 'python3-slixmpp is not installed';
  // Capturing needs CAP_NET_RAW: a short probe says whether this machine grants it.
  const probe = spawnSync('tcpdump', ['-i', 'lo', '-c', '1', '-w', '/dev/null', 'tcp port 9'], { encoding: 'utf8', timeout: 3000 });
  if (!/listening on/.test(probe.stderr ?? '')) return `tcpdump cannot capture on lo here: ${(probe.stderr ?? '').trim() || 'no output'}`;
  return undefined;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      const port = typeof a === 'object' && a ? a.port : 0;
      s.close(() => resolve(port));
    });
  });
}

export interface Prosody {
  c2s: number;
  http: number;
  proc: ChildProcess;
  stop(): Promise<void>;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function waitFor(what: string, ok: () => boolean, ms = 15000): Promise<void> {
  const end = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

function listening(port: number): boolean {
  const r = spawnSync('ss', ['-ltnH', `sport = :${port}`], { encoding: 'utf8' });
  return r.stdout.includes(`:${port}`);
}

async function stopProc(p: ChildProcess, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  if (p.exitCode !== null || p.signalCode !== null || p.pid === undefined) return;
  const done = new Promise<void>((r) => p.once('exit', () => r()));
  process.kill(p.pid, signal);
  await Promise.race([done, sleep(5000).then(() => p.pid && process.kill(p.pid, 'SIGKILL'))]);
}

export async function startProsody(dir: string, users: { user: string; host: string; password: string }[]): Promise<Prosody> {
  const c2s = await freePort();
  const http = await freePort();
  mkdirSync(join(dir, 'data'), { recursive: true });
  mkdirSync(join(dir, 'certs'), { recursive: true });
  const hosts = [...new Set(users.map((u) => u.host))];
  const config = join(dir, 'prosody.cfg.lua');
  writeFileSync(
    config,
    [
      'run_as_root = true; daemonize = false',
      `pidfile = "${dir}/prosody.pid"; data_path = "${dir}/data"; certificates = "${dir}/certs"`,
      'interfaces = { "127.0.0.1" }; local_interfaces = { "127.0.0.1" }',
      `c2s_ports = { ${c2s} }; c2s_direct_tls_ports = {}; s2s_ports = {}`,
      `http_ports = { ${http} }; http_interfaces = { "127.0.0.1" }; https_ports = {}`,
      'modules_enabled = { "roster"; "saslauth"; "disco"; "ping"; "posix"; "bosh"; "websocket" }',
      'modules_disabled = { "s2s"; "tls" }',
      'c2s_require_encryption = false; allow_unencrypted_plain_auth = true',
      'consider_bosh_secure = true; consider_websocket_secure = true',
      'c2s_stanza_size_limit = 4 * 1024 * 1024',
      'authentication = "internal_hashed"; storage = "internal"',
      `log = { debug = "${dir}/prosody.log" }`,
      ...hosts.map((h) => `VirtualHost "${h}"`),
      '',
    ].join('\n'),
  );
  for (const u of users) {
    const r = spawnSync('prosodyctl', ['--config', config, 'register', u.user, u.host, u.password], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`prosodyctl register ${u.user}@${u.host}: ${r.stderr}`);
  }
  const proc = spawn('prosody', ['--config', config, '-F'], { stdio: 'ignore' });
  await waitFor('prosody to listen', () => listening(c2s) && listening(http));
  return { c2s, http, proc, stop: () => stopProc(proc) };
}

export interface Tcpdump {
  file: string;
  stop(): Promise<void>;
  /** What tcpdump printed (its packet and drop counts once stopped). */
  stderr(): string;
}

/** `tcpdump -i lo` of the given ports into `file`; resolves once it listens. */
export async function startTcpdump(file: string, ports: number[]): Promise<Tcpdump> {
  const filter = ports.map((p) => `tcp port ${p}`).join(' or ');
  // -B: a 32 MiB kernel buffer, so a loaded machine does not drop the bursts of large stanzas.
  const proc = spawn('tcpdump', ['-i', 'lo', '-U', '-B', '32768', '-s', '0', '-w', file, filter], { stdio: ['ignore', 'ignore', 'pipe'] });
  let err = '';
  proc.stderr!.on('data', (d) => (err += d));
  await waitFor('tcpdump to listen', () => /listening on/.test(err) || proc.exitCode !== null);
  if (proc.exitCode !== null) throw new Error(`tcpdump exited: ${err}`);
  return {
    file,
    stderr: () => err,
    stop: async () => {
      // Packets still in the kernel's buffer are lost at SIGINT: on a loaded machine tcpdump lags,
      // so wait until the file has stopped growing (it writes each packet at once, -U).
      let last = -1;
      let still = 0;
      for (let i = 0; i < 50 && still < 3; i++) {
        await sleep(200);
        const size = existsSync(file) ? statSync(file).size : 0;
        still = size === last ? still + 1 : 0;
        last = size;
      }
      // SIGINT: tcpdump flushes and closes the file.
      await stopProc(proc, 'SIGINT');
    },
  };
}

const SLIXMPP_CLIENT = `
import asyncio, json, sys, logging
from slixmpp import ClientXMPP
from slixmpp.xmlstream.handler import Callback
from slixmpp.xmlstream.matcher import MatchXPath
jid, password, port, outfile, expect = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4], int(sys.argv[5])
stanzas = json.load(open(outfile))
class C(ClientXMPP):
    def __init__(self):
        super().__init__(jid, password)
        self.got = 0
        self.add_event_handler('session_start', self.start)
        # RFC 3923 messages carry no <body>: slixmpp's 'message' event would not fire for them.
        self.register_handler(Callback('any message', MatchXPath('{jabber:client}message'), self.on_message))
    async def start(self, _):
        self.send_presence()
        print('READY', flush=True)
        for s in stanzas:
            self.send_raw(s)
        print('SENT', flush=True)
        await self.wait_all()
    def on_message(self, m):
        self.got += 1
        print('GOT ' + m['id'], flush=True)
    async def wait_all(self):
        for _ in range(300):
            if self.got >= expect: break
            await asyncio.sleep(0.1)
        await asyncio.sleep(0.3)
        self.disconnect()
c = C()
c.connect(('127.0.0.1', port), use_ssl=False, force_starttls=False, disable_starttls=True)
c.loop.run_until_complete(c.disconnected)
print('DONE', flush=True)
`;

export interface PyClient {
  lines: string[];
  done: Promise<number>;
  proc: ChildProcess;
}

/** slixmpp over plaintext TCP: sends `stanzas` raw after session start, waits for `expect` messages. */
export function slixmppClient(dir: string, jid: string, password: string, port: number, stanzas: string[], expect: number): PyClient {
  const script = join(dir, 'client.py');
  writeFileSync(script, SLIXMPP_CLIENT);
  const data = join(dir, `stanzas-${jid.replace(/\W/g, '_')}.json`);
  writeFileSync(data, JSON.stringify(stanzas));
  const proc = spawn('/usr/bin/python3', [script, jid, password, String(port), data, String(expect)], { stdio: ['ignore', 'pipe', 'pipe'] });
  return linesOf(proc);
}

export { sleep, waitFor, stopProc };

const XMPPJS_CLIENT = `
import { readFileSync } from 'node:fs';
const [mod, url, domain, username, password, resource, file] = process.argv.slice(2);
const { client } = await import(mod);
const stanzas = JSON.parse(readFileSync(file, 'utf8'));
const xmpp = client({ service: url, domain, username, password, resource });
xmpp.on('error', (e) => console.error('ERR ' + e.message));
xmpp.on('stanza', (s) => { if (s.is('message')) console.log('GOT ' + s.attrs.id); });
xmpp.on('online', async () => { await xmpp.write("<presence xmlns='jabber:client'/>"); console.log('READY'); });
let buf = '';
process.stdin.on('data', async (d) => {
  buf += d;
  if (buf.includes('SEND\\n')) { buf = buf.replace('SEND\\n', ''); for (const s of stanzas) await xmpp.write(s); console.log('SENT'); }
  if (buf.includes('STOP\\n')) { await xmpp.stop(); console.log('DONE'); process.exit(0); }
});
await xmpp.start();
`;

export interface JsClient extends PyClient {
  command(c: 'SEND' | 'STOP'): void;
}

/** @xmpp/client over WebSocket (Node's WebSocket): READY when online, sends its stanzas on SEND. */
export function xmppjsClient(dir: string, modulePath: string, url: string, domain: string, user: string, password: string, resource: string, stanzas: string[]): JsClient {
  const script = join(dir, 'client.mjs');
  writeFileSync(script, XMPPJS_CLIENT);
  const data = join(dir, `stanzas-${user}-js.json`);
  writeFileSync(data, JSON.stringify(stanzas));
  const proc = spawn(process.execPath, ['--experimental-websocket', '--no-warnings', script, modulePath, url, domain, user, password, resource, data], { stdio: ['pipe', 'pipe', 'pipe'] });
  const c = linesOf(proc);
  return { ...c, command: (cmd) => proc.stdin!.write(`${cmd}\n`) };
}

function linesOf(proc: ChildProcess): PyClient {
  const lines: string[] = [];
  let buf = '';
  proc.stdout!.on('data', (d) => {
    buf += d;
    const parts = buf.split('\n');
    buf = parts.pop()!;
    lines.push(...parts);
  });
  let err = '';
  proc.stderr!.on('data', (d) => (err += d));
  const done = new Promise<number>((resolve) =>
    proc.once('exit', (code) => {
      if (code !== 0) process.stderr.write(`client ${proc.spawnargs.slice(0, 3).join(' ')}: ${err}\n`);
      resolve(code ?? -1);
    }),
  );
  return { lines, done, proc };
}

/** A BOSH session (XEP-0206): create, SASL PLAIN, restart, bind, send raw stanzas, terminate. */
export async function boshSend(url: string, domain: string, user: string, password: string, resource: string, stanzas: string[]): Promise<void> {
  let rid = 1_000_000 + Math.floor(Math.random() * 1000);
  const NS = "xmlns='http://jabber.org/protocol/httpbind'";
  const post = async (body: string): Promise<string> => {
    const r = await fetch(url, { method: 'POST', body, headers: { 'content-type': 'text/xml; charset=utf-8' } });
    const t = await r.text();
    if (!r.ok) throw new Error(`BOSH ${r.status}: ${t}`);
    return t;
  };
  const created = await post(`<body ${NS} content='text/xml; charset=utf-8' hold='1' rid='${rid++}' to='${domain}' ver='1.6' wait='2' xml:lang='en' xmpp:version='1.0' xmlns:xmpp='urn:xmpp:xbosh'/>`);
  const sid = /sid=['"]([^'"]+)['"]/.exec(created)?.[1];
  if (!sid) throw new Error(`no BOSH sid: ${created}`);
  const b = (inner: string, extra = '') => post(`<body ${NS} rid='${rid++}' sid='${sid}'${extra}>${inner}</body>`);
  const auth = await b(`<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>${Buffer.from(`\0${user}\0${password}`).toString('base64')}</auth>`);
  if (!/<success/.test(auth)) throw new Error(`BOSH auth: ${auth}`);
  await post(`<body ${NS} rid='${rid++}' sid='${sid}' to='${domain}' xml:lang='en' xmpp:restart='true' xmlns:xmpp='urn:xmpp:xbosh'/>`);
  const bound = await b(`<iq type='set' id='bind1' xmlns='jabber:client'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'><resource>${resource}</resource></bind></iq>`);
  if (!/<jid>/.test(bound)) throw new Error(`BOSH bind: ${bound}`);
  await b(`<iq type='set' id='sess1' xmlns='jabber:client'><session xmlns='urn:ietf:params:xml:ns:xmpp-session'/></iq>`);
  await b(stanzas.join(''));
  await b('', " type='terminate'");
}
