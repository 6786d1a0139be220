// Real Prosody and ejabberd (Debian packages), each from its own config in a temp folder, on a
// free loopback port, with a test domain and registered accounts. Their logs are what they write.
import { chmodSync, chownSync, copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { freePort, run, start, stop, waitFor } from './processes';

export const DOMAIN = 'example.com';

export interface Server {
  name: 'prosody' | 'ejabberd';
  port: number;
  /** The server's log files (what it writes, as it writes it). */
  logs: string[];
  register(user: string, password: string): Promise<void>;
  stop(): Promise<void>;
}

function listening(port: number): boolean {
  const hex = port.toString(16).toUpperCase().padStart(4, '0');
  for (const f of ['/proc/net/tcp', '/proc/net/tcp6']) {
    try {
      const lines = readFileSync(f, 'utf8').split('\n');
      if (lines.some((l) => l.includes(`:${hex} `) && / 0A /.test(l))) return true;
    } catch {
      // no IPv6
    }
  }
  return false;
}

/** Prosody 0.12 in the foreground: default debug log, plus mod_stanza_debug when asked. */
export async function startProsody(dir: string, options: { stanzaDebug: boolean }): Promise<Server> {
  const port = await freePort();
  mkdirSync(join(dir, 'data'), { recursive: true });
  mkdirSync(join(dir, 'certs'), { recursive: true });
  const log = join(dir, 'prosody.log');
  const cfg = join(dir, 'prosody.cfg.lua');
  writeFileSync(
    cfg,
    [
      'run_as_root = true; daemonize = false',
      `pidfile = "${dir}/prosody.pid"; data_path = "${dir}/data"; certificates = "${dir}/certs"`,
      `interfaces = { "127.0.0.1" }; c2s_ports = { ${port} }; c2s_direct_tls_ports = {}`,
      's2s_ports = {}; http_ports = {}; https_ports = {}; component_ports = {}',
      `modules_enabled = { "roster"; "saslauth"; "disco"; "ping"; "posix"${options.stanzaDebug ? '; "stanza_debug"' : ''} }`,
      'modules_disabled = { "s2s"; "tls"; "offline" }',
      'c2s_require_encryption = false; allow_unencrypted_plain_auth = true',
      'authentication = "internal_hashed"; storage = "internal"',
      `log = { debug = "${log}" }`,
      `VirtualHost "${DOMAIN}"`,
      '',
    ].join('\n'),
  );
  const out = join(dir, 'prosody.stdout.log');
  const p = start('prosody', 'prosody', ['--config', cfg, '-F'], out);
  await waitFor(`Prosody on port ${port}`, () => listening(port) || p.child.exitCode !== null, 30_000);
  if (p.child.exitCode !== null) throw new Error(`prosody exited: ${readFileSync(out, 'utf8').slice(-1000)}`);
  return {
    name: 'prosody',
    port,
    logs: [log],
    register: (user, password) => run('prosodyctl', 'prosodyctl', ['--config', cfg, 'register', user, DOMAIN, password], join(dir, 'prosodyctl.log')),
    stop: () => stop(p),
  };
}

/**
 * ejabberd 23.01 in the foreground (`ejabberdctl foreground`, which runs beam as the ejabberd
 * user), `loglevel: debug`. ERL_DIST_PORT gives Erlang distribution a fixed port of our own, so no
 * epmd is started or shared (and `ejabberdctl stop`, which may kill a shared epmd, is never used).
 */
export async function startEjabberd(dir: string): Promise<Server> {
  const port = await freePort();
  const distPort = await freePort();
  const node = `xmppe2e${process.pid}${port}@localhost`;
  for (const d of ['logs', 'spool']) mkdirSync(join(dir, d), { recursive: true });
  copyFileSync('/etc/ejabberd/inetrc', join(dir, 'inetrc'));
  writeFileSync(join(dir, 'ejabberdctl.cfg'), `ERLANG_NODE=${node}\nINET_DIST_INTERFACE=127.0.0.1\nERL_EPMD_ADDRESS=127.0.0.1\nERL_DIST_PORT=${distPort}\n`);
  writeFileSync(
    join(dir, 'ejabberd.yml'),
    [
      `hosts: [${DOMAIN}]`,
      'loglevel: debug',
      'certfiles: []',
      'listen:',
      `  - port: ${port}`,
      '    ip: "127.0.0.1"',
      '    module: ejabberd_c2s',
      '    starttls: false',
      '    max_stanza_size: 1048576',
      'auth_method: internal',
      'acl: {}',
      'modules:',
      '  mod_roster: {}',
      '  mod_disco: {}',
      '',
    ].join('\n'),
  );
  chownTree(dir, 'ejabberd');
  const ctl = ['--config-dir', dir, '--logs', join(dir, 'logs'), '--spool', join(dir, 'spool')];
  const log = join(dir, 'logs', 'ejabberd.log');
  const out = join(dir, 'ejabberd.console.log');
  const p = start('ejabberd', 'ejabberdctl', [...ctl, 'foreground'], out);
  const ready = (): boolean => existsSync(log) && readFileSync(log, 'utf8').includes(`Start accepting TCP connections at 127.0.0.1:${port}`);
  await waitFor(`ejabberd on port ${port}`, () => ready() || p.child.exitCode !== null, 60_000, 250);
  if (p.child.exitCode !== null) throw new Error(`ejabberd exited: ${readFileSync(out, 'utf8').slice(-1500)}`);
  return {
    name: 'ejabberd',
    port,
    logs: [log, out],
    register: (user, password) => run('ejabberdctl register', 'ejabberdctl', [...ctl, 'register', user, DOMAIN, password], join(dir, 'ejabberdctl.log')),
    stop: () => stop(p),
  };
}

function chownTree(dir: string, user: string): void {
  const uid = Number(execFileSync('id', ['-u', user]).toString().trim());
  const gid = Number(execFileSync('id', ['-g', user]).toString().trim());
  const walk = (p: string): void => {
    chownSync(p, uid, gid);
    if (statSync(p).isDirectory()) for (const c of readdirSync(p)) walk(join(p, c));
  };
  walk(dir);
  chmodSync(dir, 0o755);
}
