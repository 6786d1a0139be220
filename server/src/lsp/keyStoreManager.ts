// Loads the workspace key store from the key and trust paths (relative to the workspace folder),
// asking the client for passphrases of encrypted files one path at a time. Nothing is loaded in
// an untrusted workspace. Passphrases stay in memory, never logged.
import { attachOpenPgpKeys, isLockedOpenPgpKey, openPgpKeyFiles, readOpenPgpKeys } from '../node/openOx';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, isAbsolute, resolve, sep } from 'node:path';
import type { KeyStore } from '../core/service';
import { listKeyFiles, loadKeyStore } from '../node/loadKeyStore';
import type { XmppE2eSettings } from '../protocol/settings';

export type PassphraseAsker = (path: string, retry: boolean) => Promise<string | undefined>;

export class KeyStoreManager {
  private trusted = true;
  private readonly stores = new Map<string, Promise<KeyStore>>();
  private readonly passphrases = new Map<string, string>();
  private readonly asked = new Set<string>();
  /** Paths whose passphrase did not work: asked again (once) on the next load. */
  private readonly wrong = new Set<string>();

  constructor(
    private readonly folders: () => string[],
    private readonly askPassphrase: PassphraseAsker | undefined,
    private readonly log: (msg: string) => void,
  ) {}

  get isTrusted(): boolean {
    return this.trusted;
  }

  setTrusted(trusted: boolean): void {
    this.trusted = trusted;
    this.invalidate();
  }

  invalidate(): void {
    this.stores.clear();
  }

  /**
   * Resolves setting paths: the workspace folder holding the document first, then the others;
   * without workspace folders (a bare LSP client), the document's folder and its ancestors.
   */
  resolvePaths(paths: string[], docPath?: string): string[] {
    const all = this.folders();
    const holding = docPath ? all.filter((f) => docPath.startsWith(f.endsWith(sep) ? f : f + sep)) : [];
    let bases = [...holding, ...all.filter((f) => !holding.includes(f))];
    if (bases.length === 0 && docPath) bases = ancestors(dirname(docPath));
    return paths.map((p) => {
      if (isAbsolute(p)) return p;
      for (const b of bases) {
        const full = resolve(b, p);
        if (existsSync(full)) return full;
      }
      return resolve(bases[0] ?? process.cwd(), p);
    });
  }

  /** Where keys are looked for (for messages). */
  describeSearch(settings: XmppE2eSettings, docPath?: string): string {
    return this.resolvePaths(settings.keys.paths, docPath).join(', ');
  }

  /** The store for these settings, or undefined in an untrusted workspace. */
  async get(settings: XmppE2eSettings, docPath?: string): Promise<KeyStore | undefined> {
    if (!this.trusted) return undefined;
    const keyPaths = this.resolvePaths(settings.keys.paths, docPath);
    const trustPaths = this.resolvePaths(settings.trust.paths, docPath);
    const key = JSON.stringify([keyPaths, trustPaths]);
    let p = this.stores.get(key);
    if (!p) {
      p = this.load(keyPaths, trustPaths);
      this.stores.set(key, p);
    }
    return p;
  }

  private async load(keyPaths: string[], trustPaths: string[]): Promise<KeyStore> {
    const pgpFiles = openPgpKeyFiles(keyPaths);
    if (this.askPassphrase) {
      // Encrypted PEM/PKCS#12 files and locked OpenPGP secret keys alike: one question per file.
      const locked: string[] = [];
      for (const f of pgpFiles) if (await isLockedOpenPgpKey(f.bytes)) locked.push(f.path);
      for (const file of [...safeList([...keyPaths, ...trustPaths]), ...locked]) {
        const retry = this.wrong.has(file);
        if (!retry && (this.passphrases.has(file) || this.asked.has(file))) continue;
        if (!locked.includes(file) && !looksEncrypted(file)) continue;
        this.asked.add(file);
        this.wrong.delete(file);
        try {
          const pass = await this.askPassphrase(file, retry);
          if (pass !== undefined) this.passphrases.set(file, pass);
        } catch {
          // The client could not ask: the loader reports the file as unusable.
        }
      }
    }
    const store = await loadKeyStore(keyPaths, trustPaths, (path) => this.passphrases.get(path));
    const pgp = await readOpenPgpKeys(pgpFiles, (path) => this.passphrases.get(path));
    attachOpenPgpKeys(store, pgp);
    for (const p of [...pgp.problems, ...store.problems]) {
      this.log(`key store: ${p.path}: ${p.reason}`);
      if (/passphrase/i.test(p.reason) && this.passphrases.has(p.path)) {
        this.passphrases.delete(p.path);
        this.wrong.add(p.path);
      }
    }
    return store;
  }

  /** A file changed: forget a passphrase that may no longer fit, and reload on next use. */
  fileChanged(path: string | undefined): void {
    if (path) {
      this.passphrases.delete(path);
      this.asked.delete(path);
    }
    this.invalidate();
  }
}

function ancestors(dir: string): string[] {
  const out: string[] = [];
  for (let d = dir; ; d = dirname(d)) {
    out.push(d);
    if (dirname(d) === d || out.length > 32) return out;
  }
}

function safeList(paths: string[]): string[] {
  try {
    return listKeyFiles(paths);
  } catch {
    return [];
  }
}

function looksEncrypted(file: string): boolean {
  const lower = file.toLowerCase();
  if (lower.endsWith('.p12') || lower.endsWith('.pfx')) return true;
  try {
    const head = readFileSync(file, 'latin1').slice(0, 65536);
    return head.includes('ENCRYPTED PRIVATE KEY') || head.includes('Proc-Type: 4,ENCRYPTED');
  } catch {
    return false;
  }
}
