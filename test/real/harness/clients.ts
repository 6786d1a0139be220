// Real XMPP clients: slixmpp (Debian python3-slixmpp, DEBUG logging to a file) and @xmpp/client
// (npm, @xmpp/debug on stdout). A receiver logs in first and says when it is ready; the sender
// then sends the suite's stanzas, and the receiver leaves once it has the expected messages.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { DOMAIN } from './servers';
import { adopt, start, stop, waitFor, tail, signalTree } from './processes';

const ROOT = resolve(__dirname, '..', '..', '..');
/** Debian's Python, where python3-slixmpp is installed (a pyenv shim on PATH may not have it). */
const PYTHON = existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';

export type ClientKind = 'slixmpp' | 'xmppjs' | 'profanity';

export interface ClientRun {
  kind: ClientKind;
  /** The log the client writes. */
  log: string;
  /** Resolves when the client exits with 0; rejects with its log's tail otherwise. */
  done: Promise<void>;
  stop(): Promise<void>;
}

export interface ClientSpec {
  kind: ClientKind;
  user: string;
  password: string;
  resource: string;
  port: number;
  dir: string;
  /** Raw stanzas to send, in order. */
  send?: string[];
  /** Incoming messages to wait for before leaving. */
  expect?: number;
  /** Profanity: the id of the last message to wait for. */
  lastId?: string;
}

export async function startClient(spec: ClientSpec): Promise<ClientRun> {
  if (spec.kind === 'profanity') return startProfanity(spec);
  const tag = `${spec.kind}-${spec.user}`;
  const log = join(spec.dir, `${tag}.log`);
  const ready = join(spec.dir, `${tag}.ready`);
  const sendFile = join(spec.dir, `${tag}.send.json`);
  writeFileSync(sendFile, JSON.stringify(spec.send ?? []));
  let s;
  if (spec.kind === 'slixmpp') {
    const args = [join(ROOT, 'scripts', 'real', 'slixClient.py'), '--jid', `${spec.user}@${DOMAIN}/${spec.resource}`, '--password', spec.password];
    args.push('--port', String(spec.port), '--send', sendFile, '--expect', String(spec.expect ?? 0), '--log', log, '--ready', ready, '--timeout', '60');
    s = start(tag, PYTHON, args, join(spec.dir, `${tag}.stderr.log`));
  } else {
    const a = { port: spec.port, domain: DOMAIN, resource: spec.resource, username: spec.user, password: spec.password, send: sendFile, expect: spec.expect ?? 0, ready, timeout: 60 };
    // @xmpp/debug writes to the console: stdout and stderr are the client's log.
    s = start(tag, process.execPath, [join(ROOT, 'scripts', 'real', 'xmppjsClient.mjs'), JSON.stringify(a)], log, { cwd: ROOT });
  }
  const started = s;
  const done = started.exited.then((code) => {
    if (code !== 0) throw new Error(`${tag} exited with ${code}: ${tail(spec.kind === 'slixmpp' ? join(spec.dir, `${tag}.stderr.log`) : log)}`);
  });
  done.catch(() => {});
  await waitFor(`${tag} online`, () => existsSync(ready) || started.child.exitCode !== null, 30_000);
  if (!existsSync(ready)) await done;
  return { kind: spec.kind, log, done, stop: () => stop(started) };
}

/**
 * Profanity 0.13 (libstrophe) as a receiver, in a tmux of our own (its own socket): an account
 * file with the loopback server and `tls.policy=disable`, `profanity -a <account> -l DEBUG`. Its
 * log is $HOME/.local/share/profanity/logs/profanity.log. It leaves (/quit) once the last expected
 * message id is in its log; the tmux server is stopped by its PID in any case.
 */
async function startProfanity(spec: ClientSpec): Promise<ClientRun> {
  const home = join(spec.dir, 'profanity-home');
  const data = join(home, '.local', 'share', 'profanity');
  mkdirSync(data, { recursive: true });
  const account = `${spec.user}@${DOMAIN}`;
  writeFileSync(
    join(data, 'accounts'),
    `[${account}]\nenabled=true\njid=${account}\nresource=${spec.resource}\nserver=127.0.0.1\nport=${spec.port}\ntls.policy=disable\npassword=${spec.password}\n`,
  );
  const log = join(data, 'logs', 'profanity.log');
  const sock = join(spec.dir, 'tmux.sock');
  const tmux = (...args: string[]): string => execFileSync('tmux', ['-S', sock, ...args], { env: { ...process.env, TZ: 'UTC' } }).toString();
  tmux('new-session', '-d', '-x', '200', '-y', '50', `env HOME=${home} TZ=UTC profanity -a ${account} -l DEBUG`);
  const pid = Number(tmux('display-message', '-p', '#{pid}').trim());
  adopt(pid);
  const alive = (): boolean => {
    try {
      process.kill(pid, 0);
      return true;
    } catch {
      return false;
    }
  };
  const stopTmux = async (): Promise<void> => {
    if (!alive()) return;
    await signalTree(pid);
  };
  const logText = (): string => (existsSync(log) ? readFileSync(log, 'utf8') : '');
  try {
    await waitFor('profanity online', () => /SENT: <presence/.test(logText()), 30_000, 200);
  } catch (e) {
    await stopTmux();
    throw e;
  }
  const done = (async () => {
    try {
      if (spec.lastId) await waitFor(`profanity received ${spec.lastId}`, () => logText().includes(`id="${spec.lastId}"`), 60_000, 200);
      tmux('send-keys', '/quit', 'Enter');
      await waitFor('profanity quit', () => !alive(), 10_000, 100);
    } finally {
      await stopTmux();
    }
  })();
  done.catch(() => {});
  return { kind: 'profanity', log, done, stop: stopTmux };
}
