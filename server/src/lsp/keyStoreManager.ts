// Loads the workspace key store from the key and trust paths (relative to the workspace folder),
// asking the client for passphrases of encrypted files one path at a time. Nothing is loaded in
// an untrusted workspace. Passphrases stay in memory, never logged.
import { existsSync, readFileSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import type { KeyStore } from '../core/types';
import { listKeyFiles, loadKeyStore } from './coreBridge';
import type { XmppE2eSettings } from '../protocol/settings';

export type PassphraseAsker = (path: string) => Promise<string | undefined>;

export class KeyStoreManager {
  private trusted = true;
  private readonly stores = new Map<string, Promise<KeyStore>>();
  private readonly passphrases = new Map<string, string>();
  private readonly asked = new Set<string>();

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

  /** Resolves setting paths against the first workspace folder that has them (else the first folder). */
  resolvePaths(paths: string[], folder?: string): string[] {
    const folders = folder ? [folder] : this.folders();
    return paths.map((p) => {
      if (isAbsolute(p)) return p;
      for (const f of folders) {
        const full = resolve(f, p);
        if (existsSync(full)) return full;
      }
      return resolve(folders[0] ?? process.cwd(), p);
    });
  }

  /** Where keys are looked for (for messages). */
  describeSearch(settings: XmppE2eSettings): string {
    return this.resolvePaths(settings.keys.paths).join(', ');
  }

  /** The store for these settings, or undefined in an untrusted workspace. */
  async get(settings: XmppE2eSettings): Promise<KeyStore | undefined> {
    if (!this.trusted) return undefined;
    const keyPaths = this.resolvePaths(settings.keys.paths);
    const trustPaths = this.resolvePaths(settings.trust.paths);
    const key = JSON.stringify([keyPaths, trustPaths]);
    let p = this.stores.get(key);
    if (!p) {
      p = this.load(keyPaths, trustPaths);
      this.stores.set(key, p);
    }
    return p;
  }

  private async load(keyPaths: string[], trustPaths: string[]): Promise<KeyStore> {
    if (this.askPassphrase) {
      for (const file of safeList([...keyPaths, ...trustPaths])) {
        if (this.passphrases.has(file) || this.asked.has(file) || !looksEncrypted(file)) continue;
        this.asked.add(file);
        try {
          const pass = await this.askPassphrase(file);
          if (pass !== undefined) this.passphrases.set(file, pass);
        } catch {
          // The client could not ask: the loader reports the file as unusable.
        }
      }
    }
    const store = await loadKeyStore(keyPaths, trustPaths, (path) => this.passphrases.get(path));
    for (const p of store.problems) this.log(`key store: ${p.path}: ${p.reason}`);
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
