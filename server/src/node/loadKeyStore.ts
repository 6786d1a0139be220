// File-system edge of the key store: expands key and trust paths (files, or directories one level
// deep) into file contents for the pure buildKeyStore. Files under a trust path are never also
// loaded as keys. Unreadable paths become problems, not exceptions.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join, resolve, sep } from 'node:path';
import type { KeyStore, KeyStoreProblem } from '../core/types';
import { buildKeyStore, type KeyFile } from '../core/keys/keyStore';

/** Extensions picked up when a directory is scanned (an explicitly named file is always read). */
const KEY_EXTENSIONS = new Set(['.pem', '.crt', '.cer', '.der', '.key', '.p8', '.pk8', '.p12', '.pfx']);

function isUnder(path: string, dir: string): boolean {
  const p = resolve(path);
  const d = resolve(dir);
  return p === d || p.startsWith(d.endsWith(sep) ? d : d + sep);
}

interface Listing {
  files: string[];
  problems: KeyStoreProblem[];
}

function describe(e: unknown): string {
  const code = (e as { code?: string }).code;
  return code === 'ENOENT' ? 'no such file or directory' : code === 'EACCES' ? 'permission denied' : 'cannot be read';
}

function expand(paths: string[], exclude: string[]): Listing {
  const out: Listing = { files: [], problems: [] };
  const add = (f: string): void => {
    if (!out.files.includes(f)) out.files.push(f);
  };
  const scan = (dir: string, depth: number): void => {
    let names: string[];
    try {
      names = readdirSync(dir).sort();
    } catch (e) {
      out.problems.push({ path: dir, reason: `cannot read directory: ${describe(e)}` });
      return;
    }
    for (const name of names) {
      const full = join(dir, name);
      if (exclude.some((x) => isUnder(full, x))) continue;
      let st;
      try {
        st = statSync(full);
      } catch {
        continue; // dangling link in a scanned directory: not worth a problem
      }
      if (st.isDirectory()) {
        // keygen's layout keeps anchors in trust/: never treat them as identities.
        if (depth === 0 && name !== 'trust' && !name.startsWith('.')) scan(full, depth + 1);
      } else if (st.isFile() && KEY_EXTENSIONS.has(extname(name).toLowerCase())) {
        add(full);
      }
    }
  };
  for (const raw of paths) {
    const p = resolve(raw);
    if (exclude.some((x) => isUnder(p, x))) continue;
    let st;
    try {
      st = statSync(p);
    } catch (e) {
      out.problems.push({ path: p, reason: `cannot read: ${describe(e)}` });
      continue;
    }
    if (st.isDirectory()) scan(p, 0);
    else add(p);
  }
  return out;
}

function readAll(files: string[], problems: KeyStoreProblem[]): KeyFile[] {
  const out: KeyFile[] = [];
  for (const path of files) {
    try {
      out.push({ path, bytes: new Uint8Array(readFileSync(path)) });
    } catch (e) {
      problems.push({ path, reason: `cannot read: ${describe(e)}` });
    }
  }
  return out;
}

export async function loadKeyStore(
  keyPaths: string[],
  trustPaths: string[],
  passphraseFor: (path: string) => string | undefined,
): Promise<KeyStore> {
  const trust = expand(trustPaths, []);
  const keys = expand(keyPaths, trustPaths);
  const problems = [...keys.problems, ...trust.problems];
  const keyFiles = readAll(keys.files, problems);
  const trustFiles = readAll(trust.files, problems);
  const store = buildKeyStore(keyFiles, trustFiles, passphraseFor);
  // Not unshift(...problems): a folder of many unreadable files must not overflow the stack.
  return { ...store, problems: problems.concat(store.problems) };
}

/** Every file loadKeyStore would read for these paths (key and trust paths alike), for watching. */
export function listKeyFiles(paths: string[]): string[] {
  return expand(paths, []).files;
}
