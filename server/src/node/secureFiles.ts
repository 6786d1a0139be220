// Writing key material safely, for the CLI and the language server alike: private keys 0600 even
// over an existing file (written aside, then renamed over it), folders 0700 whatever the umask,
// nothing replaced without `force`, and nothing written outside the folder the caller allows.
import { chmodSync, closeSync, existsSync, fsyncSync, mkdirSync, openSync, realpathSync, renameSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { randomBytes } from 'node:crypto';

export interface OutFile {
  name: string;
  contents: string;
  secret: boolean;
}

/** A refusal with a one-line, user-facing reason (no stack, no "internal error"). */
export class FileRefusal extends Error {}

/**
 * Writes `files` under `root` (created 0700 when missing). Refuses, before writing anything, when
 * `root` is a file, a name escapes `root`, or a target exists and `force` is not set.
 */
export function writeFilesSecurely(root: string, files: OutFile[], force: boolean, hint = 'use --force to replace'): string[] {
  const base = resolve(root);
  if (existsSync(base) && !statSync(base).isDirectory()) throw new FileRefusal(`${root} is a file, not a folder`);
  const targets = files.map((f) => {
    const target = resolve(base, f.name);
    if (!isInside(target, base)) throw new FileRefusal(`refusing to write outside ${base}: ${f.name}`);
    return target;
  });
  const existing = targets.filter((t) => existsSync(t));
  if (existing.length > 0 && !force) {
    throw new FileRefusal(`${existing.map((t) => relative(process.cwd(), t) || t).join(', ')} already exist${existing.length === 1 ? 's' : ''}: not replaced (${hint})`);
  }
  files.forEach((f, i) => {
    makeFolders(dirname(targets[i]));
    writeAtomically(targets[i], f.contents, f.secret ? 0o600 : 0o644);
  });
  return targets;
}

/** mkdir -p with every created folder 0700 (a umask of 000 would otherwise leave 0777). */
export function makeFolders(dir: string): void {
  const missing: string[] = [];
  for (let d = resolve(dir); !existsSync(d); d = dirname(d)) {
    missing.unshift(d);
    if (dirname(d) === d) break;
  }
  for (const d of missing) {
    mkdirSync(d, { mode: 0o700 });
    chmodSync(d, 0o700);
  }
  if (existsSync(dir) && !statSync(dir).isDirectory()) throw new FileRefusal(`${dir} is a file, not a folder`);
}

/**
 * The file gets exactly `mode`: written to a fresh name beside it (created with that mode,
 * then chmod, as the umask may have removed bits) and renamed over the target, so an existing
 * 0644 file never holds the new secret for a moment.
 */
export function writeAtomically(target: string, contents: string, mode: number): void {
  const tmp = join(dirname(target), `.${randomBytes(6).toString('hex')}.tmp`);
  const fd = openSync(tmp, 'wx', mode);
  try {
    chmodSync(tmp, mode);
    writeSync(fd, contents);
    fsyncSync(fd);
  } catch (e) {
    closeSync(fd);
    unlinkSync(tmp);
    throw e;
  }
  closeSync(fd);
  try {
    renameSync(tmp, target);
  } catch (e) {
    unlinkSync(tmp);
    throw e;
  }
}

/**
 * Where the server may write identities: `folderPath` resolved against the first workspace folder
 * when relative (never against the server's working directory), and inside some workspace folder
 * (after resolving symbolic links of the part that exists).
 */
export function folderInWorkspace(folderPath: string, workspaceFolders: readonly string[]): { ok: true; path: string } | { ok: false; reason: string } {
  if (workspaceFolders.length === 0) return { ok: false, reason: 'Open a workspace folder first: test identities are written only inside one.' };
  if (typeof folderPath !== 'string' || folderPath === '') return { ok: false, reason: 'No folder given for the identities.' };
  const target = isAbsolute(folderPath) ? resolve(folderPath) : resolve(workspaceFolders[0], folderPath);
  const real = realExisting(target);
  for (const w of workspaceFolders) {
    const root = realExisting(resolve(w));
    if (real === root || isInside(real, root)) return { ok: true, path: target };
  }
  return { ok: false, reason: `Refusing to write identities outside the workspace folders: ${target}` };
}

function isInside(p: string, root: string): boolean {
  return p.startsWith(root.endsWith(sep) ? root : root + sep);
}

/** realpath of the longest existing prefix of `p`, with the missing tail appended. */
function realExisting(p: string): string {
  let head = p;
  const tail: string[] = [];
  while (!existsSync(head)) {
    const up = dirname(head);
    if (up === head) return p;
    tail.unshift(head.slice(up.length).replace(/^[\\/]+/, ''));
    head = up;
  }
  try {
    return join(realpathSync(head), ...tail);
  } catch {
    return p;
  }
}
