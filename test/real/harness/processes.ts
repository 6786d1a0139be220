// Processes the real-software suite starts: each is remembered by the PID it got, and stopped by
// that PID (and the PIDs of its own descendants, for launchers such as ejabberdctl -> su -> beam),
// also when a test fails or the run is interrupted. Nothing else is ever signalled.
import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { createServer } from 'node:net';
import { openSync, readdirSync, readFileSync, closeSync } from 'node:fs';

interface Started {
  name: string;
  child: ChildProcess;
  exited: Promise<number | null>;
}

const started: Started[] = [];
/** PIDs another program started for us and told us (tmux's server). */
const adopted = new Set<number>();

export function adopt(pid: number): void {
  adopted.add(pid);
}

/** Starts `cmd` with stdout and stderr written to `logFile` (both are part of what the program logs). */
export function start(name: string, cmd: string, args: string[], logFile: string, options: SpawnOptions = {}): Started {
  const fd = openSync(logFile, 'a');
  const child = spawn(cmd, args, { stdio: ['ignore', fd, fd], ...options, env: { ...process.env, TZ: 'UTC', ...options.env } });
  closeSync(fd);
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const s = { name, child, exited };
  started.push(s);
  return s;
}

/** Runs to completion; rejects with the log's tail when the exit code is not 0. */
export async function run(name: string, cmd: string, args: string[], logFile: string, options: SpawnOptions = {}, timeoutMs = 60_000): Promise<void> {
  const s = start(name, cmd, args, logFile, options);
  const timer = setTimeout(() => void stop(s), timeoutMs);
  const code = await s.exited;
  clearTimeout(timer);
  if (code !== 0) throw new Error(`${name} exited with ${code}: ${tail(logFile)}`);
}

export function tail(file: string, chars = 1500): string {
  try {
    const t = readFileSync(file, 'utf8');
    return t.slice(-chars);
  } catch {
    return '(no log)';
  }
}

/** The PIDs below `pid` (children first found by their parent PID in /proc). */
export function descendants(pid: number): number[] {
  const parentOf = new Map<number, number>();
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      parentOf.set(Number(d), ppid);
    } catch {
      // gone meanwhile
    }
  }
  const out: number[] = [];
  const walk = (p: number): void => {
    for (const [c, pp] of parentOf) if (pp === p && !out.includes(c)) {
      out.push(c);
      walk(c);
    }
  };
  walk(pid);
  return out;
}

function signal(pid: number, sig: NodeJS.Signals): void {
  try {
    process.kill(pid, sig);
  } catch {
    // already gone
  }
}

/** SIGTERM to the process and its descendants (deepest first), SIGKILL after `graceMs`. */
export async function stop(s: Started, graceMs = 8000): Promise<void> {
  const pid = s.child.pid;
  if (pid === undefined || s.child.exitCode !== null || s.child.signalCode !== null) return;
  const tree = [...descendants(pid).reverse(), pid];
  for (const p of tree) signal(p, 'SIGTERM');
  const done = await Promise.race([s.exited.then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), graceMs))]);
  const left = tree.filter((p) => {
    try {
      process.kill(p, 0);
      return true;
    } catch {
      return false;
    }
  });
  if (!done || left.length) for (const p of left) signal(p, 'SIGKILL');
}

/** For processes started by another program on our behalf (tmux's server): the PID it reported, and its descendants. */
export async function signalTree(pid: number, graceMs = 3000): Promise<void> {
  const tree = [...descendants(pid).reverse(), pid];
  for (const p of tree) signal(p, 'SIGTERM');
  const until = Date.now() + graceMs;
  const alive = (p: number): boolean => {
    try {
      process.kill(p, 0);
      return true;
    } catch {
      return false;
    }
  };
  while (Date.now() < until && tree.some(alive)) await new Promise((r) => setTimeout(r, 100));
  for (const p of tree.filter(alive)) signal(p, 'SIGKILL');
}

export async function stopAll(): Promise<void> {
  while (started.length) await stop(started.pop()!);
  for (const pid of adopted) await signalTree(pid);
  adopted.clear();
}

// An interrupted run still stops what it started.
process.on('exit', () => {
  for (const s of started) {
    const pid = s.child.pid;
    if (pid === undefined || s.child.exitCode !== null) continue;
    for (const p of [...descendants(pid).reverse(), pid]) signal(p, 'SIGKILL');
  }
  for (const pid of adopted) for (const p of [...descendants(pid).reverse(), pid]) signal(p, 'SIGKILL');
});

/** A loopback port nobody listens on now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const a = srv.address();
      const port = typeof a === 'object' && a ? a.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

/** Polls `check` until it is true or `timeoutMs` passes. */
export async function waitFor(what: string, check: () => boolean, timeoutMs = 30_000, everyMs = 100): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
