// Real XMPP clients: slixmpp (Debian python3-slixmpp, DEBUG logging to a file) and @xmpp/client
// (npm, @xmpp/debug on stdout). A receiver logs in first and says when it is ready; the sender
// then sends the suite's stanzas, and the receiver leaves once it has the expected messages.
import { existsSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DOMAIN } from './servers';
import { start, stop, waitFor, tail } from './processes';

const ROOT = resolve(__dirname, '..', '..', '..');
/** Debian's Python, where python3-slixmpp is installed (a pyenv shim on PATH may not have it). */
const PYTHON = existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';

export type ClientKind = 'slixmpp' | 'xmppjs';

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
}

export async function startClient(spec: ClientSpec): Promise<ClientRun> {
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
