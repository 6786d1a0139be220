// Redaction of a real server's log: Prosody (Debian), started by the test on a free loopback port
// with its stanza_debug module, receives an in-band registration with a password and a real
// SASL SCRAM-SHA-1 login computed against its own salt; its log is then redacted. Neither the
// password, nor its base64, nor any SCRAM message survives, and the log keeps its lines.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseTrace } from '../../server/src/core/trace/parseTrace';
import { redactTrace } from '../../server/src/core/redact/redactTrace';
import { registerAndLogin, type Session } from './scramClient';

let dir: string;
let server: ChildProcess | undefined;
let port: number;
const haveProsody = spawnSync('sh', ['-c', 'command -v prosody']).status === 0;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const p = (s.address() as { port: number }).port;
      s.close(() => resolve(p));
    });
  });
}

async function waitForPort(p: number, ms = 20_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    const ok = await new Promise<boolean>((resolve) => {
      const c = connect(p, '127.0.0.1');
      c.once('connect', () => (c.end(), resolve(true)));
      c.once('error', () => resolve(false));
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 150));
  }
  throw new Error(`prosody did not listen on ${p}`);
}

before(async () => {
  if (!haveProsody) return;
  dir = mkdtempSync(join(tmpdir(), 'xmpp-e2e-prosody-'));
  port = await freePort();
  for (const d of ['data', 'certs']) mkdirSync(join(dir, d));
  writeFileSync(
    join(dir, 'prosody.cfg.lua'),
    [
      'run_as_root = true; daemonize = false',
      `pidfile = "${dir}/prosody.pid"; data_path = "${dir}/data"; certificates = "${dir}/certs"`,
      `interfaces = { "127.0.0.1" }; c2s_ports = { ${port} }; c2s_direct_tls_ports = {}`,
      's2s_ports = {}; http_ports = {}; https_ports = {}',
      'modules_enabled = { "roster"; "saslauth"; "disco"; "ping"; "posix"; "stanza_debug"; "register" }',
      'modules_disabled = { "s2s"; "tls" }',
      'allow_registration = true; c2s_require_encryption = false; allow_unencrypted_plain_auth = true',
      'authentication = "internal_hashed"; storage = "internal"',
      `log = { debug = "${dir}/prosody.log" }`,
      'VirtualHost "example.com"',
      '',
    ].join('\n'),
  );
  server = spawn('prosody', ['--config', join(dir, 'prosody.cfg.lua'), '-F'], { stdio: 'ignore' });
  await waitForPort(port);
});

after(async () => {
  if (server && server.exitCode === null) {
    const exited = new Promise((r) => server!.once('exit', r));
    server.kill('SIGTERM');
    await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
    if (server.exitCode === null) server.kill('SIGKILL');
  }
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test('a real Prosody log of registration and a SCRAM-SHA-1 login keeps no secret', { skip: haveProsody ? false : 'prosody is not installed (.ci/run installs it)' }, async () => {
  const password = `pw-${randomBytes(9).toString('base64url')}`;
  const session: Session = await registerAndLogin(port, 'juliet', 'example.com', password);
  // The server logs asynchronously: wait until the last exchange is in the file.
  let log = '';
  for (let i = 0; i < 50 && !/ping1/.test(log); i++) {
    await new Promise((r) => setTimeout(r, 100));
    log = readFileSync(join(dir, 'prosody.log'), 'utf8');
  }
  const inLog = session.secrets.filter((s) => log.includes(s));
  assert.ok(inLog.includes(password), 'the server logged the registration password');
  assert.ok(inLog.length >= 3, `the log holds the SCRAM messages too (${inLog.length})`);

  const r = redactTrace(log, { bodies: true });
  for (const s of session.secrets) assert.ok(!r.text.includes(s), `survived: ${s.slice(0, 12)}…`);
  assert.ok(!r.text.includes('note to self'), 'the body is gone with --bodies');
  assert.equal(r.text.split('\n').length, log.split('\n').length);
  const kinds = new Set(r.removed.map((x) => x.kind));
  assert.ok(kinds.has('sasl') && kinds.has('password') && kinds.has('body'), [...kinds].join());
  const a = parseTrace(log);
  const b = parseTrace(r.text);
  assert.equal(b.dialect, a.dialect);
  assert.equal(b.stanzas.length, a.stanzas.length);
});
