// Shared by the key and seal tests: a temp directory with keygen output, and an openssl runner.
// Keys are generated at test time and deleted with the directory; nothing is committed.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { generateIdentities } from '../../server/src/core/keys/keygen';

export interface TestBed {
  dir: string;
  path(name: string): string;
  cleanup(): void;
}

export function tempDir(prefix: string): TestBed {
  const dir = mkdtempSync(join(tmpdir(), `xmpp-e2e-${prefix}-`));
  return { dir, path: (n) => join(dir, n), cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** keygen output written under `dir` (files relative to it, as the CLI writes them). */
export function writeIdentities(dir: string, jids: string[], opts: { ca?: boolean; nowMs?: number } = {}): string[] {
  const files = generateIdentities({ jids, ...opts });
  for (const f of files) {
    const p = join(dir, f.name);
    mkdirSync(dirname(p), { recursive: true });
    writeFileSync(p, f.contents, { mode: f.secret ? 0o600 : 0o644 });
  }
  return files.map((f) => f.name);
}

export interface Run {
  status: number;
  stdout: Buffer;
  stderr: string;
}

export function openssl(args: string[], input?: string | Uint8Array, cwd?: string): Run {
  const r = spawnSync('openssl', args, { input, cwd, maxBuffer: 64 * 1024 * 1024 });
  return { status: r.status ?? -1, stdout: r.stdout ?? Buffer.alloc(0), stderr: r.stderr?.toString() ?? '' };
}

/** Runs openssl and fails loudly (with its stderr) when it does not exit 0. */
export function opensslOk(args: string[], input?: string | Uint8Array, cwd?: string): Buffer {
  const r = openssl(args, input, cwd);
  if (r.status !== 0) throw new Error(`openssl ${args.join(' ')} failed (${r.status}): ${r.stderr}`);
  return r.stdout;
}

export const repoRoot = resolve(__dirname, '..', '..');
export const corpusDir = resolve(repoRoot, '..', 'shared', 'corpus');
